"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { fetchStakerSnapshot, indexedBlock } from "@/lib/indexer";
import { useIndexing } from "@/lib/indexing";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/**
 * The operator's indexed picture (row, agents, history). Keyed by the indexer's block, so it is
 * fetched again whenever the indexer moves on; `stale` says it predates this session's last
 * confirmed write, so the UI shows "indexing…" instead of presenting it as final.
 */
export function useStakerSnapshot(account: Address | undefined) {
  const { chainId } = useRuntimeConfig();
  const indexing = useIndexing();
  const query = useQuery({
    queryKey: ["indexer", "staker", account, indexing.indexedBlock?.toString() ?? null],
    queryFn: () => fetchStakerSnapshot(account!),
    enabled: Boolean(account),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const block = indexedBlock(query.data?._meta?.status, chainId);
  const stale = block === null || block < indexing.targetBlock;
  return {
    data: query.data,
    block,
    stale,
    error: query.error,
    loading: query.isPending,
  };
}

export type StakerSnapshotState = ReturnType<typeof useStakerSnapshot>;
