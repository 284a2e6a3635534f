/**
 * The lease audit, derived from indexed rows and one clock: the latest indexed block's time.
 * Rules (indexer/README.md states them for readers):
 *
 * (a) A lease is live only while it is not revoked and `now < expiry`, exactly as
 *     `LeaseRegistry.isLive`; past its expiry it is expired whatever else is true. A lease whose
 *     whole life (`expiry - grantedAt`) exceeds the maxTtl in force when it was granted is a TTL
 *     violation: the contract refuses to grant one, so any such row means the registry or the
 *     indexer is wrong.
 * (b) Every job under a lease ends with a receipt or a refund. A job with neither is pending
 *     while `now <= deadline` (the agent may still deliver) and awaiting refund once the deadline
 *     has passed (`refundExpired` would succeed): each of those is a finding.
 *
 * Pure: the API reads the rows and the clock, this decides.
 */
import { settledJobStatuses, type JobStatusName } from "./jobs.ts";

export type LeaseState = "live" | "expired" | "revoked";

/** How a job stands against rule (b). */
export type JobCoverage = "receipt" | "refund" | "pending" | "awaiting_refund";

export interface AuditedLeaseInput {
  id: bigint;
  owner: string;
  agentId: bigint;
  expiry: bigint;
  grantedAt: bigint;
  maxTtlAtGrant: bigint;
  status: "granted" | "revoked";
  revokedAt: bigint | null;
}

export interface AuditedJobInput {
  id: bigint;
  leaseId: bigint;
  status: JobStatusName;
  deadline: bigint;
  receiptDigest: string | null;
  payout: bigint | null;
  premium: bigint | null;
  refund: bigint | null;
}

export interface AuditLeasesParameters {
  leases: readonly AuditedLeaseInput[];
  jobs: readonly AuditedJobInput[];
  /** The latest indexed block's timestamp. */
  now: bigint;
}

export interface JobAudit {
  id: bigint;
  status: JobStatusName;
  deadline: bigint;
  coverage: JobCoverage;
  hasReceipt: boolean;
  refunded: boolean;
  /** For settled jobs, how: the terminal status and where the money went. */
  settlement: { status: JobStatusName; payout: bigint; premium: bigint; refund: bigint } | null;
}

export interface LeaseAudit {
  id: bigint;
  owner: string;
  agentId: bigint;
  state: LeaseState;
  grantedAt: bigint;
  expiry: bigint;
  revokedAt: bigint | null;
  ttl: bigint;
  maxTtlAtGrant: bigint;
  ttlExceeded: boolean;
  jobs: JobAudit[];
}

export interface AuditLeasesReturnType {
  asOf: bigint;
  /** No TTL violation and no job awaiting a refund. */
  ok: boolean;
  summary: {
    leases: number;
    live: number;
    expired: number;
    revoked: number;
    jobs: number;
    ttlViolations: number;
    jobsAwaitingRefund: number;
  };
  ttlViolations: bigint[];
  jobsAwaitingRefund: bigint[];
  leases: LeaseAudit[];
}

export function leaseState(lease: Pick<AuditedLeaseInput, "status" | "expiry">, now: bigint): LeaseState {
  if (lease.status === "revoked") return "revoked";
  return now < lease.expiry ? "live" : "expired";
}

const refundStatuses: readonly JobStatusName[] = ["cancelled", "expired", "refused", "voided", "rejected"];

export function auditJob(job: AuditedJobInput, now: bigint): JobAudit {
  const hasReceipt = job.receiptDigest !== null;
  const refunded = refundStatuses.includes(job.status);
  // `refundExpired` needs `block.timestamp > deadline`; until then the agent may still deliver.
  const coverage: JobCoverage = hasReceipt
    ? "receipt"
    : refunded
      ? "refund"
      : now > job.deadline
        ? "awaiting_refund"
        : "pending";
  const settlement = settledJobStatuses.includes(job.status)
    ? { status: job.status, payout: job.payout ?? 0n, premium: job.premium ?? 0n, refund: job.refund ?? 0n }
    : null;
  return { id: job.id, status: job.status, deadline: job.deadline, coverage, hasReceipt, refunded, settlement };
}

export function auditLeases({ leases, jobs, now }: AuditLeasesParameters): AuditLeasesReturnType {
  const jobsByLease = new Map<bigint, AuditedJobInput[]>();
  for (const job of jobs) jobsByLease.set(job.leaseId, [...(jobsByLease.get(job.leaseId) ?? []), job]);

  const audited = [...leases]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((lease): LeaseAudit => {
      const ttl = lease.expiry - lease.grantedAt;
      return {
        id: lease.id,
        owner: lease.owner,
        agentId: lease.agentId,
        state: leaseState(lease, now),
        grantedAt: lease.grantedAt,
        expiry: lease.expiry,
        revokedAt: lease.revokedAt,
        ttl,
        maxTtlAtGrant: lease.maxTtlAtGrant,
        ttlExceeded: ttl > lease.maxTtlAtGrant,
        jobs: (jobsByLease.get(lease.id) ?? [])
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map((job) => auditJob(job, now)),
      };
    });

  const ttlViolations = audited.filter((lease) => lease.ttlExceeded).map((lease) => lease.id);
  const jobsAwaitingRefund = audited.flatMap((lease) =>
    lease.jobs.filter((job) => job.coverage === "awaiting_refund").map((job) => job.id),
  );
  const count = (state: LeaseState) => audited.filter((lease) => lease.state === state).length;
  return {
    asOf: now,
    ok: ttlViolations.length === 0 && jobsAwaitingRefund.length === 0,
    summary: {
      leases: audited.length,
      live: count("live"),
      expired: count("expired"),
      revoked: count("revoked"),
      jobs: audited.reduce((sum, lease) => sum + lease.jobs.length, 0),
      ttlViolations: ttlViolations.length,
      jobsAwaitingRefund: jobsAwaitingRefund.length,
    },
    ttlViolations,
    jobsAwaitingRefund,
    leases: audited,
  };
}
