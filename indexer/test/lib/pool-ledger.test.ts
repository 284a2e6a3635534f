import { parseEther } from "viem";
import { describe, expect, it } from "vitest";
import {
  applyPoolChange,
  emptyPoolTotals,
  holderPart,
  POOL_VIRTUAL_SHARES,
  PoolLedgerMismatchError,
  releaseSplit,
  sharePrice,
  type PoolChange,
} from "../../src/lib/pool-ledger.ts";

const replay = (changes: PoolChange[]) => changes.reduce(applyPoolChange, emptyPoolTotals);
const SHARES = parseEther("100") * POOL_VIRTUAL_SHARES;

describe("# applyPoolChange", () => {
  it("should mint and burn shares with deposits and withdrawals", () => {
    const totals = replay([
      { kind: "deposit", assets: parseEther("100"), shares: parseEther("100") },
      { kind: "withdraw", assets: parseEther("40"), shares: parseEther("40") },
    ]);
    expect(totals).toMatchObject({
      totalAssets: parseEther("60"),
      totalSupply: parseEther("60"),
      depositedToDate: parseEther("100"),
      withdrawnToDate: parseEther("40"),
    });
  });

  it("should take a claim's reservation out of the assets at filing, and never give it back to them", () => {
    const filed = replay([
      { kind: "deposit", assets: parseEther("100"), shares: SHARES },
      { kind: "claim_filed", reserved: parseEther("30") },
    ]);
    expect(filed).toMatchObject({ totalAssets: parseEther("70"), totalReserved: parseEther("30") });
    const { owned } = releaseSplit(parseEther("20"), SHARES);
    const paid = applyPoolChange(filed, {
      kind: "claim_paid",
      paid: parseEther("10"),
      released: parseEther("20"),
      owned,
    });
    expect(paid).toMatchObject({
      totalAssets: parseEther("70"),
      totalReserved: 0n,
      totalReleasable: owned,
      totalUnowned: parseEther("20") - owned,
      claimsPaidToDate: parseEther("10"),
      releasedToDate: parseEther("20"),
    });
    const cancelled = applyPoolChange(filed, {
      kind: "claim_cancelled",
      released: parseEther("30"),
      owned: releaseSplit(parseEther("30"), SHARES).owned,
    });
    expect(cancelled).toMatchObject({ totalAssets: parseEther("70"), totalReserved: 0n });
    expect(cancelled.totalReleasable + cancelled.totalUnowned).toBe(parseEther("30"));
  });

  it("should take collected releases out of the releasable total only", () => {
    const settled = replay([
      { kind: "deposit", assets: parseEther("100"), shares: SHARES },
      { kind: "claim_filed", reserved: parseEther("30") },
      { kind: "claim_cancelled", released: parseEther("30"), owned: parseEther("29") },
    ]);
    const collected = applyPoolChange(settled, { kind: "release_collected", amount: parseEther("29") });
    expect(collected).toMatchObject({
      totalAssets: parseEther("70"),
      totalReleasable: 0n,
      totalUnowned: parseEther("1"),
      collectedToDate: parseEther("29"),
    });
  });

  it("should raise the assets, not the supply, with premiums and court transfers", () => {
    const totals = replay([
      { kind: "deposit", assets: parseEther("100"), shares: parseEther("100") },
      { kind: "premium", assets: parseEther("2") },
      { kind: "court_transfer", assets: parseEther("1") },
    ]);
    expect(totals).toMatchObject({
      totalAssets: parseEther("103"),
      totalSupply: parseEther("100"),
      premiumsToDate: parseEther("2"),
      courtTransfersToDate: parseEther("1"),
    });
    expect(sharePrice(totals)).toBe(parseEther("1.03"));
  });

  it("should leave the totals alone for redeem requests and cancellations", () => {
    const deposited = replay([{ kind: "deposit", assets: 10n, shares: 10n }]);
    expect(applyPoolChange(deposited, { kind: "redeem_requested", shares: 5n })).toEqual(deposited);
    expect(applyPoolChange(deposited, { kind: "redeem_cancelled", shares: 5n })).toEqual(deposited);
  });

  it("should refuse a change that takes a total below zero or gives the holders more than was released", () => {
    expect(() => applyPoolChange(emptyPoolTotals, { kind: "withdraw", assets: 1n, shares: 1n })).toThrow(
      PoolLedgerMismatchError,
    );
    expect(() => applyPoolChange(emptyPoolTotals, { kind: "claim_paid", paid: 1n, released: 0n, owned: 0n })).toThrow(
      PoolLedgerMismatchError,
    );
    expect(() => applyPoolChange(emptyPoolTotals, { kind: "release_collected", amount: 1n })).toThrow(
      PoolLedgerMismatchError,
    );
    const filed = replay([{ kind: "claim_filed", reserved: 0n }]);
    expect(() => applyPoolChange(filed, { kind: "claim_cancelled", released: 0n, owned: 1n })).toThrow(
      PoolLedgerMismatchError,
    );
  });
});

describe("# releaseSplit", () => {
  it("should give a release filed on a pool without shares to nobody", () => {
    expect(releaseSplit(parseEther("5"), 0n)).toEqual({ owned: 0n, unowned: parseEther("5") });
  });

  it("should leave the virtual shares their part", () => {
    // One real share per virtual share: half each.
    expect(releaseSplit(10n, POOL_VIRTUAL_SHARES)).toEqual({ owned: 5n, unowned: 5n });
    // At ordinary sizes the virtual part is a wei or less.
    const { unowned } = releaseSplit(parseEther("30"), SHARES);
    expect(unowned).toBeLessThanOrEqual(1n);
  });
});

describe("# holderPart", () => {
  it("should never hand out more than the holders' part, whatever the split of shares", () => {
    const released = parseEther("7") + 3n;
    const supply = 3n * SHARES + 1n;
    const holders = [SHARES, SHARES + 1n, SHARES];
    const parts = holders.map((held) => holderPart(released, held, supply));
    const total = parts.reduce((sum, part) => sum + part, 0n);
    expect(total).toBeLessThanOrEqual(releaseSplit(released, supply).owned);
    expect(releaseSplit(released, supply).owned - total).toBeLessThan(BigInt(holders.length));
  });
});

describe("# sharePrice", () => {
  it("should be null without shares", () => {
    expect(sharePrice(emptyPoolTotals)).toBeNull();
  });
});
