/**
 * Reputation as the indexer has it (indexer/ponder.schema.ts: agent_reputation,
 * operator_reputation, reputation_point; the formula in sdk/src/reputation.ts). The app's
 * only door to reputation data, so moving to the indexer's REST endpoints (GET
 * /reputation/agents, /reputation/agents/:id/history, which rank and decay on the server) is a
 * change to this file alone.
 *
 * Rows store a score as of their last change; its value at time t is
 * `score × 2^(-(t - updatedAt) / halfLife)`. Every score decays at the same rate, so ranking by
 * the value at any one time gives the same order; the values shown are as of the newest indexed
 * block.
 */
import { decayScore, type ReputationCause } from "@leasehold/sdk/reputation";
import type { Hex } from "viem";
import { queryIndexer, type IndexedAgent, type IndexerStatus } from "./indexer";
import type { IndexedJob, JobStatusName } from "./indexer-jobs";

export interface StoredReputation {
  score: number;
  paidJobs: number;
  paidValue: string;
  disputesLost: number;
  slashes: number;
  slashedAmount: string;
  updatedAt: string;
}

export interface IndexedAgentReputation extends StoredReputation {
  agentId: string;
  operator: Hex;
}

export interface IndexedOperatorReputation extends StoredReputation {
  address: Hex;
}

export type { ReputationCause };

export interface ReputationPoint {
  id: string;
  cause: ReputationCause;
  amount: string;
  delta: number;
  scoreAfter: number;
  jobId: string | null;
  disputeId: string | null;
  blockNumber: string;
  timestamp: string;
  transactionHash: Hex;
}

/** The newest indexed block's timestamp on `chainId`: the time scores are given at. */
export function indexedBlockTime(status: IndexerStatus | null | undefined, chainId: number): bigint | null {
  const entry = status ? Object.values(status).find((chain) => chain?.id === chainId) : undefined;
  return entry ? BigInt(entry.block.timestamp) : null;
}

/** `score` recorded at `updatedAt`, as of `asOf`: the indexer's own decay (sdk/src/reputation.ts). */
export const decayedScore = decayScore;

export interface RankedAgent {
  rank: number;
  agent: IndexedAgent & { operator: Hex };
  /** As of the newest indexed block. */
  score: number;
  paidJobs: number;
  disputesLost: number;
  slashes: number;
}

export interface AgentRanking {
  _meta: { status: IndexerStatus } | null;
  /** The time scores are given at: the newest indexed block's timestamp. */
  asOf: bigint | null;
  items: RankedAgent[];
}

/** Agents the ranking considers; beyond this the page would need the REST endpoint's paging. */
export const RANKING_LIMIT = 1000;

const AGENT_FIELDS = `id operator identity codeHash metadataUri status registeredAt retiredAt`;
const REPUTATION_FIELDS = `score paidJobs paidValue disputesLost slashes slashedAmount updatedAt`;

const RANKING_QUERY = /* GraphQL */ `
  query AgentRanking($limit: Int!) {
    _meta { status }
    agents(orderBy: "id", limit: $limit) { items { ${AGENT_FIELDS} } }
    agentReputations(limit: $limit) { items { agentId operator ${REPUTATION_FIELDS} } }
  }
`;

/**
 * Every agent, best reputation first (ties by id, as the indexer's ranking breaks them); an
 * agent with no reputation item yet scores 0.
 */
export async function fetchAgentRanking(chainId: number): Promise<AgentRanking> {
  const data = await queryIndexer<{
    _meta: { status: IndexerStatus } | null;
    agents: { items: (IndexedAgent & { operator: Hex })[] };
    agentReputations: { items: IndexedAgentReputation[] };
  }>(RANKING_QUERY, { limit: RANKING_LIMIT });
  const asOf = indexedBlockTime(data._meta?.status, chainId);
  const reputations = new Map(data.agentReputations.items.map((row) => [row.agentId, row]));
  const rows = data.agents.items.map((agent) => {
    const reputation = reputations.get(agent.id);
    return {
      agent,
      score: reputation ? decayedScore(reputation.score, BigInt(reputation.updatedAt), asOf ?? 0n) : 0,
      paidJobs: reputation?.paidJobs ?? 0,
      disputesLost: reputation?.disputesLost ?? 0,
      slashes: reputation?.slashes ?? 0,
    };
  });
  rows.sort((a, b) => b.score - a.score || Number(BigInt(a.agent.id) - BigInt(b.agent.id)));
  return { _meta: data._meta, asOf, items: rows.map((row, index) => ({ rank: index + 1, ...row })) };
}

export interface AgentDispute {
  id: string;
  jobId: string;
  phase: "drawing" | "voting" | "ruled" | "executed";
  ruling: "client" | "agent" | null;
  compensation: string;
  slashed: string | null;
  openedAt: string;
  executedAt: string | null;
}

export interface AgentProfile {
  _meta: { status: IndexerStatus } | null;
  agent: (IndexedAgent & { operator: Hex }) | null;
  agentReputation: IndexedAgentReputation | null;
  reputationPoints: { items: ReputationPoint[] };
  jobs: { items: (IndexedJob & { status: JobStatusName })[] };
  disputes: { items: AgentDispute[] };
}

const PROFILE_QUERY = /* GraphQL */ `
  query AgentProfile($id: BigInt!, $subject: String!) {
    _meta { status }
    agent(id: $id) { ${AGENT_FIELDS} }
    agentReputation(agentId: $id) { agentId operator ${REPUTATION_FIELDS} }
    reputationPoints(where: { subjectKind: agent, subject: $subject }, orderBy: "id", limit: 1000) {
      items { id cause amount delta scoreAfter jobId disputeId blockNumber timestamp transactionHash }
    }
    jobs(where: { agentId: $id }, orderBy: "id", orderDirection: "desc", limit: 20) {
      items {
        id leaseId agentId client operator payment policyHash budget deadline status collateral receiptDigest
        receiptBatchId receiptOutcome receiptFuelUsed challengeEndsAt payout premium refund collateralReleased
        openedAt acceptedAt submittedAt settledAt
      }
    }
    disputes(where: { agentId: $id }, orderBy: "id", orderDirection: "desc", limit: 20) {
      items { id jobId phase ruling compensation slashed openedAt executedAt }
    }
  }
`;

/** One agent's record, reputation history, recent jobs and disputes. */
export function fetchAgentProfile(agentId: bigint): Promise<AgentProfile> {
  return queryIndexer<AgentProfile>(PROFILE_QUERY, { id: agentId.toString(), subject: agentId.toString() });
}

export interface OperatorReputationSnapshot {
  _meta: { status: IndexerStatus } | null;
  operatorReputation: IndexedOperatorReputation | null;
}

const OPERATOR_REPUTATION_QUERY = /* GraphQL */ `
  query OperatorReputation($address: String!) {
    _meta { status }
    operatorReputation(address: $address) { address ${REPUTATION_FIELDS} }
  }
`;

export function fetchOperatorReputation(address: Hex): Promise<OperatorReputationSnapshot> {
  return queryIndexer<OperatorReputationSnapshot>(OPERATOR_REPUTATION_QUERY, { address: address.toLowerCase() });
}
