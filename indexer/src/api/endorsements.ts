/**
 * GET /endorsements/agents/:id (an agent's endorsement tallies over its latest epochs) and
 * GET /stake-group/roots (the group's root history with each root's validity window), both as of
 * the latest indexed block's time, never the wall clock.
 */
import { db } from "ponder:api";
import { agent, endorsementTally, parameter, stakeGroup, stakeGroupRoot } from "ponder:schema";
import { and, count, desc, eq, gte, lte, replaceBigInts, type ReplaceBigInts } from "ponder";
import { epochWindow } from "../lib/endorsements.ts";
import { latestIndexedTimestamp } from "./indexed-clock.ts";
import type { GetAgentEndorsementsParameters, PageParameters } from "./query-parameters.ts";

export type GetAgentEndorsementsReturnType = ReplaceBigInts<
  {
    agentId: bigint;
    asOf: bigint;
    epochLength: bigint;
    currentEpoch: bigint;
    /** Counted endorsements over the window. */
    total: number;
    /** One per epoch of the window, oldest first; epochs without endorsements count 0. */
    items: { epoch: bigint; startsAt: bigint; count: number; rewarded: number; voided: number }[];
  },
  string
>;

export type GetStakeGroupRootsReturnType = ReplaceBigInts<
  {
    asOf: bigint;
    rootValidity: bigint;
    /** The group's totals now; null before its first deposit. */
    group: typeof stakeGroup.$inferSelect | null;
    total: number;
    /** Newest first. `validUntil` is null while current; `valid` as of `asOf`, as `isValidRoot`. */
    items: (typeof stakeGroupRoot.$inferSelect & { validUntil: bigint | null; valid: boolean })[];
  },
  string
>;

const toText = (value: bigint) => value.toString();

async function immutableParameter(contract: string, name: string): Promise<bigint> {
  const [row] = await db
    .select({ value: parameter.value })
    .from(parameter)
    .where(and(eq(parameter.contract, contract), eq(parameter.name, name)));
  // Written by the contract's setup handler, before any event.
  return BigInt(row?.value ?? 0);
}

/** The agent's tallies over the last `epochs` epochs, or null for an agent never registered. */
export async function getAgentEndorsements(
  agentId: bigint,
  { epochs }: GetAgentEndorsementsParameters,
): Promise<GetAgentEndorsementsReturnType | null> {
  const [[registered], asOf, epochLength] = await Promise.all([
    db.select({ id: agent.id }).from(agent).where(eq(agent.id, agentId)),
    latestIndexedTimestamp(),
    immutableParameter("Endorsements", "epochLength"),
  ]);
  if (!registered || epochLength === 0n) return null;
  const currentEpoch = asOf / epochLength;
  const window = epochWindow(currentEpoch, epochs);
  const rows = await db
    .select()
    .from(endorsementTally)
    .where(
      and(
        eq(endorsementTally.agentId, agentId),
        gte(endorsementTally.epoch, window[0]!),
        lte(endorsementTally.epoch, currentEpoch),
      ),
    );
  const byEpoch = new Map(rows.map((row) => [row.epoch, row]));
  const items = window.map((epoch) => {
    const row = byEpoch.get(epoch);
    return {
      epoch,
      startsAt: epoch * epochLength,
      count: row?.count ?? 0,
      rewarded: row?.rewarded ?? 0,
      voided: row?.voided ?? 0,
    };
  });
  const total = items.reduce((sum, item) => sum + item.count, 0);
  return replaceBigInts({ agentId, asOf, epochLength, currentEpoch, total, items }, toText);
}

export async function getStakeGroupRoots({ limit, offset }: PageParameters): Promise<GetStakeGroupRootsReturnType> {
  const [asOf, rootValidity, [group], rows, [counted]] = await Promise.all([
    latestIndexedTimestamp(),
    immutableParameter("AnonymousStakeGroup", "rootValidity"),
    db.select().from(stakeGroup).limit(1),
    // Ponder's event ids sort in chain order.
    db.select().from(stakeGroupRoot).orderBy(desc(stakeGroupRoot.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(stakeGroupRoot),
  ]);
  const items = rows.map((row) => {
    const validUntil = row.replacedAt === null ? null : row.replacedAt + rootValidity;
    return { ...row, validUntil, valid: validUntil === null || asOf <= validUntil };
  });
  return replaceBigInts({ asOf, rootValidity, group: group ?? null, total: counted?.total ?? 0, items }, toText);
}
