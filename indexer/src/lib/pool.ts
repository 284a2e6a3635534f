/** Pool rows: each change replayed into the pool's totals, its history and its per-block snapshot. */
import { insurancePool, poolEvent, poolSnapshot } from "ponder:schema";
import type { Hex } from "viem";
import { eventColumns, type EventMeta } from "./event-meta.ts";
import type { Db } from "./operators.ts";
import { applyPoolChange, emptyPoolTotals, sharePrice, type PoolChange, type PoolTotals } from "./pool-ledger.ts";

/** The columns of a pool event that are not totals. */
export interface PoolEventRefs {
  account?: Hex | null;
  claimId?: bigint | null;
  jobId?: bigint | null;
  disputeId?: bigint | null;
}

function changeAssets(change: PoolChange): { assets: bigint; shares: bigint | null } {
  switch (change.kind) {
    case "deposit":
    case "withdraw":
      return { assets: change.assets, shares: change.shares };
    case "premium":
    case "court_transfer":
      return { assets: change.assets, shares: null };
    case "claim_filed":
      return { assets: change.reserved, shares: null };
    case "claim_paid":
      return { assets: change.paid, shares: null };
    case "claim_cancelled":
      return { assets: change.released, shares: null };
    case "release_collected":
      return { assets: change.amount, shares: null };
    case "redeem_requested":
    case "redeem_cancelled":
      return { assets: 0n, shares: change.shares };
  }
}

/** Apply `change` to the pool at `pool` (at most one pool change per log: its id is the log's); returns the totals before it. */
export async function recordPoolChange(
  db: Db,
  event: EventMeta,
  pool: Hex,
  change: PoolChange,
  refs: PoolEventRefs = {},
): Promise<PoolTotals> {
  const address = pool.toLowerCase() as Hex;
  const timestamp = event.block.timestamp;
  const before =
    (await db.find(insurancePool, { address })) ??
    (await db.insert(insurancePool).values({ address, ...emptyPoolTotals, updatedAt: timestamp }));
  const totals = applyPoolChange(before, change);
  await db.update(insurancePool, { address }).set({ ...totals, updatedAt: timestamp });
  await db.insert(poolEvent).values({
    id: event.id,
    kind: change.kind,
    account: refs.account ?? null,
    ...changeAssets(change),
    claimId: refs.claimId ?? null,
    jobId: refs.jobId ?? null,
    disputeId: refs.disputeId ?? null,
    totalAssetsAfter: totals.totalAssets,
    totalReservedAfter: totals.totalReserved,
    totalReleasableAfter: totals.totalReleasable,
    totalUnownedAfter: totals.totalUnowned,
    totalSupplyAfter: totals.totalSupply,
    ...eventColumns(event),
  });
  if (change.kind === "redeem_requested" || change.kind === "redeem_cancelled") return before;
  const snapshot = {
    timestamp,
    totalAssets: totals.totalAssets,
    totalReserved: totals.totalReserved,
    totalReleasable: totals.totalReleasable,
    totalUnowned: totals.totalUnowned,
    totalSupply: totals.totalSupply,
    sharePrice: sharePrice(totals),
    premiumsToDate: totals.premiumsToDate,
    claimsPaidToDate: totals.claimsPaidToDate,
  };
  // One row per block: the last change of the block wins.
  await db
    .insert(poolSnapshot)
    .values({ blockNumber: event.block.number, ...snapshot })
    .onConflictDoUpdate(snapshot);
  return before;
}
