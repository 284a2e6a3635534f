"use client";
import Link from "next/link";
import { leaseState } from "@/components/owner/lease-state";
import { AddressLink, AgentLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { formatDuration, formatTimestamp } from "@/lib/format";
import { queryIndexer, type IndexerStatus } from "@/lib/indexer";
import type { IndexedLease } from "@/lib/indexer-jobs";
import { useChainNow } from "@/lib/use-chain-time";
import { useIndexed } from "@/lib/use-indexed";
import { useStakeToken } from "@/lib/use-stake-token";
import { JobsList } from "./lists";

interface LeaseSnapshot {
  _meta: { status: IndexerStatus } | null;
  lease: IndexedLease | null;
}

const LEASE_QUERY = /* GraphQL */ `
  query Lease($id: BigInt!) {
    _meta {
      status
    }
    lease(id: $id) {
      id
      owner
      agentId
      scopeHash
      contextId
      expiry
      fee
      status
      grantedAt
      ttl
      revokedAt
      jobCount
      transactionHash
    }
  }
`;

const standingWords = {
  live: "Live: jobs may be opened under it until it expires.",
  expired: "Expired: no new job may be opened under it.",
  revoked: "Revoked by its owner, for good.",
} as const;

/** One lease, for anyone: who lent what to which agent, until when, and the jobs opened under it. */
export function LeaseView({ leaseId }: { leaseId: string }) {
  const snapshot = useIndexed(
    ["explorer-lease", leaseId],
    () => queryIndexer<LeaseSnapshot>(LEASE_QUERY, { id: leaseId }),
    true,
  );
  const now = useChainNow();
  const token = useStakeToken();
  const lease = snapshot.data?.lease;
  if (snapshot.data && !lease) {
    return (
      <section className="card card--wide" data-testid="lease-missing">
        <h2>Lease #{leaseId}</h2>
        <p className="muted">
          No lease #{leaseId} has been granted (as of the newest indexed block). See every lease in the{" "}
          <Link href="/explorer/leases">list of leases</Link>.
        </p>
      </section>
    );
  }
  const state = lease ? leaseState(lease, now) : null;
  return (
    <>
      <section className="card card--wide" aria-labelledby="lease-heading" data-testid="lease-view">
        <div className="card__head">
          <h2 id="lease-heading">Lease #{leaseId}</h2>
          <IndexedBadge snapshot={snapshot} />
        </div>
        {snapshot.error && !snapshot.data ? (
          <p className="notice notice--warning" role="alert">
            The indexer is not answering ({snapshot.error.message}); the lease will appear when it does.
          </p>
        ) : !lease || !state ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            <p data-testid="lease-standing" data-standing={state}>
              <span
                className={`pill ${state === "live" ? "pill--live" : state === "revoked" ? "pill--warn" : "pill--muted"}`}
              >
                {state === "live" ? "Live" : state === "revoked" ? "Revoked" : "Expired"}
              </span>{" "}
              {standingWords[state]}
              {state === "live" ? ` ${formatDuration(Number(lease.expiry) - now)} left.` : ""}
            </p>
            <dl className="facts">
              <dt>Owner (data owner)</dt>
              <dd>
                <AddressLink address={lease.owner} full testId="lease-owner" />
              </dd>
              <dt>Agent</dt>
              <dd>
                <AgentLink id={lease.agentId} testId="lease-agent" />
              </dd>
              <dt>Most one job may escrow</dt>
              <dd>{token ? token.format(BigInt(lease.fee)) : `${lease.fee} (raw units)`}</dd>
              <dt>Granted</dt>
              <dd>{formatTimestamp(lease.grantedAt)}</dd>
              <dt>Expires</dt>
              <dd>{formatTimestamp(lease.expiry)}</dd>
              {lease.revokedAt ? (
                <>
                  <dt>Revoked</dt>
                  <dd>{formatTimestamp(lease.revokedAt)}</dd>
                </>
              ) : null}
              <dt>Scope hash</dt>
              <dd className="mono small">{lease.scopeHash}</dd>
              <dt>Context id (encrypted)</dt>
              <dd className="mono small">{lease.contextId}</dd>
            </dl>
          </>
        )}
      </section>
      <JobsList
        title="Jobs under this lease"
        fixedFilters={{ lease: leaseId }}
        testId="lease-jobs"
        empty={<p>No job has been opened under this lease; only its owner can open one.</p>}
      />
    </>
  );
}
