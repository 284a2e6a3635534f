/**
 * The insurance pool's totals, replayed from events alone. The contract's token balance is
 * `totalAssets() + totalReserved() + totalReleasable() + totalUnowned()`; the balance moves with
 * ERC-4626 deposits and withdrawals, claims paid, releases collected, and plain transfers whose
 * amounts other events name: premiums (JobEscrow's JobSettled to the pool) and the court's
 * transfers (RoundRuled's unshared fee and penalties, RulingExecuted's `toPool`). A token
 * transfer to the pool that no Leasehold event names (a donation) is not seen; the integration
 * tests compare every snapshot with the contract's getters at its block.
 *
 * Side pockets (IInsurancePool): what a claim does not pay goes to the holders at its filing,
 * each `released × sharesAtFiling / (supplyAtFiling + POOL_VIRTUAL_SHARES)`, rounded down; the
 * virtual shares' part is unowned. `releaseSplit` and `holderPart` compute exactly what the
 * contract does, so the indexer can follow every holder's part from events.
 */
import { LeaseholdError } from "@leasehold/sdk";
import type { poolEventKind } from "../../ponder.schema.ts";

export type PoolEventKind = (typeof poolEventKind.enumValues)[number];

/**
 * The pool's virtual shares: `10 ** _decimalsOffset()` of InsurancePool (its shares carry 6 more
 * decimals than the stake token). The integration test checks it against the contract's decimals.
 */
export const POOL_VIRTUAL_SHARES = 10n ** 6n;

export interface PoolTotals {
  totalAssets: bigint;
  totalReserved: bigint;
  /** Released by settled claims to the holders at filing and not collected yet. */
  totalReleasable: bigint;
  /** The virtual shares' part of every release: nobody's, outside every share's value. */
  totalUnowned: bigint;
  totalSupply: bigint;
  depositedToDate: bigint;
  withdrawnToDate: bigint;
  premiumsToDate: bigint;
  courtTransfersToDate: bigint;
  claimsPaidToDate: bigint;
  /** What settled claims released (the holders' parts and the unowned parts). */
  releasedToDate: bigint;
  /** What holders at filing collected of the releases. */
  collectedToDate: bigint;
}

/** One pool event, reduced to what moves the totals. */
export type PoolChange =
  | { kind: "deposit"; assets: bigint; shares: bigint }
  | { kind: "withdraw"; assets: bigint; shares: bigint }
  | { kind: "premium"; assets: bigint }
  | { kind: "court_transfer"; assets: bigint }
  | { kind: "claim_filed"; reserved: bigint }
  /** `released` of the reservation went back, `owned` of it to the holders at filing (see releaseSplit). */
  | { kind: "claim_paid"; paid: bigint; released: bigint; owned: bigint }
  | { kind: "claim_cancelled"; released: bigint; owned: bigint }
  | { kind: "release_collected"; amount: bigint }
  | { kind: "redeem_requested"; shares: bigint }
  | { kind: "redeem_cancelled"; shares: bigint };

/** The replayed pool no longer follows the contract. */
export class PoolLedgerMismatchError extends LeaseholdError {
  readonly retryable = false;
}

export const emptyPoolTotals: PoolTotals = {
  totalAssets: 0n,
  totalReserved: 0n,
  totalReleasable: 0n,
  totalUnowned: 0n,
  totalSupply: 0n,
  depositedToDate: 0n,
  withdrawnToDate: 0n,
  premiumsToDate: 0n,
  courtTransfersToDate: 0n,
  claimsPaidToDate: 0n,
  releasedToDate: 0n,
  collectedToDate: 0n,
};

/** Assets per 10^18 shares, or null while there are no shares. */
export const SHARE_PRICE_SCALE = 10n ** 18n;
export function sharePrice(totals: Pick<PoolTotals, "totalAssets" | "totalSupply">): bigint | null {
  return totals.totalSupply === 0n ? null : (totals.totalAssets * SHARE_PRICE_SCALE) / totals.totalSupply;
}

/** A holder's part of what a claim released: its shares at filing over the supply then plus the virtual shares. */
export function holderPart(released: bigint, sharesAtFiling: bigint, supplyAtFiling: bigint): bigint {
  return (released * sharesAtFiling) / (supplyAtFiling + POOL_VIRTUAL_SHARES);
}

/**
 * How a release divides: `owned` is the holders' at filing (their parts, each rounded down, never
 * sum above it), `unowned` the virtual shares' (all of it when no share existed at filing).
 */
export function releaseSplit(released: bigint, supplyAtFiling: bigint): { owned: bigint; unowned: bigint } {
  const owned = holderPart(released, supplyAtFiling, supplyAtFiling);
  return { owned, unowned: released - owned };
}

/** The totals right after `change`. */
export function applyPoolChange(row: PoolTotals, change: PoolChange): PoolTotals {
  const before: PoolTotals = {
    totalAssets: row.totalAssets,
    totalReserved: row.totalReserved,
    totalReleasable: row.totalReleasable,
    totalUnowned: row.totalUnowned,
    totalSupply: row.totalSupply,
    depositedToDate: row.depositedToDate,
    withdrawnToDate: row.withdrawnToDate,
    premiumsToDate: row.premiumsToDate,
    courtTransfersToDate: row.courtTransfersToDate,
    claimsPaidToDate: row.claimsPaidToDate,
    releasedToDate: row.releasedToDate,
    collectedToDate: row.collectedToDate,
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
    case "claim_cancelled": {
      // The reservation leaves: what was paid leaves the balance, the rest goes to the holders at
      // filing and the virtual shares, never back to totalAssets, so the share price stays put.
      const paid = change.kind === "claim_paid" ? change.paid : 0n;
      if (change.owned > change.released) {
        throw new PoolLedgerMismatchError(
          `A ${change.kind} event gives the holders ${change.owned} of a release of ${change.released}`,
        );
      }
      after = {
        ...before,
        totalReserved: before.totalReserved - paid - change.released,
        totalReleasable: before.totalReleasable + change.owned,
        totalUnowned: before.totalUnowned + change.released - change.owned,
        claimsPaidToDate: before.claimsPaidToDate + paid,
        releasedToDate: before.releasedToDate + change.released,
      };
      break;
    }
    case "release_collected":
      after = {
        ...before,
        totalReleasable: before.totalReleasable - change.amount,
        collectedToDate: before.collectedToDate + change.amount,
      };
      break;
    case "redeem_requested":
    case "redeem_cancelled":
      // Locking shares changes who may leave when, not the totals.
      after = before;
      break;
  }
  for (const total of ["totalAssets", "totalReserved", "totalReleasable", "totalSupply"] as const) {
    if (after[total] < 0n) {
      throw new PoolLedgerMismatchError(
        `A ${change.kind} event takes the pool's ${total} below zero (${after[total]})`,
      );
    }
  }
  return after;
}
