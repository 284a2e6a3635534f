"use client";
import { agentRegistryAbi, jobEscrowAbi, leaseRegistryAbi } from "@leasehold/sdk/abis";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { zeroHash } from "viem";
import { useBlockNumber, useReadContract } from "wagmi";
import type { JobStatusName } from "@/lib/indexer-jobs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** IJobEscrow.JobStatus by its uint8 value (None is 0: no such job). */
const statusByValue: (JobStatusName | null)[] = [
  null,
  "open",
  "accepted",
  "submitted",
  "frozen",
  "paid",
  "cancelled",
  "expired",
  "refused",
  "voided",
  "rejected",
];

/** The job, its lease and its agent as the chain has them now, refreshed block by block. */
export function useJobChain(jobId: bigint) {
  const { deployment, chainId } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const contracts = deployment?.contracts;
  const job = useReadContract({
    address: contracts?.JobEscrow.address,
    abi: jobEscrowAbi,
    functionName: "getJob",
    args: [jobId],
    chainId,
    query: { enabled: Boolean(contracts), retry: false },
  });
  const leaseId = job.data?.leaseId;
  const agentId = job.data?.agentId;
  const lease = useReadContract({
    address: contracts?.LeaseRegistry.address,
    abi: leaseRegistryAbi,
    functionName: "getLease",
    args: leaseId === undefined ? undefined : [leaseId],
    chainId,
    query: { enabled: leaseId !== undefined },
  });
  const agent = useReadContract({
    address: contracts?.AgentRegistry.address,
    abi: agentRegistryAbi,
    functionName: "getAgent",
    args: agentId === undefined ? undefined : [agentId],
    chainId,
    query: { enabled: agentId !== undefined },
  });

  const { data: blockNumber } = useBlockNumber({ chainId, watch: true, query: { enabled: Boolean(contracts) } });
  useEffect(() => {
    if (blockNumber === undefined) return;
    void queryClient.invalidateQueries({
      predicate: (query) =>
        (query.queryKey[0] === "readContract" || query.queryKey[0] === "readContracts") &&
        query.state.data !== undefined,
    });
  }, [blockNumber, queryClient]);

  const data = job.data;
  return {
    loading: job.isPending,
    /** The read reverted: most likely there is no such job. */
    error: job.error,
    job: data
      ? {
          ...data,
          jobId,
          statusName: statusByValue[data.status] ?? null,
          hasReceipt: data.receiptDigest !== zeroHash,
        }
      : undefined,
    lease: lease.data,
    agent: agent.data,
  };
}

export type JobChain = ReturnType<typeof useJobChain>;
export type ChainJob = NonNullable<JobChain["job"]>;
export type ChainLease = NonNullable<JobChain["lease"]>;
