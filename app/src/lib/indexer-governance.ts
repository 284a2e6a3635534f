/**
 * The indexer's governance tables (see indexer/README.md, "Governance"): the proposals whose
 * calls approve a release (one publisher's release of a code hash), found through their decoded
 * `CodeRegistry.approve(publisher, codeHash)` actions, and the votes cast on them with their reasons. Chain reads stay the source of truth for a proposal's
 * state; the index says which proposals exist and why people voted.
 */
import type { Address, Hex } from "viem";
import { queryIndexer, type IndexerStatus } from "./indexer";

export interface IndexedVote {
  id: string;
  voter: Hex;
  support: number;
  weight: string;
  reason: string;
  timestamp: string;
}

export interface IndexedProposal {
  id: string;
  proposer: Hex;
  targets: Hex[];
  values: string[];
  calldatas: Hex[];
  description: string;
  descriptionHash: Hex;
  status: "created" | "queued" | "executed" | "canceled";
  createdAt: string;
  votes: { items: IndexedVote[] };
}

export interface ReleaseProposalsSnapshot {
  _meta: { status: IndexerStatus } | null;
  proposalActions: { items: { proposal: IndexedProposal | null }[] };
}

const RELEASE_PROPOSALS_QUERY = /* GraphQL */ `
  query ReleaseProposals($releaseId: String!) {
    _meta {
      status
    }
    proposalActions(where: { releaseId: $releaseId }, orderBy: "proposalId", limit: 50) {
      items {
        proposal {
          id
          proposer
          targets
          values
          calldatas
          description
          descriptionHash
          status
          createdAt
          votes(orderBy: "id", orderDirection: "desc", limit: 100) {
            items {
              id
              voter
              support
              weight
              reason
              timestamp
            }
          }
        }
      }
    }
  }
`;

/** Proposals approving `publisher`'s release of `codeHash` (the indexer's `release.id`). */
export function fetchReleaseProposals(release: {
  publisher: Address;
  codeHash: Hex;
}): Promise<ReleaseProposalsSnapshot> {
  const releaseId = `${release.publisher.toLowerCase()}-${release.codeHash.toLowerCase()}`;
  return queryIndexer<ReleaseProposalsSnapshot>(RELEASE_PROPOSALS_QUERY, { releaseId });
}

/** The proposal that decides the release now: the newest one not canceled. */
export function currentProposal(snapshot: ReleaseProposalsSnapshot | undefined): IndexedProposal | null {
  const proposals = (snapshot?.proposalActions.items ?? [])
    .map((item) => item.proposal)
    .filter((proposal): proposal is IndexedProposal => proposal !== null && proposal.status !== "canceled");
  proposals.sort((a, b) => Number(BigInt(b.createdAt) - BigInt(a.createdAt)));
  return proposals[0] ?? null;
}

/** One call of a proposal, decoded by the indexer when its target is a Leasehold contract. */
export interface IndexedProposalAction {
  index: number;
  target: Hex;
  value: string;
  calldata: Hex;
  contract: string | null;
  functionName: string | null;
  args: unknown;
}

/** A proposal with its recorded clocks (the timeline), tallies, decoded calls and votes. */
export interface IndexedProposalRecord extends IndexedProposal {
  voteStart: string;
  voteEnd: string;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voteCount: number;
  queuedAt: string | null;
  eta: string | null;
  executedAt: string | null;
  canceledAt: string | null;
  actions: { items: IndexedProposalAction[] };
}

export interface ProposalsSnapshot {
  _meta: { status: IndexerStatus } | null;
  proposals: { items: IndexedProposalRecord[] };
}

const PROPOSALS_QUERY = /* GraphQL */ `
  query Proposals {
    _meta {
      status
    }
    proposals(orderBy: "createdBlockNumber", orderDirection: "desc", limit: 100) {
      items {
        id
        proposer
        targets
        values
        calldatas
        description
        descriptionHash
        status
        createdAt
        voteStart
        voteEnd
        forVotes
        againstVotes
        abstainVotes
        voteCount
        queuedAt
        eta
        executedAt
        canceledAt
        actions(orderBy: "index", limit: 50) {
          items {
            index
            target
            value
            calldata
            contract
            functionName
            args
          }
        }
        votes(orderBy: "id", orderDirection: "desc", limit: 100) {
          items {
            id
            voter
            support
            weight
            reason
            timestamp
          }
        }
      }
    }
  }
`;

/** Every proposal, newest first (the governance page's history). */
export function fetchProposals(): Promise<ProposalsSnapshot> {
  return queryIndexer<ProposalsSnapshot>(PROPOSALS_QUERY);
}
