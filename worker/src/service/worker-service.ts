/**
 * The worker as a long-running service: it watches the chain for jobs addressed to its agents,
 * runs each through the lifecycle (../lifecycle runJob: spin, act, receipt, shred), batches the
 * receipts per agent (./receipt-batcher.ts), and resumes after a crash from the journal alone.
 *
 * Watching: JobOpened logs for the served agents, polled from the JobEscrow deployment block. Each
 * poll re-reads the last `reorgDepth` blocks, so a job whose log moved in a reorg is seen again;
 * a job is never run twice in one process (`#known`) and never receipted twice at all (the
 * journal refuses). The job's on-chain status decides what happens, never the log alone.
 *
 * Resuming (`recover`): receipts journaled but not batched are batched; batches journaled but not
 * anchored are anchored; receipts anchored but not submitted are submitted if their job still
 * waits; jobs begun but never receipted ("interrupted": their keys died with the process) are run
 * again with fresh keys if the job is still Accepted and before its deadline, else left to refund.
 */
import { ReceiptOutcome } from "@leasehold/sdk";
import type { Logger } from "pino";
import type { Hex, LocalAccount } from "viem";
import { resumeBatch, type BatchContext, type SubmitOutcome } from "../batching/index.ts";
import { JobStatus, type ChainClient } from "../chain/index.ts";
import { JobNotProcessableError, StoreObjectMissingError } from "../errors.ts";
import type { AuditLog } from "../audit/index.ts";
import type { ReceiptJournal } from "../journal/index.ts";
import { batchContext, runJob, type WorkerContext } from "../lifecycle/index.ts";
import type { ContentStore } from "../store/index.ts";
import type { JournalBatch, Sandbox } from "../types.ts";
import { DEFAULT_BATCH_POLICY, ReceiptBatcher, type BatchPolicy } from "./receipt-batcher.ts";

/** One agent this worker serves, with the identity key it signs job certificates with. */
export type ServedAgent = {
  agentId: bigint;
  identity: LocalAccount;
  bundleName: string;
  servedScopes: readonly Hex[];
  paymentFloor: bigint;
  policyText?: string;
};

/** How a job ended for this worker, as counted in metrics (leasehold_worker_jobs_total{outcome}). */
export type JobOutcomeLabel =
  | "declined"
  | "completed"
  | "failed"
  | "budget-exhausted"
  | "refused"
  | "submit-skipped"
  /** The escrow reverted the submission (e.g. the deadline passed meanwhile): not retried. */
  | "submit-refused"
  /** The owner never sealed the key in time: nothing ran, the client is refunded at the deadline. */
  | "abandoned"
  /** Found past its deadline (under a lease that expired, or while the worker was down): left to refund. */
  | "lapsed"
  | "error";

export type WorkerServiceOptions = {
  chain: ChainClient;
  store: ContentStore;
  journal: ReceiptJournal;
  audit: AuditLog;
  sandbox: Sandbox;
  logger: Logger;
  agents: readonly ServedAgent[];
  bundlesDir?: string;
  /** Between chain polls, ms. Default 1000. */
  pollIntervalMs?: number;
  /** Blocks re-read on every poll, for reorgs. Default 12. */
  reorgDepth?: number;
  /** How long before a declined job, still open, is decided again. Default 60 s. */
  reconsiderDeclinedMs?: number;
  /** Most blocks asked for in one eth_getLogs (providers cap the range). Default 5,000. */
  maxLogRange?: number;
  /** Jobs run at once. Default 2 (one sandbox thread each). */
  concurrency?: number;
  batch?: Partial<BatchPolicy>;
  /** Longest wait for the owner's sealed key; the job's deadline bounds it anyway. Default 10 min. */
  sealedKeyTimeoutMs?: number;
  onJobOutcome?: (outcome: JobOutcomeLabel) => void;
  /** Key generators, for tests (see WorkerContext.keys). */
  keys?: WorkerContext["keys"];
};

export type WorkerServiceHealth = {
  running: boolean;
  /** Unix ms of the last poll that reached the chain. */
  lastPollAt: number | undefined;
  lastPollError: string | undefined;
  jobsRunning: number;
  jobsQueued: number;
  receiptsPending: number;
};

const DEFAULT_POLL_MS = 1_000;
const DEFAULT_REORG_DEPTH = 12n;
const DEFAULT_MAX_LOG_RANGE = 5_000;
const DEFAULT_CONCURRENCY = 2;
const DEFAULT_SEALED_KEY_TIMEOUT_MS = 10 * 60_000;
const RETRY_AFTER_MS = 5_000;
const DEFAULT_RECONSIDER_MS = 60_000;

export class WorkerService {
  readonly #options: WorkerServiceOptions;
  readonly #log: Logger;
  readonly #agents: Map<bigint, ServedAgent>;
  readonly #batch: BatchContext;
  readonly #batcher: ReceiptBatcher;
  /** Jobs seen in this process: queued, running or done. */
  readonly #known = new Set<bigint>();
  readonly #queue: bigint[] = [];
  readonly #running = new Map<bigint, Promise<void>>();
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Jobs declined at least once (counted once, decided again while they stay open). */
  readonly #declined = new Set<bigint>();
  /** Jobs whose receipt is with the batcher now. */
  readonly #batching = new Set<bigint>();
  #resumeNeeded = false;
  #lastResumeAt = 0;
  #cursor: bigint | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #started = false;
  #lastPollAt: number | undefined;
  #lastPollError: string | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(options: WorkerServiceOptions) {
    if (options.agents.length === 0) throw new RangeError("A worker serves at least one agent");
    this.#options = options;
    this.#log = options.logger;
    this.#agents = new Map(options.agents.map((agent) => [agent.agentId, agent]));
    this.#batch = batchContext(this.#workerContext(options.agents[0]!, undefined));
    this.#batcher = new ReceiptBatcher(
      this.#batch,
      { ...DEFAULT_BATCH_POLICY, ...options.batch },
      (agentId, outcomes) => this.#onBatch(agentId, outcomes),
    );
  }

  get health(): WorkerServiceHealth {
    return {
      running: this.#started,
      lastPollAt: this.#lastPollAt,
      lastPollError: this.#lastPollError,
      jobsRunning: this.#running.size,
      jobsQueued: this.#queue.length,
      receiptsPending: this.#batcher.pending,
    };
  }

  /** Recovers from the journal, then starts watching the chain. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.recover();
    this.#schedulePoll(0);
  }

  /** Stops watching, lets running jobs and open batches finish, and returns. */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    await this.#polling;
    this.#queue.length = 0;
    await Promise.allSettled([...this.#running.values()]);
    await this.#batcher.drain();
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Resolves when no job is queued or running and no receipt waits for a batch. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Polls once now (tests and tools; the service polls on its own). */
  async pollNow(): Promise<void> {
    await this.#polling;
    this.#polling = this.#poll();
    await this.#polling;
  }

  /** Finishes what a previous process left in the journal. */
  async recover(): Promise<void> {
    await this.#resumeJournal();
    for (const job of this.#options.journal.list("interrupted")) {
      this.#log.info(
        { jobId: job.jobId.toString() },
        "job interrupted by a restart; checking whether it can run again",
      );
      this.#enqueue(job.jobId);
    }
  }

  /**
   * Anchors and submits journaled batches that are not finished, and batches journaled receipts
   * that are in no batch: after a restart, and whenever a batch failed (the chain was down, a
   * transaction was dropped), so a failure delays a receipt but never strands it.
   */
  async #resumeJournal(): Promise<void> {
    const { journal } = this.#options;
    this.#resumeNeeded = false;
    this.#lastResumeAt = Date.now();
    const batches = new Map<Hex, JournalBatch>();
    for (const job of journal.list("batched")) {
      if (job.batch && !this.#batching.has(job.jobId)) batches.set(job.batch.root, job.batch);
    }
    for (const batch of batches.values()) {
      try {
        this.#onBatch(undefined, await resumeBatch(this.#batch, batch));
      } catch (error) {
        this.#resumeNeeded = true;
        this.#log.error({ err: error, root: batch.root }, "could not resume a journaled batch; will retry");
      }
    }
    for (const job of journal.list("receipted")) {
      const agentId = this.#agentOfReceipt(job.signedReceipt);
      if (agentId === undefined || this.#batching.has(job.jobId)) continue;
      this.#known.add(job.jobId);
      this.#addToBatch(agentId, job.jobId);
    }
  }

  #addToBatch(agentId: bigint, jobId: bigint): void {
    this.#batching.add(jobId);
    this.#track(this.#batcher.add(agentId, jobId).finally(() => this.#batching.delete(jobId)));
  }

  #agentOfReceipt(signedReceipt: string | undefined): bigint | undefined {
    if (signedReceipt === undefined) return undefined;
    try {
      return BigInt((JSON.parse(signedReceipt) as { receipt: { agentId: string } }).receipt.agentId);
    } catch {
      return undefined;
    }
  }

  #schedulePoll(delayMs: number): void {
    if (!this.#started) return;
    this.#timer = setTimeout(() => {
      this.#polling = this.#poll().finally(() => this.#schedulePoll(this.#options.pollIntervalMs ?? DEFAULT_POLL_MS));
    }, delayMs);
  }

  async #poll(): Promise<void> {
    const { chain } = this.#options;
    try {
      const head = await chain.blockNumber();
      const start = BigInt(chain.deployment.contracts.JobEscrow.startBlock);
      const depth = BigInt(this.#options.reorgDepth ?? DEFAULT_REORG_DEPTH);
      const from = this.#cursor === undefined ? start : this.#cursor > start + depth ? this.#cursor - depth : start;
      // In ranges an RPC provider accepts; the cursor advances range by range, so a failure
      // part-way resumes where it stopped.
      const range = BigInt(this.#options.maxLogRange ?? DEFAULT_MAX_LOG_RANGE);
      for (let low = from; low <= head; low += range) {
        const high = low + range - 1n < head ? low + range - 1n : head;
        const opened = await chain.jobsOpened([...this.#agents.keys()], low, high);
        for (const job of opened) this.#enqueue(job.jobId);
        this.#cursor = high + 1n;
      }
      this.#cursor = head + 1n;
      this.#lastPollAt = Date.now();
      this.#lastPollError = undefined;
      if (this.#resumeNeeded && Date.now() - this.#lastResumeAt >= RETRY_AFTER_MS) await this.#resumeJournal();
    } catch (error) {
      this.#lastPollError = error instanceof Error ? error.message : String(error);
      this.#log.warn({ err: error }, "chain poll failed; retrying");
    }
  }

  #enqueue(jobId: bigint): void {
    if (this.#known.has(jobId)) return;
    this.#known.add(jobId);
    this.#queue.push(jobId);
    this.#pump();
  }

  #pump(): void {
    const limit = this.#options.concurrency ?? DEFAULT_CONCURRENCY;
    while (this.#started && this.#running.size < limit && this.#queue.length > 0) {
      const jobId = this.#queue.shift()!;
      const run = this.#runOne(jobId).finally(() => {
        this.#running.delete(jobId);
        this.#pump();
        this.#checkIdle();
      });
      this.#running.set(jobId, run);
    }
    this.#checkIdle();
  }

  async #runOne(jobId: bigint): Promise<void> {
    const { chain, journal } = this.#options;
    const log = this.#log.child({ jobId: jobId.toString() });
    try {
      const journaled = journal.get(jobId);
      if (journaled && journaled.state !== "interrupted") return;
      const job = await chain.getJob(jobId);
      const agent = this.#agents.get(job.agentId);
      if (!agent) return;
      if (job.status !== JobStatus.Open && job.status !== JobStatus.Accepted) return;
      // An Accepted job missing from the journal was claimed by a process that died before
      // journaling begin(): one worker serves an agent, so it is this worker's to run.
      const now = await chain.now();
      if (job.deadline <= now) {
        log.info("job is past its deadline; the client is refunded by refundExpired");
        this.#options.onJobOutcome?.("lapsed");
        return;
      }
      const waitMs = Number(job.deadline - now) * 1_000;
      const timeout = Math.min(this.#options.sealedKeyTimeoutMs ?? DEFAULT_SEALED_KEY_TIMEOUT_MS, waitMs);
      const result = await runJob(this.#workerContext(agent, timeout), jobId);
      if (result.kind === "declined") {
        // Counted once; decided again later, since most reasons can change while the job is
        // open (stake topped up, a release approved, a scope served): nothing was claimed.
        if (!this.#declined.has(jobId)) {
          this.#declined.add(jobId);
          log.info({ reasons: result.reasons }, "job declined");
          this.#options.onJobOutcome?.("declined");
        }
        this.#reconsiderLater(jobId);
        return;
      }
      log.info({ outcome: result.outcome }, "job receipted");
      this.#options.onJobOutcome?.(outcomeLabel(result.outcome));
      this.#addToBatch(result.agentId, jobId);
    } catch (error) {
      if (error instanceof StoreObjectMissingError) {
        // The owner never sealed the key: nothing ran, nothing was signed; the client is refunded at the deadline.
        log.warn("no sealed key before the timeout; the job will refund at its deadline");
        this.#options.onJobOutcome?.("abandoned");
        return;
      }
      if (error instanceof JobNotProcessableError) {
        log.info({ err: error }, "job not processable");
        return;
      }
      log.error({ err: error }, "job failed; retrying later");
      this.#options.onJobOutcome?.("error");
      if ((error as { retryable?: boolean }).retryable === true && this.#started) {
        setTimeout(() => {
          this.#known.delete(jobId);
          this.#enqueue(jobId);
        }, RETRY_AFTER_MS).unref();
      }
    }
  }

  #reconsiderLater(jobId: bigint): void {
    const delay = this.#options.reconsiderDeclinedMs ?? DEFAULT_RECONSIDER_MS;
    setTimeout(() => {
      if (!this.#started) return;
      this.#known.delete(jobId);
      this.#enqueue(jobId);
    }, delay).unref();
  }

  #onBatch(agentId: bigint | undefined, outcomes: SubmitOutcome[]): void {
    for (const outcome of outcomes) {
      const fields = { jobId: outcome.jobId.toString(), agentId: agentId?.toString() };
      if (outcome.kind === "submitted") {
        this.#log.info({ ...fields, batchId: outcome.batchId, tx: outcome.txHash }, "receipt submitted");
      } else if (outcome.kind === "skipped") {
        this.#log.info({ ...fields, status: outcome.status }, "receipt not submitted: the job no longer waits for one");
        this.#options.onJobOutcome?.("submit-skipped");
      } else if (outcome.kind === "refused") {
        this.#log.error({ ...fields, err: outcome.error }, "the escrow refused the receipt; it stays in the journal");
        this.#options.onJobOutcome?.("submit-refused");
      } else {
        this.#resumeNeeded = true;
        this.#log.error(
          { ...fields, err: outcome.error },
          "receipt submission failed; it stays in the journal and is retried",
        );
      }
    }
  }

  #track(promise: Promise<unknown>): void {
    this.#inFlight.add(promise);
    void promise.finally(() => {
      this.#inFlight.delete(promise);
      this.#checkIdle();
    });
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#running.size === 0 && this.#inFlight.size === 0;
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #workerContext(agent: ServedAgent, sealedKeyTimeoutMs: number | undefined): WorkerContext {
    const { chain, store, journal, audit, sandbox, bundlesDir, keys } = this.#options;
    return {
      chain,
      identity: agent.identity,
      agentId: agent.agentId,
      bundleName: agent.bundleName,
      ...(bundlesDir === undefined ? {} : { bundlesDir }),
      store,
      journal,
      audit,
      sandbox,
      servedScopes: agent.servedScopes,
      paymentFloor: agent.paymentFloor,
      ...(agent.policyText === undefined ? {} : { policyText: agent.policyText }),
      ...(sealedKeyTimeoutMs === undefined ? {} : { sealedKeyTimeoutMs }),
      ...(keys === undefined ? {} : { keys }),
    };
  }
}

function outcomeLabel(outcome: ReceiptOutcome): JobOutcomeLabel {
  switch (outcome) {
    case ReceiptOutcome.Completed:
      return "completed";
    case ReceiptOutcome.BudgetExhausted:
      return "budget-exhausted";
    case ReceiptOutcome.Failed:
      return "failed";
    case ReceiptOutcome.Refused:
      return "refused";
  }
}
