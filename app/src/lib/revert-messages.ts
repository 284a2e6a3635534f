/**
 * Turns whatever a write threw into one sentence a person can act on. Contract reverts are
 * decoded against every Leasehold ABI (a deposit can revert inside the token, whose errors the
 * stake manager's ABI does not list) and mapped by custom error name; wallet and transport
 * failures get their own sentences; anything else falls back to viem's short message.
 */
import {
  agentRegistryAbi,
  anonymousStakeGroupAbi,
  arbitratorRegistryAbi,
  blockhashRandomnessAbi,
  chainlinkVrfRandomnessAbi,
  codeRegistryAbi,
  devStakeTokenAbi,
  disputeCourtAbi,
  endorsementsAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  leaseholdGovernorAbi,
  leaseholdVotesAbi,
  leaseRegistryAbi,
  receiptAnchorAbi,
  stakeManagerAbi,
  timelockControllerAbi,
} from "@leasehold/sdk/abis";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatEther,
  HttpRequestError,
  hexToString,
  InsufficientFundsError,
  UserRejectedRequestError,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { formatDuration, formatTimestamp, shortAddress, shortHex } from "./format";

export interface DescribeContext {
  /** Formats a raw token amount with the stake token's decimals and symbol. */
  amount: (value: bigint) => string;
}

type Args = readonly unknown[];
type Describe = (args: Args, context: DescribeContext) => string;

const big = (args: Args, i: number) => args[i] as bigint;
const num = (args: Args, i: number) => Number(args[i] as number | bigint);
const hex = (args: Args, i: number) => shortHex(args[i] as string, 10, 4);
const duration = (seconds: bigint) => formatDuration(Number(seconds));
/** IJobEscrow.JobStatus, as people say it. */
export const jobStatusNames = [
  "unknown",
  "open",
  "accepted",
  "submitted",
  "frozen for a dispute",
  "paid",
  "cancelled",
  "expired",
  "refused",
  "voided",
  "rejected",
] as const;
const jobStatus = (args: Args, i: number) => jobStatusNames[num(args, i)] ?? `in status ${num(args, i)}`;
const addr = (args: Args, i: number) => shortAddress(args[i] as Address);
/** ICodeRegistry.ReleaseStatus, as people say it. */
export const releaseStatusNames = ["unknown", "pending", "approved", "revoked"] as const;
const releaseStatus = (args: Args, i: number) => releaseStatusNames[num(args, i)] ?? `in status ${num(args, i)}`;
/** IGovernor.ProposalState, as people say it. */
export const proposalStateNames = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
] as const;
const proposalState = (args: Args, i: number) => proposalStateNames[num(args, i)] ?? `in state ${num(args, i)}`;
/** OpenZeppelin encodes the states an action expected as a bitmap, one bit per state. */
const expectedStates = (bitmap: unknown, names: readonly string[]) => {
  const bits = BigInt(bitmap as Hex | bigint);
  return names.filter((_, state) => (bits >> BigInt(state)) & 1n).join(" or ") || "another state";
};
/** IDisputeCourt.Phase, as people say it. */
export const disputePhaseNames = ["not opened", "drawing its panel", "voting", "ruled", "executed"] as const;
const disputePhase = (args: Args, i: number) => disputePhaseNames[num(args, i)] ?? `in phase ${num(args, i)}`;
/** IArbitratorRegistry.Phase: where the draw line is, as people say it. */
export const drawPhaseNames = ["open for staking", "awaiting a draw session's randomness", "drawing panels"] as const;
const drawPhase = (args: Args, i: number) => drawPhaseNames[num(args, i)] ?? `in phase ${num(args, i)}`;
/** A bytes32 holding a short name (e.g. a parameter's), as text. */
const shortName = (args: Args, i: number) => hexToString(args[i] as Hex, { size: 32 }).replace(/\0+$/, "");
/** IAnonymousStakeGroup.IdentityStatus, as people say it. */
export const identityStatusNames = ["unknown", "live", "withdrawing", "withdrawn", "slashed"] as const;
const identityStatus = (args: Args, i: number) => identityStatusNames[num(args, i)] ?? `in status ${num(args, i)}`;
/** TimelockController.OperationState. */
const operationStateNames = ["unset", "waiting for its delay", "ready", "done"] as const;

/** Every custom error of the contracts' ABIs, by name. */
type AbiErrorName = Extract<
  | (typeof stakeManagerAbi)[number]
  | (typeof agentRegistryAbi)[number]
  | (typeof devStakeTokenAbi)[number]
  | (typeof leaseRegistryAbi)[number]
  | (typeof jobEscrowAbi)[number]
  | (typeof receiptAnchorAbi)[number]
  | (typeof codeRegistryAbi)[number]
  | (typeof leaseholdGovernorAbi)[number]
  | (typeof timelockControllerAbi)[number]
  | (typeof leaseholdVotesAbi)[number]
  | (typeof insurancePoolAbi)[number]
  | (typeof arbitratorRegistryAbi)[number]
  | (typeof blockhashRandomnessAbi)[number]
  | (typeof chainlinkVrfRandomnessAbi)[number]
  | (typeof disputeCourtAbi)[number]
  | (typeof anonymousStakeGroupAbi)[number]
  | (typeof endorsementsAbi)[number],
  { type: "error" }
>["name"];
/** Errors of OpenZeppelin internals (checkpoints, short strings, casts) that no write of the app can reach. */
type UnreachableError =
  | "InvalidShortString"
  | "StringTooLong"
  | "CheckpointUnorderedInsertion"
  | "ERC6372InconsistentClock"
  | "SafeCastOverflowedUintDowncast"
  | "ERC20ExceededSafeSupply";

/**
 * One sentence per custom error of the contracts the app writes to. Complete by construction: a
 * contract error without a sentence here fails the typecheck.
 */
const messages = {
  // StakeManager
  StakeManagerZeroAmount: () => "The amount must be more than zero.",
  StakeManagerInsufficientFreeStake: (a, c) =>
    `You have ${c.amount(big(a, 1))} free stake but asked for ${c.amount(big(a, 2))}.`,
  StakeManagerNothingUnbonding: () => "You have no stake unbonding.",
  StakeManagerStillUnbonding: (a) =>
    `Your stake is still unbonding: it can be withdrawn from ${formatTimestamp(big(a, 1))} (chain time).`,
  StakeManagerInsufficientLocked: (a, c) =>
    `Only ${c.amount(big(a, 2))} is locked for this operator, less than the ${c.amount(big(a, 3))} asked for.`,
  StakeManagerInvalidRecipient: (a) =>
    `Withdrawn or slashed stake must leave the stake manager: ${addr(a, 0)} cannot receive it.`,
  StakeManagerZeroMinimumStake: () => "The minimum stake cannot be zero.",
  StakeManagerEmptyReason: () => "A slash must give a reason.",
  StakeManagerUnbondingDelayTooLong: (a) =>
    `An unbonding delay of ${big(a, 0)} s is above the protocol cap of ${big(a, 1)} s.`,
  // AgentRegistry
  AgentRegistryUnknownAgent: (a) => `There is no agent #${big(a, 0)}.`,
  AgentRegistryNotOperator: (a) => `Only the operator of agent #${big(a, 0)} can do this, not ${addr(a, 1)}.`,
  AgentRegistryAgentRetired: (a) => `Agent #${big(a, 0)} is retired, and retirement is final.`,
  AgentRegistryZeroIdentity: () => "The identity cannot be the zero address.",
  AgentRegistryIdentityTaken: (a) =>
    `The identity ${addr(a, 0)} is already used by agent #${big(a, 1)}: every agent needs a key of its own.`,
  AgentRegistryZeroCodeHash: () => "The code hash cannot be zero.",
  AgentRegistryMetadataTooLong: (a) => `The metadata URI is ${big(a, 0)} bytes long; at most ${big(a, 1)} are allowed.`,
  AgentRegistryInsufficientStake: (a, c) =>
    `Registering an agent needs at least ${c.amount(big(a, 2))} free stake; you have ${c.amount(big(a, 1))}.`,
  AgentRegistryIdentityProofExpired: (a) =>
    `The identity proof for ${addr(a, 0)} expired at ${formatTimestamp(big(a, 1))} (chain time): make a new one.`,
  AgentRegistryInvalidIdentityProof: (a) =>
    `The identity proof is not ${addr(a, 0)}'s signature for this account and action: make one for this account with that key.`,
  // LeaseRegistry
  LeaseRegistryUnknownLease: (a) => `There is no lease #${big(a, 0)}.`,
  LeaseRegistryNotOwner: (a) => `Only the owner of lease #${big(a, 0)} can do this, not ${addr(a, 1)}.`,
  LeaseRegistryAlreadyRevoked: (a) => `Lease #${big(a, 0)} is already revoked, and revocation is final.`,
  LeaseRegistryAgentNotRegistered: (a) =>
    `Agent #${big(a, 0)} is not registered (or is retired), so it cannot be lent anything.`,
  LeaseRegistryExpiryNotInFuture: (a) =>
    `The expiry ${formatTimestamp(big(a, 0))} is not in the future (chain time is ${formatTimestamp(big(a, 1))}).`,
  LeaseRegistryTtlTooLong: (a) =>
    `A lease may last at most ${duration(big(a, 1))}; this one would last ${duration(big(a, 0))}.`,
  LeaseRegistryZeroScopeHash: () => "Choose a scope: a lease must say what the agent may do with the context.",
  LeaseRegistryZeroContextId: () => "The lease needs the content id of an encrypted context.",
  LeaseRegistryZeroFee: () => "The fee cap must be more than zero, or no job could ever be opened under the lease.",
  LeaseRegistryMaxTtlOutOfRange: (a) =>
    `The maximum lease length must be between 1 s and ${duration(big(a, 1))}, not ${big(a, 0)} s.`,
  // JobEscrow
  JobEscrowUnknownJob: (a) => `There is no job #${big(a, 0)}.`,
  JobEscrowInvalidStatus: (a) => `Job #${big(a, 0)} is ${jobStatus(a, 1)}, so this is not possible now.`,
  JobEscrowNotLeaseOwner: (a) => `Only the owner of lease #${big(a, 0)} can open jobs under it, not ${addr(a, 1)}.`,
  JobEscrowLeaseNotLive: (a) => `Lease #${big(a, 0)} is revoked or expired: no new jobs can run under it.`,
  JobEscrowZeroPayment: () => "A job needs a payment of more than zero.",
  JobEscrowPaymentAboveFee: (a, c) =>
    `The payment of ${c.amount(big(a, 0))} is above the lease's per-job cap of ${c.amount(big(a, 1))}.`,
  JobEscrowZeroPolicyHash: () => "Choose the policy the job must follow.",
  JobEscrowZeroBudget: () => "A job needs a fuel budget of more than zero.",
  JobEscrowDeadlineNotInFuture: (a) =>
    `The deadline ${formatTimestamp(big(a, 0))} is not in the future (chain time is ${formatTimestamp(big(a, 1))}).`,
  JobEscrowDeadlineAfterLeaseExpiry: (a) =>
    `The deadline ${formatTimestamp(big(a, 0))} falls after the lease expires (${formatTimestamp(big(a, 1))}).`,
  JobEscrowNotClient: (a) => `Only the client of job #${big(a, 0)} can do this, not ${addr(a, 1)}.`,
  JobEscrowNotAgent: (a) =>
    `Only the agent of job #${big(a, 0)} (operator or identity) can do this, not ${addr(a, 1)}.`,
  JobEscrowAgentNotActive: (a) => `Agent #${big(a, 0)} is not active: retired, or its operator's stake is too low.`,
  JobEscrowDeadlinePassed: (a) => `The deadline of job #${big(a, 0)} passed at ${formatTimestamp(big(a, 1))}.`,
  JobEscrowDeadlineNotPassed: (a) =>
    `Job #${big(a, 0)} can be refunded only after its deadline, ${formatTimestamp(big(a, 1))} (chain time).`,
  JobEscrowReceiptAlreadySubmitted: (a) => `Job #${big(a, 0)} already has its receipt (${hex(a, 1)}).`,
  JobEscrowReceiptForOtherJob: (a) => `The receipt is for job #${big(a, 1)}, not job #${big(a, 0)}.`,
  JobEscrowReceiptForOtherAgent: (a) => `The receipt is for agent #${big(a, 1)}, not agent #${big(a, 0)}.`,
  JobEscrowBatchOfOtherAgent: (a) => `Batch ${hex(a, 0)} belongs to agent #${big(a, 1)}, not agent #${big(a, 2)}.`,
  JobEscrowReceiptNotIncluded: (a) => `The proof does not show receipt ${hex(a, 1)} in batch ${hex(a, 0)}.`,
  JobEscrowFuelAboveBudget: (a) => `The receipt reports ${big(a, 0)} fuel, above the job's budget of ${big(a, 1)}.`,
  JobEscrowUnknownOutcome: (a) => `The receipt's outcome ${num(a, 0)} is not a known outcome.`,
  JobEscrowChallengeWindowOpen: (a) =>
    `The challenge window of job #${big(a, 0)} is open until ${formatTimestamp(big(a, 1))} (chain time); finalize after that.`,
  JobEscrowChallengeWindowClosed: (a) =>
    `The challenge window of job #${big(a, 0)} closed at ${formatTimestamp(big(a, 1))}.`,
  JobEscrowChallengeWindowOutOfRange: (a) =>
    `The challenge window must be between 1 s and ${duration(big(a, 1))}, not ${big(a, 0)} s.`,
  JobEscrowCollateralBpsTooHigh: (a) => `A collateral rate of ${num(a, 0)} bps is above the cap of ${num(a, 1)} bps.`,
  JobEscrowPremiumBpsTooHigh: (a) => `A premium rate of ${num(a, 0)} bps is above the cap of ${num(a, 1)} bps.`,
  JobEscrowZeroInsurance: () => "Premiums need an insurance address other than zero.",
  JobEscrowRegistryMismatch: () => "The lease registry and the receipt anchor use different agent registries.",
  JobEscrowCollateralBelowMinimum: (a, c) =>
    `Accepting needs ${c.amount(big(a, 2))} of collateral on top of the ${c.amount(big(a, 3))} minimum stake the operator keeps free; ${addr(a, 0)} has ${c.amount(big(a, 1))} free.`,
  JobEscrowFrozenTimeoutNotPassed: (a) =>
    `Job #${big(a, 0)} is frozen for a dispute and waits for its ruling; without one it can be released from ${formatTimestamp(big(a, 1))} (chain time).`,
  // ReceiptAnchor
  ReceiptAnchorNotAgent: (a) => `Only the operator or identity of agent #${big(a, 0)} can anchor, not ${addr(a, 1)}.`,
  ReceiptAnchorZeroRoot: () => "A receipt batch needs a root.",
  ReceiptAnchorEmptyBatch: () => "An empty batch is not a batch.",
  ReceiptAnchorBatchExists: (a) => `Batch ${hex(a, 0)} is already anchored.`,
  ReceiptAnchorUnknownBatch: (a) => `No batch ${hex(a, 0)} was anchored.`,
  ReceiptAnchorCertificateSignerNotAgent: (a) =>
    `The job certificate was signed by ${addr(a, 0)}, which is no identity of agent #${big(a, 1)}.`,
  ReceiptAnchorWrongReceiptSigner: (a) =>
    `The receipt was signed by ${addr(a, 0)}, not by the job's certified key ${addr(a, 1)}.`,
  ReceiptAnchorReceiptAfterNotAfter: (a) =>
    `The receipt ends at ${formatTimestamp(big(a, 0))}, after its certificate expired (${formatTimestamp(big(a, 1))}).`,
  ECDSAInvalidSignature: () => "A signature in the receipt is not valid.",
  ECDSAInvalidSignatureLength: () => "A signature in the receipt has the wrong length.",
  ECDSAInvalidSignatureS: () => "A signature in the receipt is malleable (high s) and was refused.",
  // Stake token (DevStakeToken and any OpenZeppelin ERC-20)
  DevStakeTokenFaucetCoolingDown: (a) =>
    `The faucet is cooling down: you can draw again from ${formatTimestamp(big(a, 1))}.`,
  ERC20InsufficientBalance: (a, c) =>
    `Your token balance is ${c.amount(big(a, 1))} but ${c.amount(big(a, 2))} is needed.`,
  ERC20InsufficientAllowance: (a, c) =>
    `The contract may spend ${c.amount(big(a, 1))} of your tokens but needs ${c.amount(big(a, 2))}: approve it first.`,
  SafeERC20FailedOperation: () => "The stake token refused the transfer.",
  // CodeRegistry
  CodeRegistryZeroCodeHash: () => "A release needs the content hash of its code bundle.",
  CodeRegistryZeroContentId: () => "A release needs the content id where reviewers can fetch the bundle.",
  CodeRegistryZeroSize: () => "A release must declare its size in bytes.",
  CodeRegistryDescriptionTooLong: (a) =>
    `The description URI is ${big(a, 0)} bytes long; at most ${big(a, 1)} are allowed.`,
  CodeRegistryAlreadyPublished: (a) =>
    `${addr(a, 0)} already published release ${hex(a, 1)}, which is ${releaseStatus(a, 2)}; a publisher publishes a code hash once.`,
  CodeRegistryUnknownRelease: (a) => `${addr(a, 0)} never published a release of ${hex(a, 1)}.`,
  CodeRegistryInvalidStatus: (a) =>
    `The release of ${hex(a, 1)} by ${addr(a, 0)} is ${releaseStatus(a, 2)}, so this is not possible now.`,
  CodeRegistryCodeRevoked: (a) =>
    `The guardian revoked the code ${hex(a, 0)} on ${formatTimestamp(big(a, 1))} (chain time): no release of it can be published or approved.`,
  CodeRegistryNotGovernance: (a) =>
    `Only governance (the timelock, through an executed proposal) approves releases, not ${addr(a, 0)}.`,
  CodeRegistryReviewWindowNotOver: (a) =>
    `The review window of the release of ${hex(a, 1)} by ${addr(a, 0)} lasts until ${formatTimestamp(big(a, 2))} (chain time): execute the proposal after that.`,
  CodeRegistryEmptyReason: () => "A revocation must give a reason: write why the release or the code is unsafe.",
  CodeRegistryReviewPolicyOutOfRange: (a) =>
    `A review policy of ${duration(big(a, 0))} plus ${duration(big(a, 1))} per KiB is out of range.`,
  CodeRegistryReviewFloorOutOfRange: (a) =>
    `A review floor of ${big(a, 0)} s is out of range (at most ${duration(big(a, 1))}).`,
  CodeRegistryBondTooHigh: (a, c) =>
    `A publication bond of ${c.amount(big(a, 0))} is above the cap of ${c.amount(big(a, 1))}.`,
  CodeRegistryZeroGovernance: () => "The code registry needs a governance address other than zero.",
  // LeaseholdGovernor (OpenZeppelin Governor)
  GovernorAlreadyCastVote: (a) => `${addr(a, 0)} has already voted on this proposal; a vote cannot be changed.`,
  GovernorAlreadyQueuedProposal: () => "This proposal is already queued in the timelock.",
  GovernorInsufficientProposerVotes: (a, c) =>
    `Proposing needs ${c.amount(big(a, 2))} of delegated votes; ${addr(a, 0)} had ${c.amount(big(a, 1))} at the last block. Delegate to yourself first, and propose once a block has passed.`,
  GovernorInvalidProposalLength: () => "The proposal's targets, values and calls do not have the same length.",
  GovernorInvalidQuorumFraction: (a) => `A quorum of ${big(a, 0)}/${big(a, 1)} is not a valid fraction.`,
  GovernorInvalidSignature: (a) => `The vote signature of ${addr(a, 0)} is not valid.`,
  GovernorInvalidVoteParams: () => "This governor takes no extra vote parameters.",
  GovernorInvalidVoteType: () => "Vote For, Against or Abstain.",
  GovernorInvalidVotingPeriod: (a) => `A voting period of ${big(a, 0)} s is not allowed.`,
  GovernorNonexistentProposal: () => "There is no such proposal: it has not been created yet.",
  GovernorOnlyExecutor: (a) => `Only the governance executor can do this, not ${addr(a, 0)}.`,
  GovernorProposalQueueingFailed: () => "The timelock refused to queue the proposal.",
  GovernorProposalQueueingNotRequired: () => "This proposal does not need queuing.",
  GovernorRestrictedProposer: (a) => `${addr(a, 0)} may not make this proposal.`,
  GovernorUnableToCancel: (a) => `${addr(a, 1)} cannot cancel this proposal now: only its proposer, while pending.`,
  GovernorUnexpectedProposalState: (a) =>
    `The proposal is ${proposalState(a, 1)}; this needs it to be ${expectedStates(a[2], proposalStateNames)}.`,
  GovernorDisabledDeposit: () => "The governor does not accept ether.",
  ERC5805FutureLookup: (a) =>
    `Votes at ${formatTimestamp(big(a, 0))} are not known yet (chain time ${formatTimestamp(big(a, 1))}).`,
  // TimelockController
  TimelockUnexpectedOperationState: (a) =>
    `The timelock operation ${hex(a, 0)} is not ${expectedStates(a[1], operationStateNames)}: its delay may not be over yet.`,
  TimelockInsufficientDelay: (a) =>
    `A timelock delay of ${duration(big(a, 0))} is below the minimum of ${duration(big(a, 1))}.`,
  TimelockInvalidOperationLength: () => "The operation's targets, payloads and values do not have the same length.",
  TimelockUnauthorizedCaller: (a) => `Only the timelock itself can do this, not ${addr(a, 0)}.`,
  TimelockUnexecutedPredecessor: (a) => `Operation ${hex(a, 0)} must be executed first.`,
  FailedCall: () => "A call made by the proposal failed without a reason.",
  // LeaseholdVotes
  LeaseholdVotesZeroSupply: () => "The voting token needs a supply of more than zero.",
  VotesExpiredSignature: (a) => `The delegation signature expired at ${formatTimestamp(big(a, 0))}.`,
  ERC20InvalidReceiver: (a) => `${addr(a, 0)} cannot receive tokens.`,
  ERC20InvalidSender: (a) => `${addr(a, 0)} cannot send tokens.`,
  ERC20InvalidSpender: (a) => `${addr(a, 0)} cannot be approved as a spender.`,
  ERC20InvalidApprover: (a) => `${addr(a, 0)} cannot approve a spender.`,
  ERC2612ExpiredSignature: (a) => `The permit expired at ${formatTimestamp(big(a, 0))}.`,
  ERC2612InvalidSigner: (a) => `The permit was signed by ${addr(a, 0)}, not by the owner ${addr(a, 1)}.`,
  InvalidAccountNonce: (a) => `The signature's nonce is stale: ${addr(a, 0)} is at nonce ${big(a, 1)}.`,
  // InsurancePool
  InsurancePoolZeroAmount: () => "The amount must be more than zero.",
  InsurancePoolZeroReference: () => "A claim needs the court's reference.",
  InsurancePoolInvalidRecipient: (a) => `${addr(a, 0)} cannot receive a claim or a redemption.`,
  InsurancePoolUnknownClaim: (a) => `There is no claim #${big(a, 0)}.`,
  InsurancePoolClaimNotPending: (a) => `Claim #${big(a, 0)} is no longer pending, so it cannot be paid or cancelled.`,
  InsurancePoolDuplicateReference: (a) => `Claim #${big(a, 1)} already uses the reference ${hex(a, 0)}.`,
  InsurancePoolNoRedeemRequest: () => "You have no redemption request: request one and wait the cooldown first.",
  InsurancePoolSharesLocked: (a) =>
    `Only ${big(a, 1)} of your shares are free to move; the rest are locked in a redemption request.`,
  InsurancePoolInsufficientShares: (a) => `You asked for ${big(a, 2)} shares, but only ${big(a, 1)} are free.`,
  InsurancePoolCooldownTooLong: (a) =>
    `A cooldown of ${duration(big(a, 0))} is above the cap of ${duration(big(a, 1))}.`,
  InsurancePoolTransferAmountMismatch: (a, c) =>
    `The pool expected ${c.amount(big(a, 0))} to arrive but received ${c.amount(big(a, 1))}.`,
  InsurancePoolClaimPending: (a) => `Claim #${big(a, 0)} is still pending: nothing is released before it is settled.`,
  InsurancePoolNothingToCollect: (a) =>
    `${addr(a, 1)} has nothing to collect from claim #${big(a, 0)}: it held no shares when the claim was filed, or already collected.`,
  ERC4626ExceededMaxDeposit: (a, c) => `At most ${c.amount(big(a, 2))} can be deposited now.`,
  ERC4626ExceededMaxMint: (a) => `At most ${big(a, 2)} shares can be minted now.`,
  ERC4626ExceededMaxRedeem: (a) =>
    `At most ${big(a, 2)} shares can be redeemed now: a redemption waits for its cooldown to mature.`,
  ERC4626ExceededMaxWithdraw: (a, c) =>
    `At most ${c.amount(big(a, 2))} can be withdrawn now: a redemption waits for its cooldown to mature.`,
  // DisputeCourt
  DisputeCourtUnknownDispute: (a) => `There is no dispute #${big(a, 0)}.`,
  DisputeCourtNotClient: (a) => `Only the client of job #${big(a, 0)} can dispute it, not ${addr(a, 1)}.`,
  DisputeCourtNotParty: (a) =>
    `Only the client or the operator of dispute #${big(a, 0)} can do this, not ${addr(a, 1)}.`,
  DisputeCourtAlreadyDisputed: (a) => `Job #${big(a, 0)} is already disputed (dispute #${big(a, 1)}).`,
  DisputeCourtWrongPhase: (a) => `Dispute #${big(a, 0)} is ${disputePhase(a, 1)}, so this is not possible now.`,
  DisputeCourtEvidenceTooLarge: (a) =>
    `The evidence is too large: ${big(a, 0)} receipts and a URI of ${big(a, 1)} bytes; cite fewer receipts or shorten the statement.`,
  DisputeCourtEmptyEvidence: () => "Evidence must cite at least one receipt or a URI.",
  DisputeCourtReceiptNotIncluded: (a) => `The proof does not show receipt ${hex(a, 1)} in batch ${hex(a, 0)}.`,
  DisputeCourtTransferAmountMismatch: (a, c) =>
    `The court expected ${c.amount(big(a, 0))} to arrive but received ${c.amount(big(a, 1))}.`,
  DisputeCourtDrawDeadlineNotPassed: (a) =>
    `Dispute #${big(a, 0)} can still seat a panel until ${formatTimestamp(big(a, 1))} (chain time); it lapses only after that.`,
  DisputeCourtNotPanelist: (a) =>
    `${addr(a, 2)} holds no seat on the panel of dispute #${big(a, 0)}, round ${num(a, 1) + 1}.`,
  DisputeCourtCommitClosed: (a) =>
    `The commit period of dispute #${big(a, 0)} ended at ${formatTimestamp(big(a, 1))} (chain time).`,
  DisputeCourtAlreadyCommitted: (a) => `${addr(a, 1)} has already committed a vote in dispute #${big(a, 0)}.`,
  DisputeCourtZeroCommitment: () => "A vote commitment cannot be zero.",
  DisputeCourtRevealNotOpen: (a) =>
    `Reveals of dispute #${big(a, 0)} open at ${formatTimestamp(big(a, 1))} (chain time), or as soon as every seat has committed.`,
  DisputeCourtRevealClosed: (a) =>
    `The reveal period of dispute #${big(a, 0)} ended at ${formatTimestamp(big(a, 1))} (chain time).`,
  DisputeCourtNothingToReveal: (a) =>
    `${addr(a, 1)} has no committed vote to reveal in dispute #${big(a, 0)}: it never committed, or already revealed.`,
  DisputeCourtInvalidVote: () => "Vote for the client or for the agent.",
  DisputeCourtCommitmentMismatch: (a) =>
    `The vote and salt do not match what ${addr(a, 1)} committed in dispute #${big(a, 0)}: reveal the vote you committed, with its salt.`,
  DisputeCourtVotingNotOver: (a) =>
    `Voting in dispute #${big(a, 0)} runs until ${formatTimestamp(big(a, 1))} (chain time), unless every seat reveals sooner.`,
  DisputeCourtNotAppellant: (a) =>
    `Only the party that lost the first round of dispute #${big(a, 0)} can appeal, not ${addr(a, 1)}.`,
  DisputeCourtAppealClosed: (a) => `Dispute #${big(a, 0)} can no longer be appealed.`,
  DisputeCourtAppealWindowOpen: (a) =>
    `The appeal window of dispute #${big(a, 0)} is open until ${formatTimestamp(big(a, 1))} (chain time); execute after that.`,
  DisputeCourtNothingOwed: (a) => `The court owes ${addr(a, 0)} nothing to withdraw.`,
  DisputeCourtInvalidRecipient: (a) => `${addr(a, 0)} cannot receive the court's payouts.`,
  DisputeCourtInvalidParam: (a) => `The court parameter ${hex(a, 0)} is out of its bounds.`,
  DisputeCourtTokenMismatch: () => "The court's contracts disagree about the stake token.",
  // ArbitratorRegistry
  ArbitratorRegistryZeroAmount: () => "The amount must be more than zero.",
  ArbitratorRegistryFull: (a) => `The court's bench is full: at most ${big(a, 0)} arbitrators can hold stake at once.`,
  ArbitratorRegistryInsufficientFree: (a, c) =>
    `You have ${c.amount(big(a, 1))} of free court stake but asked for ${c.amount(big(a, 2))}.`,
  ArbitratorRegistryNothingLeaving: () => "You have no court stake leaving.",
  ArbitratorRegistryStillLeaving: (a) =>
    `Your court stake is still leaving: it can be withdrawn from ${formatTimestamp(big(a, 1))} (chain time).`,
  ArbitratorRegistrySeated: (a) =>
    `You still hold ${num(a, 1)} seat${num(a, 1) === 1 ? "" : "s"} on live disputes: withdraw once they are settled.`,
  ArbitratorRegistryTicketNotOrphaned: (a) =>
    `Draw ticket ${big(a, 0)} is closed, or its court ${addr(a, 1)} still holds its role and cancels it itself.`,
  ArbitratorRegistryInsufficientLocked: (a, c) =>
    `${addr(a, 0)} has ${c.amount(big(a, 1))} locked, less than the ${c.amount(big(a, 2))} asked for.`,
  ArbitratorRegistryPenaltyAboveLock: (a, c) =>
    `A penalty of ${c.amount(big(a, 0))} is above the seat's lock of ${c.amount(big(a, 1))}.`,
  ArbitratorRegistryInvalidRecipient: (a) => `Court stake must leave the registry: ${addr(a, 0)} cannot receive it.`,
  ArbitratorRegistryZeroMinimumStake: () => "The arbitrators' minimum stake cannot be zero.",
  ArbitratorRegistryLeaveDelayTooLong: (a) =>
    `A leave delay of ${duration(big(a, 0))} is above the cap of ${duration(big(a, 1))}.`,
  ArbitratorRegistryInvalidSeatCount: (a) => `A panel needs between 1 and ${big(a, 1)} seats, not ${big(a, 0)}.`,
  ArbitratorRegistryStakesFrozen: (a) =>
    `A draw session is running (the registry is ${drawPhase(a, 0)}): stakes are frozen, so joining, leaving and closing rounds wait until the session ends and stakes thaw.`,
  ArbitratorRegistryWrongPhase: (a) => `The draw line is ${drawPhase(a, 0)}, so this is not possible now.`,
  ArbitratorRegistryPhaseNotOver: (a) =>
    num(a, 0) === 0
      ? `Stakes stay open until ${formatTimestamp(big(a, 1))} (chain time): the next draw session can start then.`
      : `The draw session still has tickets to draw: it can be ended before they are drawn only from ${formatTimestamp(big(a, 1))} (chain time).`,
  ArbitratorRegistryNothingToDraw: () => "No dispute waits for a panel, so no draw session starts.",
  ArbitratorRegistryRandomnessPending: (a) =>
    `The session's randomness (request #${big(a, 0)}) has not come yet: wait for it (a block-hash source waits for its block to be mined).`,
  ArbitratorRegistryDrawOutOfOrder: (a) =>
    `Panels are drawn in the order their tickets were taken: ticket #${big(a, 1)} comes before ticket #${big(a, 0)}.`,
  ArbitratorRegistryTicketNotInSession: (a) =>
    `Ticket #${big(a, 0)} was taken after this session's randomness was requested: it waits for draw session ${big(a, 1)}.`,
  ArbitratorRegistryTicketNotOpen: (a) =>
    `Ticket #${big(a, 0)} is not waiting in the draw line: it was drawn or cancelled already.`,
  ArbitratorRegistryInvalidPhaseTime: (a) =>
    `A draw-session time of ${duration(big(a, 0))} is out of range: 1 s to ${duration(big(a, 1))}.`,
  ArbitratorRegistryInvalidRandomnessSource: (a) =>
    `${addr(a, 0)} is not a contract, so it cannot be the randomness source.`,
  // Randomness sources (the registry's passPhase calls them)
  BlockhashRandomnessZeroDelay: () => "A block-hash randomness source needs a delay of at least one block.",
  ChainlinkVrfRandomnessNotCoordinator: (a) =>
    `Only the Chainlink VRF coordinator delivers randomness, not ${addr(a, 0)}.`,
  ChainlinkVrfRandomnessNotRequester: (a) =>
    `The VRF randomness source answers only the arbitrator registry it is bound to, not ${addr(a, 0)}.`,
  ChainlinkVrfRandomnessCannotBind: (a) =>
    `The VRF randomness source is already bound to ${addr(a, 1)}; ${addr(a, 0)} cannot bind it again.`,
  ChainlinkVrfRandomnessInvalidParam: (a) => `The VRF randomness source's ${shortName(a, 0)} is not set.`,
  // AnonymousStakeGroup
  AnonymousStakeGroupZeroAddress: () => "The stake group needs addresses other than zero.",
  AnonymousStakeGroupZeroMinimumDeposit: () => "The stake group's minimum deposit cannot be zero.",
  AnonymousStakeGroupWithdrawalDelayTooShort: (a) =>
    `A withdrawal delay of ${duration(big(a, 0))} must be longer than the root validity of ${duration(big(a, 1))}.`,
  AnonymousStakeGroupValueNotInField: (a) => `The value ${hex(a, 0)} is not a field element of the proof system.`,
  AnonymousStakeGroupZeroCommitment: () => "An identity commitment cannot be zero: create an identity first.",
  AnonymousStakeGroupZeroSecretCommitment: () =>
    "This is the commitment of the secret 0, which everyone knows: create a new identity.",
  AnonymousStakeGroupCommitmentUsed: (a) =>
    `This identity already backs stake (it is ${identityStatus(a, 1)}); a commitment is used once, ever. Create a new identity to deposit again.`,
  AnonymousStakeGroupDepositTooSmall: (a, c) =>
    `A deposit of ${c.amount(big(a, 0))} is below the group's minimum of ${c.amount(big(a, 1))}.`,
  AnonymousStakeGroupTransferAmountMismatch: (a, c) =>
    `The group expected ${c.amount(big(a, 0))} to arrive but received ${c.amount(big(a, 1))}.`,
  AnonymousStakeGroupWrongStatus: (a) => `The identity is ${identityStatus(a, 1)}, so this is not possible now.`,
  AnonymousStakeGroupInvalidProof: () => "The proof of owning this identity does not verify.",
  AnonymousStakeGroupRelayerFeeTooHigh: (a, c) =>
    `A relayer fee of ${c.amount(big(a, 0))} is more than the stake of ${c.amount(big(a, 1))}.`,
  AnonymousStakeGroupWithdrawalLocked: (a) =>
    `The withdrawal can be paid from ${formatTimestamp(big(a, 1))} (chain time), not before.`,
  AnonymousStakeGroupInvalidSecret: () =>
    "An identity secret must be a field element of the proof system, and not 0 (a secret everyone knows).",
  AnonymousStakeGroupNotEndorsements: (a) =>
    `Only the group's endorsements contract slashes double signals, not ${addr(a, 0)}.`,
  AnonymousStakeGroupZeroMessage: () => "This message hashes to zero and would reveal the secret; change it.",
  StakeTreeFull: (a) => `The stake group's tree is full (${big(a, 0)} leaves).`,
  StakeTreeIndexOutOfRange: (a) => `Leaf ${big(a, 0)} is outside the tree of ${big(a, 1)} leaves.`,
  StakeTreeUnsupportedDepth: (a) => `A tree depth of ${big(a, 0)} is not supported.`,
  StakeTreeValueNotInField: (a) => `The value ${hex(a, 0)} is not a field element of the proof system.`,
  WrongDefaultZeroIndex: () => "The stake tree was built with an unsupported zero value.",
  // Endorsements
  EndorsementsZeroAddress: () => "Endorsements need addresses other than zero.",
  EndorsementsZeroEpochLength: () => "An endorsement epoch must last at least a second.",
  EndorsementsZeroThreshold: () => "The endorsement threshold cannot be zero.",
  EndorsementsUnknownAgent: (a) => `There is no agent #${big(a, 0)} to endorse.`,
  EndorsementsEpochNotAccepted: (a) =>
    `Epoch ${big(a, 0)} is closed: only the current epoch (${big(a, 1)}) and the one before it are accepted. Prove again.`,
  EndorsementsValueNotInField: (a) => `The proof output ${hex(a, 0)} is not a field element.`,
  EndorsementsInvalidRoot: () =>
    "The stake group no longer accepts the tree root this proof was made against: sync the tree and prove again.",
  EndorsementsInvalidProof: () => "The endorsement proof does not verify.",
  EndorsementsReplayed: () =>
    "This identity already endorsed this agent in this epoch: one endorsement per identity, agent and epoch.",
  EndorsementsAlreadyDoubleSignalled: () =>
    "This identity signalled twice for this agent in this epoch; its endorsement no longer counts.",
  EndorsementsZeroMessage: () => "This endorsement's message hashes to zero and would reveal the secret; change it.",
  EndorsementsNotTheGroupsEndorsements: (a) =>
    `The stake group names ${addr(a, 0)} as its endorsements contract, not this one.`,
  EndorsementsZeroFunding: () => "Funding the relay budget takes some ether.",
  EndorsementsNoRelayFees: (a) => `${addr(a, 0)} has no relay refunds to claim.`,
  EndorsementsRelayFeeTransferFailed: (a) =>
    `Sending ${formatEther(big(a, 1))} ETH of relay refunds to ${addr(a, 0)} failed: that address refuses ether.`,
  RlnShareSameX: () => "Two shares with the same message reveal nothing: this is not a double signal.",
  RlnShareValueNotInField: (a) => `The share value ${hex(a, 0)} is not a field element.`,
  RlnShareModexpFailed: () => "The chain's modexp precompile failed while recovering a double signal's secret.",
  // Shared
  AccessControlBadConfirmation: () => "A role can only be renounced by the account holding it.",
  AccessControlUnauthorizedAccount: (a) => `The account ${addr(a, 0)} lacks the role this action needs.`,
  ReentrancyGuardReentrantCall: () => "The contract refused a re-entrant call.",
} satisfies Record<Exclude<AbiErrorName, UnreachableError>, Describe> & Record<string, Describe>;

export const revertMessages: Record<string, Describe> = messages;

const allErrors = [
  ...stakeManagerAbi,
  ...agentRegistryAbi,
  ...devStakeTokenAbi,
  ...leaseRegistryAbi,
  ...jobEscrowAbi,
  ...receiptAnchorAbi,
  ...codeRegistryAbi,
  ...leaseholdGovernorAbi,
  ...timelockControllerAbi,
  ...leaseholdVotesAbi,
  ...insurancePoolAbi,
  ...arbitratorRegistryAbi,
  ...blockhashRandomnessAbi,
  ...chainlinkVrfRandomnessAbi,
  ...disputeCourtAbi,
  ...anonymousStakeGroupAbi,
  ...endorsementsAbi,
].filter((item) => item.type === "error") as Abi;

export interface DecodedRevert {
  errorName: string;
  args: Args;
}

/** The custom error inside `error`, when it is (or wraps) a contract revert we can decode. */
export function decodeRevert(error: unknown): DecodedRevert | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return decodeRawRevert(error);
  if (reverted.data?.errorName && reverted.data.errorName in revertMessages) {
    return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  }
  const raw = (reverted as { raw?: Hex }).raw;
  if (raw && raw !== "0x") {
    try {
      const decoded = decodeErrorResult({ abi: allErrors, data: raw });
      return { errorName: decoded.errorName, args: decoded.args ?? [] };
    } catch {
      // Not one of ours; fall through to the generic message.
    }
  }
  if (reverted.data?.errorName) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  return null;
}

/**
 * A revert the wallet reported rather than the simulation (the chain moved between them): the
 * node's error carries the revert data, which viem leaves undecoded; decode it with our ABIs.
 */
function decodeRawRevert(error: BaseError): DecodedRevert | null {
  const withData = error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    return typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data);
  });
  const data = (withData as { data?: Hex } | null)?.data;
  if (!data) return null;
  try {
    const decoded = decodeErrorResult({ abi: allErrors, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return null;
  }
}

export function describeError(error: unknown, context: DescribeContext): string {
  const decoded = decodeRevert(error);
  if (decoded) {
    const describe = revertMessages[decoded.errorName];
    if (describe) return describe(decoded.args, context);
    return `The contract refused with ${decoded.errorName}.`;
  }
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return "You rejected the request in your wallet.";
    if (error.walk((e) => e instanceof InsufficientFundsError))
      return "Your account has too little ETH to pay for gas.";
    const http = error.walk((e) => e instanceof HttpRequestError);
    if (http instanceof HttpRequestError) return `The chain's RPC endpoint (${http.url}) did not answer.`;
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.reason) {
      return `The contract refused: ${reverted.reason}.`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
