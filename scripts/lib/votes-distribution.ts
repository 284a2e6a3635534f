/**
 * The devnet's voting power. The deploy mints the whole LeaseholdVotes supply to the deployer on
 * a local chain (scripts/deploy/deploy-leasehold.ts, `votesRecipient`), as a treasury would hold
 * it; here a share goes to the app's built-in account, delegated to itself, so the person at the
 * browser can propose, vote and pass a proposal on their own (the share is above the quorum),
 * and the deployer keeps the rest delegated to itself for the scripted code approval.
 */
import { parseEther, type Address } from "viem";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { leaseholdGovernorAbi, leaseholdVotesAbi } from "../../sdk/src/generated/abis.ts";
import { localClients } from "./local-deploy.ts";

/** 10 % of the default supply: 2.5 times the default 4 % quorum, far above the proposal threshold. */
export const DEVNET_BROWSER_VOTES = parseEther("100000");

/**
 * Transfers `amount` of the deployer's voting tokens to `accountIndex` (the browser account by
 * default) and has it delegate them to itself. Checks that the share alone meets the governor's
 * quorum and proposal threshold, so a failing devnet says so here, not in the app.
 */
export async function distributeVotes({
  rpcUrl,
  deployment,
  accountIndex = devAccountRoles.browser,
  amount = DEVNET_BROWSER_VOTES,
}: {
  rpcUrl: string;
  deployment: Deployment;
  accountIndex?: number;
  amount?: bigint;
}): Promise<{ holder: Address; votes: bigint }> {
  const { LeaseholdVotes, LeaseholdGovernor } = deployment.contracts;
  const votes = { address: LeaseholdVotes.address, abi: leaseholdVotesAbi } as const;
  const deployer = localClients(rpcUrl, devAccountRoles.deployer);
  const holder = localClients(rpcUrl, accountIndex);
  const { publicClient } = deployer;
  const send = async (clients: typeof deployer, request: Parameters<typeof deployer.walletClient.writeContract>[0]) => {
    const hash = await clients.walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`voting-power transaction ${hash} reverted`);
  };

  const supply = await publicClient.readContract({ ...votes, functionName: "totalSupply" });
  const governor = { address: LeaseholdGovernor.address, abi: leaseholdGovernorAbi } as const;
  const [numerator, denominator, threshold] = await Promise.all([
    publicClient.readContract({ ...governor, functionName: "quorumNumerator" }),
    publicClient.readContract({ ...governor, functionName: "quorumDenominator" }),
    publicClient.readContract({ ...governor, functionName: "proposalThreshold" }),
  ]);
  const quorum = (supply * numerator) / denominator;
  if (amount < quorum || amount < threshold) {
    throw new Error(`${amount} votes meet neither the quorum (${quorum}) nor the proposal threshold (${threshold})`);
  }

  const address = holder.walletClient.account.address;
  await send(deployer, { ...votes, functionName: "transfer", args: [address, amount] });
  await send(holder, { ...votes, functionName: "delegate", args: [address] });
  return { holder: address, votes: amount };
}
