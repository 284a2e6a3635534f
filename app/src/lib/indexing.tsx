"use client";
/**
 * Keeps indexed data honest after a write: a confirmed transaction raises the block the
 * indexer must reach; until it does, indexed sections say "indexing…" rather than show stale
 * rows as final, and the indexer's status is polled briskly.
 */
import { useQuery } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useRuntimeConfig } from "./runtime-config-context";
import { fetchIndexerStatus, indexedBlock } from "./indexer";

interface IndexingContextValue {
  /** Newest block the indexer has processed; null while unknown or unreachable. */
  indexedBlock: bigint | null;
  /** Highest block this session wrote to and wants to see indexed. */
  targetBlock: bigint;
  reachable: boolean;
  /** Resolves true once the indexer reaches `block`, false if it has not within `timeoutMs`. */
  waitForBlock(block: bigint, timeoutMs?: number): Promise<boolean>;
}

const IndexingContext = createContext<IndexingContextValue | null>(null);

export function IndexingProvider({ children }: { children: ReactNode }) {
  const { chainId } = useRuntimeConfig();
  const [targetBlock, setTargetBlock] = useState(0n);
  const waiters = useRef(new Set<{ block: bigint; resolve: (ok: boolean) => void }>());

  const status = useQuery({
    queryKey: ["indexer", "status"],
    queryFn: fetchIndexerStatus,
    refetchInterval: (query) => {
      if (query.state.status === "error") return 5_000;
      const block = indexedBlock(query.state.data, chainId);
      return block === null || block < targetBlock ? 400 : 4_000;
    },
    retry: false,
  });
  const block = indexedBlock(status.data, chainId);

  useEffect(() => {
    if (block === null) return;
    for (const waiter of waiters.current) {
      if (block >= waiter.block) {
        waiters.current.delete(waiter);
        waiter.resolve(true);
      }
    }
  }, [block]);

  const blockRef = useRef(block);
  useEffect(() => {
    blockRef.current = block;
  }, [block]);
  const waitForBlock = useCallback((target: bigint, timeoutMs = 30_000) => {
    setTargetBlock((current) => (target > current ? target : current));
    if (blockRef.current !== null && blockRef.current >= target) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter = { block: target, resolve };
      waiters.current.add(waiter);
      setTimeout(() => {
        if (waiters.current.delete(waiter)) resolve(false);
      }, timeoutMs);
    });
  }, []);

  const value = useMemo(
    () => ({ indexedBlock: block, targetBlock, reachable: !status.isError, waitForBlock }),
    [block, targetBlock, status.isError, waitForBlock],
  );
  return <IndexingContext.Provider value={value}>{children}</IndexingContext.Provider>;
}

export function useIndexing(): IndexingContextValue {
  const value = useContext(IndexingContext);
  if (!value) throw new Error("useIndexing must be used inside <IndexingProvider>");
  return value;
}
