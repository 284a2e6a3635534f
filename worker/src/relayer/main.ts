/**
 * The relayer process: `npm run relayer -w worker -- --rpc-url … ` (settings in ./config.ts).
 * Sends members' endorsements and withdrawal requests from its own account, so their addresses
 * appear in no transaction, and withdraws matured requests to collect its fee. Logs are JSON
 * lines on stdout. SIGINT/SIGTERM stop it cleanly: no new requests, the keeper's withdrawals
 * finish, the journal is closed. A kill -9 loses nothing: the journal and the chain say what is
 * pending (./relay-service.ts).
 */
import { mkdir, readFile } from "node:fs/promises";
import { localChain, parseDeployment } from "@leasehold/sdk";
import pino from "pino";
import { createPublicClient, createWalletClient, defineChain, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { readRelayerConfig, RelayerConfigError } from "./config.ts";
import { createRelayerServer } from "./create-relayer-server.ts";
import { createRelayerMetrics } from "./metrics.ts";
import { RelayService } from "./relay-service.ts";
import { TransactionSender } from "./transaction-sender.ts";
import { WithdrawalJournal } from "./withdrawal-journal.ts";

const logger = pino({ base: { service: "leasehold-relayer" } });

async function main(): Promise<void> {
  const config = readRelayerConfig(process.argv.slice(2), process.env);
  const deployment = parseDeployment(JSON.parse(await readFile(config.deploymentFile, "utf8")));
  if (deployment.chainId !== config.chainId) {
    throw new RelayerConfigError(`The deployment record is for chain ${deployment.chainId}, not ${config.chainId}`);
  }
  const chain =
    config.chainId === localChain.id
      ? { ...localChain, rpcUrls: { default: { http: [config.rpcUrl] } } }
      : defineChain({
          id: config.chainId,
          name: `chain ${config.chainId}`,
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          rpcUrls: { default: { http: [config.rpcUrl] } },
        });
  const transport = http(config.rpcUrl, { timeout: 10_000, retryCount: 1 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 });
  const walletClient = createWalletClient({ chain, transport, account: privateKeyToAccount(config.privateKey) });
  const remoteChainId = await publicClient.getChainId();
  if (remoteChainId !== config.chainId) {
    throw new RelayerConfigError(`${config.rpcUrl} serves chain ${remoteChainId}, not ${config.chainId}`);
  }

  await mkdir(config.dataDir, { recursive: true });
  const journal = await WithdrawalJournal.open({ dir: config.dataDir });
  const metrics = createRelayerMetrics();
  const sender = new TransactionSender({
    publicClient,
    walletClient,
    maxInFlight: config.maxInFlight,
    receiptTimeoutMs: config.receiptTimeoutMs,
    metrics,
  });
  const service = new RelayService({
    deployment,
    publicClient,
    sender,
    journal,
    metrics,
    logger,
    fees: {
      acceptUnpaid: config.acceptUnpaid,
      feeMarginBps: config.feeMarginBps,
      minWithdrawalFee: config.minWithdrawalFee,
      claimRefundsAbove: config.claimRefundsAbove,
    },
    pollIntervalMs: config.pollIntervalMs,
    droppedAfterMs: Math.max(5 * 60_000, 2 * config.receiptTimeoutMs),
  });
  const server = createRelayerServer({
    service,
    metrics,
    logger,
    limits: { bodyLimitBytes: config.bodyLimitBytes, rateLimitPerMinute: config.rateLimitPerMinute },
    allowedOrigins: config.allowedOrigins,
  });

  service.start();
  const url = await server.listen({ host: config.host, port: config.port });
  logger.info(
    { url, relayer: sender.account, pendingWithdrawals: journal.pending().length, dataDir: config.dataDir },
    "relayer ready",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    await server.close();
    await service.stop();
    await journal.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, error instanceof Error ? error.message : "relayer failed to start");
  process.exit(1);
});
