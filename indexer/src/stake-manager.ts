/**
 * StakeManager events: the operator's buckets (kept equal to `stakeOf`), one stake history row
 * per event, slashes, and parameter changes for the admin log and the `parameter` table. Role events are in
 * access-control.ts.
 */
import { ponder } from "ponder:registry";
import { dispute, operator, slash, stakeEvent } from "ponder:schema";
import { eq } from "ponder";
import type { Hex } from "viem";
import { eventColumns, type EventMeta } from "./lib/event-meta.ts";
import { findOrCreateOperator, type Db } from "./lib/operators.ts";
import { recordParameterChange } from "./lib/parameter-log.ts";
import { recordReputation } from "./lib/reputation-log.ts";
import { applyStakeChange, applyStakeTotals, stakeChangeAmount, type StakeChange } from "./lib/stake-ledger.ts";

async function recordStakeChange(
  db: Db,
  event: EventMeta,
  operatorAddress: Hex,
  change: StakeChange,
  counterparty: Hex | null = null,
): Promise<void> {
  const before = await findOrCreateOperator(db, operatorAddress, event.block.timestamp);
  const buckets = applyStakeChange(before, change);
  const totals = applyStakeTotals(before, change);
  await db
    .update(operator, { address: operatorAddress })
    .set({ ...buckets, ...totals, updatedAt: event.block.timestamp });
  await db.insert(stakeEvent).values({
    id: event.id,
    operator: operatorAddress,
    kind: change.kind,
    amount: stakeChangeAmount(change),
    counterparty,
    freeAfter: buckets.free,
    lockedAfter: buckets.locked,
    unbondingAfter: buckets.unbonding,
    ...eventColumns(event),
  });
}

ponder.on("StakeManager:StakeDeposited", async ({ event, context }) => {
  const { operator, amount, freeAfter } = event.args;
  await recordStakeChange(context.db, event, operator, { kind: "deposited", amount, freeAfter });
});

ponder.on("StakeManager:WithdrawalRequested", async ({ event, context }) => {
  const { operator, amount, unbondingAfter, unlockAt } = event.args;
  await recordStakeChange(context.db, event, operator, {
    kind: "withdrawal_requested",
    amount,
    unbondingAfter,
    unlockAt,
  });
});

ponder.on("StakeManager:WithdrawalCancelled", async ({ event, context }) => {
  const { operator, amount } = event.args;
  await recordStakeChange(context.db, event, operator, { kind: "withdrawal_cancelled", amount });
});

ponder.on("StakeManager:StakeWithdrawn", async ({ event, context }) => {
  const { operator, recipient, amount } = event.args;
  await recordStakeChange(context.db, event, operator, { kind: "withdrawn", amount }, recipient);
});

ponder.on("StakeManager:StakeLocked", async ({ event, context }) => {
  const { locker, operator, amount } = event.args;
  await recordStakeChange(context.db, event, operator, { kind: "locked", amount }, locker);
});

ponder.on("StakeManager:SlashableStakeLocked", async ({ event, context }) => {
  const { locker, operator, fromFree, fromUnbonding, unlockAt } = event.args;
  await recordStakeChange(
    context.db,
    event,
    operator,
    { kind: "locked_slashable", fromFree, fromUnbonding, unlockAt: BigInt(unlockAt) },
    locker,
  );
});

ponder.on("StakeManager:StakeReleased", async ({ event, context }) => {
  const { locker, operator, amount } = event.args;
  await recordStakeChange(context.db, event, operator, { kind: "released", amount }, locker);
});

ponder.on("StakeManager:StakeSlashed", async ({ event, context }) => {
  const { operator, slasher, recipient, reason, requested, fromFree, fromUnbonding } = event.args;
  await recordStakeChange(context.db, event, operator, { kind: "slashed", fromFree, fromUnbonding }, slasher);
  // The court slashes under `disputeRef(disputeId)`; any other reason names no dispute.
  const [disputed] = await context.db.sql.select().from(dispute).where(eq(dispute.ref, reason)).limit(1);
  await context.db.insert(slash).values({
    id: event.id,
    operator,
    slasher,
    recipient,
    reason,
    disputeId: disputed?.id ?? null,
    requested,
    fromFree,
    fromUnbonding,
    ...eventColumns(event),
  });
  const taken = fromFree + fromUnbonding;
  // A slash that takes nothing (an address without stake) costs no reputation.
  if (taken !== 0n) {
    await recordReputation(context.db, event, {
      cause: "slashed",
      amount: taken,
      agentId: disputed?.agentId ?? null,
      operator,
      jobId: disputed?.jobId ?? null,
      disputeId: disputed?.id ?? null,
    });
  }
});

ponder.on("StakeManager:MinimumStakeUpdated", async ({ event, context }) => {
  const { oldMinimum, newMinimum } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "StakeManager",
    action: "MinimumStakeUpdated",
    name: "minimumStake",
    oldValue: oldMinimum,
    newValue: newMinimum,
  });
});

ponder.on("StakeManager:UnbondingDelayUpdated", async ({ event, context }) => {
  const { oldDelay, newDelay } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "StakeManager",
    action: "UnbondingDelayUpdated",
    name: "unbondingDelay",
    oldValue: oldDelay,
    newValue: newDelay,
  });
});
