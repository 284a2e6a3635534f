/**
 * GET /operators/:address: one operator's page in a single request (its buckets, its agents and
 * its latest stake history and slashes), for clients that would rather not write GraphQL.
 */
import { db } from "ponder:api";
import { agent, operator, slash, stakeEvent } from "ponder:schema";
import { asc, desc, eq, replaceBigInts, type ReplaceBigInts } from "ponder";
import type { GetOperatorParameters } from "./operator-parameters.ts";

type Row<table extends { $inferSelect: unknown }> = ReplaceBigInts<table["$inferSelect"], string>;

/** Amounts, ids and timestamps are decimal strings: JSON has no big integers. */
export interface GetOperatorReturnType {
  operator: Row<typeof operator>;
  /** Every agent of the operator, oldest first, retired ones included. */
  agents: Row<typeof agent>[];
  /** The latest `limit` stake events, newest first. */
  stakeEvents: Row<typeof stakeEvent>[];
  /** The latest `limit` slashes, newest first. */
  slashes: Row<typeof slash>[];
}

/** The operator's summary, or null when the address never appeared in any Leasehold event. */
export async function getOperator({ address, limit }: GetOperatorParameters): Promise<GetOperatorReturnType | null> {
  const [found] = await db.select().from(operator).where(eq(operator.address, address));
  if (!found) return null;
  const [agents, stakeEvents, slashes] = await Promise.all([
    db.select().from(agent).where(eq(agent.operator, address)).orderBy(asc(agent.id)),
    db
      .select()
      .from(stakeEvent)
      .where(eq(stakeEvent.operator, address))
      // Ponder's event ids sort in chain order.
      .orderBy(desc(stakeEvent.id))
      .limit(limit),
    db.select().from(slash).where(eq(slash.operator, address)).orderBy(desc(slash.id)).limit(limit),
  ]);
  return replaceBigInts({ operator: found, agents, stakeEvents, slashes }, (value) => value.toString());
}
