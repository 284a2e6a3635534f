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

/**
 * Why an identity proof was refused, in the order verifyIdentityProof checks: first what the
 * proof is for (chain, registry, operator, agent, nonce, deadline), then its signature.
 */
export type IdentityProofRejection =
  /** Not an identity proof at all: bad JSON, a missing or unknown field, a value out of range. */
  | "malformed"
  /** Signed for another chain. */
  | "wrong-chain"
  /** Signed for another AgentRegistry. */
  | "wrong-registry"
  /** Signed for another operator: only the operator it names can use it. */
  | "wrong-operator"
  /** Signed for another agent, or for a rotation when a registration is meant (or the reverse). */
  | "wrong-agent"
  /** Signed over another nonce than the identity's current one. */
  | "stale-nonce"
  /** Its deadline has passed. */
  | "expired"
  /** The identity is (or was) already an agent's: no proof can bind it again. */
  | "identity-taken"
  /** `signature` is not a canonical 65-byte signature (length, v in {27, 28}, low s). */
  | "malformed-signature"
  /** The signature is not the identity key's over these fields. */
  | "bad-signer";

/** An identity proof the AgentRegistry would refuse. Retrying cannot help: get a new proof. */
export class IdentityProofError extends LeaseholdError {
  readonly retryable = false;
  readonly reason: IdentityProofRejection;

  constructor(reason: IdentityProofRejection, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Reading what a proof must sign (nonce, chain time) failed; it may succeed once the node answers. */
export class IdentityProofLookupError extends LeaseholdError {
  readonly retryable = true;
}
