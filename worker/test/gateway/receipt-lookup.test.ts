/**
 * Receipts and proofs from the journal alone, checked against docs/RECEIPTS.md computed here with
 * sdk primitives: leaves are the receipts' digests in the journal's job order, then the audit
 * checkpoint.
 */
import {
  buildReceiptTree,
  hashAuditCheckpoint,
  hashReceipt,
  parseSignedReceipt,
  receiptDomain,
  verifyInclusion,
} from "@leasehold/sdk";
import { keccak256, stringToHex, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { createJournalReceiptLookup } from "../../src/gateway/index.ts";
import { ReceiptJournal } from "../../src/journal/index.ts";
import { signedReceiptJson } from "../fixtures/receipts.ts";
import { useTempDirs } from "../fixtures/temp-dir.ts";

const tempDir = useTempDirs();
const domain = receiptDomain({ chainId: 31337, receiptAnchor: "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707" });
const checkpoint = { seq: 12, head: keccak256(stringToHex("audit head 12")) };

async function journalWithReceipts(jobIds: bigint[]) {
  const journal = await ReceiptJournal.open({ dir: await tempDir() });
  for (const jobId of jobIds) {
    await journal.begin(jobId);
    await journal.recordReceipt(jobId, signedReceiptJson(jobId));
  }
  const digests = jobIds.map((jobId) =>
    hashReceipt({ receipt: parseSignedReceipt(signedReceiptJson(jobId)).receipt, domain }),
  );
  return { journal, digests };
}

describe("# createJournalReceiptLookup", () => {
  it("should prove each receipt of a batch against the root docs/RECEIPTS.md defines, checkpoint last", async () => {
    const jobIds = [5n, 3n, 9n];
    const { journal, digests } = await journalWithReceipts(jobIds);
    const checkpointDigest = hashAuditCheckpoint({
      checkpoint: { agentId: 7n, seq: BigInt(checkpoint.seq), head: checkpoint.head },
      domain,
    });
    const tree = buildReceiptTree([...digests, checkpointDigest]);
    await journal.markBatched({ jobIds, root: tree.root, batchId: 77n, checkpoint });
    const lookup = createJournalReceiptLookup(journal, domain);
    for (const [index, jobId] of jobIds.entries()) {
      const proof = await lookup.proofOf(jobId);
      expect(proof).toEqual({
        batchId: toHex(77n, { size: 32 }),
        root: tree.root,
        leafCount: 4,
        index,
        digest: digests[index],
        proof: tree.proof(index),
      });
      expect(verifyInclusion(tree.root, proof!.digest, proof!.proof)).toBe(true);
      expect(await lookup.receiptOf(jobId)).toEqual({
        signedReceipt: parseSignedReceipt(signedReceiptJson(jobId)),
        digest: digests[index],
      });
    }
    await journal.close();
  });

  it("should have no proof before the batch and nothing for an unknown job", async () => {
    const { journal, digests } = await journalWithReceipts([1n]);
    const lookup = createJournalReceiptLookup(journal, domain);
    expect(await lookup.proofOf(1n)).toBeUndefined();
    expect((await lookup.receiptOf(1n))?.digest).toBe(digests[0]);
    expect(await lookup.receiptOf(2n)).toBeUndefined();
    expect(await lookup.proofOf(2n)).toBeUndefined();
    await journal.close();
  });

  it("should refuse to serve a proof when the journaled batch does not rebuild to its root", async () => {
    const { journal } = await journalWithReceipts([1n, 2n]);
    await journal.markBatched({
      jobIds: [1n, 2n],
      root: keccak256(stringToHex("another root")),
      batchId: 1n,
      checkpoint,
    });
    const lookup = createJournalReceiptLookup(journal, domain);
    await expect(lookup.proofOf(1n)).rejects.toThrow(/another root/);
    await journal.close();
  });
});
