"use client";
import { createWorkerProver, type WorkerProver, type WorkerProveRequest } from "@leasehold/sdk/zk";
import type { ProveStakeMembershipReturnType } from "@leasehold/sdk/zk";
import { useCallback, useEffect, useRef, useState } from "react";
import type { StakeArtifactSizes } from "@/lib/endorse-artifacts";

export type ProvingStage = "idle" | "sync" | "download" | "witness" | "proving" | "done" | "failed";

export interface ProvingState {
  stage: ProvingStage;
  /** Every stage reached so far in this run, in order. */
  seen: ProvingStage[];
  /** Bytes received of each artifact, and their sizes from Content-Length (when the server sent it). */
  download: Record<"wasm" | "zkey", { loaded: number; total: number | undefined }>;
  /** The artifacts' sizes from their manifest: the total when Content-Length is missing. */
  expected: StakeArtifactSizes;
  startedAt: number | null;
  finishedAt: number | null;
  /** Milliseconds the witness and the proof took (the prover's own clock). */
  proveMs: number | null;
  detail?: string;
  error?: string;
}

const initial: ProvingState = {
  stage: "idle",
  seen: [],
  download: { wasm: { loaded: 0, total: undefined }, zkey: { loaded: 0, total: undefined } },
  expected: { wasm: undefined, zkey: undefined },
  startedAt: null,
  finishedAt: null,
  proveMs: null,
};

/**
 * Groth16 proving in a Web Worker (the sdk's prover worker), with its real progress: artifact
 * bytes as they arrive, then the witness, then the proof. One worker lives as long as the page
 * and is stopped when the page goes away.
 */
export function useEndorsementProver() {
  const proverRef = useRef<WorkerProver | null>(null);
  const [state, setState] = useState<ProvingState>(initial);

  useEffect(
    () => () => {
      proverRef.current?.terminate();
      proverRef.current = null;
    },
    [],
  );

  const prover = useCallback((): WorkerProver => {
    if (!proverRef.current) {
      const worker = new Worker(new URL("../../lib/endorse-prover.worker.ts", import.meta.url), { type: "module" });
      proverRef.current = createWorkerProver(worker);
    }
    return proverRef.current;
  }, []);

  const enter = useCallback((stage: ProvingStage, patch: Partial<ProvingState> = {}) => {
    setState((previous) => ({
      ...previous,
      ...patch,
      stage,
      seen: previous.seen.at(-1) === stage ? previous.seen : [...previous.seen, stage],
    }));
  }, []);

  /** Starts a run at its first stage: the tree sync for an endorsement, the download for a withdrawal. */
  const begin = useCallback((first: "sync" | "download" = "sync") => {
    setState({ ...initial, stage: first, seen: [first], startedAt: Date.now() });
  }, []);

  const prove = useCallback(
    async (request: WorkerProveRequest): Promise<ProveStakeMembershipReturnType> => {
      try {
        const result = await prover().prove(request, (progress) => {
          if (progress.stage === "download") {
            const { artifact, loaded, total } = progress;
            setState((previous) => ({
              ...previous,
              stage: "download",
              seen: previous.seen.at(-1) === "download" ? previous.seen : [...previous.seen, "download"],
              download: { ...previous.download, [artifact]: { loaded, total } },
            }));
          } else if (progress.stage === "done") {
            enter("done", { finishedAt: Date.now(), proveMs: progress.elapsedMs });
          } else {
            enter(progress.stage);
          }
        });
        return result;
      } catch (error) {
        // A crashed or stopped worker cannot prove again: the next proof starts a new one.
        proverRef.current?.terminate();
        proverRef.current = null;
        throw error;
      }
    },
    [enter, prover],
  );

  const fail = useCallback((message: string) => {
    setState((previous) => ({ ...previous, stage: "failed", error: message, finishedAt: Date.now() }));
  }, []);

  const reset = useCallback(() => setState(initial), []);

  return { state, begin, enter, prove, fail, reset };
}
