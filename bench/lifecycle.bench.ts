/**
 * `npm run bench -- lifecycle [--jobs 20] [--floor-runs 200]`
 *
 * Jobs per second through the whole worker lifecycle, processJob on a fresh anvil (instant
 * mining) with the real deployment: read and decide (Cedar), acceptJob, keys and certificate,
 * open the sealed key, decrypt the context, run the redaction agent in the sandbox (its own
 * thread, prewarmed: the worker's default), seal the output, sign, journal (fdatasync), audit,
 * anchor a batch of one receipt and the audit checkpoint, submitReceipt with the proof.
 *
 * Against the floor, measured in the same run (half before the jobs, half after, so drift on a
 * shared machine falls on both): per job, the cryptography the lifecycle cannot avoid, in a tight
 * loop: secp256k1 ephemeral key + account, X25519 sealing pair, the certificate's and the
 * receipt's EIP-712 signatures, opening the sealed key, decrypting the context, keccak256 of
 * input and output, sealing the output, the receipt and checkpoint digests and their Merkle tree.
 *
 * The data owner's side is not the worker's work: jobs are opened before timing starts, and the
 * owner answers each certificate at once from inside the store (as the gateway will), its time
 * measured and taken out of the worker's figure. One job is run first to warm up and not counted.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  buildReceiptTree,
  decryptContext,
  hashAuditCheckpoint,
  devStakeTokenAbi,
  encryptContext,
  generateSealingKeyPair,
  hashReceipt,
  jobEscrowAbi,
  leaseRegistryAbi,
  LOCAL_CHAIN_ID,
  openJobOutput,
  openSealedKey,
  receiptDomain,
  ReceiptOutcome,
  sealContentKey,
  sealingKeyFromHex,
  sealingKeyToHex,
  sealJobOutput,
  signCertificate,
  signReceipt,
} from "@leasehold/sdk";
import { keccak256, parseEther, stringToHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { AuditLog } from "../worker/src/audit/index.ts";
import { bundleRelease } from "../scripts/lib/code-approval.ts";
import { readAgentManifest } from "../worker/src/bundles/index.ts";
import { createChainClient, type ChainClient } from "../worker/src/chain/index.ts";
import { ReceiptJournal } from "../worker/src/journal/index.ts";
import { parseJobCertificate, processJob, verifyJobCertificate } from "../worker/src/lifecycle/index.ts";
import { createSandbox } from "../worker/src/sandbox/index.ts";
import { createFileContentStore, type ContentStore } from "../worker/src/store/index.ts";
import type { Sandbox } from "../worker/src/types.ts";
import { send, startBenchChain } from "./lib/chain.ts";
import { median, printTable, quantile } from "./lib/report.ts";

const { values: options } = parseArgs({
  options: { jobs: { type: "string", default: "20" }, "floor-runs": { type: "string", default: "200" } },
});
const jobs = Number(options.jobs);
const floorRuns = Number(options["floor-runs"]);
if (!Number.isSafeInteger(jobs) || jobs < 1 || !Number.isSafeInteger(floorRuns) || floorRuns < 2) {
  throw new Error("--jobs takes a positive integer, --floor-runs an integer of at least 2");
}

const payment = parseEther("0.2");
const minimumStake = parseEther("100");
const scopeHash = keccak256(stringToHex("leasehold/scope/redact-customer-records"));
const policyHash = keccak256(stringToHex("leasehold/policy/redact-before-analytics"));
const customers = JSON.stringify([
  { id: 1, name: "Alice Smith", email: "alice.smith@example.com", phone: "+1 (555) 123-4567", plan: "gold" },
  { id: 2, name: "Bob Jones", email: "bob@example.org", ssn: "123-45-6789", plan: "basic" },
]);

/** Calls of each category, for the breakdown. */
const calls = new Map<string, number>();

/** Wall time spent in each method of `target`, summed under the name `category(method)` gives. */
function timed<T extends object>(target: T, totals: Map<string, number>, category: (method: string) => string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await value.apply(object, args);
        } finally {
          const name = category(property);
          totals.set(name, (totals.get(name) ?? 0) + performance.now() - started);
          calls.set(name, (calls.get(name) ?? 0) + 1);
        }
      };
    },
  });
}

async function main(): Promise<void> {
  const entry = (await readAgentManifest()).agents.find((agent) => agent.name === "redaction")!;
  const codeHash = entry.codeHash;
  // Collateral (= payment) per accepted job is locked, and the agent stays active only while the
  // free stake covers the minimum.
  const stake = minimumStake + payment * BigInt(jobs + 1) + parseEther("1");
  if (stake > parseEther("1000")) throw new Error("Too many jobs for one faucet draw of stake");
  const bench = await startBenchChain({ codeHash, stake, release: bundleRelease(entry) });
  const sandbox = createSandbox();
  let journal: ReceiptJournal | undefined;
  let audit: AuditLog | undefined;
  try {
    const { deployment, owner, operator, identity, agentId } = bench;
    const { DevStakeToken, LeaseRegistry, JobEscrow, ReceiptAnchor } = deployment.contracts;
    const chainId = LOCAL_CHAIN_ID;
    const domain = receiptDomain({ chainId, receiptAnchor: ReceiptAnchor.address });

    // The owner: one encrypted context, one lease, every job opened before timing starts.
    const ownerAddress = owner.walletClient.account.address;
    const { envelope, contentKey, contentId } = encryptContext(new TextEncoder().encode(customers), {
      chainId,
      owner: ownerAddress,
    });
    const storeDir = path.join(bench.dataDir, "store");
    await mkdir(storeDir, { recursive: true });
    const fileStore = createFileContentStore(storeDir);
    await fileStore.putContext(envelope);
    await send(owner, { address: DevStakeToken!.address, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
    await send(owner, {
      address: DevStakeToken!.address,
      abi: devStakeTokenAbi,
      functionName: "approve",
      args: [JobEscrow.address, payment * BigInt(jobs + 1)],
    });
    const now = (await owner.publicClient.getBlock()).timestamp;
    const { result: leaseId } = await send(owner, {
      address: LeaseRegistry.address,
      abi: leaseRegistryAbi,
      functionName: "grant",
      args: [agentId, scopeHash, contentId, now + 6n * 3_600n, payment],
    });
    const jobIds: bigint[] = [];
    for (let i = 0; i <= jobs; i += 1) {
      const { result } = await send(owner, {
        address: JobEscrow.address,
        abi: jobEscrowAbi,
        functionName: "openJob",
        args: [leaseId as bigint, payment, policyHash, 50_000_000n, now + 3n * 3_600n],
      });
      jobIds.push(result as bigint);
    }

    const totals = new Map<string, number>();
    const writes = new Set(["acceptJob", "anchorBatch", "submitReceipt"]);
    const untimedChain = createChainClient({
      deployment,
      publicClient: operator.publicClient,
      walletClient: operator.walletClient,
    });
    const chain: ChainClient = timed(untimedChain, totals, (method) =>
      writes.has(method) ? "chain writes (accept, anchor, submit)" : "chain reads",
    );
    const timedSandbox: Sandbox = timed(sandbox, totals, () => "sandbox run (own thread)");
    // The owner answers a certificate the moment it is published: check it, seal the key to it.
    const store: ContentStore = {
      ...fileStore,
      putCertificate: async (jobId, certificateJson) => {
        await fileStore.putCertificate(jobId, certificateJson);
        const started = performance.now();
        const published = parseJobCertificate(certificateJson);
        await verifyJobCertificate({
          published,
          domain,
          jobId,
          agentId,
          isAgentIdentity: untimedChain.isAgentIdentity,
        });
        const sealed = sealContentKey(contentKey, sealingKeyFromHex(published.certificate.sealingKey), {
          chainId,
          jobId,
        });
        await fileStore.putSealedKey(jobId, sealed);
        totals.set("owner", (totals.get("owner") ?? 0) + performance.now() - started);
      },
    };
    journal = await ReceiptJournal.open({ dir: bench.dataDir });
    audit = await AuditLog.open({ dir: bench.dataDir });
    const worker = {
      chain,
      identity,
      agentId,
      bundleName: "redaction",
      store,
      journal,
      audit,
      sandbox: timedSandbox,
      servedScopes: [scopeHash],
      paymentFloor: parseEther("0.1"),
      sealedKeyTimeoutMs: 20_000,
    };

    const run = async (jobId: bigint) => {
      const result = await processJob(worker, jobId);
      if (result.kind !== "receipted" || result.outcome !== ReceiptOutcome.Completed) {
        throw new Error(
          `Job ${jobId} was not completed: ${JSON.stringify(result, (_, v) => (typeof v === "bigint" ? String(v) : v))}`,
        );
      }
    };

    // The floor's fixtures: the real context and output, and per run a sealing pair with the
    // content key sealed to it (the owner's work, outside the timing).
    const warmupJob = jobIds.shift()!;
    await run(warmupJob);
    const output = openJobOutput(await fileStore.getOutput(warmupJob), contentKey, { chainId, jobId: warmupJob });
    const floorOnce = async (jobId: bigint) => {
      const pair = generateSealingKeyPair();
      const sealed = sealContentKey(contentKey, pair.publicKey, { chainId, jobId });
      const started = performance.now();
      const ephemeral = privateKeyToAccount(generatePrivateKey());
      generateSealingKeyPair();
      const certificate = {
        jobId,
        agentId,
        ephemeralKey: ephemeral.address,
        sealingKey: sealingKeyToHex(pair.publicKey),
        notAfter: now + 3_600n,
      };
      const certificateSignature = await signCertificate({ account: identity, domain, certificate });
      const key = openSealedKey(sealed, pair.secretKey, { chainId, jobId });
      const context = decryptContext(envelope, key, { chainId, owner: ownerAddress });
      const inputHash = keccak256(context);
      const outputHash = keccak256(output);
      sealJobOutput(output, key, { chainId, jobId });
      const signed = await signReceipt({
        account: ephemeral,
        domain,
        receipt: {
          jobId,
          agentId,
          codeHash,
          policyHash,
          inputHash,
          outputHash,
          fuelUsed: 1_000n,
          memoryPeakBytes: 1_000_000n,
          capabilityCalls: 2,
          startedAt: now,
          endedAt: now,
          outcome: ReceiptOutcome.Completed,
          certificate: certificateSignature,
        },
        sealingKey: certificate.sealingKey,
        notAfter: certificate.notAfter,
      });
      const checkpoint = { agentId: signed.receipt.agentId, seq: 1n, head: signed.receipt.outputHash };
      buildReceiptTree([
        hashReceipt({ receipt: signed.receipt, domain }),
        hashAuditCheckpoint({ checkpoint, domain }),
      ]).proof(0);
      return performance.now() - started;
    };
    const floorSamples: number[] = [];
    const floorHalf = async (count: number) => {
      for (let i = 0; i < count; i += 1) floorSamples.push(await floorOnce(1_000_000n + BigInt(floorSamples.length)));
    };
    await floorHalf(10); // warm-up: JIT and noble's precomputed tables
    floorSamples.length = 0;
    await floorHalf(Math.floor(floorRuns / 2));

    totals.clear();
    calls.clear();
    const jobSamples: number[] = [];
    const workerSamples: number[] = [];
    const started = performance.now();
    for (const jobId of jobIds) {
      const ownerBefore = totals.get("owner") ?? 0;
      const jobStarted = performance.now();
      await run(jobId);
      const wall = performance.now() - jobStarted;
      jobSamples.push(wall);
      workerSamples.push(wall - ((totals.get("owner") ?? 0) - ownerBefore));
    }
    const elapsed = performance.now() - started;
    const ownerTotal = totals.get("owner") ?? 0;

    await floorHalf(floorRuns - Math.floor(floorRuns / 2));

    const floor = median(floorSamples);
    const workerMedian = median(workerSamples);
    console.log(
      `\nWorker lifecycle on anvil (instant mining), ${jobs} jobs one after another (after 1 warm-up job),` +
        ` against its cryptographic floor (median of ${floorRuns} runs, half before and half after the jobs)\n`,
    );
    printTable([
      ["", "lifecycle", "floor", "lifecycle / floor"],
      [
        "jobs/s (worker time only)",
        ((jobs * 1_000) / (elapsed - ownerTotal)).toFixed(2),
        (1_000 / floor).toFixed(1),
        "",
      ],
      ["ms/job, median", workerMedian.toFixed(1), floor.toFixed(2), (workerMedian / floor).toFixed(1)],
      [
        "ms/job, p95",
        quantile(workerSamples, 0.95).toFixed(1),
        quantile(floorSamples, 0.95).toFixed(2),
        (quantile(workerSamples, 0.95) / quantile(floorSamples, 0.95)).toFixed(1),
      ],
      ["ms/job, median, with the owner's answer", median(jobSamples).toFixed(1), "", ""],
    ]);

    const workerTotal = elapsed - ownerTotal;
    const parts = [...totals].filter(([name]) => name !== "owner");
    const rest = workerTotal - parts.reduce((sum, [, ms]) => sum + ms, 0);
    console.log("\nWhere a job's time goes (mean over the jobs, worker time only)\n");
    printTable([
      ["", "ms/job", "share", "calls/job"],
      ...[...parts, ["everything else: policy, keys, signing, journal + audit fsyncs, store", rest] as const]
        .sort((a, b) => b[1] - a[1])
        .map(([name, ms]) => [
          name,
          (ms / jobs).toFixed(1),
          `${((ms / workerTotal) * 100).toFixed(0)} %`,
          calls.has(name) ? (calls.get(name)! / jobs).toFixed(0) : "",
        ]),
      ["(floor, for scale)", floor.toFixed(2), `${((floor / (workerTotal / jobs)) * 100).toFixed(1)} %`, ""],
    ]);
    console.log(
      `\nThe owner's answer (check the certificate on-chain, seal the key) took ${(ownerTotal / jobs).toFixed(1)} ms/job,` +
        " outside these figures.",
    );
  } finally {
    await sandbox.close();
    await journal?.close();
    await audit?.close();
    await bench.stop();
  }
}

await main();
