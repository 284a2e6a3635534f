"use client";
import { fetchPoolSeries } from "@/lib/insurance-data";
import { useIndexed } from "@/lib/use-indexed";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** The pool's indexed history (the solvency chart and the premium yield), fetched again as the indexer moves on. */
export function usePoolSeries() {
  const { deployment } = useRuntimeConfig();
  const pool = deployment?.contracts.InsurancePool.address;
  return useIndexed(["pool-series", pool], () => fetchPoolSeries(pool!), Boolean(pool));
}

export type PoolSeriesState = ReturnType<typeof usePoolSeries>;
