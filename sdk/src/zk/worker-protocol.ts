/**
 * The messages between the main thread (createWorkerProver) and the prover worker
 * (prover-worker.ts). Every message carries the request's id, so one worker serves requests one
 * after another and late messages of an abandoned request are ignored. Values cross by structured
 * clone (bigints included); errors cross by name and are rebuilt as the same typed classes.
 */
import type { DownloadProgress } from "./artifact-source.ts";
import {
  ArtifactMismatchError,
  ArtifactNotFoundError,
  InvalidStakeProofInputError,
  MalformedProofError,
  ProverWorkerError,
  StakeTreeError,
  WitnessRejectedError,
  type StakeProofError,
} from "./errors.ts";
import type { ProverProgress, ProveStakeMembershipReturnType } from "./proof.ts";
import type { StakeMembershipCircuitInput } from "./types.ts";

export interface WorkerProveRequest {
  input: StakeMembershipCircuitInput;
  /** URLs of the artifacts; relative ones resolve against the worker script's URL. */
  wasmUrl: string;
  zkeyUrl: string;
}

export type ProverWorkerRequest = WorkerProveRequest & { type: "prove"; id: number };

export interface SerializedProverError {
  name: string;
  message: string;
  retryable: boolean;
}

export type ProverWorkerResponse =
  | { type: "progress"; id: number; progress: ProverProgress }
  | { type: "result"; id: number; result: ProveStakeMembershipReturnType }
  | { type: "error"; id: number; error: SerializedProverError };

export type { DownloadProgress, ProverProgress };

const errorClasses = {
  InvalidStakeProofInputError,
  WitnessRejectedError,
  ArtifactNotFoundError,
  ArtifactMismatchError,
  MalformedProofError,
  StakeTreeError,
  ProverWorkerError,
} as const;

export function serializeProverError(error: unknown): SerializedProverError {
  if (error instanceof Error && error.name in errorClasses) {
    return { name: error.name, message: error.message, retryable: (error as StakeProofError).retryable };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { name: "ProverWorkerError", message: `The prover failed unexpectedly: ${message}`, retryable: true };
}

export function deserializeProverError(error: SerializedProverError): StakeProofError {
  const known = errorClasses[error.name as keyof typeof errorClasses] as
    (new (message: string) => StakeProofError) | undefined;
  return known ? new known(error.message) : new ProverWorkerError(error.message);
}

export function isProverWorkerRequest(value: unknown): value is ProverWorkerRequest {
  const request = value as Partial<ProverWorkerRequest> | null;
  return (
    typeof request === "object" &&
    request !== null &&
    request.type === "prove" &&
    typeof request.id === "number" &&
    typeof request.wasmUrl === "string" &&
    typeof request.zkeyUrl === "string" &&
    typeof request.input === "object"
  );
}
