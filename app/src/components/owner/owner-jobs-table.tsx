"use client";
import Link from "next/link";
import { AgentLink, LeaseLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { challengeWindowOver, JobStatusPill, outcomeName } from "@/components/jobs/job-status-pill";
import { formatTimestamp } from "@/lib/format";
import type { OwnerSnapshot } from "@/lib/indexer-jobs";
import { useChainNow } from "@/lib/use-chain-time";
import type { IndexedState } from "@/lib/use-indexed";
import type { StakeToken } from "@/lib/use-stake-token";

/** The owner's jobs, newest first, each linking to its live page. */
export function OwnerJobsTable({ snapshot, token }: { snapshot: IndexedState<OwnerSnapshot>; token: StakeToken }) {
  const jobs = snapshot.data?.jobs.items ?? [];
  const now = useChainNow();
  return (
    <section className="card card--wide" aria-labelledby="owner-jobs-heading">
      <div className="card__head">
        <h2 id="owner-jobs-heading">Your jobs</h2>
        <IndexedBadge snapshot={snapshot} />
      </div>
      {jobs.length === 0 ? (
        <p className="muted" data-testid="owner-jobs-empty">
          {snapshot.loading ? "Loading…" : "No jobs yet."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="owner-jobs-table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Lease</th>
                <th scope="col">Agent</th>
                <th scope="col" className="num">
                  Payment
                </th>
                <th scope="col">Deadline (chain time)</th>
                <th scope="col">Receipt</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} data-testid={`owner-job-row-${job.id}`}>
                  <th scope="row">
                    <Link href={`/owner/jobs/${job.id}`} data-testid={`owner-job-link-${job.id}`}>
                      #{job.id}
                    </Link>
                  </th>
                  <td>
                    <LeaseLink id={job.leaseId} />
                  </td>
                  <td>
                    <AgentLink id={job.agentId} />
                  </td>
                  <td className="num">{token.format(BigInt(job.payment))}</td>
                  <td className="nowrap">{formatTimestamp(job.deadline)}</td>
                  <td>{outcomeName(job.receiptOutcome)}</td>
                  <td>
                    <JobStatusPill status={job.status} windowOver={challengeWindowOver(job.challengeEndsAt, now)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
