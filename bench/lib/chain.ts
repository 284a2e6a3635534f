/**
 * A fresh anvil with the real deployment (the devnet's deploy step) and one registered agent
 * whose operator has staked, for the benchmarks that need a chain. Everything lives in a
 * temporary folder that `stop()` removes.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  agentRegistryAbi,
  createIdentityProof,
  devAccount,
  devStakeTokenAbi,
  stakeManagerAbi,
  type Deployment,
} from "@leasehold/sdk";
import { parseEther, type Hex, type LocalAccount } from "viem";
import { startAnvil, type Anvil } from "../../scripts/lib/anvil.ts";
import { approveReleases, type Release } from "../../scripts/lib/code-approval.ts";
import { deployLocal, localClients } from "../../scripts/lib/local-deploy.ts";
import { freePort } from "../../scripts/lib/processes.ts";

export type Clients = ReturnType<typeof localClients>;

export const OPERATOR = 2;
export const OWNER = 5;

export type BenchChain = {
  anvil: Anvil;
  deployment: Deployment;
  dataDir: string;
  operator: Clients;
  owner: Clients;
  identity: LocalAccount;
  agentId: bigint;
  stop: () => Promise<void>;
};

/** Simulates (for the return value), sends and waits; throws on a reverted transaction. */
export async function send(clients: Clients, request: Parameters<Clients["walletClient"]["writeContract"]>[0]) {
  const { result } = await clients.publicClient.simulateContract({
    ...request,
    account: clients.walletClient.account,
  } as never);
  const hash = await clients.walletClient.writeContract(request);
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${request.functionName} reverted (${hash})`);
  return { result: result as unknown, gasUsed: receipt.gasUsed };
}

export async function startBenchChain({
  codeHash,
  stake,
  release,
}: {
  codeHash: Hex;
  stake: bigint;
  /** Approve this release through governance first (workers run approved code only). */
  release?: Release;
}): Promise<BenchChain> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "leasehold-bench-"));
  const anvil = await startAnvil({ port: await freePort() });
  try {
    const deployment = await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: dataDir });
    if (release) await approveReleases({ rpcUrl: anvil.rpcUrl, deployment, releases: [release] });
    const operator = localClients(anvil.rpcUrl, OPERATOR);
    const owner = localClients(anvil.rpcUrl, OWNER);
    const identity = devAccount(1_100);
    const { DevStakeToken, StakeManager, AgentRegistry } = deployment.contracts;
    const token = DevStakeToken!.address;
    await send(operator, { address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
    await send(operator, {
      address: token,
      abi: devStakeTokenAbi,
      functionName: "approve",
      args: [StakeManager.address, stake],
    });
    await send(operator, {
      address: StakeManager.address,
      abi: stakeManagerAbi,
      functionName: "deposit",
      args: [stake],
    });
    const proof = await createIdentityProof({
      publicClient: operator.publicClient,
      agentRegistry: AgentRegistry.address,
      account: identity,
      operator: operator.walletClient.account.address,
    });
    await send(operator, {
      address: AgentRegistry.address,
      abi: agentRegistryAbi,
      functionName: "register",
      args: [identity.address, codeHash, "data:,bench", proof.deadline, proof.signature],
    });
    const agentId = await operator.publicClient.readContract({
      address: AgentRegistry.address,
      abi: agentRegistryAbi,
      functionName: "agentOfIdentity",
      args: [identity.address],
    });
    return {
      anvil,
      deployment,
      dataDir,
      operator,
      owner,
      identity,
      agentId,
      stop: async () => {
        await anvil.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await anvil.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export const DEFAULT_STAKE = parseEther("150");
