/**
 * The explorer's public lists, from the indexer's REST endpoints (GET /jobs, /leases, /agents,
 * /court/disputes) through this app's own origin (/api/indexer/explorer/[list]). Each answer is
 * one page, newest first, with the total that matches its filters; bigints arrive as decimal
 * strings, addresses in lower case.
 */
import type { Hex } from "viem";
import type { IndexedAgent } from "./indexer";
import type { IndexedJob, IndexedLease } from "./indexer-jobs";

export const EXPLORER_PAGE_SIZE = 25;

export type ExplorerListName = "jobs" | "leases" | "agents" | "disputes";

/** A filter value as it goes in the query string; empty values are left out. */
export type ExplorerFilters = Record<string, string>;

/** The indexer refused the query (400: it says why) or could not be reached. */
export class ExplorerListError extends Error {
  override name = "ExplorerListError";
  /** The HTTP status, 0 when nothing answered. */
  readonly status: number;
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

export type LeaseStanding = "live" | "expired" | "revoked";

export interface ExplorerLease extends IndexedLease {
  standing: LeaseStanding;
}

export interface ExplorerAgent extends IndexedAgent {
  operator: Hex;
  paidJobs: number;
  disputesLost: number;
  slashes: number;
}

export type DisputePhaseName = "drawing" | "voting" | "ruled" | "executed";

export interface ExplorerDispute {
  id: string;
  jobId: string;
  agentId: string;
  client: Hex;
  operator: Hex;
  payment: string;
  bond: string;
  compensation: string;
  phase: DisputePhaseName;
  round: number;
  ruling: "client" | "agent" | null;
  openedAt: string;
  executedAt: string | null;
}

interface ItemOf {
  jobs: IndexedJob;
  leases: ExplorerLease;
  agents: ExplorerAgent;
  disputes: ExplorerDispute;
}

export interface ExplorerPage<Item> {
  total: number;
  items: Item[];
  /** Leases only: the latest indexed block's time their standing was read at. */
  asOf?: string;
}

export type GetExplorerListReturnType<List extends ExplorerListName> = ExplorerPage<ItemOf[List]>;

export async function fetchExplorerList<List extends ExplorerListName>(
  list: List,
  filters: ExplorerFilters,
  page: number,
  pageSize = EXPLORER_PAGE_SIZE,
): Promise<GetExplorerListReturnType<List>> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value.trim() !== "") query.set(name, value.trim());
  query.set("limit", String(pageSize));
  query.set("offset", String(page * pageSize));
  let response: Response;
  try {
    response = await fetch(`/api/indexer/explorer/${list}?${query}`, { cache: "no-store" });
  } catch (cause) {
    throw new ExplorerListError("The app server did not answer.", 0, { cause });
  }
  const body = (await response.json().catch(() => null)) as
    (GetExplorerListReturnType<List> & { error?: string }) | null;
  if (!response.ok || !body) {
    throw new ExplorerListError(body?.error ?? `The indexer answered ${response.status}.`, response.status);
  }
  return body;
}
