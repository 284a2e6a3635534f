/**
 * Everything an endorsement proof needs, derived the way Endorsements derives it on chain
 * (scopes.ts mirrors `scopeOf` and `messageOf`), so the prover proves exactly what the contract
 * will check: the circuit input for proveStakeMembership and the public values endorse() takes.
 */
import type { Address, Hex } from "viem";
import { InvalidStakeProofInputError } from "./errors.ts";
import { endorsementMessage, endorsementScope } from "./scopes.ts";
import type { StakeTree } from "./tree.ts";
import type { Field, StakeIdentity, StakeMembershipCircuitInput, StakeMembershipPublicSignals } from "./types.ts";
import { buildWitnessInput } from "./witness.ts";

export interface PrepareEndorsementParameters {
  identity: StakeIdentity;
  /** The amount in the identity's leaf, exactly as deposited. */
  stakeAmount: bigint;
  /** The group's tree (syncStakeTree), at a root the group still accepts. */
  tree: StakeTree;
  leafIndex: number;
  chainId: number | bigint;
  /** The Endorsements contract. */
  endorsements: Address;
  agentId: bigint;
  epoch: bigint;
  /** The endorser's statement, a bytes32 (e.g. the hash of a review). */
  signal: Hex;
  /** Endorsements.threshold(). */
  threshold: bigint;
}

export interface PrepareEndorsementReturnType {
  /** The circuit input: hand it to proveStakeMembership (or the prover worker). */
  input: StakeMembershipCircuitInput;
  /** The public signals the proof will carry. */
  publicSignals: StakeMembershipPublicSignals;
  scope: Field;
  message: Field;
  root: Field;
  /** One per identity, agent and epoch: an endorsement with the same nullifier is a replay or a double signal. */
  nullifier: Field;
}

export function prepareEndorsement(parameters: PrepareEndorsementParameters): PrepareEndorsementReturnType {
  const { identity, stakeAmount, tree, leafIndex, chainId, endorsements, agentId, epoch, signal, threshold } =
    parameters;
  if (typeof identity !== "object" || identity === null) {
    throw new InvalidStakeProofInputError("identity must be a StakeIdentity");
  }
  const merkleProof = tree.merkleProof(leafIndex);
  if (merkleProof.leaf === 0n) {
    throw new InvalidStakeProofInputError(`Leaf ${leafIndex} is zero: its stake was withdrawn or slashed`);
  }
  const scope = endorsementScope({ chainId, endorsements, agentId, epoch });
  const message = endorsementMessage({ agentId, epoch, signal });
  const { input, publicSignals } = buildWitnessInput({
    secret: identity.secret,
    stakeAmount,
    merkleProof,
    threshold,
    scope,
    message,
  });
  return {
    input,
    publicSignals,
    scope,
    message,
    root: publicSignals.root,
    nullifier: publicSignals.nullifier,
  };
}
