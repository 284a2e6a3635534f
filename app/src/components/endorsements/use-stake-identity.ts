"use client";
import { createStakeIdentity, exportStakeIdentity, importStakeIdentity, type StakeIdentity } from "@leasehold/sdk/zk";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { Address } from "viem";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import {
  forgetStakeIdentity,
  loadStakeIdentity,
  saveStakeIdentity,
  type StoredStakeIdentity,
} from "@/lib/stake-identity-store";

export interface LoadedStakeIdentity {
  identity: StakeIdentity;
  record: StoredStakeIdentity;
}

/**
 * This browser's identity for the configured chain and stake group, from IndexedDB. Everything
 * here runs in the page: creating, importing and exporting never touch the network.
 */
export function useStakeIdentity() {
  const { chainId, deployment } = useRuntimeConfig();
  const group = deployment?.contracts.AnonymousStakeGroup?.address as Address | undefined;
  const queryClient = useQueryClient();
  // The key holds no secret: react-query keys can end up in devtools, never in requests.
  const key = useMemo(() => ["stake-identity", chainId, group ?? null] as const, [chainId, group]);
  const query = useQuery({
    queryKey: key,
    queryFn: async (): Promise<LoadedStakeIdentity | null> => {
      const record = await loadStakeIdentity(chainId, group!);
      if (!record) return null;
      return { record, identity: importStakeIdentity(record.backup, { chainId, group: group! }) };
    },
    enabled: Boolean(group),
    staleTime: Infinity,
    retry: false,
  });

  const store = useCallback(
    async (identity: StakeIdentity, exported: boolean) => {
      const backup = exportStakeIdentity(identity, { chainId, group: group! });
      await saveStakeIdentity({
        chainId,
        group: group!,
        commitment: identity.commitment.toString(),
        backup,
        createdAt: Date.now(),
        exportedAt: exported ? Date.now() : null,
      });
      await queryClient.invalidateQueries({ queryKey: key });
    },
    [chainId, group, key, queryClient],
  );

  const create = useCallback(() => store(createStakeIdentity(), false), [store]);

  /** Restores a backup file's identity (refused for another chain or group). */
  const restore = useCallback(
    (text: string) => store(importStakeIdentity(text, { chainId, group: group! }), true),
    [store, chainId, group],
  );

  const markExported = useCallback(async () => {
    const current = query.data?.record;
    if (!current) return;
    await saveStakeIdentity({ ...current, exportedAt: Date.now() });
    await queryClient.invalidateQueries({ queryKey: key });
  }, [query.data, key, queryClient]);

  const forget = useCallback(async () => {
    await forgetStakeIdentity(chainId, group!);
    await queryClient.invalidateQueries({ queryKey: key });
  }, [chainId, group, key, queryClient]);

  return {
    group,
    loaded: query.data ?? null,
    loading: query.isPending && Boolean(group),
    error: query.error,
    create,
    restore,
    markExported,
    forget,
  };
}

export type StakeIdentityState = ReturnType<typeof useStakeIdentity>;
