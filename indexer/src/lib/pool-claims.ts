/**
 * The pool's claims and side pockets, from events alone: each account's shares (Transfer), each
 * claim's life (ClaimFiled, ClaimPaid, ClaimCancelled), and each holder's part of what a settled
 * claim released (ReleaseCollected). A claim's holders are the accounts holding shares when its
 * ClaimFiled is handled: logs are handled in chain order, and a share movement after the filing,
 * even in the same block, comes after it, exactly as the contract's checkpoints count it.
 */
import { claimShare, insuranceClaim, poolHolder } from "ponder:schema";
import { eq, gt } from "ponder";
import type { Hex } from "viem";
import type { EventMeta } from "./event-meta.ts";
import type { Db } from "./operators.ts";
import { holderPart, PoolLedgerMismatchError, releaseSplit } from "./pool-ledger.ts";

const zeroAddress = "0x0000000000000000000000000000000000000000";

async function moveShares(db: Db, account: Hex, delta: bigint, timestamp: bigint): Promise<void> {
  const address = account.toLowerCase() as Hex;
  const row = await db.find(poolHolder, { address });
  const shares = (row?.shares ?? 0n) + delta;
  if (shares < 0n) throw new PoolLedgerMismatchError(`A share transfer takes ${address} below zero shares`);
  if (row) await db.update(poolHolder, { address }).set({ shares, updatedAt: timestamp });
  else await db.insert(poolHolder).values({ address, shares, collectedToDate: 0n, updatedAt: timestamp });
}

/** A share Transfer (mints and burns included): moves the holders' balances. */
export async function recordShareTransfer(db: Db, event: EventMeta, from: Hex, to: Hex, value: bigint) {
  if (value === 0n || from.toLowerCase() === to.toLowerCase()) return;
  const timestamp = event.block.timestamp;
  if (from !== zeroAddress) await moveShares(db, from, -value, timestamp);
  if (to !== zeroAddress) await moveShares(db, to, value, timestamp);
}

export interface FiledClaim {
  claimId: bigint;
  recipient: Hex;
  ref: Hex;
  filer: Hex;
  amount: bigint;
  reserved: bigint;
  /** The share supply as the pool's replayed totals have it when the claim is filed. */
  supplyAtFiling: bigint;
}

/** A claim filed: its row, and a side pocket for every account holding shares at that moment. */
export async function recordClaimFiled(db: Db, event: EventMeta, claim: FiledClaim): Promise<void> {
  await db.insert(insuranceClaim).values({
    id: claim.claimId,
    recipient: claim.recipient.toLowerCase() as Hex,
    ref: claim.ref.toLowerCase() as Hex,
    filer: claim.filer.toLowerCase() as Hex,
    status: "pending",
    amount: claim.amount,
    reserved: claim.reserved,
    supplyAtFiling: claim.supplyAtFiling,
    collected: 0n,
    filedAt: event.block.timestamp,
    filedBlock: event.block.number,
    transactionHash: event.transaction.hash,
  });
  const holders = await db.sql.select().from(poolHolder).where(gt(poolHolder.shares, 0n));
  const held = holders.reduce((sum, holder) => sum + holder.shares, 0n);
  if (held !== claim.supplyAtFiling) {
    throw new PoolLedgerMismatchError(
      `Claim ${claim.claimId}: the holders hold ${held} shares, the pool's supply is ${claim.supplyAtFiling}`,
    );
  }
  if (holders.length === 0) return;
  await db
    .insert(claimShare)
    .values(
      holders.map((holder) => ({ claimId: claim.claimId, holder: holder.address, sharesAtFiling: holder.shares })),
    );
}

export interface SettledClaim {
  claimId: bigint;
  status: "paid" | "cancelled";
  paid: bigint;
  shortfall: bigint;
  released: bigint;
}

/**
 * A claim paid or cancelled: its row and every holder's part of what it released. Returns how the
 * release divides between the holders at filing and the virtual shares, for the pool's totals.
 */
export async function recordClaimSettled(db: Db, event: EventMeta, settled: SettledClaim) {
  const claim = await db.find(insuranceClaim, { id: settled.claimId });
  if (!claim) throw new PoolLedgerMismatchError(`Claim ${settled.claimId} settled but never filed`);
  const split = releaseSplit(settled.released, claim.supplyAtFiling);
  await db.update(insuranceClaim, { id: settled.claimId }).set({
    status: settled.status,
    paid: settled.paid,
    shortfall: settled.shortfall,
    released: settled.released,
    holdersPart: split.owned,
    settledAt: event.block.timestamp,
  });
  const shares = await db.sql.select().from(claimShare).where(eq(claimShare.claimId, settled.claimId));
  for (const share of shares) {
    await db
      .update(claimShare, { claimId: share.claimId, holder: share.holder })
      .set({ part: holderPart(settled.released, share.sharesAtFiling, claim.supplyAtFiling) });
  }
  return split;
}

/** A holder took its part of a settled claim's release. */
export async function recordReleaseCollected(
  db: Db,
  event: EventMeta,
  { claimId, holder, amount }: { claimId: bigint; holder: Hex; amount: bigint },
): Promise<void> {
  const address = holder.toLowerCase() as Hex;
  const share = await db.find(claimShare, { claimId, holder: address });
  if (!share || share.part !== amount || share.collectedAt !== null) {
    throw new PoolLedgerMismatchError(`${address} collected ${amount} of claim ${claimId}, not its part`);
  }
  const timestamp = event.block.timestamp;
  await db.update(claimShare, { claimId, holder: address }).set({ collectedAt: timestamp });
  await db.update(insuranceClaim, { id: claimId }).set((row) => ({ collected: row.collected + amount }));
  await db
    .update(poolHolder, { address })
    .set((row) => ({ collectedToDate: row.collectedToDate + amount, updatedAt: timestamp }));
}
