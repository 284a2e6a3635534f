"use client";
import type { IndexedStakeEvent, StakeEventKind } from "@/lib/indexer";
import { formatTimestamp } from "@/lib/format";
import type { StakeToken } from "@/lib/use-stake-token";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { StakeChart } from "./stake-chart";
import type { StakerSnapshotState } from "./use-staker-snapshot";
import { TxLink } from "@/components/ui/tx-link";

const kindLabel: Record<StakeEventKind, string> = {
  deposited: "Deposited",
  withdrawal_requested: "Withdrawal requested",
  withdrawal_cancelled: "Withdrawal cancelled",
  withdrawn: "Withdrawn",
  locked: "Locked as collateral",
  locked_slashable: "Locked behind a dispute",
  released: "Released",
  slashed: "Slashed",
};

/** The indexer's record of every stake event of this operator, as a chart and a table. */
export function StakeHistory({ snapshot, token }: { snapshot: StakerSnapshotState; token: StakeToken }) {
  const operator = snapshot.data?.operator ?? null;
  // Newest first in the table; oldest first in the chart. Block order breaks same-second ties.
  const events = [...(snapshot.data?.stakeEvents.items ?? [])].sort((a, b) => compareEvents(b, a));
  const chronological = [...events].reverse();
  return (
    <section className="card card--wide" aria-labelledby="history-heading" data-testid="history-card">
      <div className="card__head">
        <h2 id="history-heading">Stake history</h2>
        <IndexedBadge snapshot={snapshot} />
      </div>
      {operator ? (
        <dl className="summary" data-testid="indexed-summary">
          <div>
            <dt>Free</dt>
            <dd data-testid="indexed-free">{token.formatPlain(BigInt(operator.free))}</dd>
          </div>
          <div>
            <dt>Locked</dt>
            <dd>{token.formatPlain(BigInt(operator.locked))}</dd>
          </div>
          <div>
            <dt>Unbonding</dt>
            <dd>{token.formatPlain(BigInt(operator.unbonding))}</dd>
          </div>
          <div>
            <dt>Deposited in all</dt>
            <dd>{token.formatPlain(BigInt(operator.totalDeposited))}</dd>
          </div>
          <div>
            <dt>Withdrawn in all</dt>
            <dd>{token.formatPlain(BigInt(operator.totalWithdrawn))}</dd>
          </div>
          <div>
            <dt>Slashed in all</dt>
            <dd>{token.formatPlain(BigInt(operator.totalSlashed))}</dd>
          </div>
        </dl>
      ) : null}
      {snapshot.error && !snapshot.data ? (
        <p className="notice notice--warning">The indexer is not answering ({snapshot.error.message}).</p>
      ) : events.length === 0 ? (
        <p className="muted" data-testid="history-empty">
          {snapshot.loading ? "Loading…" : "No stake events yet."}
        </p>
      ) : (
        <>
          <StakeChart events={chronological} token={token} />
          <div className="table-wrap">
            <table className="table" data-testid="history-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Free after
                  </th>
                  <th scope="col" className="num">
                    Locked after
                  </th>
                  <th scope="col" className="num">
                    Unbonding after
                  </th>
                  <th scope="col">Transaction</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <tr key={event.id} data-kind={event.kind}>
                    <td className="nowrap">{formatTimestamp(event.timestamp)}</td>
                    <td>
                      <span className={`kind kind--${event.kind}`}>{kindLabel[event.kind] ?? event.kind}</span>
                    </td>
                    <td className="num">{token.formatPlain(BigInt(event.amount))}</td>
                    <td className="num">{token.formatPlain(BigInt(event.freeAfter))}</td>
                    <td className="num">{token.formatPlain(BigInt(event.lockedAfter))}</td>
                    <td className="num">{token.formatPlain(BigInt(event.unbondingAfter))}</td>
                    <td>
                      <TxLink hash={event.transactionHash} tail={4} />{" "}
                      <span className="muted small">#{event.blockNumber}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function compareEvents(a: IndexedStakeEvent, b: IndexedStakeEvent): number {
  const byBlock = BigInt(a.blockNumber) - BigInt(b.blockNumber);
  if (byBlock !== 0n) return byBlock > 0n ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
