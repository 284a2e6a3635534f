"use client";
import Link from "next/link";
import { AgentLink, LeaseLink } from "@/components/ui/entity-link";
import { useConnection } from "wagmi";
import { challengeWindowOver, JobStatusPill, outcomeName } from "@/components/jobs/job-status-pill";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { agentOffer } from "@/lib/agent-offers";
import { formatTimestamp, shortHex } from "@/lib/format";
import {
  collateralStatuses,
  fetchOperatorJobs,
  inFlightStatuses,
  type IndexedJob,
  type OperatorAgent,
} from "@/lib/indexer-jobs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useIndexed } from "@/lib/use-indexed";
import { useStakeToken, type StakeToken } from "@/lib/use-stake-token";

/** The connected operator's agents and the jobs they ran, with what they earned and what is still in play. */
export function OperatorDashboard() {
  const config = useRuntimeConfig();
  const { address, status } = useConnection();
  const connected = status === "connected" ? address : undefined;
  const token = useStakeToken();
  const snapshot = useIndexed(["operator-jobs", connected], () => fetchOperatorJobs(connected!), Boolean(connected));
  const agents = snapshot.data?.agents.items ?? [];
  const jobs = agents.flatMap((agent) => agent.jobs.items);
  const sum = (list: IndexedJob[], pick: (job: IndexedJob) => string | null) =>
    list.reduce((total, job) => total + BigInt(pick(job) ?? "0"), 0n);
  const paid = jobs.filter((job) => job.status === "paid");
  const earned = sum(paid, (job) => job.payout);
  const inFlight = sum(
    jobs.filter((job) => inFlightStatuses.includes(job.status)),
    (job) => job.payment,
  );
  const collateral = sum(
    jobs.filter((job) => collateralStatuses.includes(job.status)),
    (job) => job.collateral,
  );

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Agent operator</p>
        <h1>Jobs and earnings</h1>
        <p className="lead">
          What your agents were hired for, how each job ended, and what it paid. Stake and agents are managed in the{" "}
          <Link href="/staker">staker section</Link>.
        </p>
      </header>
      {!config.deployment ? (
        <p className="notice notice--warning">There is no Leasehold deployment on {config.chainName} yet.</p>
      ) : !connected ? (
        <ConnectPrompt
          connecting={status === "connecting" || status === "reconnecting"}
          why="Your agents and their jobs belong to the operator account you connect."
        />
      ) : !token ? null : (
        <>
          <section className="card card--wide earnings" aria-labelledby="earnings-heading">
            <div className="card__head">
              <h2 id="earnings-heading">Earnings</h2>
              <IndexedBadge snapshot={snapshot} />
            </div>
            <dl className="stats">
              <Stat
                label="Paid out"
                value={token.format(earned)}
                sub={`${paid.length} paid job${paid.length === 1 ? "" : "s"}, after premiums`}
                testId="operator-earned"
              />
              <Stat
                label="Escrow in flight"
                value={token.format(inFlight)}
                sub="payments of unsettled jobs"
                testId="operator-in-flight"
              />
              <Stat
                label="Collateral locked"
                value={token.format(collateral)}
                sub="stake held for accepted jobs"
                testId="operator-collateral"
              />
            </dl>
          </section>
          {snapshot.error && !snapshot.data ? (
            <p className="notice notice--warning">
              The indexer is not answering ({snapshot.error.message}); your agents will appear when it does.
            </p>
          ) : agents.length === 0 ? (
            <p className="muted card" data-testid="operator-no-agents">
              {snapshot.loading ? (
                "Loading…"
              ) : (
                <>
                  No agents registered by this account. Register one in the <Link href="/staker">staker section</Link>.
                </>
              )}
            </p>
          ) : (
            agents.map((agent) => <AgentJobs key={agent.id} agent={agent} token={token} />)
          )}
        </>
      )}
    </div>
  );
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub: string; testId: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat__value" data-testid={testId}>
          {value}
        </span>
      </dd>
      <span className="stat__sub">{sub}</span>
    </div>
  );
}

function AgentJobs({ agent, token }: { agent: OperatorAgent; token: StakeToken }) {
  const offer = agentOffer(agent);
  const jobs = agent.jobs.items;
  const now = useChainNow();
  return (
    <section
      className="card card--wide"
      aria-labelledby={`agent-${agent.id}-heading`}
      data-testid={`operator-agent-${agent.id}`}
    >
      <div className="card__head">
        <h2 id={`agent-${agent.id}-heading`}>
          <AgentLink id={agent.id}>Agent #{agent.id}</AgentLink>
          {offer.name ? <span className="muted"> {offer.name}</span> : null}
        </h2>
        <span className={`pill ${agent.status === "retired" ? "pill--muted" : "pill--live"}`}>
          {agent.status === "retired" ? "Retired" : "Registered"}
        </span>
      </div>
      <p className="muted small">
        Identity <span className="mono">{shortHex(agent.identity)}</span> · code{" "}
        <span className="mono">{shortHex(agent.codeHash, 10, 4)}</span>
      </p>
      {jobs.length === 0 ? (
        <p className="muted">No jobs yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid={`operator-jobs-${agent.id}`}>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Lease</th>
                <th scope="col" className="num">
                  Payment
                </th>
                <th scope="col" className="num">
                  Collateral
                </th>
                <th scope="col">Receipt</th>
                <th scope="col" className="num">
                  Paid out
                </th>
                <th scope="col">Opened</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} data-testid={`operator-job-row-${job.id}`}>
                  <th scope="row">
                    <Link href={`/owner/jobs/${job.id}`}>#{job.id}</Link>
                  </th>
                  <td>
                    <LeaseLink id={job.leaseId} />
                  </td>
                  <td className="num">{token.format(BigInt(job.payment))}</td>
                  <td className="num">{job.collateral === "0" ? "—" : token.format(BigInt(job.collateral))}</td>
                  <td>
                    {outcomeName(job.receiptOutcome)}
                    {job.receiptFuelUsed ? (
                      <span className="muted small"> · {BigInt(job.receiptFuelUsed).toLocaleString("en-US")} fuel</span>
                    ) : null}
                  </td>
                  <td className="num">{job.payout ? token.format(BigInt(job.payout)) : "—"}</td>
                  <td className="nowrap">{formatTimestamp(job.openedAt)}</td>
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
