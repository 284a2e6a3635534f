"use client";
import type { FlowState, StepState, StepStatus } from "@/lib/use-transaction-flow";
import { TxLink } from "./tx-link";

const statusText: Record<StepStatus, string> = {
  queued: "waiting",
  simulating: "checking…",
  signing: "confirm in your wallet…",
  relaying: "handed to the relayer…",
  confirming: "waiting for confirmation…",
  confirmed: "confirmed",
  skipped: "not needed",
  failed: "failed",
};

const statusIcon: Record<StepStatus, string> = {
  queued: "○",
  simulating: "◌",
  signing: "◌",
  relaying: "◌",
  confirming: "◌",
  confirmed: "✓",
  skipped: "–",
  failed: "✕",
};

/** Progress of a write: each step with its hash while in flight, then success or a readable reason. */
export function TxStatus({ state, testId, onDismiss }: { state: FlowState; testId: string; onDismiss?: () => void }) {
  if (state.phase === "idle") return null;
  const showSteps = state.steps.length > 1 || state.phase === "running" || state.phase === "failed";
  return (
    <div className={`tx tx--${state.phase}`} data-testid={testId} data-phase={state.phase} aria-live="polite">
      {showSteps ? (
        <ol className="tx__steps">
          {state.steps.map((step, i) => (
            <li key={i} className={`tx__step tx__step--${step.status}`} data-status={step.status}>
              <span className={`tx__icon${isBusy(step.status) ? " spin" : ""}`} aria-hidden="true">
                {statusIcon[step.status]}
              </span>
              <span className="tx__label">{step.label}</span>
              <span className="tx__state">{statusText[step.status]}</span>
              {step.hash ? (
                <span className="tx__hash">
                  <TxLink hash={step.hash} testId={`${testId}-hash`} />
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {state.phase === "failed" && state.error ? (
        <p className="tx__error" role="alert" data-testid={`${testId}-error`}>
          {state.error}
        </p>
      ) : null}
      {state.phase === "indexing" || state.phase === "done" ? (
        <p className="tx__success" data-testid={`${testId}-success`}>
          <span aria-hidden="true">✓ </span>
          {state.success}
          {showSteps ? null : <SentAs steps={state.steps} testId={testId} />}
          {state.phase === "indexing" ? <span className="badge badge--pending"> indexing…</span> : null}
          {state.phase === "done" && state.indexLagging ? (
            <span className="muted"> The indexer has not caught up yet, so the history below may lag.</span>
          ) : null}
        </p>
      ) : null}
      {onDismiss && (state.phase === "failed" || state.phase === "done") ? (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

/** The transaction of a one-step flow, once its step list is no longer shown. */
function SentAs({ steps, testId }: { steps: StepState[]; testId: string }) {
  const hash = steps.find((step) => step.hash)?.hash;
  if (!hash) return null;
  return (
    <span className="muted">
      {" "}
      Transaction <TxLink hash={hash} testId={`${testId}-hash`} />.
    </span>
  );
}

function isBusy(status: StepStatus): boolean {
  return status === "simulating" || status === "signing" || status === "relaying" || status === "confirming";
}
