/**
 * The insurance pool as the indexer has it (indexer/ponder.schema.ts: insurance_pool,
 * pool_snapshot, claim_share, dispute): the solvency series, the claims an account held shares
 * in when they were filed, and the disputes behind claims. The app's only
 * door to indexed pool data, so moving to the indexer's REST endpoint (GET /pool/solvency, which
 * returns the same rows) is a change to this file alone. Bigints arrive as decimal strings, hex
 * in lower case.
 */
import type { Address, Hex } from "viem";
import { queryIndexer, type IndexerStatus } from "./indexer";

/** The newest indexed block's timestamp on `chainId`: "now" for the indexed series. */
export function indexedBlockTime(status: IndexerStatus | null | undefined, chainId: number): bigint | null {
  const entry = status ? Object.values(status).find((chain) => chain?.id === chainId) : undefined;
  return entry ? BigInt(entry.block.timestamp) : null;
}

/** The indexer's `sharePrice` is per this many base units of shares (indexer/src/lib/pool-ledger.ts). */
export const SHARE_PRICE_SCALE = 10n ** 18n;

/** One block in which the pool changed, with its totals after the block. */
export interface PoolSnapshot {
  blockNumber: string;
  timestamp: string;
  totalAssets: string;
  totalReserved: string;
  /** Released by settled claims to their holders at filing, not collected yet. */
  totalReleasable: string;
  totalUnowned: string;
  totalSupply: string;
  /**
   * The stake token's base units per 10^18 base units of pool shares (`totalAssets × 10^18 /
   * totalSupply`, rounded down); null while no shares exist. Shares carry more decimals than the
   * token (6 more here), so tokens per whole share are `sharePrice × 10^shareDecimals / 10^18`
   * base units of the token.
   */
  sharePrice: string | null;
  premiumsToDate: string;
  claimsPaidToDate: string;
}

/** The pool's replayed totals after the latest indexed change. */
export interface IndexedPool {
  totalAssets: string;
  totalReserved: string;
  totalReleasable: string;
  totalUnowned: string;
  totalSupply: string;
  premiumsToDate: string;
  claimsPaidToDate: string;
  courtTransfersToDate: string;
  updatedAt: string;
}

export interface PoolSeries {
  _meta: { status: IndexerStatus } | null;
  insurancePool: IndexedPool | null;
  /** Oldest first. */
  snapshots: PoolSnapshot[];
  /** Whether older snapshots exist than the ones fetched. */
  truncated: boolean;
}

/** How many snapshots the chart and the yield look at (the newest ones). */
export const POOL_SERIES_LIMIT = 1000;

const POOL_SERIES_QUERY = /* GraphQL */ `
  query PoolSeries($pool: String!, $limit: Int!) {
    _meta {
      status
    }
    insurancePool(address: $pool) {
      totalAssets
      totalReserved
      totalReleasable
      totalUnowned
      totalSupply
      premiumsToDate
      claimsPaidToDate
      courtTransfersToDate
      updatedAt
    }
    poolSnapshots(orderBy: "blockNumber", orderDirection: "desc", limit: $limit) {
      items {
        blockNumber
        timestamp
        totalAssets
        totalReserved
        totalReleasable
        totalUnowned
        totalSupply
        sharePrice
        premiumsToDate
        claimsPaidToDate
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;

export async function fetchPoolSeries(pool: Address): Promise<PoolSeries> {
  const data = await queryIndexer<{
    _meta: { status: IndexerStatus } | null;
    insurancePool: IndexedPool | null;
    poolSnapshots: { items: PoolSnapshot[]; pageInfo: { hasNextPage: boolean } };
  }>(POOL_SERIES_QUERY, { pool: pool.toLowerCase(), limit: POOL_SERIES_LIMIT });
  return {
    _meta: data._meta,
    insurancePool: data.insurancePool,
    snapshots: [...data.poolSnapshots.items].reverse(),
    truncated: data.poolSnapshots.pageInfo.hasNextPage,
  };
}

export interface ClaimDisputes {
  _meta: { status: IndexerStatus } | null;
  disputes: { items: ClaimDispute[] };
}

/** A dispute behind a claim, with what its execution moved (null until executed). */
export interface ClaimDispute {
  id: string;
  ref: Hex;
  claimId: string | null;
  phase: "drawing" | "voting" | "ruled" | "executed";
  ruling: "client" | "agent" | null;
  compensation: string;
  slashed: string | null;
  insured: string | null;
}

const CLAIM_DISPUTES_QUERY = /* GraphQL */ `
  query ClaimDisputes($refs: [String!]!) {
    _meta {
      status
    }
    disputes(where: { ref_in: $refs }, limit: 1000) {
      items {
        id
        ref
        claimId
        phase
        ruling
        compensation
        slashed
        insured
      }
    }
  }
`;

/** The disputes filed under any of `refs` (a claim's reference is its dispute's `disputeRef`). */
export function fetchClaimDisputes(refs: readonly Hex[]): Promise<ClaimDisputes> {
  return queryIndexer<ClaimDisputes>(CLAIM_DISPUTES_QUERY, { refs: refs.map((ref) => ref.toLowerCase()) });
}

/** An account's side pocket in a claim: its shares when the claim was filed, and its part once settled. */
export interface IndexedClaimShare {
  claimId: string;
  sharesAtFiling: string;
  /** Null while the claim is pending. */
  part: string | null;
  collectedAt: string | null;
}

export interface ClaimShares {
  _meta: { status: IndexerStatus } | null;
  claimShares: { items: IndexedClaimShare[] };
}

const CLAIM_SHARES_QUERY = /* GraphQL */ `
  query ClaimShares($holder: String!) {
    _meta {
      status
    }
    claimShares(where: { holder: $holder }, orderBy: "claimId", orderDirection: "desc", limit: 1000) {
      items {
        claimId
        sharesAtFiling
        part
        collectedAt
      }
    }
  }
`;

/** Every claim filed while `holder` held shares: where its part of a reservation may come back from. */
export function fetchClaimShares(holder: Address): Promise<ClaimShares> {
  return queryIndexer<ClaimShares>(CLAIM_SHARES_QUERY, { holder: holder.toLowerCase() });
}
