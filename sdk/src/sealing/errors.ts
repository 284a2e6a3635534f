import { LeaseholdError } from "../errors.ts";

export type SealingErrorReason =
  /** An argument that should be bytes is not. */
  | "invalid-input"
  /** Shorter than the smallest valid envelope. */
  | "truncated"
  /** Longer than the format allows (or than MAX_CONTEXT_ENVELOPE_BYTES). */
  | "oversized"
  | "bad-magic"
  | "unsupported-version"
  /** Wrong key, wrong binding, or any byte altered: the AEAD tag does not verify. */
  | "authentication-failed"
  /** A key of the wrong length, or a peer public key of low order. */
  | "invalid-key"
  /** A chain id, lease id or job id outside uint256 (or a non-positive chain id). */
  | "invalid-binding"
  | "content-id-mismatch";

/**
 * Sealing or opening failed. Never retryable: the bytes, the key or the binding are wrong, and
 * no partial plaintext is ever returned alongside this error.
 */
export class SealingError extends LeaseholdError {
  readonly retryable = false;
  readonly reason: SealingErrorReason;

  constructor(reason: SealingErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
