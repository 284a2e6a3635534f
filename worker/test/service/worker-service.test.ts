/**
 * The worker service on a real local chain: it finds jobs by itself, runs them, anchors their
 * receipts in shared batches that end with an audit checkpoint, and picks up after a crash from
 * its journal alone.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  devStakeTokenAbi,
  hashAuditCheckpoint,
  jobEscrowAbi,
  LOCAL_CHAIN_ID,
  parseSignedReceipt,
  receiptDomain,
  stakeManagerAbi,
} from "@leasehold/sdk";
import { parseEther } from "viem";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { AuditLog, verifyAuditLog } from "../../src/audit/index.ts";
import { buildBatch, rebuildBatch } from "../../src/batching/index.ts";
import { JobStatus } from "../../src/chain/index.ts";
import { ReceiptJournal } from "../../src/journal/index.ts";
import { runJob } from "../../src/lifecycle/index.ts";
import { createSandbox } from "../../src/sandbox/index.ts";
import { WorkerService, type JobOutcomeLabel, type WorkerServiceOptions } from "../../src/service/index.ts";
import { createFileContentStore, type ContentStore } from "../../src/store/index.ts";
import {
  answerCertificate,
  lendAndOpen,
  scopeHash,
  startLocalChain,
  type LocalChain,
} from "../fixtures/local-chain.ts";

const records = (n: number) =>
  new TextEncoder().encode(
    JSON.stringify([{ id: n, name: `Person ${n}`, email: `person${n}@example.net`, plan: "gold" }]),
  );

let local: LocalChain;
const sandbox = createSandbox();
let dataDir: string;
let store: ContentStore;
let journal: ReceiptJournal;
let audit: AuditLog;
const services: WorkerService[] = [];
const owners = new AbortController();

beforeAll(async () => {
  local = await startLocalChain();
}, 120_000);

afterAll(async () => {
  owners.abort();
  await sandbox.close();
  await local?.stop();
});

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "leasehold-service-"));
  store = createFileContentStore(path.join(dataDir, "store"));
  journal = await ReceiptJournal.open({ dir: dataDir });
  audit = await AuditLog.open({ dir: dataDir });
});

afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
  await journal.close();
  await audit.close();
  await rm(dataDir, { recursive: true, force: true });
});

function service(overrides: Partial<WorkerServiceOptions> = {}): WorkerService {
  const created = new WorkerService({
    chain: local.chain,
    store,
    journal,
    audit,
    sandbox,
    logger: pino({ level: "silent" }),
    agents: [
      {
        agentId: local.agentId,
        identity: local.identity,
        bundleName: "redaction",
        servedScopes: [scopeHash],
        paymentFloor: 0n,
      },
    ],
    pollIntervalMs: 100,
    sealedKeyTimeoutMs: 20_000,
    ...overrides,
  });
  services.push(created);
  return created;
}

/** Closes and reopens journal and audit log, as a process that died and restarted would. */
async function restart(): Promise<void> {
  await Promise.all(services.splice(0).map((running) => running.stop()));
  await journal.close();
  await audit.close();
  journal = await ReceiptJournal.open({ dir: dataDir });
  audit = await AuditLog.open({ dir: dataDir });
}

const domain = () =>
  receiptDomain({ chainId: LOCAL_CHAIN_ID, receiptAnchor: local.deployment.contracts.ReceiptAnchor.address });

async function waitForStatus(jobId: bigint, status: JobStatus, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await local.chain.getJob(jobId);
    if (job.status === status) return;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is ${job.status}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("# WorkerService", () => {
  it("should find open jobs by itself and anchor their receipts together in one batch ending with an audit checkpoint", async () => {
    const outcomes: JobOutcomeLabel[] = [];
    const running = service({ batch: { maxReceipts: 3, maxWaitMs: 30_000 }, onJobOutcome: (o) => outcomes.push(o) });
    const lent = [];
    for (let n = 0; n < 3; n++) lent.push(await lendAndOpen(local, store, records(n)));
    const answers = lent.map((job) => answerCertificate(local, store, job.jobId, job.contentKey, owners.signal));
    await running.start();
    await Promise.all(answers);
    await Promise.all(lent.map((job) => waitForStatus(job.jobId, JobStatus.Submitted)));
    await running.idle();

    const jobs = lent.map((job) => journal.get(job.jobId)!);
    expect(jobs.map((job) => job.state)).toEqual(["submitted", "submitted", "submitted"]);
    const batch = jobs[0]!.batch!;
    expect(jobs.every((job) => job.batch?.root === batch.root)).toBe(true);
    expect(batch.jobIds).toHaveLength(3);
    const built = rebuildBatch(journal, batch, domain());
    const onChain = await local.chain.getBatch(built.batchId);
    expect(onChain?.leafCount).toBe(4n);
    // Every receipt, and the audit checkpoint, is provable against the one anchored root.
    for (const [index, digest] of built.digests.entries()) {
      expect(await local.chain.verifyInclusion(built.batchId, digest, built.tree.proof(index))).toBe(true);
    }
    const checkpoint = batch.checkpoint!;
    const checkpointDigest = hashAuditCheckpoint({
      checkpoint: { agentId: local.agentId, seq: BigInt(checkpoint.seq), head: checkpoint.head },
      domain: domain(),
    });
    expect(await local.chain.verifyInclusion(built.batchId, checkpointDigest, built.tree.proof(3))).toBe(true);
    // The checkpointed head is an entry of the worker's audit chain.
    const { entries } = await verifyAuditLog(dataDir);
    expect(entries.find((entry) => entry.seq === checkpoint.seq)?.hash).toBe(checkpoint.head);
    expect(outcomes).toEqual(["completed", "completed", "completed"]);
  });

  it("should close a batch when its first receipt has waited maxWaitMs, even if it is not full", async () => {
    const running = service({ batch: { maxReceipts: 50, maxWaitMs: 200 } });
    const job = await lendAndOpen(local, store, records(10));
    const answered = answerCertificate(local, store, job.jobId, job.contentKey, owners.signal);
    await running.start();
    await answered;
    await waitForStatus(job.jobId, JobStatus.Submitted);
    await running.idle();
    expect(journal.get(job.jobId)?.batch?.jobIds).toEqual([job.jobId]);
  });

  it("should batch, anchor and submit receipts a crashed process journaled but never batched", async () => {
    const job = await lendAndOpen(local, store, records(20));
    const [result] = await Promise.all([
      runJob(workerFor(), job.jobId),
      answerCertificate(local, store, job.jobId, job.contentKey, owners.signal),
    ]);
    expect(result.kind).toBe("receipted");
    expect(journal.get(job.jobId)?.state).toBe("receipted");
    await restart();

    const running = service({ batch: { maxReceipts: 1, maxWaitMs: 0 } });
    await running.start();
    await waitForStatus(job.jobId, JobStatus.Submitted);
    await running.idle();
    expect(journal.get(job.jobId)?.state).toBe("submitted");
    expect(journal.get(job.jobId)?.attempts).toBe(1);
  });

  it("should anchor a journaled batch the crash left unanchored, and submit it once", async () => {
    const job = await lendAndOpen(local, store, records(30));
    await Promise.all([
      runJob(workerFor(), job.jobId),
      answerCertificate(local, store, job.jobId, job.contentKey, owners.signal),
    ]);
    // What anchorAndSubmit journals before it sends the anchor transaction.
    const head = audit.head();
    const built = buildBatch(
      {
        agentId: local.agentId,
        jobIds: [job.jobId],
        receipts: [parseSignedReceipt(journal.get(job.jobId)!.signedReceipt!)],
        checkpoint: head,
      },
      domain(),
    );
    await journal.markBatched({
      jobIds: [job.jobId],
      root: built.tree.root,
      batchId: BigInt(built.batchId),
      checkpoint: { seq: head.seq, head: head.hash },
    });
    await restart();
    expect(await local.chain.getBatch(built.batchId)).toBeUndefined();

    const running = service();
    await running.start();
    await waitForStatus(job.jobId, JobStatus.Submitted);
    await running.idle();
    expect((await local.chain.getBatch(built.batchId))?.leafCount).toBe(2n);
    expect(journal.get(job.jobId)?.submittedTxs).toHaveLength(1);
    expect((await local.chain.getJob(job.jobId)).receiptDigest).toBe(built.digests[0]);
  });

  it("should run again, with fresh keys, a job a crash interrupted after it was claimed", async () => {
    const job = await lendAndOpen(local, store, records(40));
    await local.chain.acceptJob(job.jobId);
    await journal.begin(job.jobId);
    await restart();
    expect(journal.get(job.jobId)?.state).toBe("interrupted");

    const answered = answerCertificate(local, store, job.jobId, job.contentKey, owners.signal);
    const running = service({ batch: { maxReceipts: 1, maxWaitMs: 0 } });
    await running.start();
    await answered;
    await waitForStatus(job.jobId, JobStatus.Submitted);
    await running.idle();
    expect(journal.get(job.jobId)).toMatchObject({ state: "submitted", attempts: 2 });
  });

  it("should not submit a receipt for a job that was refunded while its batch waited", async () => {
    const job = await lendAndOpen(local, store, records(50), { deadlineIn: 120n });
    await Promise.all([
      runJob(workerFor(), job.jobId),
      answerCertificate(local, store, job.jobId, job.contentKey, owners.signal),
    ]);
    await restart();
    await local.advance(300);
    await local.send(local.owner, {
      address: local.deployment.contracts.JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "refundExpired",
      args: [job.jobId],
    });
    const outcomes: JobOutcomeLabel[] = [];
    const running = service({ batch: { maxReceipts: 1, maxWaitMs: 0 }, onJobOutcome: (o) => outcomes.push(o) });
    await running.start();
    await running.idle();
    expect(journal.get(job.jobId)?.state).toBe("batched");
    expect((await local.chain.getJob(job.jobId)).status).toBe(JobStatus.Expired);
    expect(outcomes).toEqual(["submit-skipped"]);
  });

  it("should find jobs when the node caps eth_getLogs to a few blocks per call", async () => {
    const job = await lendAndOpen(local, store, records(70));
    const answered = answerCertificate(local, store, job.jobId, job.contentKey, owners.signal);
    // The real client behind a provider's cap: more than 3 blocks per call is refused.
    const capped: typeof local.chain = {
      ...local.chain,
      jobsOpened: async (agentIds, fromBlock, toBlock) => {
        if (toBlock - fromBlock + 1n > 3n) throw new Error(`range ${fromBlock}..${toBlock} is over the cap`);
        return local.chain.jobsOpened(agentIds, fromBlock, toBlock);
      },
    };
    const running = service({ chain: capped, maxLogRange: 3, batch: { maxReceipts: 1, maxWaitMs: 0 } });
    await running.start();
    await answered;
    await waitForStatus(job.jobId, JobStatus.Submitted);
    await running.idle();
  });

  it("should not send a receipt the escrow must refuse: its job's deadline passed while the batch waited", async () => {
    const job = await lendAndOpen(local, store, records(55), { deadlineIn: 120n });
    await Promise.all([
      runJob(workerFor(), job.jobId),
      answerCertificate(local, store, job.jobId, job.contentKey, owners.signal),
    ]);
    await restart();
    await local.advance(300);
    const outcomes: JobOutcomeLabel[] = [];
    const running = service({ batch: { maxReceipts: 1, maxWaitMs: 0 }, onJobOutcome: (o) => outcomes.push(o) });
    await running.start();
    await running.idle();
    expect((await local.chain.getJob(job.jobId)).status).toBe(JobStatus.Accepted);
    expect(journal.get(job.jobId)?.submittedTxs).toEqual([]);
    expect(outcomes).toEqual(["submit-skipped"]);
    await local.send(local.owner, {
      address: local.deployment.contracts.JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "refundExpired",
      args: [job.jobId],
    });
  });

  it("should leave alone jobs of agents it does not serve", async () => {
    const job = await lendAndOpen(local, store, records(60));
    const running = service({
      agents: [
        {
          agentId: local.agentId + 1000n,
          identity: local.identity,
          bundleName: "redaction",
          servedScopes: [scopeHash],
          paymentFloor: 0n,
        },
      ],
    });
    await running.start();
    await running.pollNow();
    await running.idle();
    expect((await local.chain.getJob(job.jobId)).status).toBe(JobStatus.Open);
    expect(journal.get(job.jobId)).toBeUndefined();
    // Withdrawn by its client, so no later service here waits for its key.
    await local.send(local.owner, {
      address: local.deployment.contracts.JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "cancel",
      args: [job.jobId],
    });
  });
});

describe("# declined jobs", () => {
  it("should decide a declined job again, and run it once the reason is gone", async () => {
    const { StakeManager, DevStakeToken } = local.deployment.contracts;
    // The operator starts unbonding almost all its stake: the agent is inactive.
    const { free } = await local.chain.getStake(local.operator.walletClient.account.address);
    await local.send(local.operator, {
      address: StakeManager.address,
      abi: stakeManagerAbi,
      functionName: "requestWithdrawal",
      args: [free - parseEther("50")],
    });
    const outcomes: JobOutcomeLabel[] = [];
    const running = service({
      reconsiderDeclinedMs: 200,
      batch: { maxReceipts: 1, maxWaitMs: 0 },
      onJobOutcome: (outcome) => outcomes.push(outcome),
    });
    const job = await lendAndOpen(local, store, records(80));
    await running.start();
    for (let tries = 0; !outcomes.includes("declined"); tries++) {
      if (tries > 200) throw new Error("the job was not declined");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await local.chain.getJob(job.jobId)).status).toBe(JobStatus.Open);

    // Stake topped up: the next decision takes the job.
    const answered = answerCertificate(local, store, job.jobId, job.contentKey, owners.signal);
    await local.send(local.operator, {
      address: DevStakeToken!.address,
      abi: devStakeTokenAbi,
      functionName: "approve",
      args: [StakeManager.address, parseEther("100")],
    });
    await local.send(local.operator, {
      address: StakeManager.address,
      abi: stakeManagerAbi,
      functionName: "deposit",
      args: [parseEther("100")],
    });
    await answered;
    await waitForStatus(job.jobId, JobStatus.Submitted);
    await running.idle();
    expect(outcomes.filter((outcome) => outcome === "declined")).toHaveLength(1);
    expect(outcomes).toContain("completed");
  });
});

function workerFor() {
  return {
    chain: local.chain,
    identity: local.identity,
    agentId: local.agentId,
    bundleName: "redaction",
    store,
    journal,
    audit,
    sandbox,
    servedScopes: [scopeHash],
    paymentFloor: 0n,
    sealedKeyTimeoutMs: 20_000,
  };
}
