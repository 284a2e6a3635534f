import type { ReceiptOutcome } from "@leasehold/sdk";
import type { Hex } from "viem";
import type { FramedLog } from "./durable/framed-log.ts";

// ---------------------------------------------------------------------------------------------
// Sandbox
// ---------------------------------------------------------------------------------------------

/** How a job ended, by the name docs/RECEIPTS.md gives it; the sdk's `ReceiptOutcome[name]` is the receipt's uint8. */
export type Outcome = keyof typeof ReceiptOutcome;

/**
 * Why the sandbox stopped the agent. Finer than the outcome and never signed: it is for the
 * worker's logs and metrics. `fuel` is the only one that maps to BudgetExhausted and `returned`
 * the only one that maps to Completed; every other one is Failed.
 */
export type Termination =
  /** run() returned, or the promise it returned was fulfilled. */
  | "returned"
  /** The budget ran out: computation, capability calls and spend() all draw from it. */
  | "fuel"
  /** The job's wall-clock limit passed (interrupt handler, or the thread was killed). */
  | "wall-time"
  /** The VM ran out of its linear memory. */
  | "memory"
  /** The VM's stack limit was hit. */
  | "stack"
  /** writeOutput() went past the output cap. */
  | "output-limit"
  /** The agent threw, or the promise run() returned was rejected. */
  | "exception"
  /** The bundle does not compile, imports something, or does not export run(). */
  | "invalid-bundle"
  /** run() returned a promise that can never settle. */
  | "unsettled"
  /** The host side failed (a WebAssembly trap, the thread died). Never the agent's success. */
  | "sandbox-fault";

/** Per-job limits. Each has a default in sandbox/limits.ts. */
export interface SandboxLimits {
  /**
   * Hard cap on the VM's WebAssembly linear memory in bytes: the whole QuickJS runtime, heap and
   * stack. A multiple of 64 KiB, at least 32 MiB (QuickJS's build starts at 16 MiB).
   */
  memoryLimitBytes: number;
  /** QuickJS's stack limit in bytes; deep recursion stops with a RangeError-like stack overflow. */
  maxStackBytes: number;
  /** Wall-clock limit for the whole run, in milliseconds. */
  wallTimeMs: number;
  /** Cap on the bytes written with writeOutput(); going past it fails the job. */
  maxOutputBytes: number;
  /** How many log() entries are kept; later ones are counted and dropped. */
  maxLogEntries: number;
  /** Each kept log entry is cut to this many characters. */
  maxLogEntryChars: number;
}

/** What the job used, as reported in the receipt (fuelUsed, memoryPeakBytes, capabilityCalls) plus wall time. */
export interface SandboxUsage {
  /** Fuel charged against the budget; never more than the budget. See sandbox/limits.ts for the unit. */
  fuelUsed: number;
  /** Peak size of the VM's linear memory in bytes (page granular, includes QuickJS's fixed 16 MiB start). */
  memoryPeakBytes: number;
  /** Calls the agent made to its capabilities (readContext, writeOutput, spend, log, ...). */
  capabilityCalls: number;
  /** Wall time of the run, from the VM's creation to its disposal, in milliseconds. */
  wallMs: number;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface RunAgentParameters {
  /** The agent's source, UTF-8: exactly the bytes whose keccak256 is its code hash. */
  bundle: Uint8Array;
  /**
   * The decrypted context. The sandbox works on its own copy and zeroes it; the caller still
   * owns (and shreds) this buffer.
   */
  context: Uint8Array;
  /** The job's input, handed to the agent as `host.input` (deep-frozen). Must be JSON. */
  input?: JsonValue;
  /** Fuel the job may use. */
  budget: number;
  /**
   * Seed of the agent's Math.random (at least 16 bytes). Default: derived from the code, context
   * and input hashes, so a run is reproducible from the receipt's inputs.
   */
  seed?: Uint8Array;
  limits?: Partial<SandboxLimits>;
}

export interface SanitizedError {
  /** A standard error name (TypeError, RangeError, ...), or "Error". */
  name: string;
  /** Cut, stripped of control characters, with e-mail addresses, long numbers and tokens masked. */
  message: string;
}

export interface RunAgentReturnType {
  outcome: Exclude<Outcome, "Refused">;
  termination: Termination;
  /** The bytes written with writeOutput(); empty unless the outcome is Completed. */
  output: Uint8Array;
  usage: SandboxUsage;
  /** Why the job failed, sanitized; absent when it completed. */
  error?: SanitizedError;
  /** The agent's log() entries, sanitized; for the operator's eyes, never persisted by the worker. */
  logs: string[];
  /** keccak256 of the bundle, of the context and of the output, as the receipt wants them. */
  hashes: { code: Hex; input: Hex; output: Hex };
  /**
   * The policy the agent declared it applied (host.declarePolicy), when it completed and declared
   * one. The receipt carries it instead of the job's, so a mismatch voids the job on chain.
   */
  policyHash?: Hex;
}

export interface Sandbox {
  /** Runs one job. Throws only for invalid parameters or a sandbox that cannot start; the agent's failures are outcomes. */
  run(parameters: RunAgentParameters): Promise<RunAgentReturnType>;
  /** Stops the prewarmed thread and any running job. */
  close(): Promise<void>;
}

export type SandboxIsolation = "thread" | "inline";

export interface SandboxOptions {
  /**
   * "thread" (default): every job runs in its own worker thread with resource limits, killed if
   * it overruns its wall time. "inline": in the calling thread, for measurements and tools.
   */
  isolation?: SandboxIsolation;
  /** Keep one thread started ahead, so a job does not wait for a thread to boot. Default true. */
  prewarm?: boolean;
  /** How long past wallTimeMs a thread may take before it is terminated. Default 500 ms. */
  hardKillGraceMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Agent bundles
// ---------------------------------------------------------------------------------------------

export interface AgentManifestEntry {
  name: string;
  /** Path of the bundle relative to the manifest. */
  file: string;
  /** keccak256 of the bundle's bytes. */
  codeHash: Hex;
  size: number;
  description: string;
}

export interface AgentManifest {
  $comment: string;
  agents: AgentManifestEntry[];
}

export interface LoadAgentBundleParameters {
  name: string;
  /** Folder of the bundles and their manifest; default worker/agents. */
  dir?: string;
  /** The code hash the chain approved for the job's agent; the bundle must match it too. */
  expectedCodeHash?: Hex;
}

export interface AgentBundle {
  name: string;
  codeHash: Hex;
  bytes: Uint8Array;
  description: string;
}

// ---------------------------------------------------------------------------------------------
// Durable logs, journal, audit
// ---------------------------------------------------------------------------------------------

export interface OpenFramedLogParameters {
  file: string;
  /** Eight ASCII characters naming the log's kind and version. */
  magic: string;
}

export interface OpenFramedLogReturnType {
  log: FramedLog;
  /** The payloads of the intact records, in order. */
  records: Uint8Array[];
  recovery: LogRecovery;
}

/** What opening a log found on disk. */
export interface LogRecovery {
  /** Records read back intact. */
  records: number;
  /** Bytes of a torn last record cut off the end (a crash mid-append); 0 after a clean stop. */
  truncatedBytes: number;
}

/**
 * A job's place in the worker's lifecycle, as the journal knows it:
 * begun (this process started it) -> receipted -> batched -> submitted;
 * interrupted = begun by an earlier process that died before journaling a receipt.
 */
export type JobState = "begun" | "interrupted" | "receipted" | "batched" | "submitted";

export interface JournalJob {
  jobId: bigint;
  state: JobState;
  /** How many times begin() was journaled for it (one per process that started it). */
  attempts: number;
  begunAt: number;
  /** The signed receipt exactly as journaled (public data). */
  signedReceipt?: string;
  receiptAt?: number;
  batch?: JournalBatch;
  /** Transactions that submitted the receipt, oldest first (a dropped one may be resubmitted). */
  submittedTxs: Hex[];
}

/** A batch as the journal knows it: enough to rebuild its tree and every proof after a restart. */
export interface JournalBatch {
  root: Hex;
  batchId?: bigint;
  /** The batch's jobs in leaf order. */
  jobIds: bigint[];
  /** The audit head whose checkpoint is the batch's last leaf (docs/RECEIPTS.md); absent in batches without one. */
  checkpoint?: { seq: number; head: Hex };
  at: number;
}

export interface OpenJournalParameters {
  /** The worker's data folder; created if missing. */
  dir: string;
  /** Clock for record times, unix milliseconds. Default Date.now. */
  now?: () => number;
}

export interface JournalRecovery extends LogRecovery {
  /** Jobs begun by an earlier process that never journaled a receipt. */
  interrupted: bigint[];
}

export interface MarkBatchedParameters {
  jobIds: readonly bigint[];
  /** The batch's Merkle root (docs/RECEIPTS.md). */
  root: Hex;
  /** The on-chain batch id (ReceiptAnchor.batchIdOf(agentId, root), known before the anchor is mined). */
  batchId?: bigint;
  /** The audit head checkpointed as the batch's last leaf. */
  checkpoint?: { seq: number; head: Hex };
}

/** JSON values that have one canonical encoding (audit/canonical-json.ts). */
export type CanonicalValue =
  string | number | boolean | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

/** Flat key -> scalar map: ids, hashes, counts. Never personal data, plaintext or secrets. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface AuditEntry {
  /** 1, 2, 3, ... without gaps. */
  seq: number;
  /** Unix milliseconds. */
  time: number;
  /** What the worker did, dotted lower case: "job.begin", "receipt.journal", "batch.anchor". */
  action: string;
  details: AuditDetails;
  /** The previous entry's hash; 32 zero bytes for the first. */
  prevHash: Hex;
  /** keccak256 over the canonical JSON of {seq, time, action, details, prevHash}. */
  hash: Hex;
}

/** The last entry of a chain: what gets anchored, and what a later verification must reach. */
export interface AuditHead {
  seq: number;
  hash: Hex;
}

export type AuditChainProblem =
  /** An entry's fields do not hash to its recorded hash (edited). */
  | "hash-mismatch"
  /** An entry does not point at the entry before it (removed, inserted or reordered). */
  | "prev-hash-mismatch"
  /** Sequence numbers skip or repeat. */
  | "seq-gap"
  /** The chain reaches an anchored sequence number with a different hash (rewritten). */
  | "anchor-mismatch"
  /** The chain ends before an anchored head (entries cut off the end). */
  | "anchor-missing"
  /** An entry does not have the entry's shape. */
  | "malformed";

export type VerifyChainReturnType =
  | { ok: true; head: AuditHead }
  | { ok: false; problem: AuditChainProblem; /** Position in the list of the first bad entry. */ index: number };

export interface VerifyChainParameters {
  /** Where the list starts: the head just before its first entry. Default: the genesis (seq 0, zero hash). */
  from?: AuditHead;
  /** Heads anchored earlier (with receipt batches); each must be on the chain. */
  anchors?: readonly AuditHead[];
}

export interface OpenAuditLogParameters {
  dir: string;
  now?: () => number;
}

// ---------------------------------------------------------------------------------------------
// Shred
// ---------------------------------------------------------------------------------------------

/** What shred() takes: bytes it can overwrite in place, or nothing. */
export type Shreddable = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | null | undefined;
