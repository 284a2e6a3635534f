/**
 * Collects journaled receipts per agent and anchors them in batches: a batch closes when it holds
 * `maxReceipts` receipts or when its oldest receipt has waited `maxWaitMs`, whichever comes first.
 * One batch per agent is in flight at a time, and all of them go through one chain client whose
 * writes are serialized, so nonces never race. Batching is what makes a receipt cost a few gas
 * (bench/anchor-gas.bench.ts) instead of one storage write each.
 */
import type { SubmitOutcome, BatchContext } from "../batching/index.ts";
import { anchorAndSubmit } from "../batching/index.ts";

export type BatchPolicy = {
  /** Close a batch at this many receipts. */
  maxReceipts: number;
  /** Close a batch once its first receipt has waited this long, in milliseconds. */
  maxWaitMs: number;
};

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxReceipts: 64, maxWaitMs: 1_000 };

type Waiter = { jobId: bigint; resolve: (outcome: SubmitOutcome) => void };

type AgentQueue = { waiting: Waiter[]; timer: NodeJS.Timeout | undefined; flushing: Promise<void> };

export class ReceiptBatcher {
  readonly #context: BatchContext;
  readonly #policy: BatchPolicy;
  readonly #onBatch: (agentId: bigint, outcomes: SubmitOutcome[]) => void;
  readonly #queues = new Map<bigint, AgentQueue>();

  constructor(
    context: BatchContext,
    policy: BatchPolicy = DEFAULT_BATCH_POLICY,
    onBatch: (agentId: bigint, outcomes: SubmitOutcome[]) => void = () => {},
  ) {
    if (!Number.isSafeInteger(policy.maxReceipts) || policy.maxReceipts < 1) {
      throw new RangeError("maxReceipts must be a positive integer");
    }
    if (!Number.isFinite(policy.maxWaitMs) || policy.maxWaitMs < 0) throw new RangeError("maxWaitMs must be >= 0");
    this.#context = context;
    this.#policy = policy;
    this.#onBatch = onBatch;
  }

  /** Queues a journaled receipt; resolves with what became of it once its batch is submitted. */
  add(agentId: bigint, jobId: bigint): Promise<SubmitOutcome> {
    const queue = this.#queue(agentId);
    return new Promise((resolve) => {
      queue.waiting.push({ jobId, resolve });
      if (queue.waiting.length >= this.#policy.maxReceipts) this.#flush(agentId);
      else queue.timer ??= setTimeout(() => this.#flush(agentId), this.#policy.maxWaitMs);
    });
  }

  /** Receipts queued and not yet taken into a batch. */
  get pending(): number {
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.waiting.length;
    return count;
  }

  /** Closes every open batch now and waits until all batches are done. */
  async drain(): Promise<void> {
    for (const agentId of this.#queues.keys()) this.#flush(agentId);
    await Promise.all([...this.#queues.values()].map((queue) => queue.flushing));
  }

  #queue(agentId: bigint): AgentQueue {
    let queue = this.#queues.get(agentId);
    if (!queue) {
      queue = { waiting: [], timer: undefined, flushing: Promise.resolve() };
      this.#queues.set(agentId, queue);
    }
    return queue;
  }

  #flush(agentId: bigint): void {
    const queue = this.#queue(agentId);
    clearTimeout(queue.timer);
    queue.timer = undefined;
    // The batch is taken when its turn comes, so receipts that arrive meanwhile join it.
    queue.flushing = queue.flushing.then(async () => {
      const batch = queue.waiting.splice(0, this.#policy.maxReceipts);
      if (batch.length === 0) return;
      let outcomes: SubmitOutcome[];
      try {
        outcomes = await anchorAndSubmit(
          this.#context,
          agentId,
          batch.map((waiter) => waiter.jobId),
        );
      } catch (error) {
        outcomes = batch.map((waiter) => ({ kind: "failed", jobId: waiter.jobId, error }));
      }
      this.#onBatch(agentId, outcomes);
      for (const waiter of batch) {
        waiter.resolve(outcomes.find((outcome) => outcome.jobId === waiter.jobId)!);
      }
      if (queue.waiting.length > 0) {
        if (queue.waiting.length >= this.#policy.maxReceipts) this.#flush(agentId);
        else queue.timer ??= setTimeout(() => this.#flush(agentId), this.#policy.maxWaitMs);
      }
    });
  }
}
