/**
 * The anonymous stake group's totals, replayed from its events alone: every token that enters or
 * leaves the group is named by one (`Deposited`, `Withdrawn`, `Slashed`), and a withdrawal
 * request moves a stake from live to pending without moving tokens.
 */

export interface StakeGroupTotals {
  /** `totalLive()`. */
  live: bigint;
  /** `totalPending()`: requested, not paid, still slashable. */
  pending: bigint;
  withdrawn: bigint;
  slashed: bigint;
  /** Live identities. */
  members: number;
}

export type StakeGroupChange =
  | { kind: "deposit"; amount: bigint }
  | { kind: "withdrawal_request"; amount: bigint }
  | { kind: "withdrawal"; amount: bigint }
  /** `leafZeroed`: the identity was live; otherwise its pending withdrawal was taken. */
  | { kind: "slash"; amount: bigint; leafZeroed: boolean };

export const emptyStakeGroupTotals: StakeGroupTotals = {
  live: 0n,
  pending: 0n,
  withdrawn: 0n,
  slashed: 0n,
  members: 0,
};

export function applyStakeGroupChange(totals: StakeGroupTotals, change: StakeGroupChange): StakeGroupTotals {
  const { amount } = change;
  switch (change.kind) {
    case "deposit":
      return { ...totals, live: totals.live + amount, members: totals.members + 1 };
    case "withdrawal_request":
      return { ...totals, live: totals.live - amount, pending: totals.pending + amount, members: totals.members - 1 };
    case "withdrawal":
      return { ...totals, pending: totals.pending - amount, withdrawn: totals.withdrawn + amount };
    case "slash":
      return change.leafZeroed
        ? { ...totals, live: totals.live - amount, slashed: totals.slashed + amount, members: totals.members - 1 }
        : { ...totals, pending: totals.pending - amount, slashed: totals.slashed + amount };
  }
}
