"use client";
import { endorsementsAbi } from "@leasehold/sdk";
import { useReadContract, useReadContracts } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/**
 * The endorsement rules as the contract states them: the current epoch (chain time divided by the
 * epoch length), the stake an endorser must prove, and how long an epoch lasts. Read from the
 * chain, never assumed, since the prover must use exactly what `endorse` will check.
 */
export function useEndorsementRules() {
  const { deployment, chainId } = useRuntimeConfig();
  const address = deployment?.contracts.Endorsements?.address;
  const read = { address, abi: endorsementsAbi, chainId } as const;
  const enabled = Boolean(address);
  const epoch = useReadContract({ ...read, functionName: "currentEpoch", query: { enabled } });
  const threshold = useReadContract({ ...read, functionName: "threshold", query: { enabled, staleTime: Infinity } });
  const epochLength = useReadContract({
    ...read,
    functionName: "epochLength",
    query: { enabled, staleTime: Infinity },
  });
  return {
    address,
    epoch: epoch.data,
    threshold: threshold.data,
    epochLength: epochLength.data === undefined ? undefined : BigInt(epochLength.data),
    error: epoch.error ?? threshold.error ?? null,
  };
}

/** This epoch's endorsement count of each agent, from `endorsementCount(agentId, currentEpoch)`. */
export function useEndorsementCounts(agentIds: readonly bigint[]) {
  const { deployment, chainId } = useRuntimeConfig();
  const rules = useEndorsementRules();
  const address = rules.address;
  const epoch = rules.epoch;
  const counts = useReadContracts({
    contracts:
      address && epoch !== undefined
        ? agentIds.map((agentId) => ({
            address,
            abi: endorsementsAbi,
            functionName: "endorsementCount" as const,
            args: [agentId, epoch] as const,
            chainId,
          }))
        : [],
    query: { enabled: Boolean(deployment && address && epoch !== undefined && agentIds.length > 0) },
  });
  const byAgent = new Map<string, bigint>();
  counts.data?.forEach((entry, i) => {
    if (entry.status === "success") byAgent.set(agentIds[i]!.toString(), entry.result as bigint);
  });
  return { epoch, byAgent, loading: counts.isPending, error: counts.error };
}
