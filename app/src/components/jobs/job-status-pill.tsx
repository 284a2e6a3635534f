import type { JobStatusName } from "@/lib/indexer-jobs";

const labels: Record<JobStatusName, string> = {
  open: "Open",
  accepted: "Accepted",
  submitted: "In challenge window",
  frozen: "Frozen (dispute)",
  paid: "Paid",
  cancelled: "Cancelled",
  expired: "Refunded (expired)",
  refused: "Refunded (refused)",
  voided: "Voided",
  rejected: "Rejected",
};

const tone: Record<JobStatusName, string> = {
  open: "pill--pending",
  accepted: "pill--pending",
  submitted: "pill--pending",
  frozen: "pill--warn",
  paid: "pill--live",
  cancelled: "pill--muted",
  expired: "pill--muted",
  refused: "pill--muted",
  voided: "pill--warn",
  rejected: "pill--warn",
};

export function jobStatusLabel(status: JobStatusName): string {
  return labels[status];
}

/** A submitted job whose challenge window is over waits only for someone to finalize it. */
const WINDOW_OVER_LABEL = "Window over: ready to finalize";

/** The label a job's status pill shows. */
export function jobPillLabel(status: JobStatusName, windowOver = false): string {
  return status === "submitted" && windowOver ? WINDOW_OVER_LABEL : labels[status];
}

/** True when `challengeEndsAt` (seconds) has come by chain time `now` (useChainNow's). */
export function challengeWindowOver(challengeEndsAt: bigint | string | null, now: number): boolean {
  return challengeEndsAt !== null && BigInt(challengeEndsAt) > 0n && now >= Number(challengeEndsAt);
}

/**
 * A job's status. A submitted job's pill follows the same chain time as the page's countdown:
 * pass `windowOver` (challengeWindowOver with useChainNow's time) and it says the window is over
 * when the countdown does.
 */
export function JobStatusPill({
  status,
  windowOver = false,
  testId,
}: {
  status: JobStatusName;
  windowOver?: boolean;
  testId?: string;
}) {
  const over = status === "submitted" && windowOver;
  return (
    <span
      className={`pill ${over ? "pill--live" : tone[status]}`}
      data-testid={testId}
      data-status={status}
      data-window-over={status === "submitted" ? String(over) : undefined}
    >
      {jobPillLabel(status, windowOver)}
    </span>
  );
}

/** IReceiptAnchor.Outcome as people say it. */
export const outcomeNames = ["Completed", "Budget exhausted", "Failed", "Refused"] as const;

export function outcomeName(outcome: number | null | undefined): string {
  if (outcome === null || outcome === undefined) return "—";
  return outcomeNames[outcome] ?? `Unknown (${outcome})`;
}
