/**
 * The main-thread side of the prover worker (prover-worker.ts): sends a request with a fresh id,
 * forwards its progress, and settles with the result or the same typed error the library would
 * have thrown in-process. A worker crash, an unreadable message or terminate() rejects every
 * pending request with ProverWorkerError (retryable: make a new worker).
 */
import { ProverWorkerError, type StakeProofError } from "./errors.ts";
import type { ProverProgress, ProveStakeMembershipReturnType } from "./proof.ts";
import {
  deserializeProverError,
  type ProverWorkerRequest,
  type ProverWorkerResponse,
  type WorkerProveRequest,
} from "./worker-protocol.ts";

/** What createWorkerProver needs of a Worker; the DOM's Worker fits. */
export interface ProverWorkerLike {
  postMessage(message: ProverWorkerRequest): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "error", listener: (event: { message?: string; preventDefault?: () => void }) => void): void;
  addEventListener(type: "messageerror", listener: () => void): void;
  terminate(): void;
}

export interface WorkerProver {
  prove(
    request: WorkerProveRequest,
    onProgress?: (progress: ProverProgress) => void,
  ): Promise<ProveStakeMembershipReturnType>;
  /** Stops the worker; pending proofs reject with ProverWorkerError. */
  terminate(): void;
}

export type WorkerProverErrorType = StakeProofError;

interface Pending {
  resolve: (result: ProveStakeMembershipReturnType) => void;
  reject: (error: StakeProofError) => void;
  onProgress: ((progress: ProverProgress) => void) | undefined;
}

export function createWorkerProver(worker: ProverWorkerLike): WorkerProver {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped: ProverWorkerError | undefined;

  const failAll = (error: ProverWorkerError) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  worker.addEventListener("message", (event) => {
    const response = event.data as ProverWorkerResponse | null | undefined;
    const entry = typeof response?.id === "number" ? pending.get(response.id) : undefined;
    if (!response || !entry) return;
    switch (response.type) {
      case "progress":
        entry.onProgress?.(response.progress);
        return;
      case "result":
        pending.delete(response.id);
        entry.resolve(response.result);
        return;
      case "error":
        pending.delete(response.id);
        entry.reject(deserializeProverError(response.error));
        return;
    }
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault?.();
    failAll(new ProverWorkerError(`The prover worker crashed${event.message ? `: ${event.message}` : ""}`));
  });
  worker.addEventListener("messageerror", () => {
    failAll(new ProverWorkerError("The prover worker sent a message that could not be read"));
  });

  return {
    prove(request, onProgress) {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise<ProveStakeMembershipReturnType>((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        try {
          worker.postMessage({ type: "prove", id, ...request });
        } catch (error) {
          pending.delete(id);
          reject(new ProverWorkerError("The request could not be sent to the prover worker", { cause: error }));
        }
      });
    },
    terminate() {
      stopped ??= new ProverWorkerError("The prover worker was terminated");
      worker.terminate();
      failAll(stopped);
    },
  };
}
