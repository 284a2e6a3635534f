import { parseEther } from "viem";
import { describe, expect, it } from "vitest";
import { epochWindow } from "../../src/lib/endorsements.ts";
import { applyStakeGroupChange, emptyStakeGroupTotals, type StakeGroupChange } from "../../src/lib/stake-group.ts";

const replay = (changes: StakeGroupChange[]) => changes.reduce(applyStakeGroupChange, emptyStakeGroupTotals);

describe("# applyStakeGroupChange", () => {
  it("should move a withdrawal from live to pending to withdrawn, one member less", () => {
    const amount = parseEther("40");
    expect(
      replay([
        { kind: "deposit", amount },
        { kind: "deposit", amount: parseEther("100") },
        { kind: "withdrawal_request", amount },
      ]),
    ).toEqual({ live: parseEther("100"), pending: amount, withdrawn: 0n, slashed: 0n, members: 1 });
    expect(
      replay([
        { kind: "deposit", amount },
        { kind: "withdrawal_request", amount },
        { kind: "withdrawal", amount },
      ]),
    ).toEqual({ live: 0n, pending: 0n, withdrawn: amount, slashed: 0n, members: 0 });
  });

  it("should take a slash from live when it zeroes the leaf, from pending otherwise", () => {
    const amount = parseEther("150");
    expect(
      replay([
        { kind: "deposit", amount },
        { kind: "slash", amount, leafZeroed: true },
      ]),
    ).toEqual({
      ...emptyStakeGroupTotals,
      slashed: amount,
    });
    expect(
      replay([
        { kind: "deposit", amount },
        { kind: "withdrawal_request", amount },
        { kind: "slash", amount, leafZeroed: false },
      ]),
    ).toEqual({ ...emptyStakeGroupTotals, slashed: amount });
  });
});

describe("# epochWindow", () => {
  it("should list the last epochs up to the current one, oldest first, never below epoch 0", () => {
    expect(epochWindow(20_000n, 3)).toEqual([19_998n, 19_999n, 20_000n]);
    expect(epochWindow(1n, 7)).toEqual([0n, 1n]);
    expect(epochWindow(0n, 1)).toEqual([0n]);
  });
});
