import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stakeMembership, stakeMembershipPublicSignals } from "../config.ts";
import {
  ArtifactNotFoundError,
  generateStakeProof,
  hashToField,
  identityCommitment,
  InvalidStakeProofInputError,
  MalformedProofError,
  publicSignalsToArray,
  recoverSecret,
  releaseProver,
  rlnShare,
  SNARK_SCALAR_FIELD,
  toSolidityProof,
  verifyStakeProof,
  type StakeProof,
} from "../src/index.ts";
import { stakeGroup } from "./fixtures.ts";

// Full proofs with the kept depth-20 artifacts: what the app and the contracts will see.
const { tree, members } = stakeGroup(stakeMembership.depth, [5_000n, 20_000n, 750n]);
const staker = members[1]!;
const threshold = 10_000n;
const scope = hashToField("leasehold/endorse/agent-7/epoch-1");
const message = hashToField("endorsement of agent 7");

const prove = (overrides: { scope?: bigint; message?: bigint } = {}) =>
  generateStakeProof({
    secret: staker.secret,
    stakeAmount: staker.stakeAmount,
    merkleProof: tree.merkleProof(staker.index),
    threshold,
    scope: overrides.scope ?? scope,
    message: overrides.message ?? message,
  });

// Three proofs (about a second each on idle cores): one, a second message in the same scope, another scope.
let proof: StakeProof;
let second: StakeProof;
let elsewhere: StakeProof;
beforeAll(async () => {
  proof = await prove();
  second = await prove({ message: hashToField("a second endorsement in the same epoch") });
  elsewhere = await prove({ scope: hashToField("leasehold/endorse/agent-7/epoch-2") });
});
afterAll(releaseProver);

describe("# generateStakeProof and verifyStakeProof", () => {
  it("should verify a proof whose public signals are the library's", async () => {
    const { share, nullifier } = rlnShare({ secret: staker.secret, scope, message });
    expect(proof.publicSignals).toEqual({ y: share.y, nullifier, root: tree.root, threshold, scope, message });
    expect(await verifyStakeProof(proof)).toBe(true);
  });

  it.each(stakeMembershipPublicSignals)("should not verify with a changed %s", async (name) => {
    const publicSignals = { ...proof.publicSignals, [name]: (proof.publicSignals[name] + 1n) % SNARK_SCALAR_FIELD };
    expect(await verifyStakeProof({ proof: proof.proof, publicSignals })).toBe(false);
  });

  it("should not verify with a proof point from another proof", async () => {
    expect(await verifyStakeProof({ ...proof, proof: { ...proof.proof, pi_c: second.proof.pi_c } })).toBe(false);
  });

  it("should throw MalformedProofError for a public signal of p or more", async () => {
    const publicSignals = { ...proof.publicSignals, message: proof.publicSignals.message + SNARK_SCALAR_FIELD };
    await expect(verifyStakeProof({ proof: proof.proof, publicSignals })).rejects.toBeInstanceOf(MalformedProofError);
  });
});

describe("# double signalling", () => {
  it("should let anyone recover the secret from two proofs in one scope and find the staked commitment", async () => {
    expect(await verifyStakeProof(second)).toBe(true);
    expect(second.publicSignals.nullifier).toBe(proof.publicSignals.nullifier);
    const recovered = recoverSecret(
      { x: proof.publicSignals.message, y: proof.publicSignals.y },
      { x: second.publicSignals.message, y: second.publicSignals.y },
    );
    expect(recovered).toBe(staker.secret);
    expect(identityCommitment(recovered)).toBe(staker.commitment);
  });

  it("should give the identity an unrelated nullifier in another scope", async () => {
    expect(await verifyStakeProof(elsewhere)).toBe(true);
    expect(elsewhere.publicSignals.nullifier).not.toBe(proof.publicSignals.nullifier);
  });
});

describe("# refusals", () => {
  it("should refuse to prove stake below the threshold, message 0 or a stale root without running the prover", async () => {
    const base = { secret: staker.secret, merkleProof: tree.merkleProof(staker.index), scope, message, threshold };
    await expect(
      generateStakeProof({ ...base, stakeAmount: staker.stakeAmount, threshold: 20_001n }),
    ).rejects.toBeInstanceOf(InvalidStakeProofInputError);
    await expect(generateStakeProof({ ...base, stakeAmount: staker.stakeAmount, message: 0n })).rejects.toBeInstanceOf(
      InvalidStakeProofInputError,
    );
    const stale = { ...tree.merkleProof(staker.index), root: tree.merkleProof(0).root + 1n };
    await expect(
      generateStakeProof({ ...base, stakeAmount: staker.stakeAmount, merkleProof: stale }),
    ).rejects.toBeInstanceOf(InvalidStakeProofInputError);
  });

  it("should report missing artifacts as retryable", async () => {
    const error = await generateStakeProof({
      secret: staker.secret,
      stakeAmount: staker.stakeAmount,
      merkleProof: tree.merkleProof(staker.index),
      threshold,
      scope,
      message,
      artifacts: { wasm: "/nonexistent/stake-membership.wasm", zkey: "/nonexistent/stake-membership.zkey" },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArtifactNotFoundError);
    expect((error as ArtifactNotFoundError).retryable).toBe(true);
  });
});

describe("# toSolidityProof", () => {
  it("should lay the proof out as snarkjs's Solidity calldata does", async () => {
    const calldata = JSON.parse(
      `[${await snarkjs.groth16.exportSolidityCallData(proof.proof, publicSignalsToArray(proof.publicSignals).map(String))}]`,
    ) as [string[], string[][], string[], string[]];
    const { a, b, c } = toSolidityProof(proof.proof);
    expect([a, b, c]).toEqual([
      calldata[0].map(BigInt),
      calldata[1].map((pair) => pair.map(BigInt)),
      calldata[2].map(BigInt),
    ]);
    expect(calldata[3].map(BigInt)).toEqual(publicSignalsToArray(proof.publicSignals));
  });
});
