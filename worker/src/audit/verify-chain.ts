import { keccak256, stringToBytes, zeroHash, type Hex } from "viem";
import { z } from "zod";
import type { AuditDetails, AuditEntry, AuditHead, VerifyChainParameters, VerifyChainReturnType } from "../types.ts";
import { canonicalJson } from "./canonical-json.ts";

/** The head before the first entry. */
export const genesisHead: AuditHead = Object.freeze({ seq: 0, hash: zeroHash });

export const MAX_DETAIL_KEYS = 32;
export const MAX_DETAIL_STRING_CHARS = 256;

const hash32 = z.string().regex(/^0x[0-9a-f]{64}$/);
export const auditActionSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/, "dotted lower-case words, e.g. job.begin");
export const auditDetailsSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/),
    z.union([
      z.string().max(MAX_DETAIL_STRING_CHARS),
      z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
      z.boolean(),
      z.null(),
    ]),
  )
  .refine((details) => Object.keys(details).length <= MAX_DETAIL_KEYS, `at most ${MAX_DETAIL_KEYS} details`);

export const auditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  time: z.number().int().nonnegative(),
  action: auditActionSchema,
  details: auditDetailsSchema,
  prevHash: hash32,
  hash: hash32,
});

/** The hash of an entry: keccak256 over the canonical JSON of everything but the hash itself. */
export function hashAuditEntry(entry: Omit<AuditEntry, "hash">): Hex {
  const { seq, time, action, details, prevHash } = entry;
  return keccak256(stringToBytes(canonicalJson({ seq, time, action, details: details as AuditDetails, prevHash })));
}

/**
 * Checks a run of audit entries: each follows the one before (seq + 1, prevHash = its hash), each
 * hash is over its own fields, and every anchored head inside the run is on it. Catches an edited
 * entry (hash-mismatch), one removed, inserted or moved (seq-gap or prev-hash-mismatch), and, with
 * anchors, a suffix rewritten with fresh hashes (anchor-mismatch) or cut off (anchor-missing).
 * Without an anchor, cutting entries off the end cannot be told from a chain that ended there:
 * that is what anchoring the head with each receipt batch is for.
 */
export function verifyChain(
  entries: readonly unknown[],
  parameters: VerifyChainParameters = {},
): VerifyChainReturnType {
  const from = parameters.from ?? genesisHead;
  let head: AuditHead = from;
  const bySeq = new Map<number, Hex>();
  for (const [index, value] of entries.entries()) {
    const parsed = auditEntrySchema.safeParse(value);
    if (!parsed.success) return { ok: false, problem: "malformed", index };
    const entry = parsed.data as AuditEntry;
    if (entry.seq !== head.seq + 1) return { ok: false, problem: "seq-gap", index };
    if (entry.prevHash !== head.hash) return { ok: false, problem: "prev-hash-mismatch", index };
    if (hashAuditEntry(entry) !== entry.hash) return { ok: false, problem: "hash-mismatch", index };
    head = { seq: entry.seq, hash: entry.hash };
    bySeq.set(entry.seq, entry.hash);
  }
  for (const anchor of parameters.anchors ?? []) {
    if (anchor.seq <= from.seq) continue;
    if (anchor.seq > head.seq) return { ok: false, problem: "anchor-missing", index: entries.length };
    if (bySeq.get(anchor.seq) !== anchor.hash) {
      return { ok: false, problem: "anchor-mismatch", index: anchor.seq - from.seq - 1 };
    }
  }
  return { ok: true, head };
}
