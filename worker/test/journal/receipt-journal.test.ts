import { readFile } from "node:fs/promises";
import path from "node:path";
import { InvalidSignedReceiptError, parseSignedReceipt } from "@leasehold/sdk";
import { keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { DataDirLockedError, JournalStateError, LogCorruptError } from "../../src/errors.ts";
import { FramedLog } from "../../src/durable/index.ts";
import { JOURNAL_FILE, JOURNAL_MAGIC, ReceiptJournal } from "../../src/journal/index.ts";
import { signedReceiptJson } from "../fixtures/receipts.ts";
import { useTempDirs } from "../fixtures/temp-dir.ts";

const tempDir = useTempDirs();
const clock = () => {
  let now = 1_763_780_000_000;
  return () => (now += 1000);
};
const root = keccak256(toHex("batch"));
const tx = (n: number) => keccak256(toHex(`tx${n}`));

async function open(dir: string) {
  return ReceiptJournal.open({ dir, now: clock() });
}

describe("# ReceiptJournal", () => {
  it("should follow a job from begin to submitted and list it by state", async () => {
    const journal = await open(await tempDir());
    expect((await journal.begin(1n)).state).toBe("begun");
    const receipted = await journal.recordReceipt(1n, signedReceiptJson(1n));
    expect(receipted.state).toBe("receipted");
    expect(parseSignedReceipt(receipted.signedReceipt!).receipt.jobId).toBe(1n);
    await journal.begin(2n);
    await journal.recordReceipt(2n, signedReceiptJson(2n));
    await journal.begin(3n);
    const [batched] = await journal.markBatched({ jobIds: [1n, 2n], root, batchId: 9n });
    expect(batched?.batch).toMatchObject({ root, batchId: 9n });
    expect((await journal.markSubmitted(1n, tx(1))).submittedTxs).toEqual([tx(1)]);
    expect((await journal.markSubmitted(1n, tx(2))).submittedTxs).toEqual([tx(1), tx(2)]);
    expect(journal.list().map((job) => [job.jobId, job.state])).toEqual([
      [1n, "submitted"],
      [2n, "batched"],
      [3n, "begun"],
    ]);
    expect(journal.list("batched").map((job) => job.jobId)).toEqual([2n]);
    await journal.close();
  });

  it("should come back from a restart with every job's state, and report begun-only jobs as interrupted", async () => {
    const dir = await tempDir();
    const first = await open(dir);
    await first.begin(1n);
    await first.recordReceipt(1n, signedReceiptJson(1n));
    await first.markBatched({ jobIds: [1n], root });
    await first.begin(2n);
    await first.close();

    const second = await open(dir);
    expect(second.recovery).toEqual({ records: 4, truncatedBytes: 0, interrupted: [2n] });
    expect(second.get(1n)).toMatchObject({ state: "batched", attempts: 1 });
    expect(second.get(2n)).toMatchObject({ state: "interrupted", attempts: 1 });
    await second.close();
  });

  it("should never journal a second receipt for a job, in this process or after a restart", async () => {
    const dir = await tempDir();
    const first = await open(dir);
    await first.begin(1n);
    await first.recordReceipt(1n, signedReceiptJson(1n, "first key"));
    await expect(first.recordReceipt(1n, signedReceiptJson(1n, "second key"))).rejects.toBeInstanceOf(
      JournalStateError,
    );
    await first.close();

    const second = await open(dir);
    await expect(second.begin(1n)).rejects.toBeInstanceOf(JournalStateError);
    await expect(second.recordReceipt(1n, signedReceiptJson(1n, "third key"))).rejects.toBeInstanceOf(
      JournalStateError,
    );
    expect(second.get(1n)?.signedReceipt).toBe(signedReceiptJson(1n, "first key"));
    await second.close();
  });

  it("should let only one of two racing receipts for a job through", async () => {
    const journal = await open(await tempDir());
    await journal.begin(1n);
    const results = await Promise.allSettled([
      journal.recordReceipt(1n, signedReceiptJson(1n, "a")),
      journal.recordReceipt(1n, signedReceiptJson(1n, "b")),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    await journal.close();
  });

  it("should refuse a receipt for a job this process did not begin, until it begins it again", async () => {
    const dir = await tempDir();
    const first = await open(dir);
    await expect(first.recordReceipt(5n, signedReceiptJson(5n))).rejects.toBeInstanceOf(JournalStateError);
    await first.begin(5n);
    await first.close();

    const second = await open(dir);
    await expect(second.recordReceipt(5n, signedReceiptJson(5n))).rejects.toBeInstanceOf(JournalStateError);
    expect((await second.begin(5n)).attempts).toBe(2);
    await expect(second.begin(5n)).rejects.toBeInstanceOf(JournalStateError);
    expect((await second.recordReceipt(5n, signedReceiptJson(5n))).state).toBe("receipted");
    expect(second.list("interrupted")).toEqual([]);
    await second.close();
  });

  it("should refuse what is not a signed receipt for this job, and keep only the receipt's fields", async () => {
    const journal = await open(await tempDir());
    await journal.begin(1n);
    const valid = JSON.parse(signedReceiptJson(1n)) as Record<string, unknown>;
    for (const text of [
      "not json",
      JSON.stringify({ ...valid, plaintext: "the decrypted context" }),
      JSON.stringify({ ...valid, signature: "0x1234" }),
      signedReceiptJson(2n),
    ]) {
      await expect(journal.recordReceipt(1n, text)).rejects.toBeInstanceOf(InvalidSignedReceiptError);
    }
    expect(journal.get(1n)?.state).toBe("begun");
    await journal.close();
  });

  it("should batch only receipted jobs, each once", async () => {
    const journal = await open(await tempDir());
    await journal.begin(1n);
    await expect(journal.markBatched({ jobIds: [1n], root })).rejects.toBeInstanceOf(JournalStateError);
    await journal.recordReceipt(1n, signedReceiptJson(1n));
    await expect(journal.markBatched({ jobIds: [] as bigint[], root })).rejects.toBeInstanceOf(JournalStateError);
    await expect(journal.markBatched({ jobIds: [1n, 1n], root })).rejects.toBeInstanceOf(JournalStateError);
    await journal.markBatched({ jobIds: [1n], root });
    await expect(journal.markBatched({ jobIds: [1n], root })).rejects.toBeInstanceOf(JournalStateError);
    await expect(journal.markSubmitted(2n, tx(1))).rejects.toBeInstanceOf(JournalStateError);
    await journal.close();
  });

  it("should store nothing but ids, hashes, times and the signed receipt", async () => {
    const dir = await tempDir();
    const journal = await open(dir);
    await journal.begin(1n);
    await journal.recordReceipt(1n, signedReceiptJson(1n));
    await journal.close();
    const raw = await readFile(path.join(dir, JOURNAL_FILE));
    const records = [];
    for (let offset = 8; offset < raw.length;) {
      const length = raw.readUInt32BE(offset);
      records.push(JSON.parse(raw.subarray(offset + 8, offset + 8 + length).toString()) as Record<string, unknown>);
      offset += 8 + length;
    }
    expect(records.map((record) => Object.keys(record).sort())).toEqual([
      ["at", "attempt", "jobId", "type"],
      ["at", "jobId", "signedReceipt", "type"],
    ]);
  });

  it("should refuse to replay a journal whose records break its rules", async () => {
    const dir = await tempDir();
    const journal = await open(dir);
    await journal.begin(1n);
    await journal.close();
    // A receipt record for a job never begun: not something this journal writes.
    const { log } = await FramedLog.open({ file: path.join(dir, JOURNAL_FILE), magic: JOURNAL_MAGIC });
    await log.append(
      new TextEncoder().encode(
        JSON.stringify({ type: "receipt", jobId: "2", signedReceipt: signedReceiptJson(2n), at: 1 }),
      ),
    );
    await log.close();
    await expect(open(dir)).rejects.toBeInstanceOf(LogCorruptError);
  });

  it("should hold the data folder against a second journal", async () => {
    const dir = await tempDir();
    const journal = await open(dir);
    await expect(open(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await journal.close();
    await (await open(dir)).close();
  });
});
