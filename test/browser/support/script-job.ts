/**
 * A job paid for and receipted from the script side, without the worker: the data owner leases
 * to a seeded agent and opens a job, the operator accepts it, the agent's identity certifies a
 * per-job key that signs a receipt, the operator anchors the batch and the owner submits the
 * receipt, which opens the challenge window (as runJobsScenario in the indexer's tests does).
 */
import { keccak256, stringToHex, type Hex } from "viem";
import { localClients } from "../../../scripts/lib/local-deploy.ts";
import type { SeededAgent } from "../../../scripts/lib/seed-demo.ts";
import { LOCAL_CHAIN_ID } from "../../../sdk/src/chains.ts";
import type { Deployment } from "../../../sdk/src/deployment.ts";
import { devAccount, devAccountRoles } from "../../../sdk/src/dev-accounts.ts";
import { devStakeTokenAbi, jobEscrowAbi, leaseRegistryAbi, receiptAnchorAbi } from "../../../sdk/src/generated/abis.ts";
import {
  buildReceiptTree,
  hashReceipt,
  receiptDomain,
  signCertificate,
  signReceipt,
} from "../../../sdk/src/receipts/index.ts";

export async function send(
  rpcUrl: string,
  accountIndex: number,
  request: Parameters<ReturnType<typeof localClients>["walletClient"]["writeContract"]>[0],
): Promise<void> {
  const { walletClient, publicClient } = localClients(rpcUrl, accountIndex);
  const hash = await walletClient.writeContract(request);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`setup transaction ${hash} reverted`);
}

async function chainNow(rpcUrl: string): Promise<bigint> {
  return (await localClients(rpcUrl).publicClient.getBlock()).timestamp;
}

/**
 * The data owner leases to `agent` and opens a job; the operator accepts it; the agent's identity
 * certifies a per-job key that signs the receipt; the operator anchors the batch and the owner
 * submits the receipt, which opens the challenge window. Returns the job id.
 */
export async function submitJob({
  rpcUrl,
  deployment,
  agent,
  payment,
  policy,
}: {
  rpcUrl: string;
  deployment: Deployment;
  agent: SeededAgent;
  payment: bigint;
  policy: Hex;
}): Promise<bigint> {
  const { publicClient } = localClients(rpcUrl);
  const { JobEscrow, LeaseRegistry, ReceiptAnchor, DevStakeToken } = deployment.contracts;
  const owner = devAccountRoles.demoOwner;
  await send(rpcUrl, owner, { address: DevStakeToken!.address, abi: devStakeTokenAbi, functionName: "faucet" });
  await send(rpcUrl, owner, {
    address: DevStakeToken!.address,
    abi: devStakeTokenAbi,
    functionName: "approve",
    args: [JobEscrow.address, payment],
  });
  await send(rpcUrl, owner, {
    address: LeaseRegistry.address,
    abi: leaseRegistryAbi,
    functionName: "grant",
    args: [
      agent.agentId,
      keccak256(stringToHex("leasehold insurance browser test scope")),
      keccak256(stringToHex("leasehold insurance browser test context")),
      (await chainNow(rpcUrl)) + 7_200n,
      payment,
    ],
  });
  const leaseId = await publicClient.readContract({
    address: LeaseRegistry.address,
    abi: leaseRegistryAbi,
    functionName: "leaseCount",
  });
  const deadline = (await chainNow(rpcUrl)) + 3_600n;
  await send(rpcUrl, owner, {
    address: JobEscrow.address,
    abi: jobEscrowAbi,
    functionName: "openJob",
    args: [leaseId, payment, policy, 1_000_000n, deadline],
  });
  const jobId = await publicClient.readContract({
    address: JobEscrow.address,
    abi: jobEscrowAbi,
    functionName: "jobCount",
  });
  await send(rpcUrl, agent.operatorIndex, {
    address: JobEscrow.address,
    abi: jobEscrowAbi,
    functionName: "acceptJob",
    args: [jobId],
  });

  const domain = receiptDomain({ chainId: LOCAL_CHAIN_ID, receiptAnchor: ReceiptAnchor.address });
  const ephemeral = devAccount(2_000);
  const sealingKey = keccak256(stringToHex(`sealing key ${jobId}`));
  const startedAt = await chainNow(rpcUrl);
  const certificate = await signCertificate({
    account: devAccount(agent.identityIndex),
    domain,
    certificate: { jobId, agentId: agent.agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter: deadline },
  });
  const signed = await signReceipt({
    account: ephemeral,
    domain,
    receipt: {
      jobId,
      agentId: agent.agentId,
      codeHash: keccak256(stringToHex("receipt auditor v1")),
      policyHash: policy,
      inputHash: keccak256(stringToHex(`input ${jobId}`)),
      outputHash: keccak256(stringToHex(`output ${jobId}`)),
      fuelUsed: 4_200n,
      memoryPeakBytes: 1n << 20n,
      capabilityCalls: 1,
      startedAt,
      endedAt: startedAt + 1n,
      outcome: 0,
      certificate,
    },
    sealingKey,
    notAfter: deadline,
  });
  const tree = buildReceiptTree([hashReceipt({ receipt: signed.receipt, domain })]);
  await send(rpcUrl, agent.operatorIndex, {
    address: ReceiptAnchor.address,
    abi: receiptAnchorAbi,
    functionName: "anchor",
    args: [agent.agentId, tree.root, BigInt(tree.leafCount)],
  });
  const batchId = await publicClient.readContract({
    address: ReceiptAnchor.address,
    abi: receiptAnchorAbi,
    functionName: "batchIdOf",
    args: [agent.agentId, tree.root],
  });
  await send(rpcUrl, owner, {
    address: JobEscrow.address,
    abi: jobEscrowAbi,
    functionName: "submitReceipt",
    args: [jobId, signed, batchId, tree.proof(0) as Hex[]],
  });
  return jobId;
}
