import { LeaseholdError } from "../errors.ts";

export type CapabilityErrorCode =
  /** No base64 spelling of a macaroon (v1 or v2, binary or JSON; docs/GATEWAY.md), or too long. */
  | "malformed"
  /** The HMAC chain does not verify against the root key: forged, truncated or caveat removed. */
  | "bad-signature"
  /** A caveat outside the vocabulary, including any third-party caveat. */
  | "unknown-caveat"
  /** A known caveat key with a value that does not parse canonically. */
  | "malformed-caveat"
  /** The token lacks a caveat every Leasehold token must carry (scope, lease, expires). */
  | "missing-caveat"
  | "expired"
  | "scope-mismatch"
  | "lease-mismatch"
  | "job-mismatch"
  | "agent-mismatch"
  | "op-mismatch"
  /** The chain says the lease is revoked, expired or has another scope. */
  | "lease-not-live"
  /** The chain says the job is not accepted and unsettled under this lease. */
  | "job-not-live"
  /** The chain has no lease with this id and scope (read operations). */
  | "lease-not-found"
  /** The chain has no job with this id under this lease (read operations). */
  | "job-not-found";

/** A capability token that does not authorise the request. Retrying the same request cannot help. */
export class CapabilityError extends LeaseholdError {
  readonly retryable = false;
  readonly code: CapabilityErrorCode;

  constructor(code: CapabilityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The lease/job state could not be read; the same token may verify once the chain answers. */
export class CapabilityStateUnavailableError extends LeaseholdError {
  readonly retryable = true;
}
