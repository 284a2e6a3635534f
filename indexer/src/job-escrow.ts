/**
 * JobEscrow events: one row per job, as `getJob` returns it, with its receipt and settlement, a
 * history row per event, the lease's job count and the escrow's parameters. Collateral moves show
 * up as StakeManager lock and release events (stake-manager.ts); role events are in
 * access-control.ts.
 */
import { ponder } from "ponder:registry";
import { job, jobEvent, lease } from "ponder:schema";
import type { Hex } from "viem";
import { eventColumns, type EventMeta } from "./lib/event-meta.ts";
import { jobStatusName, nonZero, type JobStatusName } from "./lib/jobs.ts";
import type { Db } from "./lib/operators.ts";
import { recordAdminAction, recordParameterChange } from "./lib/parameter-log.ts";
import { eventDetails } from "./lib/admin-actions.ts";
import { recordPoolChange } from "./lib/pool.ts";
import { recordReputation } from "./lib/reputation-log.ts";

type JobEventKind = typeof jobEvent.$inferInsert.kind;

async function recordJobEvent(
  db: Db,
  event: EventMeta,
  jobId: bigint,
  kind: JobEventKind,
  statusAfter: JobStatusName,
  actor: Hex | null = null,
): Promise<void> {
  await db.insert(jobEvent).values({ id: event.id, jobId, kind, statusAfter, actor, ...eventColumns(event) });
}

ponder.on("JobEscrow:JobOpened", async ({ event, context }) => {
  const { jobId, agentId, client, leaseId, payment, policyHash, budget, deadline } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(job).values({
    id: jobId,
    leaseId,
    agentId,
    client,
    operator: null,
    payment,
    policyHash,
    budget,
    deadline,
    status: "open",
    collateral: 0n,
    openedAt: timestamp,
    updatedAt: timestamp,
  });
  await context.db.update(lease, { id: leaseId }).set((row) => ({ jobCount: row.jobCount + 1, updatedAt: timestamp }));
  await recordJobEvent(context.db, event, jobId, "opened", "open", client);
});

ponder.on("JobEscrow:JobAccepted", async ({ event, context }) => {
  const { jobId, operator, collateral } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(job, { id: jobId })
    .set({ status: "accepted", operator, collateral, acceptedAt: timestamp, updatedAt: timestamp });
  await recordJobEvent(context.db, event, jobId, "accepted", "accepted", operator);
});

ponder.on("JobEscrow:ReceiptSubmitted", async ({ event, context }) => {
  const { jobId, batchId, receiptDigest, policyHash, outcome, fuelUsed, challengeEndsAt } = event.args;
  const timestamp = event.block.timestamp;
  // A zero challengeEndsAt means the receipt settles the job at once (Voided or Refused): the
  // JobSettled event that follows in the same transaction sets the status.
  const submitted = challengeEndsAt !== 0n;
  const updated = await context.db.update(job, { id: jobId }).set((row) => ({
    status: submitted ? "submitted" : row.status,
    receiptDigest,
    receiptBatchId: batchId,
    receiptPolicyHash: policyHash,
    receiptOutcome: outcome,
    receiptFuelUsed: fuelUsed,
    challengeEndsAt: nonZero(challengeEndsAt),
    submittedAt: timestamp,
    updatedAt: timestamp,
  }));
  await recordJobEvent(context.db, event, jobId, "receipt_submitted", updated.status);
});

ponder.on("JobEscrow:JobFrozen", async ({ event, context }) => {
  const { jobId, by } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.update(job, { id: jobId }).set({ status: "frozen", frozenAt: timestamp, updatedAt: timestamp });
  await recordJobEvent(context.db, event, jobId, "frozen", "frozen", by);
});

ponder.on("JobEscrow:JobSettled", async ({ event, context }) => {
  const { jobId, status, insurance, payout, premium, refund, collateralReleased } = event.args;
  const timestamp = event.block.timestamp;
  const statusName = jobStatusName(status);
  const settled = await context.db.update(job, { id: jobId }).set({
    status: statusName,
    payout,
    premium,
    refund,
    insurance: nonZero(insurance),
    collateralReleased,
    settledAt: timestamp,
    updatedAt: timestamp,
  });
  await recordJobEvent(context.db, event, jobId, "settled", statusName);
  // Premiums are plain transfers to the pool: this event is the only record of them.
  const pool = context.contracts.InsurancePool.address;
  if (premium !== 0n && insurance.toLowerCase() === pool.toLowerCase()) {
    await recordPoolChange(
      context.db,
      event,
      pool,
      { kind: "premium", assets: premium },
      { account: settled.operator, jobId },
    );
  }
  // Paid (by the window passing or a ruling for the agent) earns reputation; Rejected is a dispute lost.
  if (settled.operator && (statusName === "paid" || statusName === "rejected")) {
    await recordReputation(context.db, event, {
      cause: statusName === "paid" ? "job_paid" : "dispute_lost",
      amount: settled.payment,
      agentId: settled.agentId,
      operator: settled.operator,
      jobId,
      disputeId: settled.disputeId,
    });
  }
});

ponder.on("JobEscrow:ChallengeWindowUpdated", async ({ event, context }) => {
  const { oldWindow, newWindow } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "JobEscrow",
    action: "ChallengeWindowUpdated",
    name: "challengeWindow",
    oldValue: oldWindow,
    newValue: newWindow,
  });
});

ponder.on("JobEscrow:CollateralBpsUpdated", async ({ event, context }) => {
  const { oldBps, newBps } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "JobEscrow",
    action: "CollateralBpsUpdated",
    name: "collateralBps",
    oldValue: oldBps,
    newValue: newBps,
  });
});

ponder.on("JobEscrow:PremiumBpsUpdated", async ({ event, context }) => {
  const { oldBps, newBps } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "JobEscrow",
    action: "PremiumBpsUpdated",
    name: "premiumBps",
    oldValue: oldBps,
    newValue: newBps,
  });
});

ponder.on("JobEscrow:InsuranceUpdated", async ({ event, context }) => {
  const { oldInsurance, newInsurance } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "JobEscrow",
    action: "InsuranceUpdated",
    name: "insurance",
    oldValue: oldInsurance,
    newValue: newInsurance,
  });
});

ponder.on("JobEscrow:FrozenJobReleased", async ({ event, context }) => {
  const { jobId, by } = event.args;
  // Anyone may release (no admin log row); JobSettled, right after, pays the job and sets its status.
  await recordJobEvent(context.db, event, jobId, "frozen_released", "frozen", by);
});

ponder.on("JobEscrow:JobDisputeSettled", async ({ event, context }) => {
  const { jobId, agentId, by, agentWins } = event.args;
  // JobSettled, in the same transaction, moves the job and says where the money went.
  await recordAdminAction(context.db, event, {
    contract: "JobEscrow",
    action: "JobDisputeSettled",
    actor: by,
    details: eventDetails({ jobId, agentId, agentWins }),
  });
});
