/**
 * Anchoring and submitting a batch of journaled receipts, crash-safe at every step:
 *
 *   1. build the tree (receipt digests, then the audit checkpoint) and journal the batch with its
 *      root and batch id (the id is a pure function of agent and root, so it is known before the
 *      anchor is mined);
 *   2. anchor the root unless ReceiptAnchor already has it;
 *   3. submit each receipt whose job still waits for one (Accepted on chain), with its proof; a
 *      receipt the chain already holds (sent just before a crash) is journaled from its event.
 *
 * A restart after any step re-enters at the next one from the journal alone (resumeBatch): a
 * journaled batch is rebuilt and checked against its root, anchored if the chain lacks it, and
 * only jobs still Accepted on chain are submitted, so nothing is anchored or submitted twice.
 */
import { parseSignedReceipt, type ReceiptDomain } from "@leasehold/sdk";
import type { Hex } from "viem";
import type { AuditLog } from "../audit/index.ts";
import { ContractRevertError, JobStatus, type ChainClient } from "../chain/index.ts";
import { JournalStateError } from "../errors.ts";
import type { ReceiptJournal } from "../journal/index.ts";
import type { JournalBatch } from "../types.ts";
import { buildBatch, rebuildBatch, type BuiltBatch } from "./batch-tree.ts";

export type BatchContext = {
  chain: ChainClient;
  journal: ReceiptJournal;
  audit: AuditLog;
  domain: ReceiptDomain;
};

export type SubmitOutcome =
  | { kind: "submitted"; jobId: bigint; batchId: Hex; proof: Hex[]; txHash: Hex }
  /** The job no longer waits for a receipt (submitted before a crash, refunded, cancelled...). */
  | { kind: "skipped"; jobId: bigint; status: JobStatus }
  /** The escrow reverted the submission: permanent, not retried. */
  | { kind: "refused"; jobId: bigint; error: unknown }
  /** The node could not be reached or the transaction was lost: retried. */
  | { kind: "failed"; jobId: bigint; error: unknown };

/** Batches receipted jobs of one agent (journal state "receipted"), anchors, submits. */
export async function anchorAndSubmit(
  context: BatchContext,
  agentId: bigint,
  jobIds: readonly bigint[],
): Promise<SubmitOutcome[]> {
  const { journal, audit, domain } = context;
  const receipts = jobIds.map((jobId) => {
    const job = journal.get(jobId);
    if (job?.state !== "receipted" || job.signedReceipt === undefined) {
      throw new JournalStateError(`Job ${jobId} has no receipt waiting for a batch`);
    }
    return parseSignedReceipt(job.signedReceipt);
  });
  const checkpoint = audit.head();
  const built = buildBatch({ agentId, jobIds, receipts, checkpoint }, domain);
  await journal.markBatched({
    jobIds,
    root: built.tree.root,
    batchId: BigInt(built.batchId),
    checkpoint: { seq: checkpoint.seq, head: checkpoint.hash },
  });
  await audit.append("batch.built", {
    batchId: built.batchId,
    root: built.tree.root,
    leafCount: built.tree.leafCount,
    auditSeq: checkpoint.seq,
    auditHead: checkpoint.hash,
  });
  await ensureAnchored(context, built);
  return submitAll(context, built, jobIds);
}

/** Finishes a journaled batch after a restart: anchors it if needed, submits what still waits. */
export async function resumeBatch(context: BatchContext, batch: JournalBatch): Promise<SubmitOutcome[]> {
  const built = rebuildBatch(context.journal, batch, context.domain);
  await ensureAnchored(context, built);
  const pending = batch.jobIds.filter((jobId) => context.journal.get(jobId)?.state === "batched");
  return submitAll(context, built, pending);
}

async function ensureAnchored(context: BatchContext, built: BuiltBatch): Promise<void> {
  if ((await context.chain.getBatch(built.batchId)) !== undefined) return;
  const { batchId, txHash } = await context.chain.anchorBatch(built.agentId, built.tree.root, built.tree.leafCount);
  if (batchId !== built.batchId) {
    throw new JournalStateError(`ReceiptAnchor named the batch ${batchId}, not ${built.batchId}`);
  }
  await context.audit.append("batch.anchored", { batchId, root: built.tree.root, txHash });
}

async function submitAll(
  context: BatchContext,
  built: BuiltBatch,
  jobIds: readonly bigint[],
): Promise<SubmitOutcome[]> {
  const { chain, journal, audit } = context;
  const outcomes: SubmitOutcome[] = [];
  for (const jobId of jobIds) {
    const index = built.jobIds.indexOf(jobId);
    try {
      const job = await chain.getJob(jobId);
      if (job.status !== JobStatus.Accepted && job.receiptDigest === built.digests[index]) {
        // Submitted by a process that died before journaling it: journal the transaction now.
        const txHash = await chain.receiptSubmittedTx(jobId);
        if (txHash !== undefined) {
          await journal.markSubmitted(jobId, txHash);
          await audit.append("job.submitted", { jobId: jobId.toString(), batchId: built.batchId, txHash });
          outcomes.push({ kind: "submitted", jobId, batchId: built.batchId, proof: built.tree.proof(index), txHash });
          continue;
        }
      }
      // Past its deadline the escrow refuses any receipt (the client is owed a refund): sending
      // one would only burn gas, and retrying it would never succeed.
      const lapsed = job.status === JobStatus.Accepted && job.deadline < (await chain.now());
      if (job.status !== JobStatus.Accepted || lapsed) {
        await audit.append("job.submit-skipped", { jobId: jobId.toString(), status: job.status, lapsed });
        outcomes.push({ kind: "skipped", jobId, status: job.status });
        continue;
      }
      const signed = parseSignedReceipt(journal.get(jobId)!.signedReceipt!);
      const proof = built.tree.proof(index);
      const txHash = await chain.submitReceipt(jobId, signed, built.batchId, proof);
      await journal.markSubmitted(jobId, txHash);
      await audit.append("job.submitted", { jobId: jobId.toString(), batchId: built.batchId, txHash });
      outcomes.push({ kind: "submitted", jobId, batchId: built.batchId, proof, txHash });
    } catch (error) {
      if (error instanceof ContractRevertError) {
        // The escrow refuses this receipt for good (its state moved on meanwhile): no retry.
        await audit.append("job.submit-refused", { jobId: jobId.toString(), error: error.errorName ?? "revert" });
        outcomes.push({ kind: "refused", jobId, error });
      } else {
        outcomes.push({ kind: "failed", jobId, error });
      }
    }
  }
  return outcomes;
}
