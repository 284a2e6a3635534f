"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Address } from "viem";
import { listContentKeys, type StoredContentKey } from "@/lib/content-keys";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** The content keys this browser holds for the account, by content id (lower case). */
export function useContentKeys(account: Address | undefined) {
  const { chainId } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ["content-keys", chainId, account],
    queryFn: () => listContentKeys(chainId, account!),
    enabled: Boolean(account),
    staleTime: Infinity,
  });
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: ["content-keys", chainId, account] }),
    [queryClient, chainId, account],
  );
  const byContentId = new Map<string, StoredContentKey>(
    (query.data ?? []).map((record) => [record.contentId.toLowerCase(), record]),
  );
  return { keys: query.data ?? [], byContentId, loading: query.isPending, error: query.error, refresh };
}

export type ContentKeysState = ReturnType<typeof useContentKeys>;
