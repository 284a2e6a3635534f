/**
 * The leaves of a receipt batch (docs/RECEIPTS.md): the receipts' EIP-712 digests in the journal's
 * job order, then the checkpoint of the worker's audit head. The same function builds the tree
 * that is anchored and, after a restart or for the gateway, rebuilds it from the journal alone,
 * so a proof served later is always a proof of the root that was anchored.
 */
import {
  buildReceiptTree,
  hashAuditCheckpoint,
  hashReceipt,
  parseSignedReceipt,
  type ReceiptDomain,
  type ReceiptTree,
  type SignedReceipt,
} from "@leasehold/sdk";
import { encodeAbiParameters, keccak256, type Hex } from "viem";
import { JournalStateError } from "../errors.ts";
import type { ReceiptJournal } from "../journal/index.ts";
import type { AuditHead, JournalBatch } from "../types.ts";

export type BatchContents = {
  agentId: bigint;
  jobIds: readonly bigint[];
  receipts: readonly SignedReceipt[];
  checkpoint: AuditHead | undefined;
};

export type BuiltBatch = {
  agentId: bigint;
  jobIds: bigint[];
  /** Receipt digests, in leaf order (index i is job i). */
  digests: Hex[];
  /** The checkpoint leaf's digest, the batch's last leaf. */
  checkpointDigest: Hex | undefined;
  tree: ReceiptTree;
  /** ReceiptAnchor.batchIdOf(agentId, root): known before the anchor is mined. */
  batchId: Hex;
};

/** ReceiptAnchor.batchIdOf, computed locally. */
export function batchIdOf(agentId: bigint, root: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "bytes32" }], [agentId, root]));
}

export function buildBatch(
  { agentId, jobIds, receipts, checkpoint }: BatchContents,
  domain: ReceiptDomain,
): BuiltBatch {
  if (jobIds.length === 0 || jobIds.length !== receipts.length) {
    throw new JournalStateError("A batch needs one receipt per job and at least one job");
  }
  const digests = receipts.map((signed, index) => {
    if (signed.receipt.agentId !== agentId || signed.receipt.jobId !== jobIds[index]) {
      throw new JournalStateError(`Receipt ${index} of the batch is not job ${jobIds[index]} of agent ${agentId}`);
    }
    return hashReceipt({ receipt: signed.receipt, domain });
  });
  const checkpointDigest =
    checkpoint === undefined
      ? undefined
      : hashAuditCheckpoint({
          checkpoint: { agentId, seq: BigInt(checkpoint.seq), head: checkpoint.hash },
          domain,
        });
  const tree = buildReceiptTree(checkpointDigest === undefined ? digests : [...digests, checkpointDigest]);
  return { agentId, jobIds: [...jobIds], digests, checkpointDigest, tree, batchId: batchIdOf(agentId, tree.root) };
}

/** Rebuilds a journaled batch from the journal's receipts; throws if it does not give the journaled root. */
export function rebuildBatch(journal: ReceiptJournal, batch: JournalBatch, domain: ReceiptDomain): BuiltBatch {
  const receipts = batch.jobIds.map((jobId) => {
    const text = journal.get(jobId)?.signedReceipt;
    if (text === undefined) throw new JournalStateError(`Job ${jobId} of batch ${batch.root} has no journaled receipt`);
    return parseSignedReceipt(text);
  });
  const built = buildBatch(
    {
      agentId: receipts[0]!.receipt.agentId,
      jobIds: batch.jobIds,
      receipts,
      checkpoint:
        batch.checkpoint === undefined ? undefined : { seq: batch.checkpoint.seq, hash: batch.checkpoint.head },
    },
    domain,
  );
  if (built.tree.root !== batch.root) {
    throw new JournalStateError(`Batch ${batch.root} rebuilds to another root (${built.tree.root})`);
  }
  return built;
}
