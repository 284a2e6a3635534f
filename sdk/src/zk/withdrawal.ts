/**
 * A withdrawal request's proof, as AnonymousStakeGroup.requestWithdrawal checks it: membership
 * of the identity's leaf in a tree holding only that leaf (`singletonRoot`), threshold 0, scope
 * `withdrawalScope(commitment, recipient, relayerFee)` and message `withdrawalMessage(recipient)`.
 * It proves ownership of the commitment without revealing the secret. The scope binds the whole
 * payload, so proofs for different recipients or fees are points of different lines (signing
 * several leaks nothing), and a relayer can neither redirect the stake nor raise its fee. The
 * group reads the leaf's Merkle path from its own storage: no tree is needed here.
 */
import type { Address } from "viem";
import { stakeMembership } from "./config.ts";
import { stakeLeaf } from "./identity.ts";
import { withdrawalMessage, withdrawalScope } from "./scopes.ts";
import { StakeTree } from "./tree.ts";
import type { Field, StakeIdentity, StakeMembershipCircuitInput, StakeMembershipPublicSignals } from "./types.ts";
import { buildWitnessInput } from "./witness.ts";

export interface PrepareWithdrawalParameters {
  identity: StakeIdentity;
  /** The amount in the identity's leaf, exactly as deposited. */
  stakeAmount: bigint;
  chainId: number | bigint;
  /** The AnonymousStakeGroup contract. */
  group: Address;
  recipient: Address;
  /**
   * Paid at `withdraw`, out of the stake, to whoever sends the request (a relayer); 0 (the
   * default) when the member sends it itself. At most `stakeAmount`.
   */
  relayerFee?: bigint;
}

export interface PrepareWithdrawalReturnType {
  input: StakeMembershipCircuitInput;
  publicSignals: StakeMembershipPublicSignals;
  scope: Field;
  message: Field;
  /** singletonRoot(leaf): the root the proof is made against. */
  root: Field;
  nullifier: Field;
  /** requestWithdrawal's `relayerFee`, bound into the scope. */
  relayerFee: bigint;
}

export function prepareWithdrawal(parameters: PrepareWithdrawalParameters): PrepareWithdrawalReturnType {
  const { identity, stakeAmount, chainId, group, recipient, relayerFee = 0n } = parameters;
  const leaf = stakeLeaf(identity.commitment, stakeAmount);
  const scope = withdrawalScope({ chainId, group, commitment: identity.commitment, recipient, relayerFee });
  const message = withdrawalMessage(recipient);
  const singleton = new StakeTree(stakeMembership.depth, [leaf]);
  const { input, publicSignals } = buildWitnessInput({
    secret: identity.secret,
    stakeAmount,
    merkleProof: singleton.merkleProof(0),
    threshold: 0n,
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
    relayerFee,
  };
}
