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
 *  receipt  signed by the ephemeral key, journaled (durable) before anything else sees it. Then
 *           (../batching) it goes into a batch with other receipts of the agent and a checkpoint
 *           of the audit head, the root is anchored, and each receipt is submitted with its proof.
 *  shred    every key and plaintext buffer zeroed (ShredBin), in a finally, on every path.
 *
 * Nothing secret touches disk: the journal holds the public receipt, the audit log ids and hashes,
 * the store ciphertext. What JavaScript cannot zero: viem takes the ephemeral key as a hex string,
 * and strings are immutable; it is dropped with the account at the end of the job (../shred.ts).
 * runJob stops at the journaled receipt; processJob adds a one-job batch, the service
 * (../service) batches many.
 */
import {
  decryptContext,
  generateSealingKeyPair,
  hashReceipt,
  openJobInput,
  openSealedKey,
  receiptDomain,
  SealingError,
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
import { anchorAndSubmit, type BatchContext } from "../batching/index.ts";
import { loadAgentBundle } from "../bundles/index.ts";
import type { ChainClient, ChainJob } from "../chain/index.ts";
import { JobStatus } from "../chain/index.ts";
import { JobNotProcessableError, StoreObjectMissingError } from "../errors.ts";
import type { ReceiptJournal } from "../journal/index.ts";
import { evaluateRunJob, type PolicyDecision } from "../policy/index.ts";
import { ShredBin } from "../shred.ts";
import type { ContentStore } from "../store/index.ts";
import type { JsonValue, Sandbox } from "../types.ts";
import { serializeJobCertificate } from "@leasehold/sdk/gateway";

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

export type RunJobReturnType =
  | { kind: "declined"; jobId: bigint; reasons: string[] }
  | {
      kind: "receipted";
      jobId: bigint;
      agentId: bigint;
      outcome: ReceiptOutcome;
      /** Policy rules that refused the job (empty unless the outcome is Refused). */
      reasons: string[];
      signedReceipt: SignedReceipt;
      digest: Hex;
    };

export type ProcessJobReturnType =
  | Extract<RunJobReturnType, { kind: "declined" }>
  | (Extract<RunJobReturnType, { kind: "receipted" }> & { batchId: Hex; proof: Hex[]; submitTx: Hex });

const EMPTY_HASH = keccak256(new Uint8Array(0));
const DEFAULT_SEALED_KEY_TIMEOUT_MS = 60_000;
const DEFAULT_SEALED_KEY_POLL_MS = 50;
const MAX_SAFE_BUDGET = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * One job as a batch of its own: run it, then anchor and submit its receipt at once. The worker
 * service runs jobs with runJob and batches many receipts per anchor (../service).
 */
export async function processJob(worker: WorkerContext, jobId: bigint): Promise<ProcessJobReturnType> {
  const result = await runJob(worker, jobId);
  if (result.kind === "declined") return result;
  const [submitted] = await anchorAndSubmit(batchContext(worker), result.agentId, [jobId]);
  if (submitted?.kind !== "submitted") {
    throw new JobNotProcessableError(`Job ${jobId} was receipted but could not be submitted: ${submitted?.kind}`);
  }
  return { ...result, batchId: submitted.batchId, proof: submitted.proof, submitTx: submitted.txHash };
}

/** The batching half of a WorkerContext. */
export function batchContext(worker: WorkerContext): BatchContext {
  const { chain, journal, audit } = worker;
  return {
    chain,
    journal,
    audit,
    domain: receiptDomain({
      chainId: chain.deployment.chainId,
      receiptAnchor: chain.deployment.contracts.ReceiptAnchor.address,
    }),
  };
}

/**
 * spin, act, receipt, shred: everything up to a signed, journaled receipt. The receipt is not
 * anchored or submitted here; anchorAndSubmit (../batching) does that for one or many jobs.
 */
export async function runJob(worker: WorkerContext, jobId: bigint): Promise<RunJobReturnType> {
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
    // The policy the receipt attests: the one the agent declared it applied, else the job's
    // (which the worker's policy engine enforced). A mismatch voids the job on chain.
    let appliedPolicy = job.policyHash;
    if (!decision.allowed) {
      outcome = ReceiptOutcome.Refused;
      await audit.append("job.refused", { jobId: jobId.toString(), reasons: decision.reasons.join(",") });
    } else {
      // A key (and input) left from an attempt that died with its process was sealed to a secret
      // that died too: clear them before the new certificate is visible, so the owner seals again.
      await worker.store.deleteJobInputs(jobId);
      await worker.store.putCertificate(
        jobId,
        serializeJobCertificate({ certificate, signature: certificateSignature }),
      );
      await audit.append("job.certificate-published", { jobId: jobId.toString() });
      const contentKey = bin.track(await waitForContentKey(worker, jobId, sealing.secretKey, chainId));
      const envelope = await worker.store.getContext(lease.contextId);
      const context = bin.track(decryptContext(envelope, contentKey, { chainId, owner: lease.owner }));
      await audit.append("job.context-opened", { jobId: jobId.toString(), contextId: lease.contextId });
      const input = await readJobInput(worker, jobId, contentKey, chainId, bin);

      // The chain's uint64 budget past 2^53 is more fuel than any wall-time limit lets a job burn.
      const budget = Number(job.budget > MAX_SAFE_BUDGET ? MAX_SAFE_BUDGET : job.budget);
      const result = await worker.sandbox.run({
        bundle: bundle.bytes,
        context,
        budget,
        ...(input === undefined ? {} : { input }),
      });
      bin.track(result.output);
      await worker.store.putOutput(jobId, sealJobOutput(result.output, contentKey, { chainId, jobId }));
      outcome = ReceiptOutcome[result.outcome];
      inputHash = result.hashes.input;
      outputHash = result.hashes.output;
      usage = result.usage;
      appliedPolicy = result.policyHash ?? job.policyHash;
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
        policyHash: appliedPolicy,
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

    return {
      kind: "receipted",
      jobId,
      agentId: job.agentId,
      outcome,
      reasons: decision.allowed ? [] : decision.reasons,
      signedReceipt,
      digest,
    };
  } finally {
    const buffers = bin.size;
    bin.shred();
    await audit.append("job.shredded", { jobId: jobId.toString(), buffers });
  }
}

async function decide(worker: WorkerContext, job: ChainJob, bundleCodeHash: Hex): Promise<PolicyDecision> {
  const { chain } = worker;
  // Approval is read at the moment of each decision: a release revoked between the two decisions
  // (before and after the claim) is refused with a receipt that refunds the client.
  const [lease, agent, now, codeApproved] = await Promise.all([
    chain.getLease(job.leaseId),
    chain.getAgent(job.agentId),
    chain.now(),
    chain.isCodeApproved(bundleCodeHash),
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
    codeApproved,
    now,
    paymentFloor: worker.paymentFloor,
    servedScopes: worker.servedScopes,
    ...(worker.policyText === undefined ? {} : { policyText: worker.policyText }),
  });
}

/**
 * The job's input (its parameters, JSON), sealed by the owner before the key: absent means none.
 * The bytes are shredded with the job; the parsed value lives until the sandbox returns.
 */
async function readJobInput(
  worker: WorkerContext,
  jobId: bigint,
  contentKey: Uint8Array,
  chainId: number,
  bin: ShredBin,
): Promise<JsonValue | undefined> {
  let sealed: Uint8Array;
  try {
    sealed = await worker.store.getInput(jobId);
  } catch (error) {
    if (error instanceof StoreObjectMissingError) return undefined;
    throw error;
  }
  const bytes = bin.track(openJobInput(sealed, contentKey, { chainId, jobId }));
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as JsonValue;
  } catch (cause) {
    throw new JobNotProcessableError(`Job ${jobId}'s input is not JSON`, { cause });
  }
}

/**
 * Polls the store for the owner's sealed key and opens it, bounded by sealedKeyTimeoutMs. A key
 * that does not open (sealed to an earlier attempt's certificate, fetched just before it was
 * replaced) is removed, with the input uploaded with it, and the wait goes on for the right one.
 */
async function waitForContentKey(
  worker: WorkerContext,
  jobId: bigint,
  sealingSecret: Uint8Array,
  chainId: number,
): Promise<Uint8Array> {
  const deadline = Date.now() + (worker.sealedKeyTimeoutMs ?? DEFAULT_SEALED_KEY_TIMEOUT_MS);
  for (;;) {
    try {
      const sealed = await worker.store.getSealedKey(jobId);
      try {
        return openSealedKey(sealed, sealingSecret, { chainId, jobId });
      } catch (error) {
        if (!(error instanceof SealingError)) throw error;
        await worker.store.deleteJobInputs(jobId);
        await worker.audit.append("job.sealed-key-rejected", { jobId: jobId.toString(), reason: error.reason });
      }
    } catch (error) {
      if (!(error instanceof StoreObjectMissingError)) throw error;
    }
    if (Date.now() >= deadline) {
      throw new StoreObjectMissingError(`No sealed key for job ${jobId} opened within the timeout`);
    }
    await new Promise((resolve) => setTimeout(resolve, worker.sealedKeyPollMs ?? DEFAULT_SEALED_KEY_POLL_MS));
  }
}
