/**
 * TimelockController events: every scheduled, executed and cancelled call goes to the admin log
 * (the timelock runs every governance decision), one row per operation keeps its state, and the
 * minimum delay is a parameter (`minDelay`, read with `getMinDelay()`). Role events are in
 * access-control.ts.
 */
import { ponder } from "ponder:registry";
import { timelockOperation } from "ponder:schema";
import { eventDetails } from "./lib/admin-actions.ts";
import { recordAdminAction, recordParameterChange } from "./lib/parameter-log.ts";

ponder.on("TimelockController:CallScheduled", async ({ event, context }) => {
  const { id, index, target, value, data, predecessor, delay } = event.args;
  const timestamp = event.block.timestamp;
  // A batch emits one CallScheduled per call, all under the same id.
  await context.db
    .insert(timelockOperation)
    .values({
      id,
      status: "scheduled",
      callCount: 1,
      predecessor,
      delay,
      scheduledAt: timestamp,
      readyAt: timestamp + delay,
      updatedAt: timestamp,
    })
    .onConflictDoUpdate((row) => ({ callCount: row.callCount + 1 }));
  await recordAdminAction(context.db, event, {
    contract: "TimelockController",
    action: "CallScheduled",
    // Only the proposer role (the governor) schedules, but the event does not name the caller.
    actor: null,
    details: eventDetails({ id, index, target, value, data, predecessor, delay }),
  });
});

ponder.on("TimelockController:CallExecuted", async ({ event, context }) => {
  const { id, index, target, value, data } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(timelockOperation, { id })
    .set({ status: "executed", executedAt: timestamp, updatedAt: timestamp });
  await recordAdminAction(context.db, event, {
    contract: "TimelockController",
    action: "CallExecuted",
    actor: null,
    details: eventDetails({ id, index, target, value, data }),
  });
});

ponder.on("TimelockController:Cancelled", async ({ event, context }) => {
  const { id } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(timelockOperation, { id })
    .set({ status: "cancelled", cancelledAt: timestamp, updatedAt: timestamp });
  await recordAdminAction(context.db, event, {
    contract: "TimelockController",
    action: "Cancelled",
    actor: null,
    details: eventDetails({ id }),
  });
});

ponder.on("TimelockController:MinDelayChange", async ({ event, context }) => {
  const { oldDuration, newDuration } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "TimelockController",
    action: "MinDelayChange",
    name: "minDelay",
    oldValue: oldDuration,
    newValue: newDuration,
  });
});
