/**
 * Server-only runtime configuration. Read per request (the root layout awaits `connection()`
 * first), never inlined at build time, so one `next build` serves any chain and deployment:
 *
 *   LEASEHOLD_CHAIN_ID          chain to serve (default 31337, the local devnet)
 *   LEASEHOLD_RPC_URL           JSON-RPC URL the browser uses (default http://127.0.0.1:8545)
 *   LEASEHOLD_INDEXER_URL       Ponder indexer, reached only by this server (default http://127.0.0.1:42069)
 *   LEASEHOLD_GATEWAY_URL       worker gateway (docs/GATEWAY.md), reached only by this server through
 *                               /api/worker/* (default http://127.0.0.1:8787)
 *   LEASEHOLD_RELAYER_URL       relayer service (worker/src/relayer), reached only by this server through
 *                               /api/relayer/* (default http://127.0.0.1:8790)
 *   LEASEHOLD_DEPLOYMENTS_DIR   folder holding <chainId>.json (default: the repository's deployments/)
 *   LEASEHOLD_DEV_ACCOUNT_INDEX local chain only: which development account (index in the test
 *                               mnemonic) the built-in development connector uses (default 1, the
 *                               devnet's browser account): the account a tab starts as. The header's
 *                               account switcher moves a tab to any other development account.
 */
import { devAccount, devAccountRoles, LOCAL_CHAIN_ID, type Deployment } from "@leasehold/sdk";
import { readDeployment } from "@leasehold/sdk/deployment-file";
import type { ClientConfig } from "./client-config";
import { devAccountChoices } from "./dev-accounts";

export interface ServerConfig {
  chainId: number;
  rpcUrl: string;
  indexerUrl: string;
  gatewayUrl: string;
  relayerUrl: string;
  /** Development account index of the built-in connector (used on the local chain only). */
  devAccountIndex: number;
}

export function serverConfig(): ServerConfig {
  const chainId = Number(process.env.LEASEHOLD_CHAIN_ID ?? LOCAL_CHAIN_ID);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`LEASEHOLD_CHAIN_ID must be a positive integer, got "${process.env.LEASEHOLD_CHAIN_ID}"`);
  }
  const devAccountIndex = Number(process.env.LEASEHOLD_DEV_ACCOUNT_INDEX ?? devAccountRoles.browser);
  // Hardened BIP-32 indices stop at 2^31; anything else is a typo, not an account.
  if (!Number.isSafeInteger(devAccountIndex) || devAccountIndex < 0 || devAccountIndex >= 2 ** 31) {
    throw new Error(
      `LEASEHOLD_DEV_ACCOUNT_INDEX must be an integer from 0 to 2147483647, got "${process.env.LEASEHOLD_DEV_ACCOUNT_INDEX}"`,
    );
  }
  return {
    chainId,
    devAccountIndex,
    rpcUrl: stripSlash(process.env.LEASEHOLD_RPC_URL ?? "http://127.0.0.1:8545"),
    indexerUrl: stripSlash(process.env.LEASEHOLD_INDEXER_URL ?? "http://127.0.0.1:42069"),
    gatewayUrl: stripSlash(process.env.LEASEHOLD_GATEWAY_URL ?? "http://127.0.0.1:8787"),
    relayerUrl: stripSlash(process.env.LEASEHOLD_RELAYER_URL ?? "http://127.0.0.1:8790"),
  };
}

export async function clientConfig(): Promise<ClientConfig> {
  const { chainId, rpcUrl, devAccountIndex } = serverConfig();
  const isLocalChain = chainId === LOCAL_CHAIN_ID;
  let deployment: Deployment | null = null;
  let deploymentProblem: string | null = null;
  try {
    // The record is read on every request: a redeploy (tests deploy to fresh chains) needs no restart.
    deployment = await readDeployment(chainId);
    if (deployment.chainId !== chainId) {
      deploymentProblem = `The deployment record is for chain ${deployment.chainId}, not ${chainId}.`;
      deployment = null;
    }
  } catch (error) {
    deploymentProblem = error instanceof Error ? error.message : String(error);
  }
  return {
    chainId,
    chainName: deployment?.chainName ?? (isLocalChain ? "Leasehold Devnet" : `Chain ${chainId}`),
    rpcUrl,
    isLocalChain,
    devAccountAddress: isLocalChain ? devAccount(devAccountIndex).address : null,
    devAccounts: isLocalChain ? devAccountChoices() : [],
    deployment,
    deploymentProblem,
  };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
