/**
 * GET /pool/solvency: the pool's snapshots (one per block in which it changed), oldest first,
 * between two block timestamps: the series of the solvency chart, with the pool as it is now.
 */
import { db } from "ponder:api";
import { insurancePool, poolSnapshot } from "ponder:schema";
import { and, asc, count, gte, lte, replaceBigInts, type ReplaceBigInts } from "ponder";
import type { GetSolvencyParameters } from "./query-parameters.ts";

type Condition = NonNullable<Parameters<typeof and>[number]>;

export type GetSolvencyReturnType = ReplaceBigInts<
  {
    /** The pool's totals after the latest indexed change; null before any. */
    pool: typeof insurancePool.$inferSelect | null;
    total: number;
    items: (typeof poolSnapshot.$inferSelect)[];
  },
  string
>;

export async function getSolvency({ from, to, limit, offset }: GetSolvencyParameters): Promise<GetSolvencyReturnType> {
  const conditions: Condition[] = [];
  if (from !== undefined) conditions.push(gte(poolSnapshot.timestamp, from));
  if (to !== undefined) conditions.push(lte(poolSnapshot.timestamp, to));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [[pool], items, [counted]] = await Promise.all([
    db.select().from(insurancePool).limit(1),
    db.select().from(poolSnapshot).where(where).orderBy(asc(poolSnapshot.blockNumber)).limit(limit).offset(offset),
    db.select({ total: count() }).from(poolSnapshot).where(where),
  ]);
  return replaceBigInts({ pool: pool ?? null, total: counted?.total ?? 0, items }, (value) => value.toString());
}
