import type { Metadata } from "next";
import { JobsList } from "@/components/explorer/lists";
import { filtersFrom, type SearchParams } from "@/components/explorer/search-params";

export const metadata: Metadata = { title: "Jobs · Explorer" };

export default async function ExplorerJobsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <JobsList syncUrl initialFilters={filtersFrom(await searchParams)} />;
}
