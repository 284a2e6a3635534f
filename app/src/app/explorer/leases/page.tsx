import type { Metadata } from "next";
import { LeasesList } from "@/components/explorer/lists";
import { filtersFrom, type SearchParams } from "@/components/explorer/search-params";

export const metadata: Metadata = { title: "Leases · Explorer" };

export default async function ExplorerLeasesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <LeasesList syncUrl initialFilters={filtersFrom(await searchParams)} />;
}
