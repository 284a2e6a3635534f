import { parseEther } from "viem";
import { describe, expect, it } from "vitest";
import {
  applyPoolChange,
  emptyPoolTotals,
  PoolLedgerMismatchError,
  sharePrice,
  type PoolChange,
} from "../../src/lib/pool-ledger.ts";

const replay = (changes: PoolChange[]) => changes.reduce(applyPoolChange, emptyPoolTotals);

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

  it("should take a claim's reservation out of the assets at filing, and leave them alone at payment", () => {
    const filed = replay([
      { kind: "deposit", assets: parseEther("100"), shares: parseEther("100") },
      { kind: "claim_filed", reserved: parseEther("30") },
    ]);
    expect(filed).toMatchObject({ totalAssets: parseEther("70"), totalReserved: parseEther("30") });
    const paid = applyPoolChange(filed, { kind: "claim_paid", paid: parseEther("30") });
    expect(paid).toMatchObject({
      totalAssets: parseEther("70"),
      totalReserved: 0n,
      claimsPaidToDate: parseEther("30"),
    });
    const cancelled = applyPoolChange(filed, { kind: "claim_cancelled", released: parseEther("30") });
    expect(cancelled).toMatchObject({ totalAssets: parseEther("100"), totalReserved: 0n });
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

  it("should refuse a change that takes a total below zero", () => {
    expect(() => applyPoolChange(emptyPoolTotals, { kind: "withdraw", assets: 1n, shares: 1n })).toThrow(
      PoolLedgerMismatchError,
    );
    expect(() => applyPoolChange(emptyPoolTotals, { kind: "claim_paid", paid: 1n })).toThrow(PoolLedgerMismatchError);
  });
});

describe("# sharePrice", () => {
  it("should be null without shares", () => {
    expect(sharePrice(emptyPoolTotals)).toBeNull();
  });
});
