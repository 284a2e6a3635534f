/**
 * The stake-proof errors live in the sdk (@leasehold/sdk/zk); the build tooling adds its own.
 */
import { StakeProofError } from "@leasehold/sdk/zk";

export {
  ArtifactMismatchError,
  ArtifactNotFoundError,
  InvalidStakeProofInputError,
  MalformedProofError,
  ShareRecoveryError,
  StakeProofError,
  StakeTreeError,
  WitnessRejectedError,
} from "@leasehold/sdk/zk";

/** Circom failed to compile a circuit (build and test tooling only). */
export class CircuitCompileError extends StakeProofError {
  readonly retryable = false;
}

/** A verification key the Solidity verifier generator refuses: malformed, or a point off the curve (build tooling only). */
export class InvalidVerificationKeyError extends StakeProofError {
  readonly retryable = false;
}

/** A ceremony step refused to run: wrong ptau or hash, a step out of turn, a file it would overwrite (build tooling only). */
export class CeremonyError extends StakeProofError {
  readonly retryable = false;
}

/** The ceremony's zkeys do not form the chain its transcript records, or a zkey does not verify (build tooling only). */
export class CeremonyVerificationError extends CeremonyError {}
