/**
 * GET /audit/leases: the lease audit (src/lib/lease-audit.ts) over every indexed lease and job,
 * as of the latest indexed block. Computed per request: whether a lease is live or a job overdue
 * depends on the clock, so it cannot be a stored row.
 */
import { db } from "ponder:api";
import { job, lease } from "ponder:schema";
import { replaceBigInts, type ReplaceBigInts } from "ponder";
import { auditLeases, type AuditLeasesReturnType } from "../lib/lease-audit.ts";
import { latestIndexedTimestamp } from "./indexed-clock.ts";

/** Times, ids and amounts are decimal strings: JSON has no big integers. */
export type GetLeaseAuditReturnType = ReplaceBigInts<AuditLeasesReturnType, string>;

export async function getLeaseAudit(): Promise<GetLeaseAuditReturnType> {
  const [now, leases, jobs] = await Promise.all([
    latestIndexedTimestamp(),
    db.select().from(lease),
    db.select().from(job),
  ]);
  return replaceBigInts(auditLeases({ leases, jobs, now }), (value) => value.toString());
}
