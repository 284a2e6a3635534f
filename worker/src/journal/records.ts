import { z } from "zod";

/*
 * The journal's records, one JSON object per frame. Job ids and batch ids are uint256 on chain,
 * so they are decimal strings here. Nothing in a record is secret: ids, hashes, times and the
 * signed receipt, which is public by design.
 */

const uintString = z.string().regex(/^(0|[1-9]\d{0,77})$/);
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const time = z.number().int().nonnegative();

export const journalRecordSchema = z.discriminatedUnion("type", [
  /** A process started work on the job: written before anything is signed for it. */
  z.strictObject({ type: z.literal("begin"), jobId: uintString, attempt: z.number().int().positive(), at: time }),
  /** The job's one signed receipt, durable before it is used anywhere. */
  z.strictObject({ type: z.literal("receipt"), jobId: uintString, signedReceipt: z.string(), at: time }),
  /** Receipts put in a batch whose root is (or will be) anchored. */
  z.strictObject({
    type: z.literal("batched"),
    jobIds: z.array(uintString).min(1),
    root: bytes32,
    batchId: uintString.optional(),
    checkpoint: z.strictObject({ seq: z.number().int().nonnegative(), head: bytes32 }).optional(),
    at: time,
  }),
  /** A transaction that submitted the job's receipt reference. */
  z.strictObject({ type: z.literal("submitted"), jobId: uintString, txHash: bytes32, at: time }),
]);

export type JournalRecord = z.infer<typeof journalRecordSchema>;
