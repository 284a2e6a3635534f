/**
 * GET /reputation/agents, /reputation/operators (ranked) and their /:id/history: stored scores
 * decayed to the latest indexed block's time (sdk/src/reputation.ts), so every replica at the
 * same block gives the same answer. Every reputation decays at the same rate, so the ranking is
 * the same whatever the reference time; only the values move.
 */
import { db } from "ponder:api";
import { agent, agentReputation, operator, operatorReputation, reputationPoint } from "ponder:schema";
import { and, asc, count, desc, eq, replaceBigInts, sql, type ReplaceBigInts } from "ponder";
import type { Hex } from "viem";
import { currentScore, REPUTATION_HALF_LIFE } from "@leasehold/sdk/reputation";
import { latestIndexedTimestamp } from "./indexed-clock.ts";
import type { PageParameters } from "./query-parameters.ts";

type AgentReputationRow = typeof agentReputation.$inferSelect;
type OperatorReputationRow = typeof operatorReputation.$inferSelect;
type PointRow = typeof reputationPoint.$inferSelect;

/** A stored reputation with its score as of `asOf` and, in a ranking, its place (1 is best). */
type Ranked<Row> = Row & { scoreAtUpdate: number; rank: number };

export type GetAgentReputationsReturnType = ReplaceBigInts<
  { asOf: bigint; halfLife: bigint; total: number; items: Ranked<AgentReputationRow>[] },
  string
>;
export type GetOperatorReputationsReturnType = ReplaceBigInts<
  { asOf: bigint; halfLife: bigint; total: number; items: Ranked<OperatorReputationRow>[] },
  string
>;
export type GetReputationHistoryReturnType = ReplaceBigInts<
  {
    asOf: bigint;
    halfLife: bigint;
    /** The score now; 0 with no history. */
    score: number;
    total: number;
    /** Oldest first; `scoreAfter` is the score at the point's own time. */
    items: PointRow[];
  },
  string
>;

const toText = (value: bigint) => value.toString();

/** score × 2^((updatedAt - asOf) / halfLife) in SQL: the order of the current scores. */
function decayedOrder(
  score: typeof agentReputation.score | typeof operatorReputation.score,
  updatedAt: typeof agentReputation.updatedAt | typeof operatorReputation.updatedAt,
  asOf: bigint,
) {
  return sql`${score} * power(2::float8, (${updatedAt} - ${sql.raw(asOf.toString())})::float8 / ${sql.raw(
    REPUTATION_HALF_LIFE.toString(),
  )})`;
}

function rank<Row extends { score: number; updatedAt: bigint }>(rows: Row[], asOf: bigint, offset: number) {
  return rows.map((row, index) => ({
    ...row,
    score: currentScore(row, asOf),
    scoreAtUpdate: row.score,
    rank: offset + index + 1,
  }));
}

export async function getAgentReputations({ limit, offset }: PageParameters): Promise<GetAgentReputationsReturnType> {
  const asOf = await latestIndexedTimestamp();
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(agentReputation)
      .orderBy(desc(decayedOrder(agentReputation.score, agentReputation.updatedAt, asOf)), asc(agentReputation.agentId))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(agentReputation),
  ]);
  const items = rank(rows, asOf, offset);
  return replaceBigInts({ asOf, halfLife: REPUTATION_HALF_LIFE, total: counted?.total ?? 0, items }, toText);
}

export async function getOperatorReputations({
  limit,
  offset,
}: PageParameters): Promise<GetOperatorReputationsReturnType> {
  const asOf = await latestIndexedTimestamp();
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(operatorReputation)
      .orderBy(
        desc(decayedOrder(operatorReputation.score, operatorReputation.updatedAt, asOf)),
        asc(operatorReputation.address),
      )
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(operatorReputation),
  ]);
  const items = rank(rows, asOf, offset);
  return replaceBigInts({ asOf, halfLife: REPUTATION_HALF_LIFE, total: counted?.total ?? 0, items }, toText);
}

async function history(
  subjectKind: "agent" | "operator",
  subject: string,
  stored: { score: number; updatedAt: bigint } | undefined,
  { limit, offset }: PageParameters,
): Promise<GetReputationHistoryReturnType> {
  const asOf = await latestIndexedTimestamp();
  const where = and(eq(reputationPoint.subjectKind, subjectKind), eq(reputationPoint.subject, subject));
  const [items, [counted]] = await Promise.all([
    // Ponder's event ids sort in chain order.
    db.select().from(reputationPoint).where(where).orderBy(asc(reputationPoint.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(reputationPoint).where(where),
  ]);
  const score = stored ? currentScore(stored, asOf) : 0;
  return replaceBigInts({ asOf, halfLife: REPUTATION_HALF_LIFE, score, total: counted?.total ?? 0, items }, toText);
}

/** The agent's reputation history, or null for an agent never registered. */
export async function getAgentReputationHistory(
  agentId: bigint,
  page: PageParameters,
): Promise<GetReputationHistoryReturnType | null> {
  const [[registered], [stored]] = await Promise.all([
    db.select({ id: agent.id }).from(agent).where(eq(agent.id, agentId)),
    db.select().from(agentReputation).where(eq(agentReputation.agentId, agentId)),
  ]);
  if (!registered) return null;
  return history("agent", agentId.toString(), stored, page);
}

/** The operator's reputation history, or null for an address that never appeared as an operator. */
export async function getOperatorReputationHistory(
  address: Hex,
  page: PageParameters,
): Promise<GetReputationHistoryReturnType | null> {
  const [[known], [stored]] = await Promise.all([
    db.select({ address: operator.address }).from(operator).where(eq(operator.address, address)),
    db.select().from(operatorReputation).where(eq(operatorReputation.address, address)),
  ]);
  if (!known) return null;
  return history("operator", address, stored, page);
}
