/**
 * A withdrawal request's proof, as AnonymousStakeGroup.requestWithdrawal checks it: membership
 * of the identity's leaf in a tree holding only that leaf (`singletonRoot`), threshold 0, scope
 * `withdrawalScope(commitment)` and message `withdrawalMessage(recipient)`. It proves ownership
 * of the commitment without revealing the secret; the recipient is bound by the message, so a
 * copied proof can only pay the same recipient.
 */
import type { Address } from "viem";
import { stakeMembership } from "./config.ts";
import { InvalidStakeProofInputError } from "./errors.ts";
import { stakeLeaf } from "./identity.ts";
import { withdrawalMessage, withdrawalScope } from "./scopes.ts";
import { StakeTree } from "./tree.ts";
import type { Field, StakeIdentity, StakeMembershipCircuitInput, StakeMembershipPublicSignals } from "./types.ts";
import { buildWitnessInput } from "./witness.ts";

export interface PrepareWithdrawalParameters {
  identity: StakeIdentity;
  /** The amount in the identity's leaf, exactly as deposited. */
  stakeAmount: bigint;
  /** The group's current tree (syncStakeTree): requestWithdrawal zeroes the leaf along this path. */
  tree: StakeTree;
  leafIndex: number;
  chainId: number | bigint;
  /** The AnonymousStakeGroup contract. */
  group: Address;
  recipient: Address;
}

export interface PrepareWithdrawalReturnType {
  input: StakeMembershipCircuitInput;
  publicSignals: StakeMembershipPublicSignals;
  /** The leaf's Merkle path in the group's tree, bottom up: requestWithdrawal's `siblings`. */
  siblings: Field[];
  scope: Field;
  message: Field;
  /** singletonRoot(leaf): the root the proof is made against. */
  root: Field;
  nullifier: Field;
}

export function prepareWithdrawal(parameters: PrepareWithdrawalParameters): PrepareWithdrawalReturnType {
  const { identity, stakeAmount, tree, leafIndex, chainId, group, recipient } = parameters;
  const leaf = stakeLeaf(identity.commitment, stakeAmount);
  const { leaf: inTree, siblings } = tree.merkleProof(leafIndex);
  if (inTree !== leaf) {
    throw new InvalidStakeProofInputError(
      `Leaf ${leafIndex} is not this identity's with stake ${stakeAmount} (withdrawn, slashed or another amount?)`,
    );
  }
  const scope = withdrawalScope({ chainId, group, commitment: identity.commitment });
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
    siblings,
    scope,
    message,
    root: publicSignals.root,
    nullifier: publicSignals.nullifier,
  };
}
