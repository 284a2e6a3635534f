"use client";
import { formatUnits } from "viem";
import { IndexedBadge } from "@/components/ui/indexed-badge";
import { formatAmount, formatTimestamp } from "@/lib/format";
import { SHARE_PRICE_SCALE } from "@/lib/insurance-data";
import type { StakeToken } from "@/lib/use-stake-token";
import { SeriesChart } from "./series-chart";
import type { PoolSeriesState } from "./use-pool-series";

/**
 * The pool's solvency over its history, from the indexer's per-block snapshots: what backs
 * claims (assets), what pending claims hold (reserved), what settled claims released to their
 * holders at filing and is not collected yet, and the premiums received and claims paid to date.
 * The caption turns the snapshots' share price (scaled, see PoolSnapshot) into tokens per share.
 */
export function SolvencyChart({
  series,
  token,
  shareDecimals,
}: {
  series: PoolSeriesState;
  token: StakeToken;
  /** The pool share's decimals, read from the chain. */
  shareDecimals: number | undefined;
}) {
  const snapshots = series.data?.snapshots ?? [];
  const amount = (value: string) => Number(formatUnits(BigInt(value), token.decimals));
  const first = snapshots[0];
  const last = snapshots.at(-1);
  const perShare = (sharePrice: string | null) =>
    sharePrice === null || shareDecimals === undefined
      ? "no shares"
      : `${formatAmount((BigInt(sharePrice) * 10n ** BigInt(shareDecimals)) / SHARE_PRICE_SCALE, token.decimals, 6)} ${token.symbol} per share`;
  return (
    <section className="card card--wide" aria-labelledby="solvency-heading" data-testid="solvency-card">
      <div className="card__head">
        <h2 id="solvency-heading">Solvency over time</h2>
        <IndexedBadge snapshot={series} />
      </div>
      {series.error && !series.data ? (
        <p className="notice notice--warning">
          The indexer is not answering ({series.error.message}); the history will appear when it does.
        </p>
      ) : !first || !last ? (
        <p className="muted" data-testid="solvency-empty">
          {series.loading ? "Loading…" : "The pool has no history yet."}
        </p>
      ) : (
        <SeriesChart
          testId="solvency-chart"
          title="Insurance pool solvency"
          description={`${snapshots.length} blocks in which the pool changed; assets now ${token.format(
            BigInt(last.totalAssets),
          )}, reserved ${token.format(BigInt(last.totalReserved))}, released and not collected ${token.format(
            BigInt(last.totalReleasable),
          )}.`}
          step
          unit={token.symbol}
          xStart={formatTimestamp(first.timestamp)}
          xEnd={formatTimestamp(last.timestamp)}
          xTitle="each block that moved the pool, in order (chain time)"
          series={[
            {
              key: "assets",
              label: "Assets",
              color: "var(--chart-free)",
              values: snapshots.map((s) => amount(s.totalAssets)),
            },
            {
              key: "reserved",
              label: "Reserved",
              color: "var(--chart-locked)",
              values: snapshots.map((s) => amount(s.totalReserved)),
            },
            {
              key: "releasable",
              label: "Released, to collect",
              color: "var(--info)",
              values: snapshots.map((s) => amount(s.totalReleasable)),
            },
            {
              key: "premiums",
              label: "Premiums to date",
              color: "var(--chart-unbonding)",
              values: snapshots.map((s) => amount(s.premiumsToDate)),
              dashed: true,
            },
            {
              key: "claims",
              label: "Claims paid to date",
              color: "var(--danger)",
              values: snapshots.map((s) => amount(s.claimsPaidToDate)),
              dashed: true,
            },
          ]}
          caption={
            <>
              {series.data?.truncated ? `newest ${snapshots.length} changes · ` : ""}
              <span data-testid="solvency-share-price">
                share price {perShare(first.sharePrice)} → {perShare(last.sharePrice)}
              </span>
            </>
          }
        />
      )}
    </section>
  );
}
