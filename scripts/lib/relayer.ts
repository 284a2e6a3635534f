/**
 * The relayer service (worker/src/relayer/main.ts) as a child process for the devnet and
 * cross-part tests: settings through its environment, the key of the development account
 * `devAccountRoles.relayer` (the public test mnemonic's, so local chains only), ready once
 * /health answers.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { bytesToHex, type Address } from "viem";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { endorsementsAbi } from "../../sdk/src/generated/abis.ts";
import { repoRoot } from "../artifacts.ts";
import { localClients } from "./local-deploy.ts";
import { httpOk, startService, type Service } from "./processes.ts";

export interface StartRelayerParameters {
  port: number;
  rpcUrl: string;
  chainId: number;
  /** Folder holding the deployment record `<chainId>.json`. */
  deploymentsDir: string;
  /** The withdrawal journal lives here; reuse it to restart the same relayer. */
  dataDir: string;
  /** Development-mnemonic index of the relayer's account (default: devAccountRoles.relayer). */
  accountIndex?: number;
  /** Origins the browser may call the relayer from. */
  allowedOrigins?: readonly string[];
  /** Relay endorsements whose refund does not cover the gas (default false). */
  acceptUnpaid?: boolean;
  /** Smallest withdrawal relayerFee, in stake-token units (default 0). */
  minWithdrawalFee?: bigint;
  /** Wei of accrued endorsement refunds above which the relayer claims them. */
  claimRefundsAbove?: bigint;
  pollIntervalMs?: number;
  rateLimitPerMinute?: number;
  bodyLimitBytes?: number;
  maxInFlight?: number;
  logFile?: string;
}

export interface Relayer extends Service {
  url: string;
  /** The account the relayer sends from. */
  address: Address;
  dataDir: string;
}

export async function startRelayer(parameters: StartRelayerParameters): Promise<Relayer> {
  const url = `http://127.0.0.1:${parameters.port}`;
  const account = devAccount(parameters.accountIndex ?? devAccountRoles.relayer);
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error("No private key for the relayer's development account");
  await mkdir(parameters.dataDir, { recursive: true });
  const optional = (value: { toString(): string } | undefined) => (value === undefined ? undefined : value.toString());
  const service = await startService({
    name: "relayer",
    command: path.join(repoRoot, "node_modules", ".bin", "node"),
    args: [path.join(repoRoot, "worker", "src", "relayer", "main.ts")],
    cwd: path.join(repoRoot, "worker"),
    env: {
      LEASEHOLD_RELAYER_KEY: bytesToHex(key),
      LEASEHOLD_RELAYER_RPC_URL: parameters.rpcUrl,
      LEASEHOLD_RELAYER_CHAIN_ID: String(parameters.chainId),
      LEASEHOLD_RELAYER_DEPLOYMENT_FILE: path.join(parameters.deploymentsDir, `${parameters.chainId}.json`),
      LEASEHOLD_RELAYER_DATA_DIR: parameters.dataDir,
      LEASEHOLD_RELAYER_HOST: "127.0.0.1",
      LEASEHOLD_RELAYER_PORT: String(parameters.port),
      LEASEHOLD_RELAYER_ALLOWED_ORIGINS: parameters.allowedOrigins?.join(","),
      LEASEHOLD_RELAYER_ACCEPT_UNPAID: optional(parameters.acceptUnpaid),
      LEASEHOLD_RELAYER_MIN_WITHDRAWAL_FEE: optional(parameters.minWithdrawalFee),
      LEASEHOLD_RELAYER_CLAIM_REFUNDS_ABOVE: optional(parameters.claimRefundsAbove),
      LEASEHOLD_RELAYER_POLL_INTERVAL_MS: optional(parameters.pollIntervalMs),
      LEASEHOLD_RELAYER_RATE_LIMIT_PER_MINUTE: optional(parameters.rateLimitPerMinute),
      LEASEHOLD_RELAYER_BODY_LIMIT_BYTES: optional(parameters.bodyLimitBytes),
      LEASEHOLD_RELAYER_MAX_IN_FLIGHT: optional(parameters.maxInFlight),
    },
    logFile: parameters.logFile,
    ready: () => httpOk(`${url}/health`),
    readyTimeoutMs: 30_000,
  });
  return Object.assign(service, { url, address: account.address, dataDir: parameters.dataDir });
}

export interface FundRelayBudgetParameters {
  rpcUrl: string;
  deployment: Deployment;
  /** Wei added to Endorsements' relay budget (irrevocably: it only pays relay refunds). */
  amount: bigint;
  /** Development-mnemonic index of the funder (default: the deployer). */
  accountIndex?: number;
}

/** Endorsements.fundRelay from a development account; resolves with the budget afterwards. */
export async function fundRelayBudget({
  rpcUrl,
  deployment,
  amount,
  accountIndex = devAccountRoles.deployer,
}: FundRelayBudgetParameters): Promise<bigint> {
  const { publicClient, walletClient } = localClients(rpcUrl, accountIndex);
  const address = deployment.contracts.Endorsements.address;
  const hash = await walletClient.writeContract({
    address,
    abi: endorsementsAbi,
    functionName: "fundRelay",
    value: amount,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`fundRelay reverted (${hash})`);
  return publicClient.readContract({ address, abi: endorsementsAbi, functionName: "relayBudget" });
}
