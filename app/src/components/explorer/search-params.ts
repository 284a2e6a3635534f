import type { ExplorerFilters } from "@/lib/indexer-explorer";

export type SearchParams = Record<string, string | string[] | undefined>;

/** A list page's filters from its URL: the first value of each; the list keeps the names it knows. */
export function filtersFrom(params: SearchParams): ExplorerFilters {
  const filters: ExplorerFilters = {};
  for (const [name, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) filters[name] = first;
  }
  return filters;
}
