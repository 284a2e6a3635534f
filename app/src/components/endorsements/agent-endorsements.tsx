"use client";
import Link from "next/link";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { fetchEndorsementHistory } from "@/lib/endorse-data";
import { useIndexed } from "@/lib/use-indexed";
import { useEndorsementCounts, useEndorsementRules } from "./use-endorsement-reads";

/**
 * An agent's anonymous endorsements: this epoch's count straight from the chain, earlier epochs
 * from the indexer. Each endorsement is a stake proof by someone who did not say who they are.
 */
export function AgentEndorsements({ agentId }: { agentId: bigint }) {
  const rules = useEndorsementRules();
  const { byAgent, epoch } = useEndorsementCounts([agentId]);
  const count = byAgent.get(agentId.toString());
  const history = useIndexed(["endorsement-history", agentId.toString()], () => fetchEndorsementHistory(agentId), true);
  const past = (history.data?.endorsementTallys.items ?? []).filter(
    (row) => epoch === undefined || BigInt(row.epoch) !== epoch,
  );
  if (!rules.address) return null;
  return (
    <section className="card card--wide" aria-labelledby="agent-endorsements-heading" data-testid="agent-endorsements">
      <div className="card__head">
        <h2 id="agent-endorsements-heading">Anonymous endorsements</h2>
        <Link href={`/endorse?agent=${agentId}`} className="button button--small" data-testid="agent-endorse-link">
          Endorse
        </Link>
      </div>
      <dl className="stats">
        <div className="stat stat--emphasis">
          <dt>This epoch</dt>
          <dd>
            <span className="stat__value" data-testid="agent-endorsement-count">
              {count === undefined ? "…" : count.toString()}
            </span>
          </dd>
          <span className="stat__sub">{epoch === undefined ? "" : `epoch ${epoch}, read from the chain`}</span>
        </div>
      </dl>
      <p className="muted small">
        Each endorsement proves that someone with stake in the anonymous group vouches for this agent, without saying
        who. One per identity, agent and epoch.
      </p>
      <div className="card__head">
        <h3>Earlier epochs</h3>
        <IndexedBadge snapshot={history} />
      </div>
      {history.error && !history.data ? (
        <p className="muted" data-testid="endorsement-history-unavailable">
          The indexer has no endorsement history to show ({history.error.message}).
        </p>
      ) : past.length === 0 ? (
        <p className="muted" data-testid="endorsement-history-empty">
          {history.loading ? "Loading…" : "No endorsements in earlier epochs."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="endorsement-history">
            <thead>
              <tr>
                <th scope="col">Epoch</th>
                <th scope="col" className="num">
                  Endorsements
                </th>
                <th scope="col" className="num">
                  Voided (double signals)
                </th>
              </tr>
            </thead>
            <tbody>
              {past.map((row) => (
                <tr key={row.epoch}>
                  <th scope="row">{row.epoch}</th>
                  <td className="num">{row.count}</td>
                  <td className="num">{row.voided}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
