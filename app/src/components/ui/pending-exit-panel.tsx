import type { ReactNode } from "react";
import { ProgressBar } from "./progress-bar";

type PanelAction = { label: string; testId: string; onClick: () => void; disabled: boolean };

/**
 * Stake on its way out after a delay (unbonding stake, shares cooling down, an arbitrator's
 * leaving stake): what is leaving, a countdown pill, optionally a progress bar, when it matures,
 * and the two ways out of it (cancel, and take it once matured). Each card keeps its own words,
 * numbers and test ids; this keeps their shape and accessibility the same.
 */
export function PendingExitPanel({
  testId,
  amount,
  countdown,
  progress,
  maturity,
  notice,
  cancel,
  confirm,
  footer,
}: {
  testId: string;
  /** What is leaving, e.g. "<strong>12</strong> unbonding". */
  amount: ReactNode;
  countdown: { testId: string; live: boolean; text: string };
  /** A labelled progress bar from 0 to 1, when the card shows one. */
  progress?: { label: string; fraction: number };
  /** The line under the pill, e.g. "Unlocks at … (chain time)". */
  maturity: ReactNode;
  /** A notice between the maturity line and the buttons. */
  notice?: ReactNode;
  cancel: PanelAction;
  confirm: PanelAction;
  /** Below the buttons, e.g. the settlement's transaction status. */
  footer?: ReactNode;
}) {
  return (
    <div className="unbonding" data-testid={testId}>
      <div className="unbonding__row">
        <span>{amount}</span>
        <span className={`pill ${countdown.live ? "pill--live" : "pill--muted"}`} data-testid={countdown.testId}>
          {countdown.text}
        </span>
      </div>
      {progress ? <ProgressBar label={progress.label} fraction={progress.fraction} /> : null}
      <p className="muted small">{maturity}</p>
      {notice}
      <div className="button-row">
        {[cancel, confirm].map((action, index) => (
          <button
            key={action.testId}
            type="button"
            className={index === 0 ? "button" : "button button--primary"}
            onClick={action.onClick}
            disabled={action.disabled}
            data-testid={action.testId}
          >
            {action.label}
          </button>
        ))}
      </div>
      {footer}
    </div>
  );
}
