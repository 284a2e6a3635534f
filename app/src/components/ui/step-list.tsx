"use client";
/** Progress of work that is not a transaction (encrypting, signing, uploading), styled like TxStatus. */
export type LocalStepStatus = "queued" | "running" | "done" | "failed" | "skipped";

export interface LocalStep {
  id: string;
  label: string;
  status: LocalStepStatus;
  /** Shown after the label: a content id, a count, why it failed. */
  detail?: string;
}

const icon: Record<LocalStepStatus, string> = { queued: "○", running: "◌", done: "✓", failed: "✕", skipped: "–" };
const text: Record<LocalStepStatus, string> = {
  queued: "waiting",
  running: "working…",
  done: "done",
  failed: "failed",
  skipped: "not needed",
};

export function StepList({ steps, testId }: { steps: readonly LocalStep[]; testId: string }) {
  if (steps.length === 0) return null;
  return (
    <ol className="tx__steps" data-testid={testId} aria-live="polite">
      {steps.map((step) => (
        <li
          key={step.id}
          className={`tx__step tx__step--${step.status}`}
          data-status={step.status}
          data-testid={`${testId}-${step.id}`}
        >
          <span className={`tx__icon${step.status === "running" ? " spin" : ""}`} aria-hidden="true">
            {icon[step.status]}
          </span>
          <span className="tx__label">{step.label}</span>
          <span className="tx__state">{text[step.status]}</span>
          {step.detail ? <span className="tx__hash mono">{step.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}
