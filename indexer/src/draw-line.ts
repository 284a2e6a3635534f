/**
 * The arbitrator registry's draw line (IArbitratorRegistry, "Draw sessions"): the line's state
 * now, each session with the randomness request whose value drew it, every phase change, and
 * every ticket from the moment the court takes it to its draw or cancellation. Each drawn ticket
 * records whether it was taken before the randomness that drew it was requested, so anyone can
 * audit that no draw used a value known while its place in line could still change. The court's
 * side (which dispute round a ticket belongs to, deferrals) is in dispute-court.ts.
 */
import { ponder } from "ponder:registry";
import { drawLine, drawPhaseChange, drawSession, drawTicket } from "ponder:schema";
import type { Hex } from "viem";
import { eventDetails } from "./lib/admin-actions.ts";
import { drawPhaseName } from "./lib/court.ts";
import { eventColumns, type EventMeta } from "./lib/event-meta.ts";
import type { Db } from "./lib/operators.ts";
import { recordAdminAction, recordParameterChange, setParameter } from "./lib/parameter-log.ts";

type DrawLineRow = typeof drawLine.$inferSelect;

/**
 * Change the line's row, creating it at the registry's first event (its constructor sets the
 * randomness source and the schedule, and starts the first Staking phase then).
 */
async function updateDrawLine(
  db: Db,
  registry: Hex,
  event: EventMeta,
  change: (row: DrawLineRow) => Partial<DrawLineRow>,
): Promise<DrawLineRow> {
  const row =
    (await db.find(drawLine, { registry })) ??
    (await db.insert(drawLine).values({
      registry,
      phase: "staking",
      session: 0n,
      phaseStartedAt: event.block.timestamp,
      minStakingTime: 0n,
      maxDrawingTime: 0n,
      randomnessSource: "0x0000000000000000000000000000000000000000",
      openTickets: 0,
      updatedAt: event.block.timestamp,
    }));
  return db.update(drawLine, { registry }).set({ ...change(row), updatedAt: event.block.timestamp });
}

ponder.on("ArbitratorRegistry:PhasePassed", async ({ event, context }) => {
  const { phase: value, session, requestId, randomness } = event.args;
  const registry = context.contracts.ArbitratorRegistry.address;
  const phase = drawPhaseName(value);
  const timestamp = event.block.timestamp;
  await context.db.insert(drawPhaseChange).values({
    id: event.id,
    phase,
    session,
    requestId,
    randomness,
    ...eventColumns(event),
  });
  const before = await context.db.find(drawLine, { registry });
  // Generating again in the same session is an expired request made again: the phase goes on.
  const entered = !(before?.phase === phase && before.session === session);
  await updateDrawLine(context.db, registry, event, () => ({
    phase,
    session,
    ...(entered ? { phaseStartedAt: timestamp } : {}),
  }));
  if (phase === "generating") {
    const request = { requestId, requestedBlock: event.block.number, requestEventId: event.id, updatedAt: timestamp };
    await context.db
      .insert(drawSession)
      .values({
        session,
        phase,
        ...request,
        requests: 1,
        ticketsDrawn: 0,
        startedAt: timestamp,
        timedOut: false,
      })
      .onConflictDoUpdate((row) => ({ ...request, requests: row.requests + 1 }));
  } else if (phase === "drawing") {
    await context.db
      .update(drawSession, { session })
      .set({ phase, randomness, revealedAt: timestamp, updatedAt: timestamp });
  } else {
    await context.db.update(drawSession, { session }).set((row) => ({
      phase,
      endedAt: timestamp,
      timedOut: row.randomness === null,
      updatedAt: timestamp,
    }));
  }
});

ponder.on("ArbitratorRegistry:DrawRequested", async ({ event, context }) => {
  const { court, ticket, session } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(drawTicket).values({
    ticket,
    court,
    session,
    status: "open",
    requestedBlock: event.block.number,
    requestedAt: timestamp,
    requestEventId: event.id,
    transactionHash: event.transaction.hash,
    updatedAt: timestamp,
  });
  await updateDrawLine(context.db, context.contracts.ArbitratorRegistry.address, event, (row) => ({
    openTickets: row.openTickets + 1,
  }));
});

ponder.on("ArbitratorRegistry:TicketDrawn", async ({ event, context }) => {
  const { ticket, seats } = event.args;
  const timestamp = event.block.timestamp;
  const line = await updateDrawLine(context.db, context.contracts.ArbitratorRegistry.address, event, (row) => ({
    openTickets: row.openTickets - 1,
  }));
  // Tickets are drawn only in Drawing, with the value of the session the line is in.
  const session = await context.db
    .update(drawSession, { session: line.session })
    .set((row) => ({ ticketsDrawn: row.ticketsDrawn + 1, updatedAt: timestamp }));
  await context.db.update(drawTicket, { ticket }).set((row) => ({
    status: seats === 0n ? "empty" : "drawn",
    seats: Number(seats),
    drawnSession: session.session,
    randomnessRequestId: session.requestId,
    randomness: session.randomness,
    // Ponder's event ids are checkpoints: fixed-width decimal strings in chain order.
    takenBeforeRandomness: row.requestEventId < session.requestEventId,
    drawnAt: timestamp,
    updatedAt: timestamp,
  }));
});

ponder.on("ArbitratorRegistry:DrawCancelled", async ({ event, context }) => {
  const { ticket } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(drawTicket, { ticket })
    .set({ status: "cancelled", cancelledAt: timestamp, updatedAt: timestamp });
  await updateDrawLine(context.db, context.contracts.ArbitratorRegistry.address, event, (row) => ({
    openTickets: row.openTickets - 1,
  }));
});

ponder.on("ArbitratorRegistry:RandomnessSourceUpdated", async ({ event, context }) => {
  const { oldSource, newSource } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "ArbitratorRegistry",
    action: "RandomnessSourceUpdated",
    name: "randomnessSource",
    oldValue: oldSource,
    newValue: newSource,
  });
  await updateDrawLine(context.db, context.contracts.ArbitratorRegistry.address, event, () => ({
    randomnessSource: newSource.toLowerCase() as Hex,
  }));
});

ponder.on("ArbitratorRegistry:DrawScheduleUpdated", async ({ event, context }) => {
  const { minStakingTime, maxDrawingTime } = event.args;
  // The event carries the new schedule only; the parameter table keeps one value per field.
  await recordAdminAction(context.db, event, {
    contract: "ArbitratorRegistry",
    action: "DrawScheduleUpdated",
    actor: null,
    details: eventDetails({ minStakingTime, maxDrawingTime }),
  });
  await setParameter(context.db, event, "ArbitratorRegistry", "minStakingTime", minStakingTime);
  await setParameter(context.db, event, "ArbitratorRegistry", "maxDrawingTime", maxDrawingTime);
  await updateDrawLine(context.db, context.contracts.ArbitratorRegistry.address, event, () => ({
    minStakingTime,
    maxDrawingTime,
  }));
});
