/**
 * The indexer's settings, read from the environment once at start-up. Everything else (addresses,
 * ABIs, start blocks) comes from the deployment record, never from here.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError, LOCAL_CHAIN_ID } from "@leasehold/sdk";

/** The indexer package's folder, whatever the working directory. */
export const indexerRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

export type IndexerDatabase = { kind: "pglite"; directory: string } | { kind: "postgres"; connectionString: string };

export interface IndexerSettings {
  chainId: number;
  rpcUrl: string;
  /** Undefined: the sdk's default (LEASEHOLD_DEPLOYMENTS_DIR or the repository's deployments/). */
  deploymentsDir: string | undefined;
  database: IndexerDatabase;
  /** The local development chain: no RPC cache (every devnet is a new chain) and fast polling. */
  isLocalChain: boolean;
}

type Env = Record<string, string | undefined>;

/** Empty strings count as unset, so `FOO= ponder start` behaves like leaving FOO out. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export function readIndexerSettings(env: Env): IndexerSettings {
  const chainIdText = read(env, "LEASEHOLD_CHAIN_ID");
  const chainId = chainIdText === undefined ? LOCAL_CHAIN_ID : Number(chainIdText);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new InvalidInputError(`LEASEHOLD_CHAIN_ID must be a positive integer, got "${chainIdText}"`);
  }

  const rpcUrl = read(env, "LEASEHOLD_RPC_URL") ?? DEFAULT_RPC_URL;
  if (!URL.canParse(rpcUrl)) throw new InvalidInputError(`LEASEHOLD_RPC_URL is not a URL: "${rpcUrl}"`);

  const databaseUrl = read(env, "DATABASE_URL");
  const database: IndexerDatabase = databaseUrl
    ? { kind: "postgres", connectionString: databaseUrl }
    : {
        kind: "pglite",
        directory: path.resolve(indexerRoot, read(env, "LEASEHOLD_PGLITE_DIR") ?? path.join(".ponder", "pglite")),
      };

  return {
    chainId,
    rpcUrl,
    deploymentsDir: read(env, "LEASEHOLD_DEPLOYMENTS_DIR"),
    database,
    isLocalChain: chainId === LOCAL_CHAIN_ID,
  };
}
