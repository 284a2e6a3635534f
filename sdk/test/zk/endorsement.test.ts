import { describe, expect, it } from "vitest";
import {
  createStakeIdentity,
  endorsementMessage,
  endorsementScope,
  InvalidStakeProofInputError,
  prepareEndorsement,
  prepareWithdrawal,
  recoverStakeSecret,
  requireIdentitySecret,
  rlnShare,
  stakeLeaf,
  StakeTree,
  StakeTreeError,
  withdrawalScope,
  type PrepareEndorsementParameters,
  type PrepareWithdrawalParameters,
} from "../../src/zk/index.ts";
import { seededRandomBytes } from "./fixtures.ts";

const random = seededRandomBytes("endorsement");
const [alice, bob] = [createStakeIdentity(random), createStakeIdentity(random)];
const tree = new StakeTree(undefined, [stakeLeaf(alice.commitment, 200n), stakeLeaf(bob.commitment, 50n)]);
const ENDORSEMENTS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const SIGNAL = `0x${"ab".repeat(32)}` as const;
const parameters: PrepareEndorsementParameters = {
  identity: alice,
  stakeAmount: 200n,
  tree,
  leafIndex: 0,
  chainId: 31337,
  endorsements: ENDORSEMENTS,
  agentId: 3n,
  epoch: 9n,
  signal: SIGNAL,
  threshold: 100n,
};

describe("# prepareEndorsement", () => {
  it("should derive the contract's scope and message and the proof's public values", () => {
    const prepared = prepareEndorsement(parameters);
    const scope = endorsementScope({ chainId: 31337, endorsements: ENDORSEMENTS, agentId: 3n, epoch: 9n });
    const message = endorsementMessage({ agentId: 3n, epoch: 9n, signal: SIGNAL });
    expect(prepared).toMatchObject({ scope, message, root: tree.root });
    const { share, nullifier } = rlnShare({ secret: alice.secret, scope, message });
    expect(prepared.publicSignals).toEqual({ y: share.y, nullifier, root: tree.root, threshold: 100n, scope, message });
    expect(prepared.input.secret).toBe(alice.secret);
  });

  it("should refuse a stake below the threshold, another's leaf, a zeroed leaf and a missing leaf", () => {
    expect(() => prepareEndorsement({ ...parameters, identity: bob, stakeAmount: 50n, leafIndex: 1 })).toThrow(
      InvalidStakeProofInputError,
    );
    expect(() => prepareEndorsement({ ...parameters, leafIndex: 1 })).toThrow(InvalidStakeProofInputError);
    const zeroed = new StakeTree(undefined, [0n]);
    expect(() => prepareEndorsement({ ...parameters, tree: zeroed })).toThrow(/withdrawn or slashed/);
    expect(() => prepareEndorsement({ ...parameters, leafIndex: 2 })).toThrow(StakeTreeError);
    expect(() => prepareEndorsement({ ...parameters, signal: "0x12" })).toThrow(InvalidStakeProofInputError);
  });
});

describe("# prepareWithdrawal", () => {
  it("should prove against the singleton root with threshold 0 in the scope of the whole payload", () => {
    const recipient = "0x0000000000000000000000000000000000000b0b";
    const parameters: PrepareWithdrawalParameters = {
      identity: bob,
      stakeAmount: 50n,
      chainId: 31337,
      group: ENDORSEMENTS,
      recipient,
    };
    const prepared = prepareWithdrawal({ ...parameters, relayerFee: 2n });
    expect(prepared.root).toBe(new StakeTree(undefined, [stakeLeaf(bob.commitment, 50n)]).root);
    expect(prepared.publicSignals.threshold).toBe(0n);
    expect(prepared.relayerFee).toBe(2n);
    expect(prepared.scope).toBe(
      withdrawalScope({ chainId: 31337, group: ENDORSEMENTS, commitment: bob.commitment, recipient, relayerFee: 2n }),
    );
    // Another payload is another line: no two withdrawal proofs of different payloads share a nullifier.
    expect(prepareWithdrawal(parameters).nullifier).not.toBe(prepared.nullifier);
    expect(
      prepareWithdrawal({ ...parameters, recipient: "0x0000000000000000000000000000000000000c0c", relayerFee: 2n })
        .nullifier,
    ).not.toBe(prepared.nullifier);
    expect(prepareWithdrawal({ ...parameters, relayerFee: 2n }).publicSignals).toEqual(prepared.publicSignals);
    expect(() => prepareWithdrawal({ ...parameters, relayerFee: 1n << 96n })).toThrow(InvalidStakeProofInputError);
    expect(() => prepareWithdrawal({ ...parameters, relayerFee: -1n })).toThrow(InvalidStakeProofInputError);
  });
});

describe("# the secret 0", () => {
  it("should be refused, as AnonymousStakeGroup refuses its deposit and its slash", () => {
    expect(() => requireIdentitySecret(0n)).toThrow(InvalidStakeProofInputError);
    // Two points of y = 0 + 3x: the secret they reveal is 0, which names no identity.
    expect(() => recoverStakeSecret({ x: 1n, y: 3n }, { x: 2n, y: 6n })).toThrow(InvalidStakeProofInputError);
    expect(recoverStakeSecret({ x: 1n, y: 10n }, { x: 2n, y: 13n }).secret).toBe(7n);
  });
});
