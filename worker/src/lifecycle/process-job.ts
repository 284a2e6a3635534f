/**
 * One job, spin -> act -> receipt -> shred -> die (shared/DESIGN.md, "The agent lifecycle").
 *
 *  spin     read job, lease, agent and stake; decide with the Cedar policy (../policy). An Open
 *           job that the policy denies is declined (no claim, no receipt: nothing was promised).
 *           Otherwise the job is claimed (acceptJob) and decided again on fresh state, since the
 *           claim may have waited; a denial now is a Refused receipt, which refunds the client.
 *           Fresh keys: a secp256k1 ephemeral account and an X25519 sealing pair, certified by
 *           the agent identity for this job only (notAfter = the job deadline).
 *           Context: the certificate is published to the store; the data owner seals the content
 *           key to its sealingKey and uploads it (../store/content-store.ts); the worker opens it,
 *           fetches the envelope the lease names (verified by content id) and decrypts it.
 *  act      the bundle whose keccak256 is the agent's registered code hash, in the sandbox with
 *           the job's fuel budget; its output is sealed for the owner before it is stored.
 *  receipt  signed by the ephemeral key, journaled (durable) before anything else sees it, put in
 *           a batch, anchored, submitted with its inclusion proof; journal and audit follow.
 *  shred    every key and plaintext buffer zeroed (ShredBin), in a finally, on every path.
 *
 * Nothing secret touches disk: the journal holds the public receipt, the audit log ids and hashes,
 * the store ciphertext. What JavaScript cannot zero: viem takes the ephemeral key as a hex string,
 * and strings are immutable; it is dropped with the account at the end of the job (../shred.ts).
 * One job is one batch here; batching several jobs per anchor is the watcher loop's job.
 */
import {
  buildReceiptTree,
  decryptContext,
  generateSealingKeyPair,
  hashReceipt,
  openSealedKey,
  receiptDomain,
  ReceiptOutcome,
  sealingKeyToHex,
  sealJobOutput,
  serializeSignedReceipt,
  signCertificate,
  signReceipt,
  type JobKeyCertificate,
  type SealingKeyPair,
  type SignedReceipt,
} from "@leasehold/sdk";
import { keccak256, type Hex, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { AuditLog } from "../audit/index.ts";
import { loadAgentBundle } from "../bundles/index.ts";
import type { ChainClient, ChainJob } from "../chain/index.ts";
import { JobStatus } from "../chain/index.ts";
import { JobNotProcessableError, StoreObjectMissingError } from "../errors.ts";
import type { ReceiptJournal } from "../journal/index.ts";
import { evaluateRunJob, type PolicyDecision } from "../policy/index.ts";
import { ShredBin } from "../shred.ts";
import type { ContentStore } from "../store/index.ts";
import type { Sandbox } from "../types.ts";
import { serializeJobCertificate } from "./job-certificate.ts";

export type WorkerContext = {
  chain: ChainClient;
  /** The agent's registered identity key: signs job certificates, nothing else. */
  identity: LocalAccount;
  agentId: bigint;
  /** The bundle this worker runs for the agent (worker/agents by default). */
  bundleName: string;
  bundlesDir?: string;
  store: ContentStore;
  journal: ReceiptJournal;
  audit: AuditLog;
  sandbox: Sandbox;
  /** Scope hashes this worker serves. */
  servedScopes: readonly Hex[];
  /** Lowest payment worth working for, stake-token base units. */
  paymentFloor: bigint;
  policyText?: string;
  /** How long to wait for the owner's sealed key after publishing the certificate. Default 60 s. */
  sealedKeyTimeoutMs?: number;
  sealedKeyPollMs?: number;
  /** Key generators; default viem's generatePrivateKey and the sdk's X25519 pair. */
  keys?: { ephemeral?: () => Hex; sealing?: () => SealingKeyPair };
};

export type ProcessJobReturnType =
  | { kind: "declined"; jobId: bigint; reasons: string[] }
  | {
      kind: "receipted";
      jobId: bigint;
      outcome: ReceiptOutcome;
      /** Policy rules that refused the job (empty unless the outcome is Refused). */
      reasons: string[];
      signedReceipt: SignedReceipt;
      digest: Hex;
      batchId: Hex;
      proof: Hex[];
      submitTx: Hex;
    };

const EMPTY_HASH = keccak256(new Uint8Array(0));
const DEFAULT_SEALED_KEY_TIMEOUT_MS = 60_000;
const DEFAULT_SEALED_KEY_POLL_MS = 50;
const MAX_SAFE_BUDGET = BigInt(Number.MAX_SAFE_INTEGER);

export async function processJob(worker: WorkerContext, jobId: bigint): Promise<ProcessJobReturnType> {
  const { chain, audit, journal } = worker;
  const chainId = chain.deployment.chainId;
  const domain = receiptDomain({ chainId, receiptAnchor: chain.deployment.contracts.ReceiptAnchor.address });

  let job = await chain.getJob(jobId);
  if (job.agentId !== worker.agentId) throw new JobNotProcessableError(`Job ${jobId} is for another agent`);
  if (job.status !== JobStatus.Open && job.status !== JobStatus.Accepted) {
    throw new JobNotProcessableError(`Job ${jobId} is in status ${job.status}, not Open or Accepted`);
  }
  await audit.append("job.spin", { jobId: jobId.toString(), status: job.status });
  const bundle = await loadAgentBundle({ name: worker.bundleName, dir: worker.bundlesDir });

  if (job.status === JobStatus.Open) {
    const decision = await decide(worker, job, bundle.codeHash);
    if (!decision.allowed) {
      await audit.append("job.declined", { jobId: jobId.toString(), reasons: decision.reasons.join(",") });
      return { kind: "declined", jobId, reasons: decision.reasons };
    }
    const acceptTx = await chain.acceptJob(jobId);
    await audit.append("job.accepted", { jobId: jobId.toString(), txHash: acceptTx });
    job = await chain.getJob(jobId);
  }
  const decision = await decide(worker, job, bundle.codeHash);
  const agent = await chain.getAgent(job.agentId);
  const lease = await chain.getLease(job.leaseId);

  const bin = new ShredBin();
  try {
    const sealing = (worker.keys?.sealing ?? generateSealingKeyPair)();
    bin.track(sealing.secretKey);
    const ephemeral = privateKeyToAccount((worker.keys?.ephemeral ?? generatePrivateKey)());
    const certificate: JobKeyCertificate = {
      jobId,
      agentId: job.agentId,
      ephemeralKey: ephemeral.address,
      sealingKey: sealingKeyToHex(sealing.publicKey),
      notAfter: job.deadline,
    };
    const certificateSignature = await signCertificate({ account: worker.identity, domain, certificate });
    await journal.begin(jobId);
    await audit.append("job.begun", { jobId: jobId.toString(), ephemeralKey: ephemeral.address });
    const startedAt = await chain.now();

    let outcome: ReceiptOutcome;
    let inputHash = EMPTY_HASH;
    let outputHash = EMPTY_HASH;
    let usage = { fuelUsed: 0, memoryPeakBytes: 0, capabilityCalls: 0 };
    if (!decision.allowed) {
      outcome = ReceiptOutcome.Refused;
      await audit.append("job.refused", { jobId: jobId.toString(), reasons: decision.reasons.join(",") });
    } else {
      await worker.store.putCertificate(
        jobId,
        serializeJobCertificate({ certificate, signature: certificateSignature }),
      );
      await audit.append("job.certificate-published", { jobId: jobId.toString() });
      const sealedKey = await waitForSealedKey(worker, jobId);
      const contentKey = bin.track(openSealedKey(sealedKey, sealing.secretKey, { chainId, jobId }));
      const envelope = await worker.store.getContext(lease.contextId);
      const context = bin.track(decryptContext(envelope, contentKey, { chainId, owner: lease.owner }));
      await audit.append("job.context-opened", { jobId: jobId.toString(), contextId: lease.contextId });

      // The chain's uint64 budget past 2^53 is more fuel than any wall-time limit lets a job burn.
      const budget = Number(job.budget > MAX_SAFE_BUDGET ? MAX_SAFE_BUDGET : job.budget);
      const result = await worker.sandbox.run({ bundle: bundle.bytes, context, budget });
      bin.track(result.output);
      await worker.store.putOutput(jobId, sealJobOutput(result.output, contentKey, { chainId, jobId }));
      outcome = ReceiptOutcome[result.outcome];
      inputHash = result.hashes.input;
      outputHash = result.hashes.output;
      usage = result.usage;
      await audit.append("job.ran", {
        jobId: jobId.toString(),
        outcome: result.outcome,
        termination: result.termination,
        fuelUsed: usage.fuelUsed,
      });
    }

    const now = await chain.now();
    const signedReceipt = await signReceipt({
      account: ephemeral,
      domain,
      receipt: {
        jobId,
        agentId: job.agentId,
        codeHash: agent.codeHash,
        policyHash: job.policyHash,
        inputHash,
        outputHash,
        fuelUsed: BigInt(usage.fuelUsed),
        memoryPeakBytes: BigInt(usage.memoryPeakBytes),
        capabilityCalls: usage.capabilityCalls,
        startedAt,
        endedAt: now > startedAt ? now : startedAt,
        outcome,
        certificate: certificateSignature,
      },
      sealingKey: certificate.sealingKey,
      notAfter: certificate.notAfter,
    });
    // Durable before the receipt is used anywhere: a crash after this replays from the journal.
    await journal.recordReceipt(jobId, serializeSignedReceipt(signedReceipt));
    const digest = hashReceipt({ receipt: signedReceipt.receipt, domain });
    await audit.append("job.receipted", { jobId: jobId.toString(), digest, outcome });

    const tree = buildReceiptTree([digest]);
    const { batchId, txHash: anchorTx } = await chain.anchorBatch(job.agentId, tree.root, tree.leafCount);
    await journal.markBatched({ jobIds: [jobId], root: tree.root, batchId: BigInt(batchId) });
    const auditHead = audit.head();
    await audit.append("batch.anchored", {
      batchId,
      root: tree.root,
      leafCount: tree.leafCount,
      txHash: anchorTx,
      auditSeq: auditHead.seq,
      auditHead: auditHead.hash,
    });

    const proof = tree.proof(0);
    const submitTx = await chain.submitReceipt(jobId, signedReceipt, batchId, proof);
    await journal.markSubmitted(jobId, submitTx);
    await audit.append("job.submitted", { jobId: jobId.toString(), txHash: submitTx });
    return {
      kind: "receipted",
      jobId,
      outcome,
      reasons: decision.allowed ? [] : decision.reasons,
      signedReceipt,
      digest,
      batchId,
      proof,
      submitTx,
    };
  } finally {
    const buffers = bin.size;
    bin.shred();
    await audit.append("job.shredded", { jobId: jobId.toString(), buffers });
  }
}

async function decide(worker: WorkerContext, job: ChainJob, bundleCodeHash: Hex): Promise<PolicyDecision> {
  const { chain } = worker;
  const [lease, agent, now] = await Promise.all([
    chain.getLease(job.leaseId),
    chain.getAgent(job.agentId),
    chain.now(),
  ]);
  const stake = await chain.getStake(agent.operator);
  return evaluateRunJob({
    operator: agent.operator,
    freeStake: stake.free,
    minimumStake: stake.minimumStake,
    job: { jobId: job.jobId, deadline: job.deadline, payment: job.payment },
    lease: { leaseId: lease.leaseId, live: lease.live, scopeHash: lease.scopeHash, agentId: lease.agentId },
    agent: { agentId: agent.agentId, active: agent.active, codeHash: agent.codeHash },
    bundleCodeHash,
    now,
    paymentFloor: worker.paymentFloor,
    servedScopes: worker.servedScopes,
    ...(worker.policyText === undefined ? {} : { policyText: worker.policyText }),
  });
}

/** Polls the store for the owner's sealed key; bounded by sealedKeyTimeoutMs. */
async function waitForSealedKey(worker: WorkerContext, jobId: bigint): Promise<Uint8Array> {
  const deadline = Date.now() + (worker.sealedKeyTimeoutMs ?? DEFAULT_SEALED_KEY_TIMEOUT_MS);
  for (;;) {
    try {
      return await worker.store.getSealedKey(jobId);
    } catch (error) {
      if (!(error instanceof StoreObjectMissingError) || Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, worker.sealedKeyPollMs ?? DEFAULT_SEALED_KEY_POLL_MS));
  }
}
