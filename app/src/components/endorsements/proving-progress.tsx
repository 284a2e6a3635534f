"use client";
import { useEffect, useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ProvingStage, ProvingState } from "./use-endorsement-prover";

const order: { stage: Exclude<ProvingStage, "idle" | "failed">; label: string }[] = [
  { stage: "sync", label: "Rebuild the stake tree from the chain's events" },
  { stage: "download", label: "Download the proving key and circuit (from this site)" },
  { stage: "witness", label: "Compute the witness" },
  { stage: "proving", label: "Prove (Groth16, in a background thread)" },
  { stage: "done", label: "Proof ready" },
];

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/**
 * Where the proof is: each stage with its own status, the bytes downloaded, and the time so far.
 * A withdrawal proof needs no tree (`withSync` false): it proves against a tree of its own leaf.
 */
export function ProvingProgress({
  state,
  testId = "endorse-progress",
  withSync = true,
}: {
  state: ProvingState;
  testId?: string;
  withSync?: boolean;
}) {
  const running = state.stage !== "idle" && state.stage !== "done" && state.stage !== "failed";
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [running]);
  if (state.stage === "idle" || state.startedAt === null) return null;

  const end = running ? now : (state.finishedAt ?? now);
  const elapsed = Math.max(0, end - state.startedAt) / 1000;
  const loaded = state.download.wasm.loaded + state.download.zkey.loaded;
  const totals = [state.download.wasm.total ?? state.expected.wasm, state.download.zkey.total ?? state.expected.zkey];
  const total = totals.every((value) => value !== undefined) ? totals[0]! + totals[1]! : undefined;
  const reached = new Set(state.seen);
  const current = state.stage === "failed" ? state.seen.at(-1) : state.stage;

  return (
    <div
      className={`tx tx--${state.stage === "failed" ? "failed" : state.stage === "done" ? "done" : "running"}`}
      data-testid={testId}
      data-stage={state.stage}
      data-stages={state.seen.join(",")}
      aria-live="polite"
    >
      <ol className="tx__steps">
        {(withSync ? order : order.filter(({ stage }) => stage !== "sync")).map(({ stage, label }) => {
          const status =
            stage === current && state.stage === "failed"
              ? "failed"
              : stage === current && stage !== "done"
                ? "running"
                : reached.has(stage)
                  ? "done"
                  : "queued";
          return (
            <li
              key={stage}
              className={`tx__step tx__step--${status === "done" ? "confirmed" : status}`}
              data-status={status}
              data-testid={`${testId}-${stage}`}
            >
              <span className={`tx__icon${status === "running" ? " spin" : ""}`} aria-hidden="true">
                {status === "done" ? "✓" : status === "failed" ? "✕" : status === "running" ? "◌" : "○"}
              </span>
              <span className="tx__label">{label}</span>
              <span className="tx__state" data-testid={`${testId}-${stage}-state`}>
                {stage === "sync" && state.detail
                  ? state.detail
                  : stage === "download" && reached.has("download")
                    ? total === undefined
                      ? mb(loaded)
                      : `${mb(loaded)} of ${mb(total)}`
                    : stage === "done" && state.proveMs !== null
                      ? `witness and proof in ${(state.proveMs / 1000).toFixed(1)} s`
                      : status === "running"
                        ? "working…"
                        : status === "done"
                          ? "done"
                          : status === "failed"
                            ? "failed"
                            : "waiting"}
              </span>
            </li>
          );
        })}
      </ol>
      {reached.has("download") && total !== undefined ? (
        <ProgressBar label="Proving artifacts downloaded" fraction={loaded / total} />
      ) : null}
      <p className="muted small" data-testid={`${testId}-elapsed`}>
        {elapsed.toFixed(1)} s {running ? "so far" : "in all"}
      </p>
      {state.stage === "failed" && state.error ? (
        <p className="tx__error" role="alert" data-testid={`${testId}-error`}>
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
