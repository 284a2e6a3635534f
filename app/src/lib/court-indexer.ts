/**
 * The court as the indexer has it (indexer/ponder.schema.ts: arbitrator, panel_seat): which
 * panels an arbitrator sits on. Only the queue comes from here; every phase, deadline and vote
 * the app acts on is read from the chain.
 */
import type { Address, Hex } from "viem";
import { queryIndexer, type IndexerStatus } from "./indexer";

export interface IndexedPanelSeat {
  id: string;
  disputeId: string;
  round: number;
  seat: number;
  arbitrator: Hex;
  lockAmount: string;
  committedAt: string | null;
  revealedAt: string | null;
  vote: "client" | "agent" | null;
  coherent: boolean | null;
  penalty: string;
  feeCredited: string;
  drawnAt: string;
}

export interface ArbitratorSeatsSnapshot {
  _meta: { status: IndexerStatus } | null;
  panelSeats: { items: IndexedPanelSeat[] };
}

const SEATS_QUERY = /* GraphQL */ `
  query ArbitratorSeats($arbitrator: String!) {
    _meta {
      status
    }
    panelSeats(where: { arbitrator: $arbitrator }, orderBy: "drawnAt", orderDirection: "desc", limit: 200) {
      items {
        id
        disputeId
        round
        seat
        arbitrator
        lockAmount
        committedAt
        revealedAt
        vote
        coherent
        penalty
        feeCredited
        drawnAt
      }
    }
  }
`;

/** Every seat `arbitrator` was ever drawn to, newest first. */
export function fetchArbitratorSeats(arbitrator: Address): Promise<ArbitratorSeatsSnapshot> {
  return queryIndexer<ArbitratorSeatsSnapshot>(SEATS_QUERY, { arbitrator: arbitrator.toLowerCase() });
}
