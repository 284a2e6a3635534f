/**
 * Errors of the stake-proof library. Like the sdk's error family, each carries a short message,
 * a stable `name`, an optional cause and a `retryable` flag, so callers decide by type and never
 * by matching strings. (This package stands alone so that the sdk can build on it later.)
 */
export abstract class StakeProofError extends Error {
  /** Whether the same call may succeed later (a file not built yet, a worker restarting). */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

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
