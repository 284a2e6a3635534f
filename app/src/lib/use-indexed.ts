"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { indexedBlock, type IndexerStatus } from "./indexer";
import { useIndexing } from "./indexing";
import { useRuntimeConfig } from "./runtime-config-context";

/**
 * An indexed snapshot, fetched again whenever the indexer moves on (its block is part of the
 * key); `stale` says it predates this session's last confirmed write, so the UI says
 * "indexing…" instead of presenting it as final.
 */
export function useIndexed<T extends { _meta: { status: IndexerStatus } | null }>(
  key: readonly unknown[],
  fetch: () => Promise<T>,
  enabled: boolean,
) {
  const { chainId } = useRuntimeConfig();
  const indexing = useIndexing();
  const query = useQuery({
    queryKey: ["indexer", ...key, indexing.indexedBlock?.toString() ?? null],
    queryFn: fetch,
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const block = indexedBlock(query.data?._meta?.status, chainId);
  return {
    data: query.data,
    block,
    stale: block === null || block < indexing.targetBlock,
    error: query.error,
    loading: query.isPending,
  };
}

export type IndexedState<T> = {
  data: T | undefined;
  block: bigint | null;
  stale: boolean;
  error: Error | null;
  loading: boolean;
};
