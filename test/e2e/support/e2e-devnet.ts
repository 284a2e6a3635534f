/**
 * The devnet the end-to-end tests run on, every part a separate process as `npm start` has it:
 * anvil, the real deploy (with optional parameter overrides) and demo seed, and the worker
 * service with its gateway, serving the seeded agents that have a bundle. A data owner (dev
 * account 5) acts through the contracts, the gateway and the sdk, as the app does.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Hex } from "viem";
import { repoRoot } from "../../../scripts/artifacts.ts";
import { increaseTime, startAnvil, type Anvil } from "../../../scripts/lib/anvil.ts";
import { createDataOwner, type DataOwner } from "../../../scripts/lib/data-owner.ts";
import { deployLocal, localClients, type DeployLocalParameters } from "../../../scripts/lib/local-deploy.ts";
import { freePort, stopAll } from "../../../scripts/lib/processes.ts";
import { seedDemo, type SeedDemoReturnType } from "../../../scripts/lib/seed-demo.ts";
import { servingSeededAgents, startWorker, type Worker } from "../../../scripts/lib/worker.ts";
import { LOCAL_CHAIN_ID } from "../../../sdk/src/chains.ts";
import type { Deployment } from "../../../sdk/src/deployment.ts";
import { devAccountRoles } from "../../../sdk/src/dev-accounts.ts";
import { devStakeTokenAbi } from "../../../sdk/src/generated/abis.ts";

export type E2eDevnet = {
  workDir: string;
  logs: string;
  anvil: Anvil;
  deployment: Deployment;
  seeded: SeedDemoReturnType;
  /** Starts (or restarts, after a stop) the worker, and returns it with a data owner bound to its gateway. */
  launchWorker(): Promise<{ worker: Worker; owner: DataOwner }>;
  /** Moves chain time forward and mines a block. */
  advance(seconds: bigint): Promise<void>;
  /** The development token balance of `address`. */
  balanceOf(address: Hex): Promise<bigint>;
  stop(): Promise<void>;
};

export async function startE2eDevnet({
  name,
  deploy = {},
}: {
  /** Names the log folder under test-results/. */
  name: string;
  deploy?: Omit<DeployLocalParameters, "rpcUrl" | "deploymentsDir">;
}): Promise<E2eDevnet> {
  const workDir = await mkdtemp(path.join(tmpdir(), `leasehold-${name}-`));
  const logs = path.join(repoRoot, "test-results", `${name}-logs`);
  await mkdir(logs, { recursive: true });
  const anvil = await startAnvil({ port: await freePort(), logFile: path.join(logs, "anvil.log") });
  const deployment = await deployLocal({ ...deploy, rpcUrl: anvil.rpcUrl, deploymentsDir: workDir });
  const seeded = await seedDemo(anvil.rpcUrl, deployment);
  // The owner's tokens, once: balances are then exact (openJob only tops up when short).
  const funder = localClients(anvil.rpcUrl, devAccountRoles.demoOwner);
  const faucet = await funder.walletClient.writeContract({
    address: deployment.contracts.DevStakeToken!.address,
    abi: devStakeTokenAbi,
    functionName: "faucet",
  });
  await funder.publicClient.waitForTransactionReceipt({ hash: faucet });

  return {
    workDir,
    logs,
    anvil,
    deployment,
    seeded,
    async launchWorker() {
      const worker = await startWorker({
        port: await freePort(),
        rpcUrl: anvil.rpcUrl,
        chainId: LOCAL_CHAIN_ID,
        deploymentFile: path.join(workDir, `${LOCAL_CHAIN_ID}.json`),
        dataDir: path.join(workDir, "worker"),
        ...servingSeededAgents(seeded.agents),
        logFile: path.join(logs, "worker.log"),
        pollIntervalMs: 100,
        batch: { maxReceipts: 8, maxWaitMs: 200 },
      });
      const owner = createDataOwner({
        rpcUrl: anvil.rpcUrl,
        deployment,
        accountIndex: devAccountRoles.demoOwner,
        gatewayUrl: worker.url,
      });
      return { worker, owner };
    },
    async advance(seconds) {
      await increaseTime(anvil.rpcUrl, seconds);
    },
    async balanceOf(address) {
      const { publicClient } = localClients(anvil.rpcUrl);
      return publicClient.readContract({
        address: deployment.contracts.DevStakeToken!.address,
        abi: devStakeTokenAbi,
        functionName: "balanceOf",
        args: [address],
      });
    },
    async stop() {
      await stopAll();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
