/**
 * A gateway over a real local chain, a real file store and journal, listening on a free port, with
 * its log lines captured. The data owner talks to it over HTTP with the sdk client, as the app does.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  generateCapabilityRootKey,
  leaseRegistryAbi,
  LOCAL_CHAIN_ID,
  receiptDomain,
  type CapabilityOperation,
} from "@leasehold/sdk";
import { createGatewayClient, gatewayDomain, signCapabilityRequest, type GatewayClient } from "@leasehold/sdk/gateway";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { createGateway, createJournalReceiptLookup, type GatewayDeps } from "../../src/gateway/index.ts";
import { ReceiptJournal } from "../../src/journal/index.ts";
import { createWorkerMetrics, type WorkerMetrics } from "../../src/metrics.ts";
import { createFileContentStore, type ContentStore } from "../../src/store/index.ts";
import { lendAndOpen, type LentJob, type LocalChain } from "../fixtures/local-chain.ts";

export type TestGateway = {
  app: FastifyInstance;
  baseUrl: string;
  client: GatewayClient;
  store: ContentStore;
  storeDir: string;
  dataDir: string;
  journal: ReceiptJournal;
  metrics: WorkerMetrics;
  rootKey: Uint8Array;
  /** Every JSON line the gateway logged. */
  lines: string[];
  /** Moves the gateway's clock (token and request expiry) by this many seconds from the wall clock. */
  setClockOffset(seconds: number): void;
  close(): Promise<void>;
};

export type StartGatewayOptions = {
  /** Routes to add before the gateway listens (a deliberately slow route for the in-flight cap). */
  extend?: (app: FastifyInstance) => void;
} & Partial<GatewayDeps>;

export async function startGateway(local: LocalChain, options: StartGatewayOptions = {}): Promise<TestGateway> {
  const { extend, ...overrides } = options;
  const dataDir = await mkdtemp(path.join(tmpdir(), "leasehold-gateway-"));
  const storeDir = path.join(dataDir, "store");
  const store = createFileContentStore(storeDir);
  const journal = await ReceiptJournal.open({ dir: dataDir });
  const domain = receiptDomain({
    chainId: LOCAL_CHAIN_ID,
    receiptAnchor: local.deployment.contracts.ReceiptAnchor.address,
  });
  const metrics = createWorkerMetrics();
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
  const rootKey = generateCapabilityRootKey();
  let offsetMs = 0;
  const app = createGateway({
    chain: local.chain,
    store,
    receipts: createJournalReceiptLookup(journal, domain),
    rootKey,
    metrics,
    logger,
    readiness: async () => ({ chain: { ok: true } }),
    now: () => Date.now() + offsetMs,
    ...overrides,
  });
  extend?.(app);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    client: createGatewayClient({ baseUrl }),
    store,
    storeDir,
    dataDir,
    journal,
    metrics,
    rootKey,
    lines,
    setClockOffset: (seconds) => {
      offsetMs = seconds * 1000;
    },
    async close() {
      await app.close();
      await journal.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function ownerDomain(local: LocalChain) {
  return gatewayDomain({ chainId: LOCAL_CHAIN_ID, leaseRegistry: local.deployment.contracts.LeaseRegistry.address });
}

export const wallClock = () => BigInt(Math.floor(Date.now() / 1000));

/** The data owner asks the gateway for tokens, signing with the lease owner's key. */
export async function requestTokens(
  local: LocalChain,
  gateway: TestGateway,
  leaseId: bigint,
  operations: readonly CapabilityOperation[] = ["upload", "receipts", "proofs"],
  expiresAt = wallClock() + 600n,
): Promise<Record<CapabilityOperation, string>> {
  const request = { leaseId, operations, expiresAt };
  const signature = await signCapabilityRequest({
    domain: ownerDomain(local),
    request,
    signer: local.owner.walletClient.account,
  });
  const { tokens } = await gateway.client.requestCapabilities({ ...request, signature });
  return tokens as Record<CapabilityOperation, string>;
}

/**
 * A lease and an open job whose envelope has NOT reached the gateway's store: the owner keeps it
 * (`envelope`) to upload through the gateway.
 */
export async function lend(
  local: LocalChain,
  context = new TextEncoder().encode(JSON.stringify([{ id: 1, name: "Alice Smith", plan: "gold" }])),
  options: Parameters<typeof lendAndOpen>[3] = {},
): Promise<LentJob & { envelope: Uint8Array }> {
  const scratch = createFileContentStore(await mkdtemp(path.join(tmpdir(), "leasehold-owner-")));
  const lent = await lendAndOpen(local, scratch, context, options);
  return { ...lent, envelope: await scratch.getContext(lent.contentId) };
}

export async function revoke(local: LocalChain, leaseId: bigint): Promise<void> {
  await local.send(local.owner, {
    address: local.deployment.contracts.LeaseRegistry.address,
    abi: leaseRegistryAbi,
    functionName: "revoke",
    args: [leaseId],
  });
}

export async function storeFiles(gateway: TestGateway): Promise<string[]> {
  try {
    return (await readdir(gateway.storeDir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** The JSON error body and status of a raw fetch answer. */
export async function refusal(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; correlationId: string } };
  return { status: response.status, ...body.error, header: response.headers.get("x-request-id") };
}

/** A metric's value in the gateway's registry (0 when never counted). */
export async function metricValue(metrics: WorkerMetrics, name: string, labels: Record<string, string>) {
  const metric = metrics.registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  const match = values.find((value) =>
    Object.entries(labels).every(([key, label]) => String(value.labels[key]) === label),
  );
  return match?.value ?? 0;
}
