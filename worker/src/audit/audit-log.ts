import path from "node:path";
import { AuditChainBrokenError, InvalidAuditEntryError } from "../errors.ts";
import { FramedLog, readFramedLog } from "../durable/framed-log.ts";
import type {
  AuditDetails,
  AuditEntry,
  AuditHead,
  OpenAuditLogParameters,
  VerifyChainParameters,
  VerifyChainReturnType,
} from "../types.ts";
import { canonicalJson } from "./canonical-json.ts";
import { auditActionSchema, auditDetailsSchema, hashAuditEntry, verifyChain } from "./verify-chain.ts";

export const AUDIT_FILE = "audit.log";
export const AUDIT_LOG_MAGIC = "LHAUDT01";

/**
 * The worker's own tamper-evident record of what it did (jobs begun, receipts journaled, batches
 * anchored, keys shredded), hash-chained and kept with the same durability as the journal.
 * head() is what gets anchored next to each receipt batch; an anchored head pins every entry
 * before it. Details are ids, hashes and counts only: the schema takes flat scalars, and callers
 * must never put personal data, plaintext or secrets in them (the log is kept for good).
 */
export class AuditLog {
  readonly #log: FramedLog;
  readonly #now: () => number;
  #head: AuditHead;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(log: FramedLog, head: AuditHead, now: () => number) {
    this.#log = log;
    this.#head = head;
    this.#now = now;
  }

  /** Opens the chain in `dir`; throws AuditChainBrokenError if what is on disk does not verify. */
  static async open({ dir, now = Date.now }: OpenAuditLogParameters): Promise<AuditLog> {
    const { log, records } = await FramedLog.open({ file: path.join(dir, AUDIT_FILE), magic: AUDIT_LOG_MAGIC });
    try {
      const result = verifyChain(records.map(decode));
      if (!result.ok) {
        throw new AuditChainBrokenError(`${log.file}: ${result.problem} at entry ${result.index}`);
      }
      return new AuditLog(log, result.head, now);
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  /** Appends an entry; resolves with it once it is on disk. */
  append(action: string, details: AuditDetails = {}): Promise<AuditEntry> {
    const actionCheck = auditActionSchema.safeParse(action);
    const detailsCheck = auditDetailsSchema.safeParse(details);
    if (!actionCheck.success || !detailsCheck.success) {
      return Promise.reject(
        new InvalidAuditEntryError(`Invalid audit entry: ${actionCheck.success ? "details" : "action"} rejected`, {
          cause: actionCheck.error ?? detailsCheck.error,
        }),
      );
    }
    const run = async () => {
      const unhashed = {
        seq: this.#head.seq + 1,
        time: this.#now(),
        action,
        details: { ...details },
        prevHash: this.#head.hash,
      };
      const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };
      await this.#log.append(new TextEncoder().encode(canonicalJson({ ...entry })));
      this.#head = { seq: entry.seq, hash: entry.hash };
      return entry;
    };
    const result = this.#queue.catch(() => undefined).then(run);
    this.#queue = result;
    return result;
  }

  /** The last entry's sequence number and hash (seq 0 and the zero hash while empty). */
  head(): AuditHead {
    return { ...this.#head };
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await this.#log.close();
  }
}

/** Reads the chain in `dir` (even while a worker holds it) and verifies it, against anchored heads if given. */
export async function verifyAuditLog(
  dir: string,
  parameters: VerifyChainParameters = {},
): Promise<VerifyChainReturnType & { entries: AuditEntry[] }> {
  const records = await readFramedLog({ file: path.join(dir, AUDIT_FILE), magic: AUDIT_LOG_MAGIC });
  const entries = records.map(decode) as AuditEntry[];
  return { ...verifyChain(entries, parameters), entries };
}

/** A record that is not JSON is reported by verifyChain as a malformed entry. */
function decode(payload: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    return undefined;
  }
}
