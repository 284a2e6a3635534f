/**
 * DisputeCourt events: one row per dispute, round, seat and evidence submission, which dispute
 * round each draw ticket belongs to, the court's balances, the pool's inflows from the court
 * (unshared panel fees, fee dust) and its parameters for the admin log. The escrow's side of a
 * ruling (JobFrozen, JobSettled), the slash and the claim are recorded by their own contracts'
 * handlers; the draw line's sessions and tickets are in draw-line.ts; role events are in
 * access-control.ts.
 */
import { ponder } from "ponder:registry";
import { arbitrator, courtBalance, dispute, disputeRound, drawTicket, evidence, job, panelSeat } from "ponder:schema";
import type { Hex } from "viem";
import { disputeRef } from "@leasehold/sdk";
import { eventDetails } from "./lib/admin-actions.ts";
import {
  disputeRoundStarted,
  disputeRuled,
  insuredGap,
  rulingName,
  roundId,
  seatId,
  shareRemainder,
} from "./lib/court.ts";
import { eventColumns } from "./lib/event-meta.ts";
import type { Db } from "./lib/operators.ts";
import { recordAdminAction, setParameter } from "./lib/parameter-log.ts";
import { recordPoolChange } from "./lib/pool.ts";

async function changeBalance(
  db: Db,
  account: Hex,
  timestamp: bigint,
  change: { credited?: bigint; withdrawn?: bigint },
): Promise<void> {
  const credited = change.credited ?? 0n;
  const withdrawn = change.withdrawn ?? 0n;
  await db
    .insert(courtBalance)
    .values({
      account,
      balance: credited - withdrawn,
      totalCredited: credited,
      totalWithdrawn: withdrawn,
      updatedAt: timestamp,
    })
    .onConflictDoUpdate((row) => ({
      balance: row.balance + credited - withdrawn,
      totalCredited: row.totalCredited + credited,
      totalWithdrawn: row.totalWithdrawn + withdrawn,
      updatedAt: timestamp,
    }));
}

ponder.on("DisputeCourt:DisputeOpened", async ({ event, context }) => {
  const { disputeId, jobId, client, operator, agentId, bond, compensation, operatorLock, claimId } = event.args;
  const timestamp = event.block.timestamp;
  const disputed = await context.db.update(job, { id: jobId }).set({ disputeId, updatedAt: timestamp });
  const { collateral } = disputed;
  await context.db.insert(dispute).values({
    id: disputeId,
    jobId,
    agentId,
    client,
    operator,
    payment: disputed.payment,
    bond,
    compensation,
    collateral,
    operatorLock,
    insuredGap: insuredGap({ compensation, collateral, operatorLock }),
    claimId: claimId === 0n ? null : claimId,
    ref: disputeRef(disputeId),
    phase: "drawing",
    round: 0,
    evidenceCount: 0,
    openedAt: timestamp,
    transactionHash: event.transaction.hash,
    updatedAt: timestamp,
  });
});

ponder.on("DisputeCourt:EvidenceSubmitted", async ({ event, context }) => {
  const { disputeId, party, batchIds, receiptDigests, uri } = event.args;
  await context.db.insert(evidence).values({
    id: event.id,
    disputeId,
    party,
    batchIds: [...batchIds],
    receiptDigests: [...receiptDigests],
    uri,
    ...eventColumns(event),
  });
  await context.db
    .update(dispute, { id: disputeId })
    .set((row) => ({ evidenceCount: row.evidenceCount + 1, updatedAt: event.block.timestamp }));
});

ponder.on("DisputeCourt:RoundStarted", async ({ event, context }) => {
  const { disputeId, round, bondPoster, bond, seats, drawTicket: ticket, drawDeadline } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(disputeRound).values({
    id: roundId(disputeId, round),
    disputeId,
    round,
    bondPoster,
    bond,
    seats: Number(seats),
    drawTicket: ticket,
    deferrals: 0,
    drawDeadline,
    panel: [],
    commits: 0,
    reveals: 0,
    votesForClient: 0,
    votesForAgent: 0,
    lapsed: false,
    startedAt: timestamp,
    updatedAt: timestamp,
  });
  await context.db.update(dispute, { id: disputeId }).set({ ...disputeRoundStarted(round), updatedAt: timestamp });
  // The registry's DrawRequested, earlier in the transaction, created the ticket's row.
  await context.db.update(drawTicket, { ticket }).set({ disputeId, round, updatedAt: timestamp });
});

ponder.on("DisputeCourt:DrawDeferred", async ({ event, context }) => {
  const { disputeId, round, oldTicket, newTicket } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(disputeRound, { id: roundId(disputeId, round) })
    .set((row) => ({ drawTicket: newTicket, deferrals: row.deferrals + 1, updatedAt: timestamp }));
  await context.db.update(drawTicket, { ticket: oldTicket }).set({ deferredTo: newTicket, updatedAt: timestamp });
  await context.db.update(drawTicket, { ticket: newTicket }).set({ disputeId, round, updatedAt: timestamp });
});

ponder.on("DisputeCourt:PanelDrawn", async ({ event, context }) => {
  const { disputeId, round, panel, lockPerSeat, commitEndsAt, revealEndsAt } = event.args;
  const timestamp = event.block.timestamp;
  const arbitrators = panel.map((address) => address.toLowerCase() as Hex);
  await context.db.update(disputeRound, { id: roundId(disputeId, round) }).set({
    panel: arbitrators,
    lockPerSeat,
    commitEndsAt,
    revealEndsAt,
    drawnAt: timestamp,
    updatedAt: timestamp,
  });
  await context.db.update(dispute, { id: disputeId }).set({ phase: "voting", updatedAt: timestamp });
  for (const [seat, arbitrator] of arbitrators.entries()) {
    await context.db.insert(panelSeat).values({
      id: seatId(disputeId, round, arbitrator),
      disputeId,
      round,
      seat,
      arbitrator,
      lockAmount: lockPerSeat,
      penalty: 0n,
      penalized: false,
      feeCredited: 0n,
      drawnAt: timestamp,
      updatedAt: timestamp,
    });
  }
});

ponder.on("DisputeCourt:VoteCommitted", async ({ event, context }) => {
  const { disputeId, round, arbitrator } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(panelSeat, { id: seatId(disputeId, round, arbitrator) })
    .set({ committedAt: timestamp, updatedAt: timestamp });
  await context.db
    .update(disputeRound, { id: roundId(disputeId, round) })
    .set((row) => ({ commits: row.commits + 1, updatedAt: timestamp }));
});

ponder.on("DisputeCourt:VoteRevealed", async ({ event, context }) => {
  const { disputeId, round, arbitrator, vote } = event.args;
  const timestamp = event.block.timestamp;
  const name = rulingName(vote);
  await context.db
    .update(panelSeat, { id: seatId(disputeId, round, arbitrator) })
    .set({ revealedAt: timestamp, vote: name, updatedAt: timestamp });
  await context.db.update(disputeRound, { id: roundId(disputeId, round) }).set((row) => ({
    reveals: row.reveals + 1,
    votesForClient: row.votesForClient + (name === "client" ? 1 : 0),
    votesForAgent: row.votesForAgent + (name === "agent" ? 1 : 0),
    updatedAt: timestamp,
  }));
});

ponder.on("DisputeCourt:ArbitratorPenalized", async ({ event, context }) => {
  const { disputeId, round, arbitrator, penalty } = event.args;
  await context.db
    .update(panelSeat, { id: seatId(disputeId, round, arbitrator) })
    .set({ penalty, penalized: true, coherent: false, updatedAt: event.block.timestamp });
});

ponder.on("DisputeCourt:RoundRuled", async ({ event, context }) => {
  const {
    disputeId,
    round,
    ruling,
    lapsed,
    votesForClient,
    votesForAgent,
    fee,
    penalties,
    coherentVoters,
    appealEndsAt,
  } = event.args;
  const timestamp = event.block.timestamp;
  const name = rulingName(ruling);
  const updated = await context.db.update(disputeRound, { id: roundId(disputeId, round) }).set({
    ruling: name,
    lapsed,
    votesForClient,
    votesForAgent,
    fee,
    penalties,
    coherentVoters: Number(coherentVoters),
    appealEndsAt,
    ruledAt: timestamp,
    updatedAt: timestamp,
  });
  await context.db.update(dispute, { id: disputeId }).set({ ...disputeRuled(ruling), updatedAt: timestamp });
  // Seats penalized in this transaction were marked before; every other seat revealed.
  for (const arbitrator of updated.panel) {
    const id = seatId(disputeId, round, arbitrator);
    await context.db.update(panelSeat, { id }).set((seat) => ({ coherent: seat.vote === name, updatedAt: timestamp }));
  }
  const toPool = lapsed ? 0n : shareRemainder(fee + penalties, coherentVoters);
  if (toPool !== 0n) {
    await recordPoolChange(
      context.db,
      event,
      context.contracts.InsurancePool.address,
      { kind: "court_transfer", assets: toPool },
      { disputeId },
    );
  }
});

ponder.on("DisputeCourt:DisputeAppealed", async ({ event, context }) => {
  const { disputeId, appellant } = event.args;
  // RoundStarted, right after, opens round 1.
  await context.db
    .update(dispute, { id: disputeId })
    .set({ appellant, appealedAt: event.block.timestamp, updatedAt: event.block.timestamp });
});

ponder.on("DisputeCourt:RulingExecuted", async ({ event, context }) => {
  const { disputeId, ruling, slashed, insured, toClient, toOperator } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.update(dispute, { id: disputeId }).set({
    phase: "executed",
    ruling: rulingName(ruling),
    slashed,
    insured,
    toClient,
    toOperator,
    executedAt: timestamp,
    updatedAt: timestamp,
  });
});

ponder.on("DisputeCourt:BalanceCredited", async ({ event, context }) => {
  const { disputeId, account, amount } = event.args;
  const timestamp = event.block.timestamp;
  await changeBalance(context.db, account, timestamp, { credited: amount });
  // Panel fees go to seats of the round just ruled; the parties, never seated, get the rest.
  const current = await context.db.find(dispute, { id: disputeId });
  const seat = current && (await context.db.find(panelSeat, { id: seatId(disputeId, current.round, account) }));
  if (seat) {
    await context.db
      .update(panelSeat, { id: seat.id })
      .set({ feeCredited: seat.feeCredited + amount, updatedAt: timestamp });
    await context.db
      .update(arbitrator, { address: seat.arbitrator })
      .set((row) => ({ feesEarned: row.feesEarned + amount, updatedAt: timestamp }));
  }
});

ponder.on("DisputeCourt:BalanceWithdrawn", async ({ event, context }) => {
  const { account, amount } = event.args;
  await changeBalance(context.db, account, event.block.timestamp, { withdrawn: amount });
});

ponder.on("DisputeCourt:ParamsUpdated", async ({ event, context }) => {
  const { params } = event.args;
  await recordAdminAction(context.db, event, {
    contract: "DisputeCourt",
    action: "ParamsUpdated",
    actor: null,
    details: eventDetails({ params }),
  });
  // `params()` returns them together; the parameter table keeps one value per field.
  for (const [name, value] of Object.entries(params)) {
    await setParameter(context.db, event, "DisputeCourt", name, value);
  }
});
