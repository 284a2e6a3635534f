/**
 * The public lists an explorer browses, newest first: GET /jobs, /leases and /agents, each one
 * page with the total that matches its filters (disputes are GET /court/disputes). Rows are the
 * indexed tables as they are; a lease's standing (live, expired, revoked) depends on the clock,
 * so it is read against the latest indexed block, never the server's wall clock.
 */
import { db } from "ponder:api";
import { agent, agentReputation, job, lease } from "ponder:schema";
import { and, count, desc, eq, gt, inArray, lte, replaceBigInts, type ReplaceBigInts } from "ponder";
import { latestIndexedTimestamp } from "./indexed-clock.ts";
import type { GetAgentsParameters, GetJobsParameters, GetLeasesParameters, LeaseStanding } from "./query-parameters.ts";

type Condition = NonNullable<Parameters<typeof and>[number]>;

/** Ids, amounts and times as decimal strings: JSON has no big integers. */
type Page<Row> = ReplaceBigInts<{ total: number; items: Row[] }, string>;

export type GetJobsReturnType = Page<typeof job.$inferSelect>;
export type GetLeasesReturnType = ReplaceBigInts<{ asOf: bigint }, string> &
  Page<typeof lease.$inferSelect & { standing: LeaseStanding }>;
export type GetAgentsReturnType = Page<
  typeof agent.$inferSelect & { paidJobs: number; disputesLost: number; slashes: number }
>;

const toText = (value: bigint) => value.toString();
const where = (conditions: Condition[]) => (conditions.length > 0 ? and(...conditions) : undefined);

export async function getJobs({
  status,
  agent: agentId,
  lease: leaseId,
  client,
  operator,
  limit,
  offset,
}: GetJobsParameters): Promise<GetJobsReturnType> {
  const conditions: Condition[] = [];
  if (status) conditions.push(eq(job.status, status));
  if (agentId !== undefined) conditions.push(eq(job.agentId, agentId));
  if (leaseId !== undefined) conditions.push(eq(job.leaseId, leaseId));
  if (client) conditions.push(eq(job.client, client));
  if (operator) conditions.push(eq(job.operator, operator));
  const filter = where(conditions);
  const [items, [counted]] = await Promise.all([
    db.select().from(job).where(filter).orderBy(desc(job.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(job).where(filter),
  ]);
  return replaceBigInts({ total: counted?.total ?? 0, items }, toText);
}

/** A lease is live while not revoked and the clock is before its expiry (LeaseRegistry.isLive). */
function standingOf(row: typeof lease.$inferSelect, now: bigint): LeaseStanding {
  if (row.status === "revoked") return "revoked";
  return now < row.expiry ? "live" : "expired";
}

export async function getLeases({
  status,
  agent: agentId,
  owner,
  limit,
  offset,
}: GetLeasesParameters): Promise<GetLeasesReturnType> {
  const now = await latestIndexedTimestamp();
  const conditions: Condition[] = [];
  if (status === "revoked") conditions.push(eq(lease.status, "revoked"));
  if (status === "live") conditions.push(eq(lease.status, "granted"), gt(lease.expiry, now));
  if (status === "expired") conditions.push(eq(lease.status, "granted"), lte(lease.expiry, now));
  if (agentId !== undefined) conditions.push(eq(lease.agentId, agentId));
  if (owner) conditions.push(eq(lease.owner, owner));
  const filter = where(conditions);
  const [rows, [counted]] = await Promise.all([
    db.select().from(lease).where(filter).orderBy(desc(lease.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(lease).where(filter),
  ]);
  const items = rows.map((row) => ({ ...row, standing: standingOf(row, now) }));
  return replaceBigInts({ asOf: now, total: counted?.total ?? 0, items }, toText);
}

/** Agents newest first, with the counts of their track record (the score is /reputation/agents'). */
export async function getAgents({
  status,
  operator,
  limit,
  offset,
}: GetAgentsParameters): Promise<GetAgentsReturnType> {
  const conditions: Condition[] = [];
  if (status) conditions.push(eq(agent.status, status));
  if (operator) conditions.push(eq(agent.operator, operator));
  const filter = where(conditions);
  const [rows, [counted]] = await Promise.all([
    db.select().from(agent).where(filter).orderBy(desc(agent.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(agent).where(filter),
  ]);
  const ids = rows.map((row) => row.id);
  const reputations =
    ids.length === 0 ? [] : await db.select().from(agentReputation).where(inArray(agentReputation.agentId, ids));
  const items = rows.map((row) => {
    const reputation = reputations.find((found) => found.agentId === row.id);
    return {
      ...row,
      paidJobs: reputation?.paidJobs ?? 0,
      disputesLost: reputation?.disputesLost ?? 0,
      slashes: reputation?.slashes ?? 0,
    };
  });
  return replaceBigInts({ total: counted?.total ?? 0, items }, toText);
}
