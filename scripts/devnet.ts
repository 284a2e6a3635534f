/**
 * `npm start`: the whole of Leasehold on this machine. A local chain, the contracts deployed and
 * seeded with demo data, the indexer and the app; URLs printed; Ctrl-C stops every process.
 *
 * The devnet is a list of stages run in order, each adding to a shared context; a later part is
 * one more stage. Ports come from the environment: LEASEHOLD_RPC_PORT (8545),
 * LEASEHOLD_INDEXER_PORT (42069), LEASEHOLD_APP_PORT (3000), LEASEHOLD_WORKER_PORT (8787),
 * LEASEHOLD_RELAYER_PORT (8790).
 *
 * The worker serves the demo agents that have a real bundle (the redactor and the menu planner).
 * Once everything runs, a demo data owner lends a customer list to the redactor and pays for a
 * job, and the devnet plays the owner's part in the background (seals the key when the worker
 * asks); its keeper finalizes that job, as every job, once the challenge window is over, so the
 * job completes while a person watches. After set-up the chain mines a block every
 * DEVNET_BLOCK_TIME seconds, traffic or not, as a real chain does.
 * Then the owner disputes a second job, and the dispute waits in the court for the dev
 * arbitrator (the app's development account) to vote: scripts/lib/demo-dispute.ts.
 */
import { spawn } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { formatEther, parseEther } from "viem";
import { LOCAL_CHAIN_ID } from "../sdk/src/chains.ts";
import type { Deployment } from "../sdk/src/deployment.ts";
import { repoRoot } from "./artifacts.ts";
import { DEVNET_BLOCK_TIME, startAnvil, startIntervalMining } from "./lib/anvil.ts";
import { buildApp, startApp, type BuildAppReturnType } from "./lib/app.ts";
import { startIndexer, type Indexer } from "./lib/indexer.ts";
import { deployLocal } from "./lib/local-deploy.ts";
import { devAccountRoles } from "../sdk/src/dev-accounts.ts";
import { runKeeper } from "./lib/keeper.ts";
import { stopAll } from "./lib/processes.ts";
import { fundRelayBudget, startRelayer } from "./lib/relayer.ts";
import { runDemoDispute } from "./lib/demo-dispute.ts";
import { runDemoJob } from "./lib/demo-job.ts";
import { seatReserveArbitrators, seedDemo, type SeededAgent } from "./lib/seed-demo.ts";
import { DEVNET_BROWSER_VOTES } from "./lib/votes-distribution.ts";
import { servingSeededAgents, startWorker } from "./lib/worker.ts";

interface DevnetContext {
  /** The app's production build, started with the first stage and awaited by the app's. */
  appBuild?: Promise<BuildAppReturnType>;
  /** The indexer, started once the contracts are deployed and awaited before the app. */
  indexer?: Promise<Indexer>;
  rpcUrl?: string;
  deployment?: Deployment;
  agents?: SeededAgent[];
  workerUrl?: string;
  relayerUrl?: string;
  indexerUrl?: string;
  appUrl?: string;
}

interface Stage {
  name: string;
  run(context: DevnetContext): Promise<void>;
}

function port(variable: string, fallback: number): number {
  const value = Number(process.env[variable] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65_535) throw new Error(`${variable} must be a TCP port`);
  return value;
}

const stateDir = path.join(repoRoot, ".devnet");
const appPort = port("LEASEHOLD_APP_PORT", 3000);
/** What the deployer puts in the endorsement relay budget: a few thousand relayed endorsements. */
const DEVNET_RELAY_BUDGET = parseEther("10");
const deploymentsDir = path.join(repoRoot, "deployments");

const stages: Stage[] = [
  {
    name: "compile contracts (and build the app alongside)",
    async run(context) {
      // The app's production build needs no contract (the ABIs are committed in the sdk and the
      // deployment is read at request time), so it runs beside everything up to the app's stage;
      // an up-to-date build is reused at once. Its lines are prefixed with [app build].
      context.appBuild = buildApp();
      context.appBuild.catch(() => undefined); // awaited, and reported, by the app's stage
      // The deployable contracts only: the Solidity tests (most of a clean build's time) are
      // compiled by `npm test`, which the devnet does not need; the devnet build profile compiles
      // them in one job (hardhat.config.ts). A line per solc job shows progress.
      await new Promise<void>((resolve, reject) => {
        const args = ["build", "--no-tests", "--build-profile", "devnet"];
        const child = spawn(path.join(repoRoot, "node_modules", ".bin", "hardhat"), args, {
          cwd: repoRoot,
          env: { ...process.env, LEASEHOLD_BUILD_PROGRESS: "1" },
          stdio: "inherit",
        });
        child.once("error", reject);
        child.once("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`hardhat build exited with code ${code}`)),
        );
      });
    },
  },
  {
    name: "start the local chain",
    async run(context) {
      const chain = await startAnvil({
        port: port("LEASEHOLD_RPC_PORT", 8545),
        logFile: path.join(stateDir, "chain.log"),
      });
      context.rpcUrl = chain.rpcUrl;
    },
  },
  {
    name: "deploy the contracts",
    async run(context) {
      context.deployment = await deployLocal({ rpcUrl: context.rpcUrl!, deploymentsDir });
      // The indexer needs only the deployment: it starts now and indexes the seed as it happens,
      // beside the stages below, instead of backfilling it all after them.
      context.indexer = startIndexer({
        port: port("LEASEHOLD_INDEXER_PORT", 42069),
        rpcUrl: context.rpcUrl!,
        chainId: LOCAL_CHAIN_ID,
        deploymentsDir,
        databaseUrl: process.env.DATABASE_URL,
        databaseSchema: `devnet_${Date.now()}`,
        dataDir: path.join(stateDir, "pglite"),
        logFile: path.join(stateDir, "indexer.log"),
      });
      context.indexer.catch(() => undefined); // awaited, and reported, by the indexer's stage
    },
  },
  {
    name: "seed the demo",
    async run(context) {
      const seeded = await seedDemo(context.rpcUrl!, context.deployment!);
      context.agents = seeded.agents;
      console.log(`  ${seeded.operators.length} operators staked, ${seeded.agentIds.length} agents registered`);
      console.log(
        `  the development account holds ${formatEther(DEVNET_BROWSER_VOTES)} votes, delegated: it can pass proposals on the Governance page`,
      );
    },
  },
  {
    // From here on the chain runs as a real one does: a block every DEVNET_BLOCK_TIME seconds,
    // traffic or not, so chain time moves on an idle devnet (the scripted set-up above mined a
    // block per transaction, so it never waited for one).
    name: `mine a block every ${DEVNET_BLOCK_TIME} s`,
    async run(context) {
      await startIntervalMining(context.rpcUrl!, DEVNET_BLOCK_TIME);
    },
  },
  {
    name: "start the worker",
    async run(context) {
      const served = context.agents!.filter((agent) => agent.bundle !== undefined);
      const worker = await startWorker({
        port: port("LEASEHOLD_WORKER_PORT", 8787),
        rpcUrl: context.rpcUrl!,
        chainId: LOCAL_CHAIN_ID,
        deploymentFile: path.join(deploymentsDir, `${LOCAL_CHAIN_ID}.json`),
        dataDir: path.join(stateDir, "worker"),
        ...servingSeededAgents(context.agents!),
        logFile: path.join(stateDir, "worker.log"),
      });
      context.workerUrl = worker.url;
      console.log(`  serving agents ${served.map((agent) => `${agent.agentId} (${agent.name})`).join(", ")}`);
    },
  },
  {
    name: "start the relayer",
    async run(context) {
      // The deployer sponsors endorsements' gas, as any sponsor may on a real chain; the relayer
      // keeps a real relayer's policy (it refuses what the budget cannot refund).
      const budget = await fundRelayBudget({
        rpcUrl: context.rpcUrl!,
        deployment: context.deployment!,
        amount: DEVNET_RELAY_BUDGET,
      });
      const relayer = await startRelayer({
        port: port("LEASEHOLD_RELAYER_PORT", 8790),
        rpcUrl: context.rpcUrl!,
        chainId: LOCAL_CHAIN_ID,
        deploymentsDir,
        dataDir: path.join(stateDir, "relayer"),
        // The app proxies to it (/api/relayer); a page may also call it directly.
        allowedOrigins: [`http://127.0.0.1:${appPort}`, `http://localhost:${appPort}`],
        logFile: path.join(stateDir, "relayer.log"),
      });
      context.relayerUrl = relayer.url;
      console.log(`  sending from ${relayer.address}; relay budget ${formatEther(budget)} ETH`);
    },
  },
  {
    name: "wait for the indexer (started after the deploy)",
    async run(context) {
      context.indexerUrl = (await context.indexer!).url;
    },
  },
  {
    name: "start the app",
    async run(context) {
      // A production build, so pages open in well under a second with no framework dev badge.
      const build = await context.appBuild!;
      console.log(
        build.built
          ? `  app built in ${(build.durationMs / 1000).toFixed(0)} s`
          : "  app build up to date with its sources: reused",
      );
      const app = await startApp({
        port: appPort,
        mode: "start",
        chainId: LOCAL_CHAIN_ID,
        rpcUrl: context.rpcUrl!,
        indexerUrl: context.indexerUrl!,
        gatewayUrl: context.workerUrl!,
        relayerUrl: context.relayerUrl!,
        deploymentsDir,
        logFile: path.join(stateDir, "app.log"),
      });
      context.appUrl = app.url;
    },
  },
];

let stopping = false;
/** Stops the background loops (the keeper, the demo) before the processes they talk to. */
const background = new AbortController();
const shutdownSignal = background.signal;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    background.abort();
    console.log("\nStopping the devnet…");
    await stopAll();
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main(): Promise<void> {
  // A new chain every start, so the indexer's database starts empty too.
  await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
  const context: DevnetContext = {};
  for (const stage of stages) {
    const started = performance.now();
    process.stdout.write(`• ${stage.name}…\n`);
    // A stage that takes a while says so every 15 s, so a quiet one never looks hung.
    const heartbeat = setInterval(() => {
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      console.log(`  … ${stage.name}: ${seconds} s so far`);
    }, 15_000);
    try {
      await stage.run(context);
    } finally {
      clearInterval(heartbeat);
    }
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const redactor = context.agents!.find((agent) => agent.bundle === "redaction")!;
  console.log(`
Leasehold devnet is running.
  App              ${context.appUrl}
  Worker gateway   ${context.workerUrl}  (agents' jobs: ${path.relative(repoRoot, stateDir)}/worker.log)
  Relayer          ${context.relayerUrl}/v1/info  (anonymous endorsements and withdrawals)
  Indexer GraphQL  ${context.indexerUrl}/graphql
  Chain RPC        ${context.rpcUrl}  (chain id ${LOCAL_CHAIN_ID})
  Deployment       ${path.relative(repoRoot, path.join(deploymentsDir, `${LOCAL_CHAIN_ID}.json`))}
  Logs             ${path.relative(repoRoot, stateDir)}/*.log
Press Ctrl-C to stop.
`);
  // The demo job, then the demo dispute, run in the background and report each step; a failure
  // there is reported, not fatal.
  const demo = {
    rpcUrl: context.rpcUrl!,
    deployment: context.deployment!,
    gatewayUrl: context.workerUrl!,
    agentId: redactor.agentId,
  };
  // The keeper seats every dispute's panel and finalizes every matured job (the demo's and those
  // opened in the app).
  void runKeeper({
    rpcUrl: context.rpcUrl!,
    deployment: context.deployment!,
    accountIndex: devAccountRoles.keeper,
    signal: shutdownSignal,
    log: (line) => console.log(`  [keeper] ${line}`),
  });
  // The reserve arbitrators join once the demo dispute's panel is seated (so it stays the browser
  // account's), or at once if the demo fails before that: the devnet needs them either way, so
  // the browser account's own disputes can be seated.
  let reserve: Promise<void> | undefined;
  const seatReserve = () =>
    (reserve ??= seatReserveArbitrators({
      rpcUrl: context.rpcUrl!,
      deployment: context.deployment!,
      signal: shutdownSignal,
    }).then((seated) => console.log(`  [demo] ${seated.length} reserve arbitrators joined the court`)));
  void runDemoJob({ ...demo, log: (line) => console.log(`  [demo job] ${line}`) })
    .then(() =>
      runDemoDispute({
        ...demo,
        signal: shutdownSignal,
        onPanelSeated: seatReserve,
        log: (line) => console.log(`  [demo dispute] ${line}`),
      }),
    )
    .catch(async (error: unknown) => {
      console.error("  [demo] failed:", error instanceof Error ? error.message : error);
      await seatReserve();
    })
    .catch((error: unknown) =>
      console.error("  [demo] reserve arbitrators failed:", error instanceof Error ? error.message : error),
    );
}

main().catch(async (error: unknown) => {
  console.error("The devnet failed to start:", error instanceof Error ? error.message : error);
  await shutdown(1);
});
