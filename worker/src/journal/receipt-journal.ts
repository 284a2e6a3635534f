import path from "node:path";
import { InvalidSignedReceiptError, parseSignedReceipt, serializeSignedReceipt } from "@leasehold/sdk";
import type { Hex } from "viem";
import { JournalStateError, LogCorruptError } from "../errors.ts";
import { FramedLog } from "../durable/framed-log.ts";
import type {
  JobState,
  JournalBatch,
  JournalJob,
  JournalRecovery,
  MarkBatchedParameters,
  OpenJournalParameters,
} from "../types.ts";
import { journalRecordSchema, type JournalRecord } from "./records.ts";

export const JOURNAL_FILE = "receipts.journal";
export const JOURNAL_MAGIC = "LHRCPT01";

/**
 * The worker's durable memory of its jobs, in the data folder (`receipts.journal`).
 *
 * The rule it exists for: a job gets at most one receipt. The worker journals begin(job) before
 * it signs anything for the job, signs the receipt with the job's ephemeral key, journals the
 * receipt, and only then uses it (batches it, submits it, shows it to anyone). So:
 * - a job whose receipt is in the journal is never begun or receipted again (both are refused);
 * - a job begun without a receipt when its process died is "interrupted". Its ephemeral key
 *   lived only in that process's memory and died with it, and the receipt, if it had been
 *   signed, had not left the process (it is used only after it is journaled). So no receipt for
 *   that job exists anywhere, and a retry (begin again, with a new ephemeral key) produces the
 *   first one, not a second one. Whether to retry or let the job lapse is the worker's call.
 * Operations are applied one at a time, in call order; each resolves once its record is on disk.
 * Nothing secret is stored: ids, hashes, times and signed receipts, which are public.
 */
export class ReceiptJournal {
  readonly recovery: JournalRecovery;
  readonly #log: FramedLog;
  readonly #now: () => number;
  readonly #jobs: Map<bigint, JournalJob>;
  /** Jobs begun by this process: only these may get a receipt. */
  readonly #begunHere = new Set<bigint>();
  #queue: Promise<unknown> = Promise.resolve();
  #writeFailed = false;
  #closed = false;

  private constructor(log: FramedLog, jobs: Map<bigint, JournalJob>, recovery: JournalRecovery, now: () => number) {
    this.#log = log;
    this.#jobs = jobs;
    this.recovery = recovery;
    this.#now = now;
  }

  /** Opens the journal in `dir`, recovering from a crash (a torn last record is cut off). */
  static async open({ dir, now = Date.now }: OpenJournalParameters): Promise<ReceiptJournal> {
    const { log, records, recovery } = await FramedLog.open({
      file: path.join(dir, JOURNAL_FILE),
      magic: JOURNAL_MAGIC,
    });
    try {
      const jobs = new Map<bigint, JournalJob>();
      records.forEach((payload, index) => {
        try {
          applyRecord(jobs, parseRecord(payload), undefined);
        } catch (cause) {
          throw new LogCorruptError(`${log.file}: record ${index} cannot be replayed`, { cause });
        }
      });
      const interrupted = [...jobs.values()].filter((job) => job.state === "interrupted").map((job) => job.jobId);
      return new ReceiptJournal(log, jobs, { ...recovery, interrupted }, now);
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  /** Journals that this process starts the job. Refused if the job already has a receipt. */
  begin(jobId: bigint): Promise<JournalJob> {
    return this.#apply(() => {
      const job = this.#jobs.get(jobId);
      return { type: "begin", jobId: jobId.toString(), attempt: (job?.attempts ?? 0) + 1, at: this.#now() };
    }, jobId);
  }

  /**
   * Journals the job's signed receipt, as the sdk's JSON (docs/RECEIPTS.md); once this resolves
   * the receipt may be used. The journal keeps the sdk's canonical text of it, and nothing that
   * is not a receipt field (the sdk's parser rejects unknown fields). Refused unless this process
   * began the job and no receipt exists yet.
   */
  recordReceipt(jobId: bigint, signedReceiptJson: string): Promise<JournalJob> {
    let signedReceipt: string;
    try {
      const parsed = parseSignedReceipt(signedReceiptJson);
      if (parsed.receipt.jobId !== jobId) {
        throw new InvalidSignedReceiptError(`The receipt is for job ${parsed.receipt.jobId}, not job ${jobId}`);
      }
      signedReceipt = serializeSignedReceipt(parsed);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#apply(() => ({ type: "receipt", jobId: jobId.toString(), signedReceipt, at: this.#now() }), jobId);
  }

  /** Journals that these jobs' receipts are in the batch with `root`. Each must have a receipt not yet batched. */
  markBatched({ jobIds, root, batchId, checkpoint }: MarkBatchedParameters): Promise<JournalJob[]> {
    if (jobIds.length === 0) return Promise.reject(new JournalStateError("An empty batch is not a batch"));
    return this.#exclusive(async () => {
      const record: JournalRecord = {
        type: "batched",
        jobIds: jobIds.map((jobId) => jobId.toString()),
        root,
        ...(batchId === undefined ? {} : { batchId: batchId.toString() }),
        ...(checkpoint === undefined ? {} : { checkpoint: { seq: checkpoint.seq, head: checkpoint.head } }),
        at: this.#now(),
      };
      applyRecord(new Map(this.#jobs), record, new Set(this.#begunHere));
      await this.#write(record);
      applyRecord(this.#jobs, record, this.#begunHere);
      return jobIds.map((jobId) => snapshot(this.#jobs.get(jobId)!));
    });
  }

  /** Journals a transaction that submitted the job's receipt (again, if an earlier one was dropped). */
  markSubmitted(jobId: bigint, txHash: Hex): Promise<JournalJob> {
    return this.#apply(() => ({ type: "submitted", jobId: jobId.toString(), txHash, at: this.#now() }), jobId);
  }

  get(jobId: bigint): JournalJob | undefined {
    const job = this.#jobs.get(jobId);
    return job && snapshot(job);
  }

  /** Jobs in the journal, by id; only those in `state` if given. */
  list(state?: JobState): JournalJob[] {
    return [...this.#jobs.values()]
      .filter((job) => state === undefined || job.state === state)
      .sort((a, b) => (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0))
      .map(snapshot);
  }

  /** Open, and no write has failed: a worker whose journal is not healthy must not take jobs (/readyz). */
  get healthy(): boolean {
    return !this.#closed && !this.#writeFailed;
  }

  /** Waits for pending operations and closes the file. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.catch(() => undefined);
    await this.#log.close();
  }

  /** Checks a single-job record against the state, writes it, then applies it. */
  #apply(makeRecord: () => JournalRecord, jobId: bigint): Promise<JournalJob> {
    return this.#exclusive(async () => {
      const record = makeRecord();
      // Dry run on copies (records never mutate a job in place): refuse before writing anything.
      applyRecord(new Map(this.#jobs), record, new Set(this.#begunHere));
      await this.#write(record);
      applyRecord(this.#jobs, record, this.#begunHere);
      return snapshot(this.#jobs.get(jobId)!);
    });
  }

  async #write(record: JournalRecord): Promise<void> {
    try {
      await this.#log.append(encode(record));
    } catch (error) {
      this.#writeFailed = true;
      throw error;
    }
  }

  /** One operation at a time, so a check and its write cannot interleave with another's. */
  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.catch(() => undefined).then(operation);
    this.#queue = result;
    return result;
  }
}

function encode(record: JournalRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record));
}

function parseRecord(payload: Uint8Array): JournalRecord {
  return journalRecordSchema.parse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload)));
}

function snapshot(job: JournalJob): JournalJob {
  return {
    ...job,
    ...(job.batch ? { batch: { ...job.batch, jobIds: [...job.batch.jobIds] } } : {}),
    submittedTxs: [...job.submittedTxs],
  };
}

const hasReceipt = (job: JournalJob | undefined) =>
  job !== undefined && (job.state === "receipted" || job.state === "batched" || job.state === "submitted");

/**
 * The journal's state machine. `begunHere` is this process's set of begun jobs; undefined while
 * replaying the file, where every begin without a receipt (yet) is an interrupted job.
 */
function applyRecord(jobs: Map<bigint, JournalJob>, record: JournalRecord, begunHere: Set<bigint> | undefined): void {
  switch (record.type) {
    case "begin": {
      const jobId = BigInt(record.jobId);
      const job = jobs.get(jobId);
      if (hasReceipt(job)) throw new JournalStateError(`Job ${jobId} already has a receipt`);
      if (job && begunHere?.has(jobId)) throw new JournalStateError(`Job ${jobId} is already begun by this process`);
      jobs.set(jobId, {
        jobId,
        state: begunHere ? "begun" : "interrupted",
        attempts: record.attempt,
        begunAt: record.at,
        submittedTxs: [],
      });
      begunHere?.add(jobId);
      return;
    }
    case "receipt": {
      const jobId = BigInt(record.jobId);
      const job = jobs.get(jobId);
      if (hasReceipt(job)) throw new JournalStateError(`Job ${jobId} already has a receipt`);
      if (!job || (begunHere ? !begunHere.has(jobId) || job.state !== "begun" : job.state !== "interrupted")) {
        throw new JournalStateError(`Job ${jobId} was not begun by this process`);
      }
      jobs.set(jobId, { ...job, state: "receipted", signedReceipt: record.signedReceipt, receiptAt: record.at });
      return;
    }
    case "batched": {
      const ids = record.jobIds.map((id) => BigInt(id));
      if (new Set(ids).size !== ids.length) throw new JournalStateError("A batch lists a job twice");
      for (const jobId of ids) {
        if (jobs.get(jobId)?.state !== "receipted") {
          throw new JournalStateError(`Job ${jobId} has no receipt waiting for a batch`);
        }
      }
      const batch: JournalBatch = {
        root: record.root as Hex,
        ...(record.batchId === undefined ? {} : { batchId: BigInt(record.batchId) }),
        jobIds: ids,
        ...(record.checkpoint === undefined
          ? {}
          : { checkpoint: { seq: record.checkpoint.seq, head: record.checkpoint.head as Hex } }),
        at: record.at,
      };
      for (const jobId of ids) jobs.set(jobId, { ...jobs.get(jobId)!, state: "batched", batch });
      return;
    }
    case "submitted": {
      const jobId = BigInt(record.jobId);
      const job = jobs.get(jobId);
      if (!job || !hasReceipt(job)) throw new JournalStateError(`Job ${jobId} has no receipt to submit`);
      jobs.set(jobId, { ...job, state: "submitted", submittedTxs: [...job.submittedTxs, record.txHash as Hex] });
      return;
    }
  }
}
