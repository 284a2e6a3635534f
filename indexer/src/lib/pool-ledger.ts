/**
 * The insurance pool's totals, replayed from events alone. The contract's `totalAssets()` is its
 * token balance minus `totalReserved()`; the balance moves with ERC-4626 deposits and
 * withdrawals, claims paid, and plain transfers whose amounts other events name: premiums
 * (JobEscrow's JobSettled to the pool) and the court's transfers (RoundRuled's unshared fee and
 * penalties, RulingExecuted's `toPool`). A token transfer to the pool that no Leasehold event
 * names (a donation) is not seen; the integration test compares every snapshot with the
 * contract's getters at its block.
 */
import { LeaseholdError } from "@leasehold/sdk";
import type { poolEventKind } from "../../ponder.schema.ts";

export type PoolEventKind = (typeof poolEventKind.enumValues)[number];

export interface PoolTotals {
  totalAssets: bigint;
  totalReserved: bigint;
  totalSupply: bigint;
  depositedToDate: bigint;
  withdrawnToDate: bigint;
  premiumsToDate: bigint;
  courtTransfersToDate: bigint;
  claimsPaidToDate: bigint;
}

/** One pool event, reduced to what moves the totals. */
export type PoolChange =
  | { kind: "deposit"; assets: bigint; shares: bigint }
  | { kind: "withdraw"; assets: bigint; shares: bigint }
  | { kind: "premium"; assets: bigint }
  | { kind: "court_transfer"; assets: bigint }
  | { kind: "claim_filed"; reserved: bigint }
  | { kind: "claim_paid"; paid: bigint }
  | { kind: "claim_cancelled"; released: bigint }
  | { kind: "redeem_requested"; shares: bigint }
  | { kind: "redeem_cancelled"; shares: bigint };

/** The replayed pool no longer follows the contract. */
export class PoolLedgerMismatchError extends LeaseholdError {
  readonly retryable = false;
}

export const emptyPoolTotals: PoolTotals = {
  totalAssets: 0n,
  totalReserved: 0n,
  totalSupply: 0n,
  depositedToDate: 0n,
  withdrawnToDate: 0n,
  premiumsToDate: 0n,
  courtTransfersToDate: 0n,
  claimsPaidToDate: 0n,
};

/** Assets per 10^18 shares, or null while there are no shares. */
export const SHARE_PRICE_SCALE = 10n ** 18n;
export function sharePrice(totals: Pick<PoolTotals, "totalAssets" | "totalSupply">): bigint | null {
  return totals.totalSupply === 0n ? null : (totals.totalAssets * SHARE_PRICE_SCALE) / totals.totalSupply;
}

/** The totals right after `change`. */
export function applyPoolChange(row: PoolTotals, change: PoolChange): PoolTotals {
  const before: PoolTotals = {
    totalAssets: row.totalAssets,
    totalReserved: row.totalReserved,
    totalSupply: row.totalSupply,
    depositedToDate: row.depositedToDate,
    withdrawnToDate: row.withdrawnToDate,
    premiumsToDate: row.premiumsToDate,
    courtTransfersToDate: row.courtTransfersToDate,
    claimsPaidToDate: row.claimsPaidToDate,
  };
  let after: PoolTotals;
  switch (change.kind) {
    case "deposit":
      after = {
        ...before,
        totalAssets: before.totalAssets + change.assets,
        totalSupply: before.totalSupply + change.shares,
        depositedToDate: before.depositedToDate + change.assets,
      };
      break;
    case "withdraw":
      after = {
        ...before,
        totalAssets: before.totalAssets - change.assets,
        totalSupply: before.totalSupply - change.shares,
        withdrawnToDate: before.withdrawnToDate + change.assets,
      };
      break;
    case "premium":
      after = {
        ...before,
        totalAssets: before.totalAssets + change.assets,
        premiumsToDate: before.premiumsToDate + change.assets,
      };
      break;
    case "court_transfer":
      after = {
        ...before,
        totalAssets: before.totalAssets + change.assets,
        courtTransfersToDate: before.courtTransfersToDate + change.assets,
      };
      break;
    case "claim_filed":
      // The reservation leaves totalAssets at once: the share price drops when the claim is filed.
      after = {
        ...before,
        totalAssets: before.totalAssets - change.reserved,
        totalReserved: before.totalReserved + change.reserved,
      };
      break;
    case "claim_paid":
      // Paid out of the reservation: the balance and the reservation fall together.
      after = {
        ...before,
        totalReserved: before.totalReserved - change.paid,
        claimsPaidToDate: before.claimsPaidToDate + change.paid,
      };
      break;
    case "claim_cancelled":
      after = {
        ...before,
        totalAssets: before.totalAssets + change.released,
        totalReserved: before.totalReserved - change.released,
      };
      break;
    case "redeem_requested":
    case "redeem_cancelled":
      // Locking shares changes who may leave when, not the totals.
      after = before;
      break;
  }
  for (const total of ["totalAssets", "totalReserved", "totalSupply"] as const) {
    if (after[total] < 0n) {
      throw new PoolLedgerMismatchError(
        `A ${change.kind} event takes the pool's ${total} below zero (${after[total]})`,
      );
    }
  }
  return after;
}
