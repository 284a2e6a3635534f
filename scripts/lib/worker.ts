/**
 * The worker (worker/src/main.ts) as a child process for the devnet and cross-part tests: writes
 * its config file (no secrets in it), hands it the development keys through its environment and
 * waits for /readyz. The keys are the public development mnemonic's, so this is for local chains
 * only; a real operator's keys come from wherever the operator keeps them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { bytesToHex } from "viem";
import { repoRoot } from "../artifacts.ts";
import { devAccount } from "../../sdk/src/dev-accounts.ts";
import { httpOk, startService, type Service } from "./processes.ts";

export interface WorkerAgent {
  agentId: bigint;
  /** A bundle of worker/agents, by name. */
  bundle: string;
  /** Development-mnemonic index of the agent's identity key. */
  identityIndex: number;
  /** Scope names (or hashes) the agent serves. */
  scopes: string[];
}

export interface StartWorkerParameters {
  port: number;
  rpcUrl: string;
  chainId: number;
  deploymentFile: string;
  dataDir: string;
  /** Development-mnemonic index of the account that sends the worker's transactions (the operator). */
  transactionAccountIndex: number;
  agents: WorkerAgent[];
  logFile?: string;
  pollIntervalMs?: number;
  batch?: { maxReceipts?: number; maxWaitMs?: number };
}

/** What a seeded agent must say for a worker to serve it (scripts/lib/seed-demo.ts's SeededAgent fits). */
export interface ServableAgent extends Omit<WorkerAgent, "bundle"> {
  bundle: string | undefined;
  operatorIndex: number;
}

/**
 * The worker options that serve every seeded agent with a bundle: all of them belong to the
 * demo's first operator, one worker per operator, so its account sends the transactions.
 */
export function servingSeededAgents(
  seeded: readonly ServableAgent[],
): Pick<StartWorkerParameters, "transactionAccountIndex" | "agents"> {
  const served = seeded.filter((agent): agent is ServableAgent & { bundle: string } => agent.bundle !== undefined);
  if (served.length === 0) throw new Error("No seeded agent has a bundle to serve");
  return {
    transactionAccountIndex: served[0]!.operatorIndex,
    agents: served.map(({ agentId, bundle, identityIndex, scopes }) => ({ agentId, bundle, identityIndex, scopes })),
  };
}

export interface Worker extends Service {
  url: string;
  dataDir: string;
}

function privateKeyOf(index: number): string {
  const key = devAccount(index).getHdKey().privateKey;
  if (!key) throw new Error(`No private key for development account ${index}`);
  return bytesToHex(key);
}

export async function startWorker(parameters: StartWorkerParameters): Promise<Worker> {
  const url = `http://127.0.0.1:${parameters.port}`;
  await mkdir(parameters.dataDir, { recursive: true });
  const env: Record<string, string> = { LEASEHOLD_WORKER_TX_KEY: privateKeyOf(parameters.transactionAccountIndex) };
  const config = {
    rpcUrl: parameters.rpcUrl,
    chainId: parameters.chainId,
    deploymentFile: parameters.deploymentFile,
    dataDir: parameters.dataDir,
    gateway: { host: "127.0.0.1", port: parameters.port },
    transactionKeyEnv: "LEASEHOLD_WORKER_TX_KEY",
    pollIntervalMs: parameters.pollIntervalMs ?? 250,
    batch: { maxReceipts: parameters.batch?.maxReceipts ?? 16, maxWaitMs: parameters.batch?.maxWaitMs ?? 500 },
    agents: parameters.agents.map((agent) => {
      const variable = `LEASEHOLD_AGENT_${agent.agentId}_KEY`;
      env[variable] = privateKeyOf(agent.identityIndex);
      return {
        agentId: agent.agentId.toString(),
        bundle: agent.bundle,
        identityKeyEnv: variable,
        scopes: agent.scopes,
      };
    }),
  };
  const configFile = path.join(parameters.dataDir, "worker.config.json");
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const service = await startService({
    name: "worker",
    command: path.join(repoRoot, "node_modules", ".bin", "node"),
    args: [path.join(repoRoot, "worker", "src", "main.ts"), "--config", configFile],
    cwd: path.join(repoRoot, "worker"),
    env,
    logFile: parameters.logFile,
    ready: () => httpOk(`${url}/readyz`),
    readyTimeoutMs: 60_000,
  });
  return Object.assign(service, { url, dataDir: parameters.dataDir });
}
