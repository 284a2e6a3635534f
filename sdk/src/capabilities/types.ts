import type { Hex } from "viem";

/** What a token may be used for at the worker gateway. */
export const capabilityOperations = ["upload", "receipts", "proofs"] as const;
export type CapabilityOperation = (typeof capabilityOperations)[number];

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
  /** Required when the token carries a `job` caveat; checked live on chain when given. */
  jobId?: bigint;
  /** Required when the token carries an `agent` caveat. */
  agentId?: bigint;
};

/**
 * Live chain state a token depends on. Tokens outlive nothing: a revoked or expired lease or a
 * closed job fails verification even while the token's own caveats still hold. Implementations
 * read the Leases/Jobs contracts (or the indexer); throwing means "cannot tell now".
 */
export type LeaseStateReader = {
  /** Granted, not revoked, not past its expiry, and with this scope hash. */
  isLeaseLive(leaseId: bigint, scopeHash: Hex): Promise<boolean>;
  /** Accepted and not yet settled or refunded, under this lease. */
  isJobLive(jobId: bigint, leaseId: bigint): Promise<boolean>;
};
