"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useBlockNumber } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/**
 * Court state moves with other people's transactions (another arbitrator's commit, a draw, a
 * ruling): refetch the chain reads already on screen at every new block.
 */
export function useRefreshOnBlock(enabled: boolean) {
  const { chainId } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const { data: blockNumber } = useBlockNumber({ chainId, watch: true, query: { enabled } });
  useEffect(() => {
    if (blockNumber === undefined) return;
    void queryClient.invalidateQueries({
      predicate: (query) =>
        ["readContract", "readContracts", "balance"].includes(String(query.queryKey[0])) &&
        query.state.data !== undefined,
    });
  }, [blockNumber, queryClient]);
  return blockNumber;
}
