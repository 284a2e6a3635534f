/**
 * Code approval on a local chain, through the real flow of docs/ARCHITECTURE.md ("Governance"):
 * a publisher publishes each release to the CodeRegistry (with its bond), the voting-token holder
 * proposes approving them (`approve(publisher, codeHash)`: a release is one publisher's, so the
 * proposal names whose metadata it vouches for) through the Governor's standard interface,
 * votes, queues in the timelock and executes once the review windows and the timelock delay
 * have passed. Chain time is moved forward with anvil's evm_increaseTime, which is what makes
 * this local-only: the devnet's windows are minutes, and nobody should wait for them at start-up.
 */
import { encodeFunctionData, keccak256, stringToHex, type Hex } from "viem";
import type { Deployment } from "../../sdk/src/deployment.ts";
import {
  codeRegistryAbi,
  devStakeTokenAbi,
  leaseholdGovernorAbi,
  leaseholdVotesAbi,
} from "../../sdk/src/generated/abis.ts";
import { devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { increaseTime } from "./anvil.ts";
import { localClients } from "./local-deploy.ts";

export type Release = {
  codeHash: Hex;
  /** Where the bundle can be fetched; here the bundle's own hash (it ships in the repository). */
  contentId: Hex;
  size: number;
  descriptionUri: string;
};

/** ICodeRegistry.Urgency.Routine: the longest review window, for code nobody is in a hurry to run. */
const ROUTINE = 0;
/** GovernorCountingSimple's vote types. */
const FOR = 1;

/**
 * Publishes `releases` as `publisherIndex` and approves them with one proposal voted by the
 * deployer (who holds the devnet's voting supply). Returns the executed proposal's id.
 */
export async function approveReleases({
  rpcUrl,
  deployment,
  releases,
  publisherIndex = devAccountRoles.publisher,
  voterIndex = devAccountRoles.deployer,
}: {
  rpcUrl: string;
  deployment: Deployment;
  releases: Release[];
  /** Development account that publishes and pays the bonds; default the devnet's publisher. */
  publisherIndex?: number;
  voterIndex?: number;
}): Promise<bigint> {
  const { CodeRegistry, LeaseholdGovernor, LeaseholdVotes, DevStakeToken } = deployment.contracts;
  const publisher = localClients(rpcUrl, publisherIndex);
  const publisherAddress = publisher.walletClient.account.address;
  const voter = localClients(rpcUrl, voterIndex);
  const { publicClient } = voter;
  const send = async (clients: typeof voter, request: Parameters<typeof voter.walletClient.writeContract>[0]) => {
    const hash = await clients.walletClient.writeContract(request);
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`governance transaction ${hash} reverted`);
  };

  const bond = await publicClient.readContract({
    address: CodeRegistry.address,
    abi: codeRegistryAbi,
    functionName: "publicationBond",
  });
  if (bond > 0n) {
    if (!DevStakeToken) throw new Error("Publishing on a local chain needs the development token for the bond");
    const token = { address: DevStakeToken.address, abi: devStakeTokenAbi } as const;
    const needed = bond * BigInt(releases.length);
    if ((await publicClient.readContract({ ...token, functionName: "balanceOf", args: [publisherAddress] })) < needed) {
      await send(publisher, { ...token, functionName: "faucet" });
    }
    await send(publisher, {
      address: DevStakeToken.address,
      abi: devStakeTokenAbi,
      functionName: "approve",
      args: [CodeRegistry.address, bond * BigInt(releases.length)],
    });
  }
  let approvableAt = 0n;
  for (const release of releases) {
    await send(publisher, {
      address: CodeRegistry.address,
      abi: codeRegistryAbi,
      functionName: "publish",
      args: [release.codeHash, release.contentId, BigInt(release.size), ROUTINE, release.descriptionUri],
    });
    const published = await publicClient.readContract({
      address: CodeRegistry.address,
      abi: codeRegistryAbi,
      functionName: "releaseOf",
      args: [publisherAddress, release.codeHash],
    });
    if (published.approvableAt > approvableAt) approvableAt = published.approvableAt;
  }

  // Votes count from delegation: the holder delegates to itself once.
  const self = voter.walletClient.account.address;
  const delegate = await publicClient.readContract({
    address: LeaseholdVotes.address,
    abi: leaseholdVotesAbi,
    functionName: "delegates",
    args: [self],
  });
  if (delegate.toLowerCase() !== self.toLowerCase()) {
    await send(voter, {
      address: LeaseholdVotes.address,
      abi: leaseholdVotesAbi,
      functionName: "delegate",
      args: [self],
    });
    await increaseTime(rpcUrl, 1n);
  }

  const targets = releases.map(() => CodeRegistry.address);
  const values = releases.map(() => 0n);
  const calldatas = releases.map((release) =>
    encodeFunctionData({ abi: codeRegistryAbi, functionName: "approve", args: [publisherAddress, release.codeHash] }),
  );
  const description = `Approve agent releases ${releases.map((release) => release.codeHash).join(", ")} by ${publisherAddress}`;
  const descriptionHash = keccak256(stringToHex(description));
  const governor = { address: LeaseholdGovernor.address, abi: leaseholdGovernorAbi } as const;
  const proposalId = await publicClient.readContract({
    ...governor,
    functionName: "hashProposal",
    args: [targets, values, calldatas, descriptionHash],
  });
  await send(voter, { ...governor, functionName: "propose", args: [targets, values, calldatas, description] });
  const votingDelay = await publicClient.readContract({ ...governor, functionName: "votingDelay" });
  await increaseTime(rpcUrl, votingDelay + 1n);
  await send(voter, {
    ...governor,
    functionName: "castVoteWithReason",
    args: [proposalId, FOR, "Demo agents, reviewed"],
  });
  const votingPeriod = await publicClient.readContract({ ...governor, functionName: "votingPeriod" });
  await increaseTime(rpcUrl, votingPeriod + 1n);
  await send(voter, { ...governor, functionName: "queue", args: [targets, values, calldatas, descriptionHash] });
  const eta = await publicClient.readContract({ ...governor, functionName: "proposalEta", args: [proposalId] });
  const now = (await publicClient.getBlock()).timestamp;
  const readyAt = eta > approvableAt ? eta : approvableAt;
  if (readyAt >= now) await increaseTime(rpcUrl, readyAt - now + 1n);
  await send(voter, { ...governor, functionName: "execute", args: [targets, values, calldatas, descriptionHash] });
  for (const release of releases) {
    const approved = await publicClient.readContract({
      address: CodeRegistry.address,
      abi: codeRegistryAbi,
      functionName: "isApproved",
      args: [release.codeHash],
    });
    if (!approved) throw new Error(`Release ${release.codeHash} is not approved after the proposal executed`);
  }
  return proposalId;
}

/** The parameters of a release of a worker/agents bundle, from the manifest. */
export function bundleRelease(entry: { name: string; codeHash: Hex; size: number }): Release {
  return {
    codeHash: entry.codeHash,
    contentId: entry.codeHash,
    size: entry.size,
    descriptionUri: `data:text/plain,${encodeURIComponent(`Leasehold example agent ${entry.name}`)}`,
  };
}
