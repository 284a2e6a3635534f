import { LeaseholdError } from "../errors.ts";

/**
 * Why a signed receipt was rejected. Ordered as docs/RECEIPTS.md checks them, so the sdk and the
 * contracts report the first failing step alike.
 */
export type ReceiptVerificationReason =
  /** A field is out of range or the wrong size, so no digest can be computed. */
  | "malformed-receipt"
  /** `certificate` is not a canonical 65-byte signature (length, v in {27, 28}, low s). */
  | "malformed-certificate"
  /** The certificate was not signed by an identity of `agentId`. */
  | "bad-certificate-signer"
  /** `signature` is not a canonical 65-byte signature. */
  | "malformed-signature"
  /** The receipt was not signed by `ephemeralKey`. */
  | "bad-receipt-signer"
  /** `endedAt > notAfter`: the certificate no longer covered this receipt. */
  | "expired-certificate";

/** A signed receipt that does not verify. Retrying cannot help: the receipt itself is bad. */
export class ReceiptVerificationError extends LeaseholdError {
  readonly retryable = false;
  readonly reason: ReceiptVerificationReason;

  constructor(reason: ReceiptVerificationReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The agent-identity lookup (a chain read) failed; the receipt may verify once it answers. */
export class AgentIdentityLookupError extends LeaseholdError {
  readonly retryable = true;
}

/** Untrusted receipt data (JSON from HTTP or disk) that does not match the receipt format. */
export class InvalidSignedReceiptError extends LeaseholdError {
  readonly retryable = false;
}

/** A Merkle batch or proof that is not well formed (empty batch, index out of range, bad hex). */
export class InvalidReceiptBatchError extends LeaseholdError {
  readonly retryable = false;
}
