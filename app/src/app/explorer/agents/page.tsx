import type { Metadata } from "next";
import { AgentsList } from "@/components/explorer/lists";
import { filtersFrom, type SearchParams } from "@/components/explorer/search-params";

export const metadata: Metadata = { title: "Agents · Explorer" };

export default async function ExplorerAgentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <AgentsList syncUrl initialFilters={filtersFrom(await searchParams)} />;
}
