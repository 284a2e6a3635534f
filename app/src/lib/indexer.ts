/**
 * Reads from the Ponder indexer, always through this app's own origin (/api/indexer/graphql),
 * so the browser needs no route to the indexer. Ponder's GraphQL returns bigints as strings and
 * hex columns in lower case.
 */
import type { Address, Hex } from "viem";

export const INDEXER_GRAPHQL_PATH = "/api/indexer/graphql";

export class IndexerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IndexerError";
  }
}

export async function queryIndexer<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(INDEXER_GRAPHQL_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (cause) {
    throw new IndexerError("The app server did not answer.", { cause });
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (body?.errors?.length) throw new IndexerError(body.errors.map((e) => e.message).join("; "));
  if (!response.ok || !body?.data) throw new IndexerError(`The indexer answered ${response.status}.`);
  return body.data;
}

/** Ponder's `_meta.status`: per chain, the newest block indexed. */
export type IndexerStatus = Record<string, { id: number; block: { number: number; timestamp: number } } | undefined>;

export function indexedBlock(status: IndexerStatus | null | undefined, chainId: number): bigint | null {
  if (!status) return null;
  const entry = Object.values(status).find((chain) => chain?.id === chainId);
  return entry ? BigInt(entry.block.number) : null;
}

export type StakeEventKind =
  | "deposited"
  | "withdrawal_requested"
  | "withdrawal_cancelled"
  | "withdrawn"
  | "locked"
  | "locked_slashable"
  | "released"
  | "slashed";

export interface IndexedOperator {
  address: Hex;
  free: string;
  locked: string;
  unbonding: string;
  unlockAt: string;
  totalDeposited: string;
  totalWithdrawn: string;
  totalSlashed: string;
  agentCount: number;
}

export interface IndexedAgent {
  id: string;
  identity: Hex;
  codeHash: Hex;
  metadataUri: string;
  status: "registered" | "retired";
  registeredAt: string;
  retiredAt: string | null;
}

export interface IndexedStakeEvent {
  id: string;
  kind: StakeEventKind;
  amount: string;
  counterparty: Hex | null;
  freeAfter: string;
  lockedAfter: string;
  unbondingAfter: string;
  blockNumber: string;
  timestamp: string;
  transactionHash: Hex;
}

export interface StakerSnapshot {
  _meta: { status: IndexerStatus } | null;
  operator: IndexedOperator | null;
  agents: { items: IndexedAgent[] };
  stakeEvents: { items: IndexedStakeEvent[] };
}

/** One round trip, one consistent picture: the operator, its agents, its history and the indexed block. */
const STAKER_QUERY = /* GraphQL */ `
  query Staker($address: String!) {
    _meta {
      status
    }
    operator(address: $address) {
      address
      free
      locked
      unbonding
      unlockAt
      totalDeposited
      totalWithdrawn
      totalSlashed
      agentCount
    }
    agents(where: { operator: $address }, orderBy: "id", orderDirection: "desc", limit: 100) {
      items {
        id
        identity
        codeHash
        metadataUri
        status
        registeredAt
        retiredAt
      }
    }
    stakeEvents(where: { operator: $address }, orderBy: "timestamp", orderDirection: "desc", limit: 100) {
      items {
        id
        kind
        amount
        counterparty
        freeAfter
        lockedAfter
        unbondingAfter
        blockNumber
        timestamp
        transactionHash
      }
    }
  }
`;

export function fetchStakerSnapshot(address: Address): Promise<StakerSnapshot> {
  return queryIndexer<StakerSnapshot>(STAKER_QUERY, { address: address.toLowerCase() });
}

export function fetchIndexerStatus(): Promise<IndexerStatus | null> {
  return queryIndexer<{ _meta: { status: IndexerStatus } | null }>("{ _meta { status } }").then(
    (data) => data._meta?.status ?? null,
  );
}
