/**
 * Errors of the stake-proof library: members of the sdk's error family (short message, stable
 * `name`, optional cause, `retryable` flag), so callers decide by type and never by matching
 * strings. Only the sdk's dependency-free errors module is imported, not the whole sdk.
 */
import { LeaseholdError } from "@leasehold/sdk/errors";

/** Base of every stake-proof error. */
export abstract class StakeProofError extends LeaseholdError {}

/** A value handed to the library can never be valid: not a field element, out of range, wrong length. */
export class InvalidStakeProofInputError extends StakeProofError {
  readonly retryable = false;
}

/** The circuit rejected the witness: a constraint does not hold for these inputs (wrong path, stake too low). */
export class WitnessRejectedError extends StakeProofError {
  readonly retryable = false;
}

/** A circuit artifact (wasm, zkey, verification key) could not be read; it may not be built yet. */
export class ArtifactNotFoundError extends StakeProofError {
  readonly retryable = true;
}

/** A kept artifact does not match its manifest or the circuit source: rebuild it. */
export class ArtifactMismatchError extends StakeProofError {
  readonly retryable = false;
}

/** A proof or its public signals are malformed (not merely false). */
export class MalformedProofError extends StakeProofError {
  readonly retryable = false;
}

/** Two shares cannot reveal a secret: different nullifiers, or the same message twice. */
export class ShareRecoveryError extends StakeProofError {
  readonly retryable = false;
}

/** The Merkle tree is full, or a leaf is not in it. */
export class StakeTreeError extends StakeProofError {
  readonly retryable = false;
}

/** Circom failed to compile a circuit (build and test tooling only). */
export class CircuitCompileError extends StakeProofError {
  readonly retryable = false;
}
