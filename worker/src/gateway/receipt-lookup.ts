/**
 * The gateway's view of the receipt journal: a job's signed receipt and digest, and its inclusion
 * proof once the journal records its batch. Proofs are served from the journal alone: the batch's
 * tree is rebuilt by `batchLeaves` and must give the journaled root, or the lookup throws (the
 * gateway answers 500 rather than hand out a proof of a root that was never anchored).
 */
import {
  buildReceiptTree,
  hashReceipt,
  parseSignedReceipt,
  type ReceiptDomain,
  type ReceiptTree,
} from "@leasehold/sdk";
import { toHex, type Hex } from "viem";
import { rebuildBatch } from "../batching/index.ts";
import { JournalStateError } from "../errors.ts";
import type { ReceiptJournal } from "../journal/index.ts";
import type { JournalBatch } from "../types.ts";
import type { ProofRecord, ReceiptLookup, ReceiptRecord } from "./types.ts";

/** Rebuilt trees kept, by root: a batch of 10,000 receipts takes seconds to rebuild. */
const TREE_CACHE_SIZE = 64;

/**
 * The leaves of a journaled batch, in tree order. The one place the gateway learns the leaf list:
 * it takes it from the batching module (the receipts' EIP-712 digests in the journal's job order,
 * then the audit checkpoint of docs/RECEIPTS.md), which is also what built the anchored tree.
 */
export function batchLeaves(journal: ReceiptJournal, batch: JournalBatch, domain: ReceiptDomain): Hex[] {
  const built = rebuildBatch(journal, batch, domain);
  return built.checkpointDigest === undefined ? built.digests : [...built.digests, built.checkpointDigest];
}

export function createJournalReceiptLookup(journal: ReceiptJournal, domain: ReceiptDomain): ReceiptLookup {
  const trees = new Map<Hex, ReceiptTree>();

  function treeOf(batch: JournalBatch): ReceiptTree {
    const cached = trees.get(batch.root);
    if (cached !== undefined) return cached;
    const tree = buildReceiptTree(batchLeaves(journal, batch, domain));
    if (tree.root !== batch.root) {
      throw new JournalStateError(`Batch ${batch.root} rebuilds to another root (${tree.root})`);
    }
    if (trees.size >= TREE_CACHE_SIZE) trees.delete(trees.keys().next().value!);
    trees.set(batch.root, tree);
    return tree;
  }

  function receiptOf(jobId: bigint): ReceiptRecord | undefined {
    const text = journal.get(jobId)?.signedReceipt;
    if (text === undefined) return undefined;
    const signedReceipt = parseSignedReceipt(text);
    return { signedReceipt, digest: hashReceipt({ receipt: signedReceipt.receipt, domain }) };
  }

  return {
    receiptOf: async (jobId) => receiptOf(jobId),
    proofOf: async (jobId): Promise<ProofRecord | undefined> => {
      const batch = journal.get(jobId)?.batch;
      if (batch === undefined || batch.batchId === undefined) return undefined;
      const index = batch.jobIds.indexOf(jobId);
      if (index < 0) throw new JournalStateError(`Job ${jobId} is not among the jobs of its batch ${batch.root}`);
      const tree = treeOf(batch);
      const digest = receiptOf(jobId)!.digest;
      return {
        batchId: toHex(batch.batchId, { size: 32 }),
        root: tree.root,
        leafCount: tree.leafCount,
        index,
        digest,
        proof: tree.proof(index),
      };
    },
  };
}
