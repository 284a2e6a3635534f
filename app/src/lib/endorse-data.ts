/**
 * Endorsement history from the indexer (its `endorsement_tally` table: one row per agent and
 * epoch). Only counts live here: the indexer never sees an identity, only nullifiers, and the
 * app never sends it anything about the browser's own identity.
 */
import { queryIndexer, type IndexerStatus } from "./indexer";

export interface IndexedEndorsementTally {
  epoch: string;
  count: number;
  voided: number;
  updatedAt: string;
}

export interface EndorsementHistory {
  endorsementTallys: { items: IndexedEndorsementTally[] };
  _meta: { status: IndexerStatus } | null;
}

/** The agent's newest epochs with endorsements, newest first. */
export function fetchEndorsementHistory(agentId: bigint, limit = 12): Promise<EndorsementHistory> {
  return queryIndexer<EndorsementHistory>(
    `query EndorsementHistory($agentId: BigInt!, $limit: Int!) {
      endorsementTallys(where: { agentId: $agentId }, orderBy: "epoch", orderDirection: "desc", limit: $limit) {
        items { epoch count voided updatedAt }
      }
      _meta { status }
    }`,
    { agentId: agentId.toString(), limit },
  );
}
