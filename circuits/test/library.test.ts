import { buildPoseidon, type Poseidon } from "circomlibjs";
import { encodeAbiParameters, keccak256, stringToBytes } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { stakeMembership } from "../config.ts";
import {
  ArtifactNotFoundError,
  buildWitnessInput,
  endorsementMessage,
  endorsementScope,
  generateIdentitySecret,
  hashToField,
  identityCommitment,
  InvalidStakeProofInputError,
  MAX_STAKE_AMOUNT,
  merkleRootOf,
  recoverSecret,
  rlnShare,
  scopeNullifier,
  ShareRecoveryError,
  SNARK_SCALAR_FIELD,
  stakeLeaf,
  StakeProofError,
  StakeTree,
  StakeTreeError,
  withdrawalMessage,
  withdrawalScope,
  WitnessRejectedError,
  zeroHashes,
} from "../src/index.ts";
import { seededRandomBytes, stakeGroup } from "./fixtures.ts";

// circomlibjs is the independent reference for Poseidon; it stays out of the prover tests
// because it replaces snarkjs's global curve when imported.
let reference: (inputs: bigint[]) => bigint;
beforeAll(async () => {
  const poseidon: Poseidon = await buildPoseidon();
  reference = (inputs) => poseidon.F.toObject(poseidon(inputs)) as bigint;
});

const secret = generateIdentitySecret(seededRandomBytes("library"));
const scope = hashToField("scope");

describe("# Poseidon", () => {
  it("should hash commitments, leaves, slopes and nullifiers as circomlibjs does", () => {
    const commitment = identityCommitment(secret);
    expect(commitment).toBe(reference([secret]));
    expect(stakeLeaf(commitment, 1234n)).toBe(reference([commitment, 1234n]));
    expect(scopeNullifier(secret, scope)).toBe(reference([reference([secret, scope])]));
    const { share } = rlnShare({ secret, scope, message: 99n });
    expect(share.y).toBe((secret + reference([secret, scope]) * 99n) % SNARK_SCALAR_FIELD);
  });
});

describe("# StakeTree", () => {
  /** The root of a full binary tree computed level by level with the reference hash. */
  function referenceRoot(depth: number, leaves: bigint[]): bigint {
    let level = Array.from({ length: 2 ** depth }, (_, i) => leaves[i] ?? stakeMembership.zeroLeaf);
    while (level.length > 1)
      level = level.filter((_, i) => i % 2 === 0).map((left, i) => reference([left, level[2 * i + 1]!]));
    return level[0]!;
  }

  it("should have zero hashes Poseidon(z, z) above a zero leaf, and the empty root on top", () => {
    const zeros = zeroHashes(stakeMembership.depth);
    expect(zeros[0]).toBe(0n);
    zeros.slice(1).forEach((zero, i) => expect(zero).toBe(reference([zeros[i]!, zeros[i]!])));
    expect(new StakeTree().root).toBe(zeros[stakeMembership.depth]);
  });

  it("should match a full-tree reference root as leaves are appended and updated", () => {
    const leaves = [11n, 22n, 33n, 44n, 55n];
    const tree = new StakeTree(4);
    leaves.forEach((leaf, i) => {
      expect(tree.insert(leaf)).toBe(i);
      expect(tree.root).toBe(referenceRoot(4, leaves.slice(0, i + 1)));
    });
    tree.update(2, 0n);
    expect(tree.root).toBe(referenceRoot(4, [11n, 22n, 0n, 44n, 55n]));
    expect(new StakeTree(4, leaves).root).toBe(referenceRoot(4, leaves));
  });

  it("should give paths that lead to the root from every leaf", () => {
    const { tree, members } = stakeGroup(
      4,
      Array.from({ length: 16 }, (_, i) => BigInt(i + 1)),
    );
    for (const member of members) {
      const proof = tree.merkleProof(member.index);
      expect(proof.pathIndices).toEqual(member.index.toString(2).padStart(4, "0").split("").reverse().map(Number));
      expect(merkleRootOf(proof.leaf, proof.siblings, proof.pathIndices)).toBe(tree.root);
    }
  });

  it("should refuse a leaf past the last, an unknown index and a depth outside [1, 32]", () => {
    const tree = new StakeTree(1, [1n, 2n]);
    expect(() => tree.insert(3n)).toThrow(StakeTreeError);
    expect(() => tree.merkleProof(2)).toThrow(StakeTreeError);
    expect(() => new StakeTree(0)).toThrow(InvalidStakeProofInputError);
    expect(() => new StakeTree(33)).toThrow(InvalidStakeProofInputError);
    expect(() => tree.update(0, SNARK_SCALAR_FIELD)).toThrow(InvalidStakeProofInputError);
  });
});

describe("# identities", () => {
  it("should draw the same secrets from the same seed, all in [1, p)", () => {
    const draw = (seed: string) =>
      Array.from(
        { length: 20 },
        (
          (random) => () =>
            generateIdentitySecret(random)
        )(seededRandomBytes(seed)),
      );
    const secrets = draw("a");
    expect(draw("a")).toEqual(secrets);
    expect(draw("b")).not.toEqual(secrets);
    for (const value of secrets) expect(value > 0n && value < SNARK_SCALAR_FIELD).toBe(true);
  });

  it("should reject 0 and values of p or more by drawing again", () => {
    const blocks = [
      new Uint8Array(32),
      new Uint8Array(32).fill(0xff),
      Uint8Array.from({ length: 32 }, (_, i) => i + 1),
    ];
    const secretFrom = generateIdentitySecret(() => blocks.shift()!);
    expect(secretFrom).toBe(
      BigInt(`0x${Buffer.from(Uint8Array.from({ length: 32 }, (_, i) => i + 1)).toString("hex")}`),
    );
  });

  it("should refuse amounts outside [0, 2^AMOUNT_BITS) and a zero secret", () => {
    expect(() => stakeLeaf(1n, MAX_STAKE_AMOUNT + 1n)).toThrow(InvalidStakeProofInputError);
    expect(() => stakeLeaf(1n, -1n)).toThrow(InvalidStakeProofInputError);
    expect(() => identityCommitment(0n)).toThrow(InvalidStakeProofInputError);
  });
});

describe("# hashToField", () => {
  it("should equal keccak256(data) >> 8 for bytes, UTF-8 strings and uint256 words", () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    expect(hashToField(bytes)).toBe(BigInt(keccak256(bytes)) >> 8n);
    expect(hashToField("endorse")).toBe(BigInt(keccak256(stringToBytes("endorse"))) >> 8n);
    expect(hashToField(42n)).toBe(BigInt(keccak256(encodeAbiParameters([{ type: "uint256" }], [42n]))) >> 8n);
    expect(hashToField(2n ** 256n - 1n) < 2n ** 248n).toBe(true);
    expect(() => hashToField(2n ** 256n)).toThrow(InvalidStakeProofInputError);
  });
});

describe("# scopes", () => {
  const contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const words = (types: string[], values: unknown[]) =>
    BigInt(
      keccak256(
        encodeAbiParameters(
          types.map((type) => ({ type })),
          values,
        ),
      ),
    ) >> 8n;

  it("should derive endorsement and withdrawal scopes and messages as abi.encode then keccak256 >> 8", () => {
    const signal = keccak256(stringToBytes("review"));
    expect(endorsementScope({ chainId: 31337, endorsements: contract, agentId: 7n, epoch: 3n })).toBe(
      words(
        ["uint256", "address", "bytes32", "uint256", "uint256"],
        [31337n, contract, keccak256(stringToBytes("leasehold.endorse")), 7n, 3n],
      ),
    );
    expect(endorsementMessage({ agentId: 7n, epoch: 3n, signal })).toBe(
      words(["uint256", "uint256", "bytes32"], [7n, 3n, signal]),
    );
    expect(withdrawalScope({ chainId: 1n, group: contract, commitment: 5n, recipient: contract, relayerFee: 9n })).toBe(
      words(
        ["uint256", "address", "bytes32", "uint256", "address", "uint96"],
        [1n, contract, keccak256(stringToBytes("leasehold.withdraw")), 5n, contract, 9n],
      ),
    );
    expect(withdrawalMessage(contract)).toBe(words(["address"], [contract]));
  });

  it("should refuse malformed addresses, signals, negative ids and commitments outside the field", () => {
    expect(() => withdrawalMessage("0x1234" as `0x${string}`)).toThrow(InvalidStakeProofInputError);
    expect(() => endorsementMessage({ agentId: 1n, epoch: 1n, signal: "0x12" })).toThrow(InvalidStakeProofInputError);
    expect(() => endorsementScope({ chainId: 1, endorsements: contract, agentId: -1n, epoch: 1n })).toThrow(
      InvalidStakeProofInputError,
    );
    expect(() =>
      withdrawalScope({
        chainId: 1,
        group: contract,
        commitment: SNARK_SCALAR_FIELD,
        recipient: contract,
        relayerFee: 0n,
      }),
    ).toThrow(InvalidStakeProofInputError);
  });
});

describe("# shares", () => {
  it("should keep one nullifier per identity and scope, and change it with the scope", () => {
    const first = rlnShare({ secret, scope, message: 1n });
    const second = rlnShare({ secret, scope, message: 2n });
    expect(first.nullifier).toBe(second.nullifier);
    expect(first.nullifier).toBe(scopeNullifier(secret, scope));
    expect(rlnShare({ secret, scope: scope + 1n, message: 1n }).nullifier).not.toBe(first.nullifier);
  });

  it("should recover the secret from two messages in one scope", () => {
    const first = rlnShare({ secret, scope, message: hashToField("first") }).share;
    const second = rlnShare({ secret, scope, message: hashToField("second") }).share;
    expect(recoverSecret(first, second)).toBe(secret);
    expect(recoverSecret(second, first)).toBe(secret);
  });

  it("should refuse to recover from one point twice or from points of different lines with one x", () => {
    const { share } = rlnShare({ secret, scope, message: 5n });
    expect(() => recoverSecret(share, share)).toThrow(ShareRecoveryError);
    expect(() => recoverSecret(share, { x: share.x, y: share.y + 1n })).toThrow(ShareRecoveryError);
  });
});

describe("# buildWitnessInput", () => {
  const { tree, members } = stakeGroup(4, [100n, 200n]);
  const member = members[1]!;
  const valid = {
    secret: member.secret,
    stakeAmount: member.stakeAmount,
    merkleProof: tree.merkleProof(member.index),
    threshold: 150n,
    scope,
    message: 7n,
    depth: 4,
  };

  it("should refuse, before any proving, every input the circuit would reject or that leaks the secret", () => {
    expect(() => buildWitnessInput(valid)).not.toThrow();
    const invalid = [
      { threshold: 201n },
      { threshold: MAX_STAKE_AMOUNT + 1n },
      { stakeAmount: MAX_STAKE_AMOUNT + 1n },
      { stakeAmount: 201n },
      { message: 0n },
      { message: SNARK_SCALAR_FIELD },
      { scope: -1n },
      { secret: members[0]!.secret },
      { depth: 5 },
      { merkleProof: { ...valid.merkleProof, pathIndices: [2, 0, 0, 0] as never } },
      { merkleProof: { ...valid.merkleProof, root: new StakeTree(4).root } },
    ];
    for (const change of invalid)
      expect(() => buildWitnessInput({ ...valid, ...change })).toThrow(InvalidStakeProofInputError);
  });
});

describe("# errors", () => {
  it("should tell retryable failures from permanent ones by type", () => {
    expect(new ArtifactNotFoundError("missing").retryable).toBe(true);
    expect(new WitnessRejectedError("rejected").retryable).toBe(false);
    expect(new InvalidStakeProofInputError("bad")).toBeInstanceOf(StakeProofError);
    expect(new InvalidStakeProofInputError("bad").name).toBe("InvalidStakeProofInputError");
  });
});
