import { describe, expect, it } from "vitest";
import {
  applyStakeChange,
  applyStakeTotals,
  emptyBuckets,
  emptyTotals,
  StakeLedgerMismatchError,
  stakeChangeAmount,
  type StakeBuckets,
  type StakeChange,
} from "../../src/lib/stake-ledger.ts";

function replay(changes: StakeChange[], start: StakeBuckets = emptyBuckets): StakeBuckets {
  return changes.reduce(applyStakeChange, start);
}

/**
 * The StakeManager's bookkeeping, function by function as in StakeManager.sol, emitting the
 * events the contract emits: the reference the replay must agree with.
 */
class StakeManagerModel {
  stake: StakeBuckets = { ...emptyBuckets };
  lockedBy = new Map<string, bigint>();
  now = 1_000n;
  readonly delay = 120n;

  deposit(amount: bigint): StakeChange {
    this.stake.free += amount;
    return { kind: "deposited", amount, freeAfter: this.stake.free };
  }
  requestWithdrawal(amount: bigint): StakeChange | undefined {
    if (amount === 0n || this.stake.free < amount) return undefined;
    this.stake.free -= amount;
    this.stake.unbonding += amount;
    this.stake.unlockAt = this.now + this.delay;
    return {
      kind: "withdrawal_requested",
      amount,
      unbondingAfter: this.stake.unbonding,
      unlockAt: this.stake.unlockAt,
    };
  }
  cancelWithdrawal(): StakeChange | undefined {
    const amount = this.stake.unbonding;
    if (amount === 0n) return undefined;
    this.stake = { ...this.stake, unbonding: 0n, unlockAt: 0n, free: this.stake.free + amount };
    return { kind: "withdrawal_cancelled", amount };
  }
  withdraw(): StakeChange | undefined {
    const amount = this.stake.unbonding;
    if (amount === 0n || this.now < this.stake.unlockAt) return undefined;
    this.stake = { ...this.stake, unbonding: 0n, unlockAt: 0n };
    return { kind: "withdrawn", amount };
  }
  lock(locker: string, amount: bigint): StakeChange | undefined {
    if (amount === 0n || this.stake.free < amount) return undefined;
    this.stake.free -= amount;
    this.stake.locked += amount;
    this.lockedBy.set(locker, (this.lockedBy.get(locker) ?? 0n) + amount);
    return { kind: "locked", amount };
  }
  release(locker: string, amount: bigint): StakeChange | undefined {
    const held = this.lockedBy.get(locker) ?? 0n;
    if (amount === 0n || held < amount) return undefined;
    this.lockedBy.set(locker, held - amount);
    this.stake.locked -= amount;
    this.stake.free += amount;
    return { kind: "released", amount };
  }
  slash(amount: bigint): StakeChange {
    const fromFree = amount < this.stake.free ? amount : this.stake.free;
    const rest = amount - fromFree;
    const fromUnbonding = rest < this.stake.unbonding ? rest : this.stake.unbonding;
    this.stake.free -= fromFree;
    this.stake.unbonding -= fromUnbonding;
    if (this.stake.unbonding === 0n) this.stake.unlockAt = 0n;
    return { kind: "slashed", fromFree, fromUnbonding };
  }
}

/** mulberry32: a small seeded generator, so the random walk is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("# applyStakeChange", () => {
  it("should add a deposit to free stake", () => {
    expect(replay([{ kind: "deposited", amount: 100n, freeAfter: 100n }])).toEqual({ ...emptyBuckets, free: 100n });
  });

  it("should move a withdrawal request from free to unbonding and take the event's unlock time", () => {
    const after = replay([
      { kind: "deposited", amount: 100n, freeAfter: 100n },
      { kind: "withdrawal_requested", amount: 30n, unbondingAfter: 30n, unlockAt: 500n },
      { kind: "withdrawal_requested", amount: 20n, unbondingAfter: 50n, unlockAt: 900n },
    ]);
    expect(after).toEqual({ free: 50n, locked: 0n, unbonding: 50n, unlockAt: 900n });
  });

  it("should return all unbonding stake to free stake and clear the clock on cancel", () => {
    const after = replay([
      { kind: "deposited", amount: 100n, freeAfter: 100n },
      { kind: "withdrawal_requested", amount: 30n, unbondingAfter: 30n, unlockAt: 500n },
      { kind: "withdrawal_cancelled", amount: 30n },
    ]);
    expect(after).toEqual({ ...emptyBuckets, free: 100n });
  });

  it("should empty unbonding stake and clear the clock on withdraw", () => {
    const after = replay([
      { kind: "deposited", amount: 100n, freeAfter: 100n },
      { kind: "withdrawal_requested", amount: 100n, unbondingAfter: 100n, unlockAt: 500n },
      { kind: "withdrawn", amount: 100n },
    ]);
    expect(after).toEqual(emptyBuckets);
  });

  it("should move locked collateral between free and locked stake", () => {
    const after = replay([
      { kind: "deposited", amount: 100n, freeAfter: 100n },
      { kind: "locked", amount: 60n },
      { kind: "released", amount: 25n },
    ]);
    expect(after).toEqual({ ...emptyBuckets, free: 65n, locked: 35n });
  });

  it("should lock free stake, then unbonding stake, behind a dispute", () => {
    const before = { free: 10n, locked: 5n, unbonding: 50n, unlockAt: 700n };
    const change: StakeChange = { kind: "locked_slashable", fromFree: 10n, fromUnbonding: 20n, unlockAt: 700n };
    expect(applyStakeChange(before, change)).toEqual({ free: 0n, locked: 35n, unbonding: 30n, unlockAt: 700n });
    const emptied: StakeChange = { kind: "locked_slashable", fromFree: 10n, fromUnbonding: 50n, unlockAt: 0n };
    expect(applyStakeChange(before, emptied)).toEqual({ free: 0n, locked: 65n, unbonding: 0n, unlockAt: 0n });
  });

  it("should reject a slashable lock whose clock disagrees with the replay", () => {
    const before = { free: 0n, locked: 0n, unbonding: 50n, unlockAt: 700n };
    const change: StakeChange = { kind: "locked_slashable", fromFree: 0n, fromUnbonding: 50n, unlockAt: 700n };
    expect(() => applyStakeChange(before, change)).toThrow(StakeLedgerMismatchError);
  });

  it("should keep the unlock time when a slash leaves unbonding stake", () => {
    const before = { free: 10n, locked: 5n, unbonding: 50n, unlockAt: 700n };
    const after = applyStakeChange(before, { kind: "slashed", fromFree: 10n, fromUnbonding: 20n });
    expect(after).toEqual({ free: 0n, locked: 5n, unbonding: 30n, unlockAt: 700n });
  });

  it("should clear the unlock time when a slash empties unbonding stake", () => {
    const before = { free: 10n, locked: 5n, unbonding: 50n, unlockAt: 700n };
    const after = applyStakeChange(before, { kind: "slashed", fromFree: 10n, fromUnbonding: 50n });
    expect(after).toEqual({ free: 0n, locked: 5n, unbonding: 0n, unlockAt: 0n });
  });

  it("should accept a slash that took nothing", () => {
    expect(applyStakeChange(emptyBuckets, { kind: "slashed", fromFree: 0n, fromUnbonding: 0n })).toEqual(emptyBuckets);
  });

  it("should reject a deposit whose freeAfter disagrees with the replay", () => {
    expect(() => applyStakeChange(emptyBuckets, { kind: "deposited", amount: 5n, freeAfter: 6n })).toThrow(
      StakeLedgerMismatchError,
    );
  });

  it("should reject a withdrawal request whose unbondingAfter disagrees with the replay", () => {
    const before = { ...emptyBuckets, free: 10n, unbonding: 3n };
    const change: StakeChange = { kind: "withdrawal_requested", amount: 5n, unbondingAfter: 5n, unlockAt: 1n };
    expect(() => applyStakeChange(before, change)).toThrow(StakeLedgerMismatchError);
  });

  it("should reject a cancel or withdrawal of a different amount than is unbonding", () => {
    const before = { ...emptyBuckets, unbonding: 3n, unlockAt: 9n };
    expect(() => applyStakeChange(before, { kind: "withdrawal_cancelled", amount: 4n })).toThrow(
      StakeLedgerMismatchError,
    );
    expect(() => applyStakeChange(before, { kind: "withdrawn", amount: 2n })).toThrow(StakeLedgerMismatchError);
  });

  it("should reject a change that takes a bucket below zero", () => {
    expect(() => applyStakeChange(emptyBuckets, { kind: "locked", amount: 1n })).toThrow(StakeLedgerMismatchError);
    expect(() => applyStakeChange(emptyBuckets, { kind: "released", amount: 1n })).toThrow(StakeLedgerMismatchError);
  });

  it("should agree with a model of the contract over a long seeded random walk", () => {
    const random = seededRandom(0x1ea5e);
    const model = new StakeManagerModel();
    const lockers = ["escrow", "court"];
    let buckets = emptyBuckets;
    let totals = emptyTotals;
    const expectedTotals = { ...emptyTotals };
    let applied = 0;
    for (let step = 0; step < 5_000; step++) {
      const amount = BigInt(Math.floor(random() * 200));
      const locker = lockers[Math.floor(random() * lockers.length)]!;
      model.now += BigInt(Math.floor(random() * 60));
      const action = Math.floor(random() * 7);
      const change = [
        () => (amount === 0n ? undefined : model.deposit(amount)),
        () => model.requestWithdrawal(amount),
        () => model.cancelWithdrawal(),
        () => model.withdraw(),
        () => model.lock(locker, amount),
        () => model.release(locker, amount),
        () => (amount === 0n ? undefined : model.slash(amount)),
      ][action]!();
      if (!change) continue;
      applied++;
      if (change.kind === "deposited") expectedTotals.totalDeposited += change.amount;
      if (change.kind === "withdrawn") expectedTotals.totalWithdrawn += change.amount;
      if (change.kind === "slashed") expectedTotals.totalSlashed += change.fromFree + change.fromUnbonding;
      buckets = applyStakeChange(buckets, change);
      totals = applyStakeTotals(totals, change);
      expect(buckets).toEqual(model.stake);
    }
    expect(totals).toEqual(expectedTotals);
    expect(applied).toBeGreaterThan(2_000);
  });
});

describe("# stakeChangeAmount", () => {
  it("should count what a slash took, not what was requested", () => {
    expect(stakeChangeAmount({ kind: "slashed", fromFree: 3n, fromUnbonding: 4n })).toBe(7n);
  });

  it("should be the event's amount for every other change", () => {
    expect(stakeChangeAmount({ kind: "locked", amount: 9n })).toBe(9n);
  });
});

describe("# applyStakeTotals", () => {
  it("should add deposits, withdrawals and slashes to their lifetime totals only", () => {
    const totals = [
      { kind: "deposited", amount: 100n, freeAfter: 100n },
      { kind: "locked", amount: 10n },
      { kind: "withdrawal_requested", amount: 40n, unbondingAfter: 40n, unlockAt: 1n },
      { kind: "withdrawn", amount: 40n },
      { kind: "slashed", fromFree: 5n, fromUnbonding: 0n },
    ].reduce((sum, change) => applyStakeTotals(sum, change as StakeChange), emptyTotals);
    expect(totals).toEqual({ totalDeposited: 100n, totalWithdrawn: 40n, totalSlashed: 5n });
  });
});

describe("# applying changes to a whole operator row", () => {
  const row = { ...emptyBuckets, ...emptyTotals, address: "0x01", agentCount: 2, free: 5n, totalDeposited: 5n };

  it("should return the buckets alone, so spreading them cannot overwrite other columns", () => {
    expect(applyStakeChange(row, { kind: "deposited", amount: 1n, freeAfter: 6n })).toEqual({
      free: 6n,
      locked: 0n,
      unbonding: 0n,
      unlockAt: 0n,
    });
  });

  it("should return the totals alone, so spreading them cannot overwrite the buckets", () => {
    expect(applyStakeTotals(row, { kind: "deposited", amount: 1n, freeAfter: 6n })).toEqual({
      totalDeposited: 6n,
      totalWithdrawn: 0n,
      totalSlashed: 0n,
    });
  });
});
