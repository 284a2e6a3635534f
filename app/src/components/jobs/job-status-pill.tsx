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

export function JobStatusPill({ status, testId }: { status: JobStatusName; testId?: string }) {
  return (
    <span className={`pill ${tone[status]}`} data-testid={testId} data-status={status}>
      {labels[status]}
    </span>
  );
}

/** IReceiptAnchor.Outcome as people say it. */
export const outcomeNames = ["Completed", "Budget exhausted", "Failed", "Refused"] as const;

export function outcomeName(outcome: number | null | undefined): string {
  if (outcome === null || outcome === undefined) return "—";
  return outcomeNames[outcome] ?? `Unknown (${outcome})`;
}
