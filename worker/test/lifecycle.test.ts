import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  devAccount,
  devStakeTokenAbi,
  encryptContext,
  generateSealingKeyPair,
  jobEscrowAbi,
  leaseRegistryAbi,
  LOCAL_CHAIN_ID,
  localChain,
  openJobOutput,
  receiptDomain,
  ReceiptOutcome,
  verifySignedReceipt,
  type Deployment,
  type SealingKeyPair,
} from "@leasehold/sdk";
import {
  bytesToHex,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  keccak256,
  parseEther,
  stringToHex,
  type Address,
  type Hex,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Anvil } from "../../scripts/lib/anvil.ts";
import {
  answerCertificate as answerJobCertificate,
  lendAndOpen as lendAndOpenJob,
  OPERATOR_ACCOUNT,
  policyHash,
  scopeHash,
  startLocalChain,
  type LocalChain,
} from "./fixtures/local-chain.ts";
import { DEVNET_CHALLENGE_WINDOW } from "../../scripts/lib/local-deploy.ts";
import { freePort } from "../../scripts/lib/processes.ts";
import { AuditLog, verifyAuditLog } from "../src/audit/index.ts";
import {
  ChainUnavailableError,
  ContractRevertError,
  createChainClient,
  JobStatus,
  type ChainClient,
} from "../src/chain/index.ts";
import { ReceiptJournal } from "../src/journal/index.ts";
import { processJob, type WorkerContext } from "../src/lifecycle/index.ts";
import { createSandbox } from "../src/sandbox/index.ts";
import { generatePrivateKey } from "viem/accounts";
import { createFileContentStore, type ContentStore } from "../src/store/index.ts";
import { StoreIntegrityError, StoreObjectMissingError } from "../src/errors.ts";

const identity = devAccount(1_100);
const payment = parseEther("1");

const customers = JSON.stringify([
  { id: 1, name: "Alice Smith", email: "alice.smith@example.com", phone: "+1 (555) 123-4567", plan: "gold" },
  { id: 2, name: "Bob Jones", email: "bob@example.org", ssn: "123-45-6789", plan: "basic" },
]);

let anvil: Anvil;
let deployment: Deployment;
let dataDir: string;
let storeDir: string;
let store: ContentStore;
let journal: ReceiptJournal;
let audit: AuditLog;
let chain: ChainClient;
let agentId: bigint;
const sandbox = createSandbox();
/** What the worker generated, copied as it was made, for the amnesia check. */
const secrets: { ephemeral: Hex[]; sealing: SealingKeyPair[]; sealingCopies: Uint8Array[] } = {
  ephemeral: [],
  sealing: [],
  sealingCopies: [],
};
/** What the owner held in clear. */
const ownerSecrets: Uint8Array[] = [];

let local: LocalChain;
let ownerClients: LocalChain["owner"];
let operatorClients: LocalChain["operator"];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "leasehold-lifecycle-"));
  storeDir = path.join(dataDir, "store");
  local = await startLocalChain({ stake: parseEther("150") });
  ({ anvil, deployment, chain, agentId, owner: ownerClients, operator: operatorClients } = local);
  store = createFileContentStore(storeDir);
  journal = await ReceiptJournal.open({ dir: dataDir });
  audit = await AuditLog.open({ dir: dataDir });
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  await journal?.close();
  await audit?.close();
  await local?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function worker(overrides: Partial<WorkerContext> = {}): WorkerContext {
  return {
    chain,
    identity,
    agentId,
    bundleName: "redaction",
    store,
    journal,
    audit,
    sandbox,
    servedScopes: [scopeHash],
    paymentFloor: parseEther("0.1"),
    sealedKeyTimeoutMs: 20_000,
    keys: {
      ephemeral: () => {
        const key = generatePrivateKey();
        secrets.ephemeral.push(key);
        return key;
      },
      sealing: () => {
        const pair = generateSealingKeyPair();
        secrets.sealing.push(pair);
        secrets.sealingCopies.push(pair.secretKey.slice());
        return pair;
      },
    },
    ...overrides,
  };
}

const send = (...args: Parameters<LocalChain["send"]>) => local.send(...args);

/** The data owner's side: encrypt, store, grant, open a job. Returns the content key (the owner keeps it). */
async function lendAndOpen(context: string, jobPayment = payment) {
  const plaintext = new TextEncoder().encode(context);
  ownerSecrets.push(plaintext);
  const lent = await lendAndOpenJob(local, store, plaintext, { payment: jobPayment });
  ownerSecrets.push(lent.contentKey);
  return lent;
}

/** The data owner answering the worker's certificate through the store (bounded by the test timeout). */
const answerCertificate = (jobId: bigint, contentKey: Uint8Array) =>
  answerJobCertificate(local, store, jobId, contentKey);

async function tokenBalance(address: Address): Promise<bigint> {
  return ownerClients.publicClient.readContract({
    address: deployment.contracts.DevStakeToken!.address,
    abi: devStakeTokenAbi,
    functionName: "balanceOf",
    args: [address],
  });
}

describe("# processJob", () => {
  it("should run a leased job, receipt it, anchor and submit it, and be paid after the challenge window", async () => {
    const { jobId, contentKey } = await lendAndOpen(customers);
    const [result] = await Promise.all([processJob(worker(), jobId), answerCertificate(jobId, contentKey)]);
    if (result.kind !== "receipted") throw new Error(`expected a receipt, got ${result.kind}`);
    expect(result.outcome).toBe(ReceiptOutcome.Completed);

    const domain = receiptDomain({
      chainId: LOCAL_CHAIN_ID,
      receiptAnchor: deployment.contracts.ReceiptAnchor.address,
    });
    const verified = await verifySignedReceipt({
      signedReceipt: result.signedReceipt,
      domain,
      isAgentIdentity: chain.isAgentIdentity,
    });
    expect(verified.identity).toBe(identity.address);
    expect(verified.digest).toBe(result.digest);
    expect(await chain.verifyInclusion(result.batchId, result.digest, result.proof)).toBe(true);
    expect(result.signedReceipt.receipt.inputHash).toBe(keccak256(stringToHex(customers)));
    expect(result.signedReceipt.receipt.policyHash).toBe(policyHash);

    const job = await chain.getJob(jobId);
    expect(job.status).toBe(JobStatus.Submitted);
    expect(job.receiptDigest).toBe(result.digest);
    expect(journal.get(jobId)?.state).toBe("submitted");

    const output = JSON.parse(
      new TextDecoder().decode(
        openJobOutput(await store.getOutput(jobId), contentKey, {
          chainId: LOCAL_CHAIN_ID,
          jobId,
        }),
      ),
    ) as { data: Record<string, unknown>[]; redactions: number };
    expect(output.data[0]).toMatchObject({ id: 1, name: "[name]", plan: "gold" });
    expect(JSON.stringify(output.data)).not.toMatch(/alice|example\.|555|123-45-6789|Bob/i);
    expect(output.redactions).toBeGreaterThanOrEqual(6);

    const operator = operatorClients.walletClient.account.address;
    const before = await tokenBalance(operator);
    const testClient = createTestClient({ mode: "anvil", transport: http(anvil.rpcUrl) });
    await testClient.increaseTime({ seconds: Number(DEVNET_CHALLENGE_WINDOW) + 1 });
    await testClient.mine({ blocks: 1 });
    await send(ownerClients, {
      address: deployment.contracts.JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "finalize",
      args: [jobId],
    });
    expect((await chain.getJob(jobId)).status).toBe(JobStatus.Paid);
    expect(await tokenBalance(operator)).toBeGreaterThan(before);
  }, 60_000);

  it("should refuse with a receipt, without running, when the lease is revoked after the claim, and refund the client", async () => {
    const { jobId, leaseId } = await lendAndOpen(customers);
    const client = ownerClients.walletClient.account.address;
    const afterOpen = await tokenBalance(client);
    await chain.acceptJob(jobId);
    await send(ownerClients, {
      address: deployment.contracts.LeaseRegistry.address,
      abi: leaseRegistryAbi,
      functionName: "revoke",
      args: [leaseId],
    });
    const result = await processJob(worker(), jobId);
    if (result.kind !== "receipted") throw new Error(`expected a receipt, got ${result.kind}`);
    expect(result.outcome).toBe(ReceiptOutcome.Refused);
    expect(result.reasons).toEqual(["lease-not-live"]);
    expect(result.signedReceipt.receipt.fuelUsed).toBe(0n);
    await expect(store.getCertificate(jobId)).rejects.toBeInstanceOf(StoreObjectMissingError);
    expect(await chain.verifyInclusion(result.batchId, result.digest, result.proof)).toBe(true);
    expect((await chain.getJob(jobId)).status).toBe(JobStatus.Refused);
    expect(await tokenBalance(client)).toBe(afterOpen + payment);
  }, 60_000);

  it("should decline an open job below the payment floor without claiming it", async () => {
    const { jobId } = await lendAndOpen(customers, parseEther("0.05"));
    const result = await processJob(worker(), jobId);
    expect(result).toEqual({ kind: "declined", jobId, reasons: ["payment-below-floor"] });
    expect((await chain.getJob(jobId)).status).toBe(JobStatus.Open);
    expect(journal.get(jobId)).toBeUndefined();
  }, 60_000);

  it("should decline an open job when the worker's bundle is not the agent's registered code", async () => {
    const { jobId } = await lendAndOpen(customers);
    // Nor has governance approved that bundle on this chain: both rules say so.
    const result = await processJob(worker({ bundleName: "dietary-ordering" }), jobId);
    expect(result).toEqual({ kind: "declined", jobId, reasons: ["code-hash-mismatch", "code-not-approved"] });
  }, 60_000);

  it("should journal the job's steps in a verifying audit chain, shredding before the batch is anchored", async () => {
    const { entries } = await verifyAuditLog(dataDir);
    const firstJob = entries.filter((entry) => entry.details["jobId"] === "1" || entry.action.startsWith("batch."));
    expect(firstJob.map((entry) => entry.action).slice(0, 11)).toEqual([
      "job.spin",
      "job.accepted",
      "job.begun",
      "job.certificate-published",
      "job.context-opened",
      "job.ran",
      "job.receipted",
      "job.shredded",
      "batch.built",
      "batch.anchored",
      "job.submitted",
    ]);
  });

  it("should leave no key or plaintext of any job in its data folder, and zero the sealing keys", async () => {
    expect(secrets.ephemeral.length).toBeGreaterThanOrEqual(2);
    const needles: [string, Uint8Array][] = [
      ...secrets.ephemeral.map((key, i): [string, Uint8Array] => [`ephemeral key ${i}`, hexBytes(key)]),
      ...secrets.ephemeral.map((key, i): [string, Uint8Array] => [`ephemeral key ${i} (hex)`, ascii(key.slice(2))]),
      ...secrets.sealingCopies.map((key, i): [string, Uint8Array] => [`sealing key ${i}`, key]),
      ...secrets.sealingCopies.map((key, i): [string, Uint8Array] => [
        `sealing key ${i} (hex)`,
        ascii(bytesToHex(key).slice(2)),
      ]),
      ...ownerSecrets.map((secret, i): [string, Uint8Array] => [`owner secret ${i}`, secret]),
      ...ownerSecrets.map((secret, i): [string, Uint8Array] => [
        `owner secret ${i} (hex)`,
        ascii(bytesToHex(secret).slice(2)),
      ]),
      ["a context value", ascii("alice.smith@example.com")],
    ];
    const files = await listFiles(dataDir);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const [what, needle] of needles) {
        expect(bytes.indexOf(Buffer.from(needle)), `${what} in ${path.relative(dataDir, file)}`).toBe(-1);
      }
    }
    for (const pair of secrets.sealing) expect(pair.secretKey.every((byte) => byte === 0)).toBe(true);
    expect((await verifyAuditLog(dataDir)).ok).toBe(true);
  });
});

describe("# createChainClient", () => {
  it("should decode a revert into a non-retryable ContractRevertError with the custom error's name", async () => {
    const { jobId } = await lendAndOpen(customers);
    await chain.acceptJob(jobId);
    const error = await chain.acceptJob(jobId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContractRevertError);
    expect(error).toMatchObject({ retryable: false, errorName: "JobEscrowInvalidStatus" });
    await expect(chain.getJob(10_000n)).rejects.toMatchObject({ errorName: "JobEscrowUnknownJob" });
  });

  it("should report an unreachable node as a retryable ChainUnavailableError", async () => {
    // No retries: the point is the error's class, not viem's backoff.
    const transport = http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 });
    const offline = createChainClient({
      deployment,
      publicClient: createPublicClient({ chain: localChain, transport }),
      walletClient: createWalletClient({ chain: localChain, transport, account: devAccount(OPERATOR_ACCOUNT) }),
    });
    const error = await offline.getJob(1n).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChainUnavailableError);
    expect((error as ChainUnavailableError).retryable).toBe(true);
    await expect(offline.acceptJob(1n)).rejects.toBeInstanceOf(ChainUnavailableError);
  });
});

describe("# createFileContentStore", () => {
  it("should refuse an envelope that does not hash to its id, and report a missing one as retryable", async () => {
    const { envelope, contentId } = encryptContext(new Uint8Array([1, 2, 3]), {
      chainId: LOCAL_CHAIN_ID,
      owner: ownerClients.walletClient.account.address,
    });
    const other = createFileContentStore(path.join(dataDir, "other-store"));
    await expect(other.getContext(contentId)).rejects.toBeInstanceOf(StoreObjectMissingError);
    await other.putContext(envelope);
    expect(await other.getContext(contentId)).toEqual(envelope);
    const tampered = envelope.slice();
    tampered[tampered.length - 1]! ^= 1;
    await writeFile(path.join(dataDir, "other-store", `${contentId}.ctx`), tampered);
    await expect(other.getContext(contentId)).rejects.toBeInstanceOf(StoreIntegrityError);
    await expect(other.getContext("0x1234")).rejects.toBeInstanceOf(StoreIntegrityError);
  });
});

function hexBytes(hex: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}
