/**
 * GET /court/draw-sessions: the registry's draw line now, and its sessions newest first, each with
 * its phase changes and the tickets its randomness drew. Every drawn ticket says whether it was
 * taken before that randomness was requested; `audit` counts the drawn tickets and those that
 * were not, over the whole history (the registry's rules make that count 0).
 */
import { db } from "ponder:api";
import { drawLine, drawPhaseChange, drawSession, drawTicket } from "ponder:schema";
import { and, asc, count, desc, eq, inArray, isNotNull, replaceBigInts, type ReplaceBigInts } from "ponder";
import type { PageParameters } from "./query-parameters.ts";

export type GetDrawSessionsReturnType = ReplaceBigInts<
  {
    /** The line as the registry has it after the latest indexed block; null before its deployment. */
    line: typeof drawLine.$inferSelect | null;
    audit: { ticketsDrawn: number; takenAfterRandomness: number };
    total: number;
    items: (typeof drawSession.$inferSelect & {
      phaseChanges: (typeof drawPhaseChange.$inferSelect)[];
      tickets: (typeof drawTicket.$inferSelect)[];
    })[];
  },
  string
>;

export async function getDrawSessions({ limit, offset }: PageParameters): Promise<GetDrawSessionsReturnType> {
  const [[line], rows, [counted], [drawn], [late]] = await Promise.all([
    db.select().from(drawLine).limit(1),
    db.select().from(drawSession).orderBy(desc(drawSession.session)).limit(limit).offset(offset),
    db.select({ total: count() }).from(drawSession),
    db.select({ total: count() }).from(drawTicket).where(isNotNull(drawTicket.drawnSession)),
    db
      .select({ total: count() })
      .from(drawTicket)
      .where(and(isNotNull(drawTicket.drawnSession), eq(drawTicket.takenBeforeRandomness, false))),
  ]);
  const sessions = rows.map((row) => row.session);
  const [phaseChanges, tickets] =
    sessions.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .select()
            .from(drawPhaseChange)
            .where(inArray(drawPhaseChange.session, sessions))
            .orderBy(asc(drawPhaseChange.id)),
          db
            .select()
            .from(drawTicket)
            .where(inArray(drawTicket.drawnSession, sessions))
            .orderBy(asc(drawTicket.ticket)),
        ]);
  const items = rows.map((row) => ({
    ...row,
    phaseChanges: phaseChanges.filter((change) => change.session === row.session),
    tickets: tickets.filter((ticket) => ticket.drawnSession === row.session),
  }));
  return replaceBigInts(
    {
      line: line ?? null,
      audit: { ticketsDrawn: drawn?.total ?? 0, takenAfterRandomness: late?.total ?? 0 },
      total: counted?.total ?? 0,
      items,
    },
    (value) => value.toString(),
  );
}
