/**
 * The worker process: `node worker/src/main.ts --config <file>` (or LEASEHOLD_WORKER_CONFIG).
 * Opens the data folder (journal, audit log, content store), serves the configured agents from
 * the chain (./service) and answers data owners on the HTTP gateway (./gateway). Logs are JSON
 * lines on stdout. SIGINT/SIGTERM stop it cleanly: the gateway stops taking requests, running jobs
 * finish, open batches are anchored, files are closed. A kill -9 instead loses nothing the journal
 * holds (see ./service/worker-service.ts, "Resuming").
 *
 * The capability root key lives in memory only: tokens die with the process, and data owners ask
 * for new ones by signing again (docs/GATEWAY.md).
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  generateCapabilityRootKey,
  LeaseholdError,
  localChain,
  parseDeployment,
  receiptDomain,
  wipe,
} from "@leasehold/sdk";
import pino from "pino";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { AuditLog } from "./audit/index.ts";
import { createChainClient } from "./chain/index.ts";
import { createGateway, createJournalReceiptLookup } from "./gateway/index.ts";
import { ReceiptJournal } from "./journal/index.ts";
import { createWorkerMetrics } from "./metrics.ts";
import { createSandbox } from "./sandbox/index.ts";
import { readWorkerConfig, WorkerService, type WorkerConfig } from "./service/index.ts";
import { createFileContentStore } from "./store/index.ts";

const logger = pino({ base: { service: "leasehold-worker" } });

/** The command line or the config does not make a worker (bad arguments, a record for another chain). */
class UsageError extends LeaseholdError {
  readonly retryable = false;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" } } });
  const configFile = values.config ?? process.env.LEASEHOLD_WORKER_CONFIG;
  if (!configFile) throw new UsageError("Pass --config <file> or set LEASEHOLD_WORKER_CONFIG");
  const config = await readWorkerConfig(configFile);
  await run(config);
}

async function run(config: WorkerConfig): Promise<void> {
  const deployment = parseDeployment(JSON.parse(await readFile(config.deploymentFile, "utf8")));
  if (deployment.chainId !== config.chainId) {
    throw new UsageError(`The deployment record is for chain ${deployment.chainId}, not ${config.chainId}`);
  }
  const chainDefinition =
    config.chainId === localChain.id
      ? { ...localChain, rpcUrls: { default: { http: [config.rpcUrl] } } }
      : defineChain({
          id: config.chainId,
          name: `chain ${config.chainId}`,
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          rpcUrls: { default: { http: [config.rpcUrl] } },
        });
  const transport = http(config.rpcUrl, { timeout: 10_000, retryCount: 1 });
  const publicClient = createPublicClient({ chain: chainDefinition, transport, pollingInterval: 250 });
  const walletClient = createWalletClient({
    chain: chainDefinition,
    transport,
    account: privateKeyToAccount(config.transactionKey),
  });
  const chain = createChainClient({ deployment, publicClient, walletClient });

  await mkdir(config.dataDir, { recursive: true });
  const journal = await ReceiptJournal.open({ dir: config.dataDir });
  const audit = await AuditLog.open({ dir: config.dataDir });
  const store = createFileContentStore(path.join(config.dataDir, "store"));
  const sandbox = createSandbox();
  const metrics = createWorkerMetrics();

  const service = new WorkerService({
    chain,
    store,
    journal,
    audit,
    sandbox,
    logger,
    agents: config.agents.map((agent) => ({
      agentId: agent.agentId,
      identity: privateKeyToAccount(agent.identityKey),
      bundleName: agent.bundle,
      servedScopes: agent.scopes,
      paymentFloor: agent.paymentFloor,
    })),
    pollIntervalMs: config.pollIntervalMs,
    concurrency: config.concurrency,
    batch: config.batch,
    ...(config.sealedKeyTimeoutMs === undefined ? {} : { sealedKeyTimeoutMs: config.sealedKeyTimeoutMs }),
    onJobOutcome: (outcome) => metrics.jobs.inc({ outcome }),
  });

  const rootKey = generateCapabilityRootKey();
  const domain = receiptDomain({ chainId: config.chainId, receiptAnchor: deployment.contracts.ReceiptAnchor.address });
  const pollBudgetMs = Math.max(3 * config.pollIntervalMs, 5_000);
  const gateway = await createGateway({
    chain,
    store,
    receipts: createJournalReceiptLookup(journal, domain),
    rootKey,
    metrics,
    logger,
    servedAgents: config.agents.map((agent) => agent.agentId),
    readiness: async () => {
      const health = service.health;
      const polledRecently = health.lastPollAt !== undefined && Date.now() - health.lastPollAt < pollBudgetMs;
      return {
        chain: polledRecently
          ? { ok: true }
          : { ok: false, message: health.lastPollError ?? "no successful chain poll yet" },
        journal: journal.healthy ? { ok: true } : { ok: false, message: "the journal cannot be written" },
        service: health.running ? { ok: true } : { ok: false, message: "stopping" },
      };
    },
  });

  await service.start();
  const url = await gateway.listen({ host: config.gateway.host, port: config.gateway.port });
  logger.info(
    { url, agents: config.agents.map((agent) => agent.agentId.toString()), dataDir: config.dataDir },
    "worker ready",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await gateway.close();
    await service.stop();
    await sandbox.close();
    await journal.close();
    await audit.close();
    wipe(rootKey);
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : "worker failed to start");
  process.exit(1);
});
