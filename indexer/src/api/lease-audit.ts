/**
 * GET /audit/leases: the lease audit (src/lib/lease-audit.ts) over every indexed lease and job,
 * as of the latest indexed block. Computed per request: whether a lease is live or a job overdue
 * depends on the clock, so it cannot be a stored row.
 */
import { db } from "ponder:api";
import { job, lease } from "ponder:schema";
import { replaceBigInts, sql, type ReplaceBigInts } from "ponder";
import { checkpointTimestamp } from "../lib/checkpoint.ts";
import { auditLeases, type AuditLeasesReturnType } from "../lib/lease-audit.ts";

/** Times, ids and amounts are decimal strings: JSON has no big integers. */
export type GetLeaseAuditReturnType = ReplaceBigInts<AuditLeasesReturnType, string>;

/** The latest indexed block's timestamp, from Ponder's own checkpoint table (what /status reports). */
async function latestIndexedTimestamp(): Promise<bigint> {
  const result = await db.execute<{ latest_checkpoint: string }>(
    sql`select "latest_checkpoint" from "_ponder_checkpoint"`,
  );
  const timestamps = result.rows.map((row) => checkpointTimestamp(row.latest_checkpoint));
  return timestamps.reduce((latest, timestamp) => (timestamp > latest ? timestamp : latest), 0n);
}

export async function getLeaseAudit(): Promise<GetLeaseAuditReturnType> {
  const [now, leases, jobs] = await Promise.all([
    latestIndexedTimestamp(),
    db.select().from(lease),
    db.select().from(job),
  ]);
  return replaceBigInts(auditLeases({ leases, jobs, now }), (value) => value.toString());
}
