/**
 * The indexer's public log of privileged actions (`adminActions`, see indexer/README.md): every
 * parameter change, role change and governance-only call of every Leasehold contract.
 */
import type { Hex } from "viem";
import { queryIndexer, type IndexerStatus } from "./indexer";

export interface IndexedAdminAction {
  id: string;
  contract: string;
  action: string;
  actor: Hex | null;
  details: Record<string, unknown>;
  blockNumber: string;
  timestamp: string;
  transactionHash: Hex;
}

export interface AdminLogSnapshot {
  _meta: { status: IndexerStatus } | null;
  adminActions: { items: IndexedAdminAction[]; totalCount: number };
}

export interface AdminLogFilter {
  contract: string | null;
  offset: number;
  limit: number;
}

const ADMIN_LOG_QUERY = /* GraphQL */ `
  query AdminLog($where: adminActionFilter, $limit: Int!, $offset: Int!) {
    _meta {
      status
    }
    adminActions(where: $where, orderBy: "id", orderDirection: "desc", limit: $limit, offset: $offset) {
      items {
        id
        contract
        action
        actor
        details
        blockNumber
        timestamp
        transactionHash
      }
      totalCount
    }
  }
`;

export function fetchAdminLog(filter: AdminLogFilter): Promise<AdminLogSnapshot> {
  return queryIndexer<AdminLogSnapshot>(ADMIN_LOG_QUERY, {
    where: filter.contract ? { contract: filter.contract } : {},
    limit: filter.limit,
    offset: filter.offset,
  });
}
