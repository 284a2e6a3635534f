/**
 * Receipt batches as docs/RECEIPTS.md defines them, byte for byte with the ReceiptAnchor
 * contract:
 *
 *   leaf(d)    = keccak256(0x00 ‖ d)
 *   node(a, b) = keccak256(0x01 ‖ min(a, b) ‖ max(a, b))
 *
 * The 0x00/0x01 prefixes keep a leaf from ever being read as an inner node (and the reverse), so
 * nobody can pass an inner node off as a receipt. Sorted pairs mean proofs carry no left/right
 * flags; the price is that a proof shows membership in the batch, not the position in it.
 * An odd last node is carried up unchanged, and a batch of one has its leaf as root.
 *
 * Hashing works on bytes (one 65-byte scratch buffer, linear in the number of leaves); hex is
 * produced once per node for the public layers.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, isHex, type Hex } from "viem";
import { InvalidReceiptBatchError } from "./errors.ts";

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

export type ReceiptTree = {
  root: Hex;
  leafCount: number;
  /** layers[0] are the leaf hashes in batch order; the last layer is [root]. */
  layers: readonly (readonly Hex[])[];
  /** Siblings from the leaf up for the receipt at `index` in batch order. */
  proof: (index: number) => Hex[];
};
export type BuildReceiptTreeErrorType = InvalidReceiptBatchError;

export function hashLeaf(digest: Hex): Hex {
  return bytesToHex(leafBytes(toBytes32(digest, "digest")));
}

export function hashNode(a: Hex, b: Hex): Hex {
  return bytesToHex(nodeBytes(toBytes32(a, "node"), toBytes32(b, "node"), new Uint8Array(65)));
}

/** Build the batch tree over receipt digests, in batch order. */
export function buildReceiptTree(digests: readonly Hex[]): ReceiptTree {
  if (!Array.isArray(digests) || digests.length === 0) {
    throw new InvalidReceiptBatchError("An empty batch is not a batch");
  }
  const scratch = new Uint8Array(65);
  let level = digests.map((digest, index) => leafBytes(toBytes32(digest, `digest ${index}`)));
  const byteLayers = [level];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(nodeBytes(level[i]!, level[i + 1]!, scratch));
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    byteLayers.push(next);
    level = next;
  }
  const layers = byteLayers.map((layer) => layer.map((node) => bytesToHex(node)));
  const leafCount = digests.length;

  return {
    root: layers[layers.length - 1]![0]!,
    leafCount,
    layers,
    proof(index: number): Hex[] {
      if (!Number.isSafeInteger(index) || index < 0 || index >= leafCount) {
        throw new InvalidReceiptBatchError(`No leaf ${index} in a batch of ${leafCount}`);
      }
      const siblings: Hex[] = [];
      let position = index;
      for (const layer of layers.slice(0, -1)) {
        const sibling = position ^ 1;
        if (sibling < layer.length) siblings.push(layer[sibling]!);
        position >>= 1;
      }
      return siblings;
    },
  };
}

/** Whether `digest` is a receipt in the batch with this root. Malformed hex throws. */
export function verifyInclusion(root: Hex, digest: Hex, proof: readonly Hex[]): boolean {
  const expected = toBytes32(root, "root");
  const scratch = new Uint8Array(65);
  let node = leafBytes(toBytes32(digest, "digest"));
  for (const [index, sibling] of proof.entries()) {
    node = nodeBytes(node, toBytes32(sibling, `proof[${index}]`), scratch);
  }
  return equalBytes(node, expected);
}

function leafBytes(digest: Uint8Array): Uint8Array {
  const input = new Uint8Array(33);
  input[0] = LEAF_PREFIX;
  input.set(digest, 1);
  return keccak_256(input);
}

function nodeBytes(a: Uint8Array, b: Uint8Array, scratch: Uint8Array): Uint8Array {
  const [low, high] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  scratch[0] = NODE_PREFIX;
  scratch.set(low, 1);
  scratch.set(high, 33);
  return keccak_256(scratch);
}

/** Big-endian byte order is uint256 order. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}

function toBytes32(value: Hex, what: string): Uint8Array {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 66) {
    throw new InvalidReceiptBatchError(`The ${what} is not 32 bytes of hex: ${String(value)}`);
  }
  return hexToBytes(value);
}
