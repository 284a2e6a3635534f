/**
 * Leases and jobs as the indexer has them (indexer/ponder.schema.ts): the data owner's leases and
 * jobs, an operator's agents with their jobs, and one job's history. Like every indexer read they
 * go through this app's own origin; bigints arrive as decimal strings, hex in lower case.
 */
import type { Address, Hex } from "viem";
import { queryIndexer, type IndexedAgent, type IndexerStatus } from "./indexer";

/** The indexer's job_status enum (IJobEscrow.JobStatus lowercased; `None` never appears). */
export type JobStatusName =
  "open" | "accepted" | "submitted" | "frozen" | "paid" | "cancelled" | "expired" | "refused" | "voided" | "rejected";

/** Statuses that hold the client's payment in escrow. */
export const inFlightStatuses: readonly JobStatusName[] = ["open", "accepted", "submitted", "frozen"];
/** Statuses that hold the operator's collateral. */
export const collateralStatuses: readonly JobStatusName[] = ["accepted", "submitted", "frozen"];

export interface IndexedLease {
  id: string;
  owner: Hex;
  agentId: string;
  scopeHash: Hex;
  contextId: Hex;
  expiry: string;
  fee: string;
  status: "granted" | "revoked";
  grantedAt: string;
  ttl: string;
  revokedAt: string | null;
  jobCount: number;
  transactionHash: Hex;
}

export interface IndexedJob {
  id: string;
  leaseId: string;
  agentId: string;
  client: Hex;
  operator: Hex | null;
  payment: string;
  policyHash: Hex;
  budget: string;
  deadline: string;
  status: JobStatusName;
  collateral: string;
  receiptDigest: Hex | null;
  receiptBatchId: Hex | null;
  receiptOutcome: number | null;
  receiptFuelUsed: string | null;
  challengeEndsAt: string | null;
  payout: string | null;
  premium: string | null;
  refund: string | null;
  collateralReleased: string | null;
  openedAt: string;
  acceptedAt: string | null;
  submittedAt: string | null;
  settledAt: string | null;
}

export interface IndexedJobEvent {
  id: string;
  /** `frozen_released`: the escrow released a frozen job no ruling settled within FROZEN_TIMEOUT. */
  kind: "opened" | "accepted" | "receipt_submitted" | "frozen" | "settled" | "frozen_released";
  statusAfter: JobStatusName;
  actor: Hex | null;
  blockNumber: string;
  timestamp: string;
  transactionHash: Hex;
}

const LEASE_FIELDS = `id owner agentId scopeHash contextId expiry fee status grantedAt ttl revokedAt jobCount transactionHash`;
const JOB_FIELDS = `id leaseId agentId client operator payment policyHash budget deadline status collateral
  receiptDigest receiptBatchId receiptOutcome receiptFuelUsed challengeEndsAt payout premium refund
  collateralReleased openedAt acceptedAt submittedAt settledAt`;
const AGENT_FIELDS = `id operator identity codeHash metadataUri status registeredAt retiredAt`;

export interface LendableAgent extends IndexedAgent {
  operator: Hex;
}

export interface OwnerSnapshot {
  _meta: { status: IndexerStatus } | null;
  leases: { items: IndexedLease[] };
  jobs: { items: IndexedJob[] };
  agents: { items: LendableAgent[] };
}

/** The owner's leases and jobs, and the agents a lease can be granted to, in one round trip. */
const OWNER_QUERY = /* GraphQL */ `
  query Owner($owner: String!) {
    _meta { status }
    leases(where: { owner: $owner }, orderBy: "id", orderDirection: "desc", limit: 200) {
      items { ${LEASE_FIELDS} }
    }
    jobs(where: { client: $owner }, orderBy: "id", orderDirection: "desc", limit: 200) {
      items { ${JOB_FIELDS} }
    }
    agents(where: { status: registered }, orderBy: "id", limit: 500) {
      items { ${AGENT_FIELDS} }
    }
  }
`;

export function fetchOwnerSnapshot(owner: Address): Promise<OwnerSnapshot> {
  return queryIndexer<OwnerSnapshot>(OWNER_QUERY, { owner: owner.toLowerCase() });
}

export interface OperatorAgent extends LendableAgent {
  jobs: { items: IndexedJob[] };
}

export interface OperatorJobsSnapshot {
  _meta: { status: IndexerStatus } | null;
  operator: { locked: string; free: string } | null;
  agents: { items: OperatorAgent[] };
}

const OPERATOR_QUERY = /* GraphQL */ `
  query OperatorJobs($operator: String!) {
    _meta { status }
    operator(address: $operator) { locked free }
    agents(where: { operator: $operator }, orderBy: "id", limit: 100) {
      items {
        ${AGENT_FIELDS}
        jobs(orderBy: "id", orderDirection: "desc", limit: 200) {
          items { ${JOB_FIELDS} }
        }
      }
    }
  }
`;

export function fetchOperatorJobs(operator: Address): Promise<OperatorJobsSnapshot> {
  return queryIndexer<OperatorJobsSnapshot>(OPERATOR_QUERY, { operator: operator.toLowerCase() });
}

export interface JobHistorySnapshot {
  _meta: { status: IndexerStatus } | null;
  job: (IndexedJob & { events: { items: IndexedJobEvent[] } }) | null;
}

const JOB_QUERY = /* GraphQL */ `
  query Job($id: BigInt!) {
    _meta { status }
    job(id: $id) {
      ${JOB_FIELDS}
      events(orderBy: "id", limit: 50) {
        items { id kind statusAfter actor blockNumber timestamp transactionHash }
      }
    }
  }
`;

export function fetchJobHistory(jobId: bigint): Promise<JobHistorySnapshot> {
  return queryIndexer<JobHistorySnapshot>(JOB_QUERY, { id: jobId.toString() });
}
