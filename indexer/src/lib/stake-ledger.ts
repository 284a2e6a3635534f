/**
 * An operator's stake buckets, replayed from StakeManager events. Mirrors the contract's
 * bookkeeping exactly (IStakeManager.sol), so after every event the buckets equal `stakeOf`.
 * Where an event carries the bucket's new value (`freeAfter`, `unbondingAfter`, `unlockAt`) the
 * replay checks itself against it: a mismatch means an event was missed or misread, and the
 * indexer stops rather than serve stake figures that are wrong.
 */
import { LeaseholdError } from "@leasehold/sdk";
import type { stakeEventKind } from "../../ponder.schema.ts";

export type StakeEventKind = (typeof stakeEventKind.enumValues)[number];

export interface StakeBuckets {
  free: bigint;
  locked: bigint;
  unbonding: bigint;
  /** When `unbonding` may be withdrawn; 0 when nothing is unbonding. */
  unlockAt: bigint;
}

export interface StakeTotals {
  totalDeposited: bigint;
  totalWithdrawn: bigint;
  totalSlashed: bigint;
}

/** One StakeManager event, reduced to what moves stake. */
export type StakeChange =
  | { kind: "deposited"; amount: bigint; freeAfter: bigint }
  | { kind: "withdrawal_requested"; amount: bigint; unbondingAfter: bigint; unlockAt: bigint }
  | { kind: "withdrawal_cancelled"; amount: bigint }
  | { kind: "withdrawn"; amount: bigint }
  | { kind: "locked"; amount: bigint }
  | { kind: "locked_slashable"; fromFree: bigint; fromUnbonding: bigint; unlockAt: bigint }
  | { kind: "released"; amount: bigint }
  | { kind: "slashed"; fromFree: bigint; fromUnbonding: bigint };

/** The indexed stake no longer follows the contract; replaying again gives the same result. */
export class StakeLedgerMismatchError extends LeaseholdError {
  readonly retryable = false;
}

export const emptyBuckets: StakeBuckets = { free: 0n, locked: 0n, unbonding: 0n, unlockAt: 0n };
export const emptyTotals: StakeTotals = { totalDeposited: 0n, totalWithdrawn: 0n, totalSlashed: 0n };

/** The stake an event moved: what was taken for a slash or a slashable lock, the event's amount otherwise. */
export function stakeChangeAmount(change: StakeChange): bigint {
  return change.kind === "slashed" || change.kind === "locked_slashable"
    ? change.fromFree + change.fromUnbonding
    : change.amount;
}

/** The buckets right after `change`, given the buckets right before it. */
export function applyStakeChange(row: StakeBuckets, change: StakeChange): StakeBuckets {
  // Only the buckets: `row` may be a whole operator row, whose other columns are not ours to copy.
  const before: StakeBuckets = { free: row.free, locked: row.locked, unbonding: row.unbonding, unlockAt: row.unlockAt };
  let after: StakeBuckets;
  switch (change.kind) {
    case "deposited":
      after = { ...before, free: before.free + change.amount };
      expectEqual("free stake after a deposit", after.free, change.freeAfter);
      break;
    case "withdrawal_requested":
      // The whole unbonding bucket restarts its clock, so the event's unlockAt replaces the old one.
      after = {
        ...before,
        free: before.free - change.amount,
        unbonding: before.unbonding + change.amount,
        unlockAt: change.unlockAt,
      };
      expectEqual("unbonding stake after a withdrawal request", after.unbonding, change.unbondingAfter);
      break;
    case "withdrawal_cancelled":
      expectEqual("unbonding stake cancelled", change.amount, before.unbonding);
      after = { ...before, free: before.free + change.amount, unbonding: 0n, unlockAt: 0n };
      break;
    case "withdrawn":
      expectEqual("unbonding stake withdrawn", change.amount, before.unbonding);
      after = { ...before, unbonding: 0n, unlockAt: 0n };
      break;
    case "locked":
      after = { ...before, free: before.free - change.amount, locked: before.locked + change.amount };
      break;
    case "locked_slashable": {
      const unbonding = before.unbonding - change.fromUnbonding;
      after = {
        free: before.free - change.fromFree,
        locked: before.locked + change.fromFree + change.fromUnbonding,
        unbonding,
        unlockAt: unbonding === 0n ? 0n : before.unlockAt,
      };
      expectEqual("unbonding clock after a slashable lock", after.unlockAt, change.unlockAt);
      break;
    }
    case "released":
      after = { ...before, free: before.free + change.amount, locked: before.locked - change.amount };
      break;
    case "slashed": {
      const unbonding = before.unbonding - change.fromUnbonding;
      // The contract clears the clock once a slash empties the unbonding bucket.
      after = {
        ...before,
        free: before.free - change.fromFree,
        unbonding,
        unlockAt: unbonding === 0n ? 0n : before.unlockAt,
      };
      break;
    }
  }
  for (const bucket of ["free", "locked", "unbonding"] as const) {
    if (after[bucket] < 0n) {
      throw new StakeLedgerMismatchError(`A ${change.kind} event takes ${bucket} stake below zero (${after[bucket]})`);
    }
  }
  return after;
}

/** The lifetime totals right after `change`. */
export function applyStakeTotals(row: StakeTotals, change: StakeChange): StakeTotals {
  const before: StakeTotals = {
    totalDeposited: row.totalDeposited,
    totalWithdrawn: row.totalWithdrawn,
    totalSlashed: row.totalSlashed,
  };
  switch (change.kind) {
    case "deposited":
      return { ...before, totalDeposited: before.totalDeposited + change.amount };
    case "withdrawn":
      return { ...before, totalWithdrawn: before.totalWithdrawn + change.amount };
    case "slashed":
      return { ...before, totalSlashed: before.totalSlashed + stakeChangeAmount(change) };
    default:
      return before;
  }
}

function expectEqual(what: string, replayed: bigint, onChain: bigint): void {
  if (replayed !== onChain) {
    throw new StakeLedgerMismatchError(`Replayed ${what} is ${replayed}, the event says ${onChain}`);
  }
}
