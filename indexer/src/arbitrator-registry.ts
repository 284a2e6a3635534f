/**
 * ArbitratorRegistry events: each arbitrator's buckets (kept equal to `arbitratorOf`), drawing
 * weight, seats and penalties, and the registry's stake parameters for the admin log. Seats are
 * drawn, released and penalized by the court (dispute-court.ts records the panels); draw
 * sessions and tickets are in draw-line.ts; role events are in access-control.ts.
 */
import { ponder } from "ponder:registry";
import { arbitrator } from "ponder:schema";
import type { Hex } from "viem";
import type { Db } from "./lib/operators.ts";
import { recordParameterChange } from "./lib/parameter-log.ts";

type ArbitratorRow = typeof arbitrator.$inferSelect;

async function updateArbitrator(
  db: Db,
  address: Hex,
  timestamp: bigint,
  change: (row: ArbitratorRow) => Partial<ArbitratorRow>,
): Promise<void> {
  const row =
    (await db.find(arbitrator, { address })) ??
    (await db.insert(arbitrator).values({
      address,
      free: 0n,
      locked: 0n,
      leaving: 0n,
      unlockAt: 0n,
      seats: 0,
      weight: 0n,
      seatsDrawn: 0,
      totalStaked: 0n,
      totalWithdrawn: 0n,
      totalPenalties: 0n,
      feesEarned: 0n,
      joinedAt: timestamp,
      updatedAt: timestamp,
    }));
  const changes = change(row);
  const next = { ...row, ...changes };
  const holds = next.free + next.locked + next.leaving > 0n;
  await db
    .update(arbitrator, { address })
    .set({ ...changes, leftAt: holds ? null : (row.leftAt ?? timestamp), updatedAt: timestamp });
}

ponder.on("ArbitratorRegistry:ArbitratorStaked", async ({ event, context }) => {
  const { arbitrator: address, amount, freeAfter } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, (row) => ({
    free: freeAfter,
    totalStaked: row.totalStaked + amount,
  }));
});

ponder.on("ArbitratorRegistry:LeaveRequested", async ({ event, context }) => {
  const { arbitrator: address, amount, leavingAfter, unlockAt } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, (row) => ({
    free: row.free - amount,
    leaving: leavingAfter,
    unlockAt: BigInt(unlockAt),
  }));
});

ponder.on("ArbitratorRegistry:LeaveCancelled", async ({ event, context }) => {
  const { arbitrator: address, amount } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, (row) => ({
    free: row.free + amount,
    leaving: 0n,
    unlockAt: 0n,
  }));
});

ponder.on("ArbitratorRegistry:ArbitratorWithdrawn", async ({ event, context }) => {
  const { arbitrator: address, amount } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, (row) => ({
    leaving: 0n,
    unlockAt: 0n,
    totalWithdrawn: row.totalWithdrawn + amount,
  }));
});

ponder.on("ArbitratorRegistry:WeightChanged", async ({ event, context }) => {
  const { arbitrator: address, weight } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, () => ({ weight }));
});

ponder.on("ArbitratorRegistry:SeatLocked", async ({ event, context }) => {
  const { arbitrator: address, seatLock } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, (row) => ({
    free: row.free - seatLock,
    locked: row.locked + seatLock,
    seats: row.seats + 1,
    seatsDrawn: row.seatsDrawn + 1,
  }));
});

ponder.on("ArbitratorRegistry:SeatReleased", async ({ event, context }) => {
  const { arbitrator: address, amount } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, (row) => ({
    free: row.free + amount,
    locked: row.locked - amount,
    seats: row.seats - 1,
  }));
});

ponder.on("ArbitratorRegistry:SeatPenalized", async ({ event, context }) => {
  const { arbitrator: address, penalty, released } = event.args;
  await updateArbitrator(context.db, address, event.block.timestamp, (row) => ({
    free: row.free + released,
    locked: row.locked - penalty - released,
    seats: row.seats - 1,
    totalPenalties: row.totalPenalties + penalty,
  }));
});

ponder.on("ArbitratorRegistry:MinimumStakeUpdated", async ({ event, context }) => {
  const { oldMinimum, newMinimum } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "ArbitratorRegistry",
    action: "MinimumStakeUpdated",
    name: "minimumStake",
    oldValue: oldMinimum,
    newValue: newMinimum,
  });
});

ponder.on("ArbitratorRegistry:LeaveDelayUpdated", async ({ event, context }) => {
  const { oldDelay, newDelay } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "ArbitratorRegistry",
    action: "LeaveDelayUpdated",
    name: "leaveDelay",
    oldValue: oldDelay,
    newValue: newDelay,
  });
});
