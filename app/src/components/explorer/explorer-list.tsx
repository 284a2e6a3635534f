"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import {
  EXPLORER_PAGE_SIZE,
  fetchExplorerList,
  type ExplorerFilters,
  type ExplorerListName,
  type GetExplorerListReturnType,
} from "@/lib/indexer-explorer";
import { useIndexing } from "@/lib/indexing";

export interface FilterSpec {
  name: string;
  label: string;
  /** A choice; without options the filter is typed (an id or an address) and applied on submit. */
  options?: readonly { value: string; label: string }[];
  placeholder?: string;
}

export interface Column<Item> {
  header: string;
  numeric?: boolean;
  cell: (item: Item) => ReactNode;
}

type Item<List extends ExplorerListName> = GetExplorerListReturnType<List>["items"][number];

export interface ExplorerListProps<List extends ExplorerListName> {
  list: List;
  title: string;
  columns: Column<Item<List>>[];
  rowKey: (item: Item<List>) => string;
  /** What to say, and what to do, when nothing matches and no filter is set. */
  empty: ReactNode;
  filters?: readonly FilterSpec[];
  /** Filters from the page's URL, applied at first. */
  initialFilters?: ExplorerFilters;
  /** Filters the reader cannot change (an address page's own address). */
  fixedFilters?: ExplorerFilters;
  /** Show only the newest rows, with a link to the whole list. */
  preview?: { size: number; href: string };
  /** Keep the applied filters in the page's URL, so a filtered list can be linked to. */
  syncUrl?: boolean;
  testId: string;
}

/** One of the explorer's lists: newest first, filtered and paged by the indexer, refreshed as it indexes. */
export function ExplorerList<List extends ExplorerListName>({
  list,
  title,
  columns,
  rowKey,
  empty,
  filters = [],
  initialFilters = {},
  fixedFilters = {},
  preview,
  syncUrl = false,
  testId,
}: ExplorerListProps<List>) {
  const known = (values: ExplorerFilters) =>
    Object.fromEntries(filters.map((filter) => [filter.name, values[filter.name] ?? ""]));
  const [applied, setApplied] = useState<ExplorerFilters>(() => known(initialFilters));
  const [draft, setDraft] = useState<ExplorerFilters>(() => known(initialFilters));
  const [page, setPage] = useState(0);
  const router = useRouter();
  const pathname = usePathname();
  const { indexedBlock } = useIndexing();
  const pageSize = preview?.size ?? EXPLORER_PAGE_SIZE;
  const query = useQuery({
    queryKey: ["indexer", "explorer", list, applied, fixedFilters, page, pageSize, indexedBlock?.toString() ?? null],
    queryFn: () => fetchExplorerList(list, { ...applied, ...fixedFilters }, page, pageSize),
    placeholderData: keepPreviousData,
    retry: false,
  });

  const apply = (next: ExplorerFilters) => {
    setApplied(next);
    setDraft(next);
    setPage(0);
    if (syncUrl) {
      const search = new URLSearchParams(Object.entries(next).filter(([, value]) => value.trim() !== ""));
      router.replace(search.size > 0 ? `${pathname}?${search}` : pathname, { scroll: false });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const filtered = Object.values(applied).some((value) => value.trim() !== "");
  const total = query.data?.total ?? 0;
  const items = (query.data?.items ?? []) as Item<List>[];
  const headingId = `${testId}-heading`;

  return (
    <section className="card card--wide" aria-labelledby={headingId} data-testid={testId}>
      <div className="card__head">
        <h2 id={headingId}>{title}</h2>
        {query.data ? (
          <span className="muted small" data-testid={`${testId}-total`}>
            {total} in all{filtered ? " matching" : ""}
          </span>
        ) : null}
      </div>
      {filters.length > 0 ? (
        <form className="form explorer-filters" onSubmit={submit} aria-label={`Filter ${title.toLowerCase()}`}>
          {filters.map((filter) => (
            <div className="field" key={filter.name}>
              <label className="field__label" htmlFor={`${testId}-${filter.name}`}>
                {filter.label}
              </label>
              {filter.options ? (
                <select
                  id={`${testId}-${filter.name}`}
                  value={draft[filter.name] ?? ""}
                  onChange={(event) => apply({ ...draft, [filter.name]: event.target.value })}
                  data-testid={`${testId}-filter-${filter.name}`}
                >
                  <option value="">Any</option>
                  {filter.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`${testId}-${filter.name}`}
                  value={draft[filter.name] ?? ""}
                  placeholder={filter.placeholder}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(event) => setDraft({ ...draft, [filter.name]: event.target.value })}
                  data-testid={`${testId}-filter-${filter.name}`}
                />
              )}
            </div>
          ))}
          <div className="button-row">
            <button type="submit" className="button button--small">
              Apply
            </button>
            {filtered ? (
              <button type="button" className="button button--small button--ghost" onClick={() => apply(known({}))}>
                Clear filters
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {query.error && !query.data ? (
        <p className="notice notice--warning" role="alert" data-testid={`${testId}-error`}>
          {query.error.message} {filtered ? "Check the filters." : "The list will appear when the indexer answers."}
        </p>
      ) : query.error ? (
        <p className="notice notice--warning" role="alert" data-testid={`${testId}-error`}>
          {query.error.message}
        </p>
      ) : null}
      {query.isPending ? (
        <p className="muted">Loading…</p>
      ) : query.data && items.length === 0 ? (
        <div className="muted" data-testid={`${testId}-empty`}>
          {filtered ? (
            <p>
              Nothing matches these filters.{" "}
              <button type="button" className="link-button" onClick={() => apply(known({}))}>
                Clear them
              </button>{" "}
              to see every one.
            </p>
          ) : (
            empty
          )}
        </div>
      ) : items.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid={`${testId}-table`}>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col" className={column.numeric ? "num" : undefined}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={rowKey(item)} data-testid={`${testId}-row-${rowKey(item)}`}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.numeric ? "num" : undefined}>
                      {column.cell(item)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview ? (
        total > 0 ? (
          <p>
            <Link href={preview.href} data-testid={`${testId}-all`}>
              See all {total} →
            </Link>
          </p>
        ) : null
      ) : total > pageSize ? (
        <div className="button-row">
          <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span className="muted">
            {page * pageSize + 1}–{Math.min(total, (page + 1) * pageSize)} of {total}
          </span>
          <button
            type="button"
            className="button"
            disabled={(page + 1) * pageSize >= total}
            onClick={() => setPage(page + 1)}
          >
            Older
          </button>
        </div>
      ) : null}
    </section>
  );
}
