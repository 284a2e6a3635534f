/** The Ponder indexer as a child process, on PGlite by default or PostgreSQL when given a URL. */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../artifacts.ts";
import { httpOk, startService, type Service } from "./processes.ts";

export interface StartIndexerParameters {
  port: number;
  rpcUrl: string;
  chainId: number;
  deploymentsDir: string;
  /** PostgreSQL connection string; omitted means embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  /** Database schema Ponder writes to; use a fresh one per run on a shared PostgreSQL. */
  databaseSchema: string;
  /** Where PGlite keeps its files (ignored with `databaseUrl`). */
  dataDir: string;
  logFile?: string;
}

export interface Indexer extends Service {
  url: string;
}

export async function startIndexer(parameters: StartIndexerParameters): Promise<Indexer> {
  const url = `http://127.0.0.1:${parameters.port}`;
  await mkdir(parameters.dataDir, { recursive: true });
  const env: Record<string, string | undefined> = {
    PONDER_TELEMETRY_DISABLED: "1",
    LEASEHOLD_RPC_URL: parameters.rpcUrl,
    LEASEHOLD_CHAIN_ID: String(parameters.chainId),
    LEASEHOLD_DEPLOYMENTS_DIR: parameters.deploymentsDir,
    LEASEHOLD_PGLITE_DIR: parameters.dataDir,
    DATABASE_SCHEMA: parameters.databaseSchema,
    // Unset rather than empty: without it Ponder uses embedded PGlite.
    DATABASE_URL: parameters.databaseUrl,
  };
  const service = await startService({
    name: "indexer",
    command: path.join(repoRoot, "node_modules", ".bin", "ponder"),
    args: [
      "start",
      "--port",
      String(parameters.port),
      "--hostname",
      "127.0.0.1",
      "--schema",
      parameters.databaseSchema,
    ],
    cwd: path.join(repoRoot, "indexer"),
    env,
    logFile: parameters.logFile,
    // /ready answers 200 once historical indexing has caught up with the chain.
    ready: () => httpOk(`${url}/ready`),
    readyTimeoutMs: 120_000,
  });
  return Object.assign(service, { url });
}
