import type { Hex } from "viem";

/** What a token may be used for at the worker gateway. */
export const capabilityOperations = ["upload", "receipts", "proofs"] as const;
export type CapabilityOperation = (typeof capabilityOperations)[number];

/**
 * Operations that act on a lease's work in progress, so the lease (and the job, if named) must be
 * live on chain. The others only read what a job left behind: a data owner must still be able to
 * fetch a receipt or a proof after the lease expired or the job was paid, so for them the lease
 * need only exist (with the token's scope) and the job belong to it.
 */
export const liveCapabilityOperations: readonly CapabilityOperation[] = ["upload"];

/**
 * One first-party caveat. A token's caveats are a conjunction: each must hold for the request,
 * so adding one can only narrow what the token allows.
 */
export type CapabilityCaveat =
  /** The request's scope hash (the lease's scope) must be exactly this. */
  | { key: "scope"; value: Hex }
  | { key: "lease"; value: bigint }
  | { key: "job"; value: bigint }
  /** Unix seconds; the token is valid while `now < value`. */
  | { key: "expires"; value: bigint }
  | { key: "agent"; value: bigint }
  | { key: "op"; value: CapabilityOperation };
export type CapabilityCaveatKey = CapabilityCaveat["key"];

/** The request a token is checked against, as the gateway establishes it (not as the token says). */
export type CapabilityRequest = {
  /** Unix seconds, from the verifier's clock. */
  now: bigint;
  scopeHash: Hex;
  leaseId: bigint;
  op: CapabilityOperation;
  /**
   * Required when the token carries a `job` caveat. When given, the job must be under `leaseId`
   * on chain, and live too for the operations in liveCapabilityOperations.
   */
  jobId?: bigint;
  /** Required when the token carries an `agent` caveat. */
  agentId?: bigint;
};

/**
 * Chain state a token depends on. An upload token outlives nothing: a revoked or expired lease or
 * a closed job fails verification even while the token's own caveats still hold. A read token
 * (receipts, proofs) needs only the lease to exist and the job to be under it, so what a job left
 * stays readable after the lease ends. Implementations read the LeaseRegistry/JobEscrow contracts
 * (or the indexer); throwing means "cannot tell now".
 */
export type LeaseStateReader = {
  /** Granted, not revoked, not past its expiry, and with this scope hash. */
  isLeaseLive(leaseId: bigint, scopeHash: Hex): Promise<boolean>;
  /** Accepted and not yet settled or refunded, under this lease. */
  isJobLive(jobId: bigint, leaseId: bigint): Promise<boolean>;
  /** Granted (live, expired or revoked alike) with this scope hash. */
  leaseExists(leaseId: bigint, scopeHash: Hex): Promise<boolean>;
  /** Opened under this lease, in any status. */
  isJobOfLease(jobId: bigint, leaseId: bigint): Promise<boolean>;
};
