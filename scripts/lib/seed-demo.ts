/**
 * Demo data for the devnet: a few operators with stake and agents, so every page has something
 * to show before anyone clicks. Everything goes through the real contracts with the standard
 * development accounts; nothing is written to the indexer directly.
 */
import { keccak256, parseEther, stringToHex, type Address } from "viem";
import { agentRegistryAbi, devStakeTokenAbi, stakeManagerAbi } from "../../sdk/src/generated/abis.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { localClients } from "./local-deploy.ts";

interface DemoOperator {
  stake: string;
  /** Part of the stake put into unbonding, so the withdrawal countdown has something to show. */
  unbonding?: string;
  agents: { name: string; description: string }[];
}

const demoOperators: DemoOperator[] = [
  {
    stake: "600",
    agents: [
      { name: "Menu planner", description: "Orders meals that respect a declared dietary policy" },
      { name: "Redactor", description: "Returns data sets with personal fields removed" },
    ],
  },
  {
    stake: "250",
    unbonding: "50",
    agents: [{ name: "Calendar keeper", description: "Schedules within leased calendars" }],
  },
  { stake: "150", agents: [{ name: "Receipt auditor", description: "Checks expense receipts against policy" }] },
];

function metadataUri(agent: { name: string; description: string }): string {
  return `data:application/json,${encodeURIComponent(JSON.stringify(agent))}`;
}

export interface SeedDemoReturnType {
  operators: Address[];
  agentIds: bigint[];
}

export async function seedDemo(rpcUrl: string, deployment: Deployment): Promise<SeedDemoReturnType> {
  const token = deployment.contracts.DevStakeToken?.address;
  if (!token) throw new Error("The demo needs the development stake token (local chain only)");
  const stakeManager = deployment.contracts.StakeManager.address;
  const agentRegistry = deployment.contracts.AgentRegistry.address;
  const result: SeedDemoReturnType = { operators: [], agentIds: [] };

  for (const [position, demo] of demoOperators.entries()) {
    const accountIndex = devAccountRoles.demoOperators[position]!;
    const { publicClient, walletClient } = localClients(rpcUrl, accountIndex);
    const send = async (request: Parameters<typeof walletClient.writeContract>[0]) => {
      const hash = await walletClient.writeContract(request);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`Demo transaction ${hash} reverted`);
      return receipt;
    };
    const amount = parseEther(demo.stake);
    await send({ address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
    await send({ address: token, abi: devStakeTokenAbi, functionName: "approve", args: [stakeManager, amount] });
    await send({ address: stakeManager, abi: stakeManagerAbi, functionName: "deposit", args: [amount] });
    for (const [agentPosition, agent] of demo.agents.entries()) {
      // Each agent gets its own identity key, derived from the dev mnemonic far from the
      // accounts people use, so the demo is the same on every start.
      const identity = devAccount(1_000 + position * 10 + agentPosition).address;
      const codeHash = keccak256(stringToHex(`leasehold-demo-agent:${agent.name}`));
      await send({
        address: agentRegistry,
        abi: agentRegistryAbi,
        functionName: "register",
        args: [identity, codeHash, metadataUri(agent)],
      });
      result.agentIds.push(
        await publicClient.readContract({
          address: agentRegistry,
          abi: agentRegistryAbi,
          functionName: "agentOfIdentity",
          args: [identity],
        }),
      );
    }
    if (demo.unbonding) {
      await send({
        address: stakeManager,
        abi: stakeManagerAbi,
        functionName: "requestWithdrawal",
        args: [parseEther(demo.unbonding)],
      });
    }
    result.operators.push(walletClient.account.address);
  }
  return result;
}
