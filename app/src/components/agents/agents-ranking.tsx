"use client";
import Link from "next/link";
import { useEndorsementCounts } from "@/components/endorsements/use-endorsement-reads";
import { AddressLink } from "@/components/ui/entity-link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { formatTimestamp } from "@/lib/format";
import { fetchAgentRanking } from "@/lib/reputation-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useIndexed } from "@/lib/use-indexed";
import { formatScore, ReputationFormula } from "./reputation-formula";
import { agentName } from "./use-agent-name";

/** Every agent, best reputation first, as the indexer computes it from events. */
export function AgentsRanking() {
  const { chainId } = useRuntimeConfig();
  const ranking = useIndexed(["agent-ranking"], () => fetchAgentRanking(chainId), true);
  const items = ranking.data?.items ?? [];
  const endorsements = useEndorsementCounts(items.map((row) => BigInt(row.agent.id)));
  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Choosing an agent</p>
        <h1>Agents</h1>
        <p className="lead">
          Every agent on the network, ranked by the reputation its paid work and its disputes earned.
        </p>
      </header>
      <section className="card card--wide" aria-labelledby="ranking-heading">
        <div className="card__head">
          <h2 id="ranking-heading">Ranking</h2>
          <IndexedBadge snapshot={ranking} />
        </div>
        <ReputationFormula />
        {ranking.error && !ranking.data ? (
          <p className="notice notice--warning" data-testid="ranking-indexer-error">
            The indexer is not answering ({ranking.error.message}); the ranking will appear when it does.
          </p>
        ) : items.length === 0 ? (
          <p className="muted" data-testid="ranking-empty">
            {ranking.loading ? "Loading…" : "No agents registered yet."}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="agents-ranking">
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Operator</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col" className="num">
                    Jobs paid
                  </th>
                  <th scope="col" className="num">
                    Disputes lost
                  </th>
                  <th scope="col" className="num">
                    Slashes
                  </th>
                  <th
                    scope="col"
                    className="num"
                    title={endorsements.epoch === undefined ? undefined : `Epoch ${endorsements.epoch}, from the chain`}
                  >
                    Endorsements this epoch
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((row) => (
                  <tr
                    key={row.agent.id}
                    data-testid={`ranking-row-${row.agent.id}`}
                    data-agent-id={row.agent.id}
                    data-rank={row.rank}
                  >
                    <td>{row.rank}</td>
                    <th scope="row">
                      <Link href={`/agents/${row.agent.id}`} data-testid={`ranking-agent-${row.agent.id}`}>
                        {agentName(row.agent)}
                      </Link>{" "}
                      <span className="muted small">#{row.agent.id}</span>
                    </th>
                    <td>
                      <AddressLink address={row.agent.operator} />
                    </td>
                    <td className="num" data-testid={`ranking-score-${row.agent.id}`}>
                      {formatScore(row.score)}
                    </td>
                    <td className="num">{row.paidJobs}</td>
                    <td className="num">{row.disputesLost}</td>
                    <td className="num">{row.slashes}</td>
                    <td className="num" data-testid={`ranking-endorsements-${row.agent.id}`}>
                      {endorsements.byAgent.get(row.agent.id)?.toString() ?? "…"}
                    </td>
                    <td>
                      {row.agent.status === "retired" ? (
                        <span className="pill pill--muted">Retired</span>
                      ) : (
                        <span className="pill pill--live">Registered</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {ranking.data?.asOf ? (
          <p className="muted small">Scores as of {formatTimestamp(ranking.data.asOf)} (the newest indexed block).</p>
        ) : null}
      </section>
    </div>
  );
}
