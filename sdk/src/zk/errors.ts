/**
 * Errors of the stake-proof library: members of the sdk's error family (short message, stable
 * `name`, optional cause, `retryable` flag), so callers decide by type and never by matching
 * strings. They cross the prover worker's boundary by name (see worker-protocol.ts).
 */
import { LeaseholdError } from "../errors.ts";

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

/** A circuit artifact (wasm, zkey, verification key) could not be read or fetched; it may not be built or served yet. */
export class ArtifactNotFoundError extends StakeProofError {
  readonly retryable = true;
}

/** An artifact does not match the library (its circuit or its manifest): rebuild or re-download it. */
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

/** An identity backup is unreadable, or belongs to another chain or group, or does not check out. */
export class InvalidStakeIdentityError extends StakeProofError {
  readonly retryable = false;
}

/**
 * The tree rebuilt from the group's events disagrees with the chain (an event's root, a leaf
 * index, the root at the last block), or reading the events failed. A reorg during the sync
 * causes it, so it is retryable; a `fromBlock` after the group's deployment causes it every time.
 */
export class StakeTreeSyncError extends StakeProofError {
  readonly retryable = true;
}

/** The prover worker failed outside the library (it crashed, was terminated, or sent an unreadable message). */
export class ProverWorkerError extends StakeProofError {
  readonly retryable = true;
}
