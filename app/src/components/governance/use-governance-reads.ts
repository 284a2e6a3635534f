"use client";
import { codeRegistryAbi, leaseholdGovernorAbi, leaseholdVotesAbi } from "@leasehold/sdk/abis";
import { useCallback } from "react";
import type { Address, Hex } from "viem";
import { useReadContract, useReadContracts } from "wagmi";
import { formatAmount } from "@/lib/format";
import { ReleaseStatus, type ApprovalProposal } from "@/lib/governance";
import { describeError } from "@/lib/revert-messages";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useTransactionFlow } from "@/lib/use-transaction-flow";

/** How many releases of each status a page lists (newest pages first are not needed on a devnet). */
const PAGE = 100n;

export interface ReleaseView {
  codeHash: Hex;
  publisher: Address;
  status: number;
  urgency: number;
  publishedAt: bigint;
  approvableAt: bigint;
  decidedAt: bigint;
  size: bigint;
  bond: bigint;
  contentId: Hex;
  descriptionURI: string;
  /** The code across all its releases: `isApproved`, and when the guardian revoked it (0 if never). */
  code: { approved: boolean; revokedAt: bigint };
  /** Publishers of the other releases of the same code hash (a squatter's copy, perhaps). */
  otherPublishers: Address[];
}

/**
 * Every release by status, from CodeRegistry.releases and releaseOf, with its code's standing
 * from codeOf and isApproved (read once per code hash).
 */
export function useReleases() {
  const { deployment, chainId } = useRuntimeConfig();
  const registry = { address: deployment!.contracts.CodeRegistry.address, abi: codeRegistryAbi, chainId } as const;
  const lists = useReadContracts({
    contracts: [ReleaseStatus.Pending, ReleaseStatus.Approved, ReleaseStatus.Revoked].map(
      (status) => ({ ...registry, functionName: "releases", args: [status, 0n, PAGE] }) as const,
    ),
    query: { refetchInterval: 4_000 },
  });
  const keys = (lists.data ?? []).flatMap((entry) => (entry.status === "success" ? entry.result : []));
  const details = useReadContracts({
    contracts: keys.map(
      ({ publisher, codeHash }) => ({ ...registry, functionName: "releaseOf", args: [publisher, codeHash] }) as const,
    ),
    query: { enabled: keys.length > 0, refetchInterval: 4_000 },
  });
  const codeHashes = [...new Set(keys.map((key) => key.codeHash))];
  const codes = useReadContracts({
    contracts: codeHashes.flatMap(
      (codeHash) =>
        [
          { ...registry, functionName: "codeOf", args: [codeHash] },
          { ...registry, functionName: "isApproved", args: [codeHash] },
        ] as const,
    ),
    query: { enabled: codeHashes.length > 0, refetchInterval: 4_000 },
  });
  const releases: ReleaseView[] = [];
  for (const [i, key] of keys.entries()) {
    const entry = details.data?.[i];
    const at = codeHashes.indexOf(key.codeHash);
    const codeOf = codes.data?.[2 * at];
    const approved = codes.data?.[2 * at + 1];
    if (entry?.status !== "success" || codeOf?.status !== "success" || approved?.status !== "success") continue;
    releases.push({
      ...entry.result,
      code: { approved: approved.result as boolean, revokedAt: (codeOf.result as { revokedAt: bigint }).revokedAt },
      otherPublishers: keys
        .filter((other) => other.codeHash === key.codeHash && other.publisher !== key.publisher)
        .map((other) => other.publisher),
    });
  }
  return {
    releases,
    loading: lists.isPending || (keys.length > 0 && (details.isPending || codes.isPending)),
    error: lists.error ?? details.error ?? codes.error,
  };
}

/** The governor's timing and threshold, and the connected account's votes and delegate. */
export function useVotingReads(account: Address | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const votes = { address: deployment!.contracts.LeaseholdVotes.address, abi: leaseholdVotesAbi, chainId } as const;
  const governor = {
    address: deployment!.contracts.LeaseholdGovernor.address,
    abi: leaseholdGovernorAbi,
    chainId,
  } as const;
  const registry = { address: deployment!.contracts.CodeRegistry.address, abi: codeRegistryAbi, chainId } as const;
  const settings = useReadContracts({
    contracts: [
      { ...governor, functionName: "votingDelay" },
      { ...governor, functionName: "votingPeriod" },
      { ...governor, functionName: "proposalThreshold" },
      { ...votes, functionName: "symbol" },
      { ...votes, functionName: "decimals" },
      { ...registry, functionName: "GUARDIAN_ROLE" },
    ],
    query: { staleTime: 60_000 },
  });
  const timelockDelay = useReadContract({
    address: deployment!.contracts.TimelockController.address,
    abi: [
      {
        type: "function",
        name: "getMinDelay",
        stateMutability: "view",
        inputs: [],
        outputs: [{ name: "", type: "uint256" }],
      },
    ] as const,
    functionName: "getMinDelay",
    chainId,
  });
  const guardianRole = settings.data?.[5]?.result as Hex | undefined;
  const own = useReadContracts({
    contracts: [
      { ...votes, functionName: "getVotes", args: [account!] },
      { ...votes, functionName: "balanceOf", args: [account!] },
      { ...votes, functionName: "delegates", args: [account!] },
      { ...registry, functionName: "hasRole", args: [guardianRole!, account!] },
    ],
    query: { enabled: Boolean(account && guardianRole) },
  });
  const at = <T>(data: { result?: unknown }[] | undefined, i: number) => data?.[i]?.result as T | undefined;
  const decimals = at<number>(settings.data, 4) ?? 18;
  const symbol = at<string>(settings.data, 3) ?? "";
  const formatVotes = useCallback(
    (value: bigint) => `${formatAmount(value, decimals)}${symbol ? ` ${symbol}` : ""}`,
    [decimals, symbol],
  );
  return {
    votingDelay: at<bigint>(settings.data, 0),
    votingPeriod: at<bigint>(settings.data, 1),
    proposalThreshold: at<bigint>(settings.data, 2),
    timelockDelay: timelockDelay.data,
    votes: at<bigint>(own.data, 0),
    balance: at<bigint>(own.data, 1),
    delegate: at<Address>(own.data, 2),
    isGuardian: at<boolean>(own.data, 3) ?? false,
    symbol,
    formatVotes,
  };
}

export type VotingReads = ReturnType<typeof useVotingReads>;

export interface ProposalView {
  id: bigint;
  exists: boolean;
  state?: number;
  snapshot: bigint;
  deadline: bigint;
  eta: bigint;
  against: bigint;
  for: bigint;
  abstain: bigint;
  quorum?: bigint;
  hasVoted: boolean;
}

/** A proposal's live state from the governor, by the calls and description that define its id. */
export function useProposalState(proposal: ApprovalProposal, account: Address | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const governor = {
    address: deployment!.contracts.LeaseholdGovernor.address,
    abi: leaseholdGovernorAbi,
    chainId,
  } as const;
  const id = useReadContract({
    ...governor,
    functionName: "hashProposal",
    args: [proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash],
    query: { staleTime: Infinity },
  }).data;
  const reads = useReadContracts({
    contracts: [
      { ...governor, functionName: "proposalSnapshot", args: [id!] },
      { ...governor, functionName: "proposalDeadline", args: [id!] },
      { ...governor, functionName: "proposalEta", args: [id!] },
      { ...governor, functionName: "proposalVotes", args: [id!] },
      { ...governor, functionName: "state", args: [id!] },
      { ...governor, functionName: "hasVoted", args: [id!, account ?? "0x0000000000000000000000000000000000000000"] },
    ],
    query: { enabled: id !== undefined, refetchInterval: 2_000 },
  });
  const snapshot = reads.data?.[0]?.result as bigint | undefined;
  const quorum = useReadContract({
    ...governor,
    functionName: "quorum",
    args: [snapshot ?? 0n],
    // Refused until the snapshot is past (a future lookup): read once voting has opened.
    query: {
      enabled: Boolean(snapshot) && reads.data?.[4]?.result !== undefined && Number(reads.data[4].result) !== 0,
    },
  });
  let view: ProposalView | undefined;
  if (id !== undefined && snapshot !== undefined) {
    const votes = reads.data?.[3]?.result as readonly [bigint, bigint, bigint] | undefined;
    const state = reads.data?.[4];
    view = {
      id,
      exists: snapshot > 0n,
      // quorum() looks the supply up at the snapshot, which is only known once it is past.
      state: state?.status === "success" ? Number(state.result) : undefined,
      snapshot,
      deadline: (reads.data?.[1]?.result as bigint | undefined) ?? 0n,
      eta: (reads.data?.[2]?.result as bigint | undefined) ?? 0n,
      against: votes?.[0] ?? 0n,
      for: votes?.[1] ?? 0n,
      abstain: votes?.[2] ?? 0n,
      quorum: quorum.data,
      hasVoted: Boolean(reads.data?.[5]?.result),
    };
  }
  return view;
}

/** A transaction flow whose failures are explained with voting-token amounts. */
export function useGovernanceFlow(formatVotes: (value: bigint) => string) {
  const describe = useCallback((error: unknown) => describeError(error, { amount: formatVotes }), [formatVotes]);
  return useTransactionFlow(describe);
}
