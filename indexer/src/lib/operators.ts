/** Operator rows: created the first time an address shows up, in any role an operator plays. */
import type { Context } from "ponder:registry";
import { operator } from "ponder:schema";
import type { Hex } from "viem";
import { emptyBuckets, emptyTotals } from "./stake-ledger.ts";

export type Db = Context["db"];
export type OperatorRow = typeof operator.$inferSelect;

/**
 * The operator's row, inserted with empty buckets if it has none yet. An operator can appear
 * before any deposit: a slash may name an address that never staked, and with a zero minimum
 * stake anyone may register an agent.
 */
export async function findOrCreateOperator(db: Db, address: Hex, timestamp: bigint): Promise<OperatorRow> {
  const existing = await db.find(operator, { address });
  if (existing) return existing;
  return db.insert(operator).values({
    address,
    ...emptyBuckets,
    ...emptyTotals,
    agentCount: 0,
    retiredAgentCount: 0,
    firstSeenAt: timestamp,
    updatedAt: timestamp,
  });
}
