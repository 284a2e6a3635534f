/**
 * GET /court/disputes: disputes newest first, each with its rounds, seats and draw tickets (with
 * how each was drawn, for the audit of its randomness); `arbitrator=` narrows them to the
 * disputes where that address holds a seat (an arbitrator's queue), `phase=` to one phase,
 * `agent=`, `client=` and `operator=` to one party's.
 */
import { db } from "ponder:api";
import { dispute, disputeRound, drawTicket, panelSeat } from "ponder:schema";
import { and, asc, count, desc, eq, inArray, replaceBigInts, type ReplaceBigInts } from "ponder";
import type { GetDisputesParameters } from "./query-parameters.ts";

type Condition = NonNullable<Parameters<typeof and>[number]>;

export type GetDisputesReturnType = ReplaceBigInts<
  {
    total: number;
    items: (typeof dispute.$inferSelect & {
      rounds: (typeof disputeRound.$inferSelect)[];
      seats: (typeof panelSeat.$inferSelect)[];
      tickets: (typeof drawTicket.$inferSelect)[];
    })[];
  },
  string
>;

export async function getDisputes({
  arbitrator,
  phase,
  agent,
  client,
  operator,
  limit,
  offset,
}: GetDisputesParameters): Promise<GetDisputesReturnType> {
  const conditions: Condition[] = [];
  if (phase) conditions.push(eq(dispute.phase, phase));
  if (agent !== undefined) conditions.push(eq(dispute.agentId, agent));
  if (client) conditions.push(eq(dispute.client, client));
  if (operator) conditions.push(eq(dispute.operator, operator));
  if (arbitrator) {
    const seated = db
      .selectDistinct({ id: panelSeat.disputeId })
      .from(panelSeat)
      .where(eq(panelSeat.arbitrator, arbitrator));
    conditions.push(inArray(dispute.id, seated));
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [rows, [counted]] = await Promise.all([
    db.select().from(dispute).where(where).orderBy(desc(dispute.id)).limit(limit).offset(offset),
    db.select({ total: count() }).from(dispute).where(where),
  ]);
  const ids = rows.map((row) => row.id);
  const [rounds, seats, tickets] =
    ids.length === 0
      ? [[], [], []]
      : await Promise.all([
          db.select().from(disputeRound).where(inArray(disputeRound.disputeId, ids)).orderBy(asc(disputeRound.round)),
          db
            .select()
            .from(panelSeat)
            .where(inArray(panelSeat.disputeId, ids))
            .orderBy(asc(panelSeat.round), asc(panelSeat.seat)),
          db.select().from(drawTicket).where(inArray(drawTicket.disputeId, ids)).orderBy(asc(drawTicket.ticket)),
        ]);
  const items = rows.map((row) => ({
    ...row,
    rounds: rounds.filter((round) => round.disputeId === row.id),
    seats: seats.filter((seat) => seat.disputeId === row.id),
    tickets: tickets.filter((ticket) => ticket.disputeId === row.id),
  }));
  return replaceBigInts({ total: counted?.total ?? 0, items }, (value) => value.toString());
}
