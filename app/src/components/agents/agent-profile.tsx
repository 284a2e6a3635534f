"use client";
import Link from "next/link";
import type { Hex } from "viem";
import { AgentEndorsements } from "@/components/endorsements/agent-endorsements";
import { SeriesChart } from "@/components/insurance/series-chart";
import { challengeWindowOver, JobStatusPill } from "@/components/jobs/job-status-pill";
import { AddressLink, JobLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { agentOffer } from "@/lib/agent-offers";
import { formatTimestamp } from "@/lib/format";
import {
  decayedScore,
  fetchAgentProfile,
  fetchOperatorReputation,
  indexedBlockTime,
  type ReputationCause,
} from "@/lib/reputation-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useIndexed } from "@/lib/use-indexed";
import { useStakeToken } from "@/lib/use-stake-token";
import { formatScore, ReputationFormula } from "./reputation-formula";

const causeLabels: Record<ReputationCause, string> = {
  job_paid: "Job paid",
  dispute_lost: "Dispute lost",
  slashed: "Slashed",
  endorsed: "Endorsed anonymously",
  endorsement_voided: "Endorsement voided (double signal)",
};

/** One agent for someone deciding whether to trust it: its reputation over time, its jobs, its disputes, its operator. */
export function AgentProfile({ agentId }: { agentId: bigint }) {
  const { chainId } = useRuntimeConfig();
  const token = useStakeToken();
  const now = useChainNow();
  const profile = useIndexed(["agent-profile", agentId.toString()], () => fetchAgentProfile(agentId), true);
  const data = profile.data;
  const agent = data?.agent ?? null;
  const asOf = indexedBlockTime(data?._meta?.status, chainId);
  const reputation = data?.agentReputation ?? null;
  const score = reputation && asOf !== null ? decayedScore(reputation.score, BigInt(reputation.updatedAt), asOf) : 0;
  const offer = agent ? agentOffer(agent) : null;
  const amount = (value: string) => (token ? token.format(BigInt(value)) : value);
  const points = data?.reputationPoints.items ?? [];

  if (profile.error && !data) {
    return (
      <p className="notice notice--warning" data-testid="agent-indexer-error">
        The indexer is not answering ({profile.error.message}); the agent will appear when it does.
      </p>
    );
  }
  if (!data) return <p className="muted">Loading…</p>;
  if (!agent) {
    return (
      <div className="stack-lg">
        <header className="page-head">
          <h1>Agent #{agentId.toString()}</h1>
        </header>
        <p className="notice notice--warning" data-testid="agent-unknown">
          No agent #{agentId.toString()} is registered (as of the newest indexed block).{" "}
          <Link href="/agents">See every agent</Link>.
        </p>
      </div>
    );
  }

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">
          <Link href="/agents">Agents</Link> · #{agent.id}
        </p>
        <h1 data-testid="agent-name">{offer?.name ?? `Agent #${agent.id}`}</h1>
        {offer?.description ? <p className="lead">{offer.description}</p> : null}
      </header>

      <section className="card card--wide" aria-labelledby="reputation-heading">
        <div className="card__head">
          <h2 id="reputation-heading">Reputation</h2>
          <IndexedBadge snapshot={profile} />
        </div>
        <dl className="stats">
          <div className="stat stat--emphasis">
            <dt>Score</dt>
            <dd>
              <span className="stat__value" data-testid="agent-score">
                {formatScore(score)}
              </span>
            </dd>
            <span className="stat__sub">{asOf ? `as of ${formatTimestamp(asOf)}` : ""}</span>
          </div>
          <div className="stat">
            <dt>Jobs paid</dt>
            <dd>
              <span className="stat__value" data-testid="agent-paid-jobs">
                {reputation?.paidJobs ?? 0}
              </span>
            </dd>
            <span className="stat__sub">{reputation ? `${amount(reputation.paidValue)} in payments` : "none yet"}</span>
          </div>
          <div className="stat">
            <dt>Disputes lost</dt>
            <dd>
              <span className="stat__value">{reputation?.disputesLost ?? 0}</span>
            </dd>
          </div>
          <div className="stat">
            <dt>Slashes</dt>
            <dd>
              <span className="stat__value">{reputation?.slashes ?? 0}</span>
            </dd>
            {reputation && reputation.slashes > 0 ? (
              <span className="stat__sub">{amount(reputation.slashedAmount)} taken</span>
            ) : null}
          </div>
          <OperatorScore operator={agent.operator} />
        </dl>
        {points.length === 0 ? (
          <p className="muted" data-testid="reputation-empty">
            No paid jobs, lost disputes or slashes yet: the score starts at 0.
          </p>
        ) : (
          <SeriesChart
            testId="reputation-chart"
            title={`Reputation of agent #${agent.id}`}
            description={`${points.length} changes; the score now is ${formatScore(score)}.`}
            unit="score"
            xStart={`from 0, then ${formatTimestamp(points[0]!.timestamp)}`}
            xEnd={asOf ? formatTimestamp(asOf) : "now"}
            xTitle="each change, in order, then now (chain time)"
            series={[
              {
                key: "score",
                label: "Score from 0, after each change, then now",
                color: "var(--chart-free)",
                values: [0, ...points.map((point) => point.scoreAfter), score],
              },
            ]}
            caption={
              <>
                {formatTimestamp(points[0]!.timestamp)} → {asOf ? formatTimestamp(asOf) : "now"}
              </>
            }
          />
        )}
        {points.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="reputation-history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Change
                  </th>
                  <th scope="col" className="num">
                    Score after
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...points].reverse().map((point) => (
                  <tr key={point.id} data-cause={point.cause}>
                    <td className="nowrap">{formatTimestamp(point.timestamp)}</td>
                    <td>
                      {causeLabels[point.cause]}
                      {point.jobId ? (
                        <>
                          {" · "}
                          <JobLink id={point.jobId}>job #{point.jobId}</JobLink>
                        </>
                      ) : null}
                      {point.disputeId ? (
                        <>
                          {" · "}
                          <Link href={`/court/disputes/${point.disputeId}`}>dispute #{point.disputeId}</Link>
                        </>
                      ) : null}
                    </td>
                    <td className="num">{amount(point.amount)}</td>
                    <td className="num">
                      {point.delta > 0 ? "+" : ""}
                      {formatScore(point.delta)}
                    </td>
                    <td className="num">{formatScore(point.scoreAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <ReputationFormula />
      </section>

      <AgentEndorsements agentId={agentId} />

      <section className="card card--wide" aria-labelledby="agent-jobs-heading">
        <div className="card__head">
          <h2 id="agent-jobs-heading">Recent jobs</h2>
        </div>
        {data.jobs.items.length === 0 ? (
          <p className="muted" data-testid="agent-jobs-empty">
            No jobs yet.
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="agent-jobs">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Payment
                  </th>
                  <th scope="col">Client</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Settled</th>
                </tr>
              </thead>
              <tbody>
                {data.jobs.items.map((job) => (
                  <tr key={job.id} data-testid={`agent-job-${job.id}`}>
                    <th scope="row">
                      <JobLink id={job.id} testId={`agent-job-link-${job.id}`} />
                    </th>
                    <td>
                      <JobStatusPill status={job.status} windowOver={challengeWindowOver(job.challengeEndsAt, now)} />
                    </td>
                    <td className="num">{amount(job.payment)}</td>
                    <td>
                      <AddressLink address={job.client} />
                    </td>
                    <td className="nowrap">{formatTimestamp(job.openedAt)}</td>
                    <td className="nowrap">{job.settledAt ? formatTimestamp(job.settledAt) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card card--wide" aria-labelledby="agent-disputes-heading">
        <div className="card__head">
          <h2 id="agent-disputes-heading">Disputes</h2>
        </div>
        {data.disputes.items.length === 0 ? (
          <p className="muted" data-testid="agent-disputes-empty">
            No disputes.
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="agent-disputes">
              <thead>
                <tr>
                  <th scope="col">Dispute</th>
                  <th scope="col">Job</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Ruling</th>
                  <th scope="col" className="num">
                    Compensation
                  </th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {data.disputes.items.map((dispute) => (
                  <tr key={dispute.id}>
                    <th scope="row">
                      <Link href={`/court/disputes/${dispute.id}`}>#{dispute.id}</Link>
                    </th>
                    <td>
                      <JobLink id={dispute.jobId} />
                    </td>
                    <td>{dispute.phase}</td>
                    <td>
                      {dispute.ruling === null ? "—" : dispute.ruling === "client" ? "For the client" : "For the agent"}
                    </td>
                    <td className="num">{amount(dispute.compensation)}</td>
                    <td className="nowrap">{formatTimestamp(dispute.openedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** The operator behind the agent and the reputation of everything it runs. */
function OperatorScore({ operator }: { operator: Hex }) {
  const { chainId } = useRuntimeConfig();
  const snapshot = useIndexed(["operator-reputation", operator], () => fetchOperatorReputation(operator), true);
  const row = snapshot.data?.operatorReputation ?? null;
  const asOf = indexedBlockTime(snapshot.data?._meta?.status, chainId);
  const score = row && asOf !== null ? decayedScore(row.score, BigInt(row.updatedAt), asOf) : 0;
  return (
    <div className="stat">
      <dt>Operator</dt>
      <dd>
        <span className="stat__value" data-testid="operator-score">
          {snapshot.data ? formatScore(score) : "…"}
        </span>
      </dd>
      <span className="stat__sub">
        <AddressLink address={operator} testId="agent-operator" /> ·{" "}
        {row ? `${plural(row.paidJobs, "job")} paid, ${plural(row.slashes, "slash", "slashes")}` : "no history"}
      </span>
    </div>
  );
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
