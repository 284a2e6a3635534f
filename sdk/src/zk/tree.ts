/**
 * The stake group's Merkle tree: binary, fixed depth, Poseidon(left, right) nodes, empty leaves
 * equal to the zero leaf (0) and zeros[i + 1] = Poseidon(zeros[i], zeros[i]) above them. Leaves
 * are appended left to right, the way an on-chain incremental tree with precomputed zeros
 * (zk-kit's BinaryIMT) does, so the same inserts give the same root here, on-chain and in the
 * circuit. zk-kit's LeanIMT is a different tree (no zeros, variable depth) and would not match.
 */
import { IMT } from "@zk-kit/imt";
import { poseidon2 } from "poseidon-lite";
import { stakeMembership } from "./config.ts";
import { InvalidStakeProofInputError, StakeTreeError } from "./errors.ts";
import { requireField } from "./field.ts";
import type { Field, StakeMerkleProof } from "./types.ts";

const hashPair = (nodes: (bigint | number | string)[]) => poseidon2(nodes);

/** zeros[i] is the root of an empty subtree of height i; zeros[depth] is the empty tree's root. */
export function zeroHashes(depth: number = stakeMembership.depth): Field[] {
  const zeros: Field[] = [stakeMembership.zeroLeaf];
  for (let level = 0; level < depth; level += 1) zeros.push(poseidon2([zeros[level]!, zeros[level]!]));
  return zeros;
}

export class StakeTree {
  readonly #tree: IMT;

  constructor(depth: number = stakeMembership.depth, leaves: readonly Field[] = []) {
    if (!Number.isInteger(depth) || depth < 1 || depth > 32) {
      throw new InvalidStakeProofInputError(`depth must be an integer in [1, 32], got ${depth}`);
    }
    leaves.forEach((leaf, index) => requireField(leaf, `leaves[${index}]`));
    if (leaves.length > 2 ** depth)
      throw new StakeTreeError(`A tree of depth ${depth} holds at most 2^${depth} leaves`);
    this.#tree = new IMT(hashPair, depth, stakeMembership.zeroLeaf, 2, [...leaves]);
  }

  get depth(): number {
    return this.#tree.depth;
  }

  get root(): Field {
    return BigInt(this.#tree.root);
  }

  get size(): number {
    return this.#tree.leaves.length;
  }

  /** Appends a leaf and returns its index. */
  insert(leaf: Field): number {
    requireField(leaf, "leaf");
    if (this.size >= 2 ** this.depth) throw new StakeTreeError(`The tree of depth ${this.depth} is full`);
    this.#tree.insert(leaf);
    return this.size - 1;
  }

  /** Replaces a leaf, e.g. after a stake change or with the zero leaf after a slash. */
  update(index: number, leaf: Field): void {
    requireField(leaf, "leaf");
    this.#requireIndex(index);
    this.#tree.update(index, leaf);
  }

  indexOf(leaf: Field): number {
    return this.#tree.indexOf(leaf);
  }

  merkleProof(index: number): StakeMerkleProof {
    this.#requireIndex(index);
    const proof = this.#tree.createProof(index);
    return {
      root: BigInt(proof.root),
      leaf: BigInt(proof.leaf),
      leafIndex: proof.leafIndex,
      siblings: proof.siblings.map((level: (bigint | number | string)[]) => BigInt(level[0]!)),
      pathIndices: proof.pathIndices.map((bit) => (bit === 1 ? 1 : 0)),
    };
  }

  #requireIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new StakeTreeError(`No leaf at index ${index} (the tree holds ${this.size})`);
    }
  }
}

/** The root a Merkle path leads to, computed the way the circuit does. */
export function merkleRootOf(leaf: Field, siblings: readonly Field[], pathIndices: readonly (0 | 1)[]): Field {
  if (siblings.length !== pathIndices.length) {
    throw new InvalidStakeProofInputError("siblings and pathIndices must have the same length");
  }
  return siblings.reduce<Field>(
    (node, sibling, level) => (pathIndices[level] === 1 ? poseidon2([sibling, node]) : poseidon2([node, sibling])),
    leaf,
  );
}
