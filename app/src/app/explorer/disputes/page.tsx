import type { Metadata } from "next";
import { DisputesList } from "@/components/explorer/lists";
import { filtersFrom, type SearchParams } from "@/components/explorer/search-params";

export const metadata: Metadata = { title: "Disputes · Explorer" };

export default async function ExplorerDisputesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <DisputesList syncUrl initialFilters={filtersFrom(await searchParams)} />;
}
