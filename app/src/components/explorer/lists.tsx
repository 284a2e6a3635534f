"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { JobStatusPill } from "@/components/jobs/job-status-pill";
import { AddressLink, AgentLink, DisputeLink, JobLink, LeaseLink } from "@/components/ui/entity-link";
import { formatTimestamp } from "@/lib/format";
import type {
  DisputePhaseName,
  ExplorerAgent,
  ExplorerDispute,
  ExplorerFilters,
  ExplorerLease,
  LeaseStanding,
} from "@/lib/indexer-explorer";
import type { IndexedJob, JobStatusName } from "@/lib/indexer-jobs";
import { useStakeToken } from "@/lib/use-stake-token";
import { ExplorerList, type Column, type FilterSpec } from "./explorer-list";

/** What a list shows of the explorer: everything (its own page), one party's part, or a preview. */
export interface ListOptions {
  initialFilters?: ExplorerFilters;
  fixedFilters?: ExplorerFilters;
  preview?: boolean;
  syncUrl?: boolean;
  title?: string;
  testId?: string;
  /** What an empty list says, when the default (nothing yet anywhere, and how to make one) does not fit. */
  empty?: ReactNode;
}

const PREVIEW_SIZE = 5;

/** Filters belong to a whole list: a preview and one party's or one lease's part show none. */
function filtersShown(options: ListOptions, filters: FilterSpec[]): FilterSpec[] {
  return options.preview || options.fixedFilters ? [] : filters;
}
const ADDRESS_PLACEHOLDER = "0x…";

const jobStatusOptions: { value: JobStatusName; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "accepted", label: "Accepted" },
  { value: "submitted", label: "In challenge window" },
  { value: "frozen", label: "Frozen (dispute)" },
  { value: "paid", label: "Paid" },
  { value: "cancelled", label: "Cancelled" },
  { value: "expired", label: "Refunded (expired)" },
  { value: "refused", label: "Refunded (refused)" },
  { value: "voided", label: "Voided" },
  { value: "rejected", label: "Rejected" },
];

const leaseStandingLabels: Record<LeaseStanding, string> = { live: "Live", expired: "Expired", revoked: "Revoked" };
const leaseStandingTone: Record<LeaseStanding, string> = {
  live: "pill--live",
  expired: "pill--muted",
  revoked: "pill--warn",
};

export const disputePhaseLabels: Record<DisputePhaseName, string> = {
  drawing: "Drawing the panel",
  voting: "Voting",
  ruled: "Ruled, to execute",
  executed: "Executed",
};
const rulingWords = { client: "For the client", agent: "For the agent" } as const;

const agentStatusLabels = { registered: "Registered", retired: "Retired" } as const;

/** Without the token's decimals yet, an amount shows raw rather than wrong. */
function useAmount() {
  const token = useStakeToken();
  return (value: string | null) =>
    value === null ? "—" : token ? token.format(BigInt(value)) : `${value} (raw units)`;
}

export function JobsList(options: ListOptions) {
  const amount = useAmount();
  const columns: Column<IndexedJob>[] = [
    { header: "Job", cell: (job) => <JobLink id={job.id} testId={`explorer-job-link-${job.id}`} /> },
    { header: "Status", cell: (job) => <JobStatusPill status={job.status} /> },
    { header: "Agent", cell: (job) => <AgentLink id={job.agentId} /> },
    { header: "Client", cell: (job) => <AddressLink address={job.client} /> },
    { header: "Lease", cell: (job) => <LeaseLink id={job.leaseId} /> },
    { header: "Payment", numeric: true, cell: (job) => amount(job.payment) },
    { header: "Opened", cell: (job) => formatTimestamp(job.openedAt) },
  ];
  const filters: FilterSpec[] = [
    { name: "status", label: "Status", options: jobStatusOptions },
    { name: "agent", label: "Agent id", placeholder: "e.g. 1" },
    { name: "client", label: "Client address", placeholder: ADDRESS_PLACEHOLDER },
    { name: "operator", label: "Operator address", placeholder: ADDRESS_PLACEHOLDER },
    { name: "lease", label: "Lease id", placeholder: "e.g. 1" },
  ];
  return (
    <ExplorerList
      list="jobs"
      title={options.title ?? "Jobs"}
      columns={columns}
      rowKey={(job) => job.id}
      filters={filtersShown(options, filters)}
      initialFilters={options.initialFilters}
      fixedFilters={options.fixedFilters}
      preview={options.preview ? { size: PREVIEW_SIZE, href: "/explorer/jobs" } : undefined}
      syncUrl={options.syncUrl}
      testId={options.testId ?? "explorer-jobs"}
      empty={
        options.empty ?? (
          <p>
            No jobs yet. A data owner opens one from the <Link href="/owner">Data owner</Link> page, under a lease
            granted to an agent.
          </p>
        )
      }
    />
  );
}

export function LeasesList(options: ListOptions) {
  const amount = useAmount();
  const columns: Column<ExplorerLease>[] = [
    { header: "Lease", cell: (lease) => <LeaseLink id={lease.id} testId={`explorer-lease-link-${lease.id}`} /> },
    {
      header: "Standing",
      cell: (lease) => (
        <span className={`pill ${leaseStandingTone[lease.standing]}`}>{leaseStandingLabels[lease.standing]}</span>
      ),
    },
    { header: "Owner", cell: (lease) => <AddressLink address={lease.owner} /> },
    { header: "Agent", cell: (lease) => <AgentLink id={lease.agentId} /> },
    { header: "Most per job", numeric: true, cell: (lease) => amount(lease.fee) },
    { header: "Jobs", numeric: true, cell: (lease) => lease.jobCount },
    { header: "Granted", cell: (lease) => formatTimestamp(lease.grantedAt) },
    { header: "Expires", cell: (lease) => formatTimestamp(lease.expiry) },
  ];
  const filters: FilterSpec[] = [
    {
      name: "status",
      label: "Standing",
      options: (["live", "expired", "revoked"] as const).map((value) => ({ value, label: leaseStandingLabels[value] })),
    },
    { name: "agent", label: "Agent id", placeholder: "e.g. 1" },
    { name: "owner", label: "Owner address", placeholder: ADDRESS_PLACEHOLDER },
  ];
  return (
    <ExplorerList
      list="leases"
      title={options.title ?? "Leases"}
      columns={columns}
      rowKey={(lease) => lease.id}
      filters={filtersShown(options, filters)}
      initialFilters={options.initialFilters}
      fixedFilters={options.fixedFilters}
      preview={options.preview ? { size: PREVIEW_SIZE, href: "/explorer/leases" } : undefined}
      syncUrl={options.syncUrl}
      testId={options.testId ?? "explorer-leases"}
      empty={
        options.empty ?? (
          <p>
            No leases yet. A data owner lends data to an agent from the <Link href="/owner">Data owner</Link> page.
          </p>
        )
      }
    />
  );
}

export function DisputesList(options: ListOptions) {
  const amount = useAmount();
  const columns: Column<ExplorerDispute>[] = [
    {
      header: "Dispute",
      cell: (dispute) => <DisputeLink id={dispute.id} testId={`explorer-dispute-link-${dispute.id}`} />,
    },
    {
      header: "Phase",
      cell: (dispute) => (
        <span className={`pill ${dispute.phase === "executed" ? "pill--muted" : "pill--pending"}`}>
          {disputePhaseLabels[dispute.phase]}
          {dispute.round > 0 ? " (appeal)" : ""}
        </span>
      ),
    },
    { header: "Ruling", cell: (dispute) => (dispute.ruling ? rulingWords[dispute.ruling] : "Not yet") },
    { header: "Job", cell: (dispute) => <JobLink id={dispute.jobId} /> },
    { header: "Agent", cell: (dispute) => <AgentLink id={dispute.agentId} /> },
    { header: "Client", cell: (dispute) => <AddressLink address={dispute.client} /> },
    { header: "Operator", cell: (dispute) => <AddressLink address={dispute.operator} /> },
    { header: "Compensation", numeric: true, cell: (dispute) => amount(dispute.compensation) },
    { header: "Opened", cell: (dispute) => formatTimestamp(dispute.openedAt) },
  ];
  const filters: FilterSpec[] = [
    {
      name: "phase",
      label: "Phase",
      options: (Object.keys(disputePhaseLabels) as DisputePhaseName[]).map((value) => ({
        value,
        label: disputePhaseLabels[value],
      })),
    },
    { name: "agent", label: "Agent id", placeholder: "e.g. 1" },
    { name: "client", label: "Client address", placeholder: ADDRESS_PLACEHOLDER },
    { name: "operator", label: "Operator address", placeholder: ADDRESS_PLACEHOLDER },
    { name: "arbitrator", label: "Arbitrator address", placeholder: ADDRESS_PLACEHOLDER },
  ];
  return (
    <ExplorerList
      list="disputes"
      title={options.title ?? "Disputes"}
      columns={columns}
      rowKey={(dispute) => dispute.id}
      filters={filtersShown(options, filters)}
      initialFilters={options.initialFilters}
      fixedFilters={options.fixedFilters}
      preview={options.preview ? { size: PREVIEW_SIZE, href: "/explorer/disputes" } : undefined}
      syncUrl={options.syncUrl}
      testId={options.testId ?? "explorer-disputes"}
      empty={
        options.empty ?? (
          <p>
            No disputes. A client disputes a job from its job page while its challenge window is open; the{" "}
            <Link href="/court">Court</Link> page explains the rules.
          </p>
        )
      }
    />
  );
}

export function AgentsList(options: ListOptions) {
  const columns: Column<ExplorerAgent>[] = [
    { header: "Agent", cell: (agent) => <AgentLink id={agent.id} testId={`explorer-agent-link-${agent.id}`} /> },
    {
      header: "Status",
      cell: (agent) => (
        <span className={`pill ${agent.status === "registered" ? "pill--live" : "pill--muted"}`}>
          {agentStatusLabels[agent.status]}
        </span>
      ),
    },
    { header: "Operator", cell: (agent) => <AddressLink address={agent.operator} /> },
    { header: "Jobs paid", numeric: true, cell: (agent) => agent.paidJobs },
    { header: "Disputes lost", numeric: true, cell: (agent) => agent.disputesLost },
    { header: "Slashes", numeric: true, cell: (agent) => agent.slashes },
    { header: "Registered", cell: (agent) => formatTimestamp(agent.registeredAt) },
  ];
  const filters: FilterSpec[] = [
    {
      name: "status",
      label: "Status",
      options: (["registered", "retired"] as const).map((value) => ({ value, label: agentStatusLabels[value] })),
    },
    { name: "operator", label: "Operator address", placeholder: ADDRESS_PLACEHOLDER },
  ];
  return (
    <ExplorerList
      list="agents"
      title={options.title ?? "Agents"}
      columns={columns}
      rowKey={(agent) => agent.id}
      filters={filtersShown(options, filters)}
      initialFilters={options.initialFilters}
      fixedFilters={options.fixedFilters}
      preview={options.preview ? { size: PREVIEW_SIZE, href: "/explorer/agents" } : undefined}
      syncUrl={options.syncUrl}
      testId={options.testId ?? "explorer-agents"}
      empty={
        options.empty ?? (
          <p>
            No agents registered yet. An operator stakes and registers one from the <Link href="/staker">Staker</Link>{" "}
            page.
          </p>
        )
      }
    />
  );
}
