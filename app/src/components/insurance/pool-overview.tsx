"use client";
import { devStakeTokenAbi } from "@leasehold/sdk/abis";
import type { Address } from "viem";
import { useReadContract } from "wagmi";
import { Faucet } from "@/components/ui/faucet";
import { formatAmount, formatDuration } from "@/lib/format";
import { formatPercent, premiumYield, YIELD_WINDOW_SECONDS } from "@/lib/insurance-yield";
import { indexedBlockTime } from "@/lib/insurance-data";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import type { PoolReads } from "./use-pool-reads";
import type { PoolSeriesState } from "./use-pool-series";

/** The pool at a glance from the chain, the account's part of it, and the yield premiums actually paid. */
export function PoolOverview({
  reads,
  series,
  token,
  account,
  writable,
}: {
  reads: PoolReads;
  series: PoolSeriesState;
  token: StakeToken;
  /** The connected account, if any. */
  account: Address | undefined;
  writable: boolean;
}) {
  const shareDecimals = reads.shareDecimals;
  const formatShares = (value: bigint | undefined) =>
    value === undefined || shareDecimals === undefined ? "…" : formatAmount(value, shareDecimals);
  return (
    <section className="card card--wide" aria-labelledby="pool-heading">
      <div className="card__head">
        <h2 id="pool-heading">The pool</h2>
      </div>
      <dl className="stats">
        <Stat label="Total assets" testId="pool-total-assets" value={reads.totalAssets} token={token} emphasis>
          <span className="stat__sub">backs claims; excludes reservations</span>
        </Stat>
        <Stat label="Reserved" testId="pool-reserved" value={reads.totalReserved} token={token}>
          <span className="stat__sub">set aside for pending claims</span>
        </Stat>
        <Stat label="Released" testId="pool-releasable" value={reads.totalReleasable} token={token}>
          <span className="stat__sub">owed back by settled claims, not yet collected</span>
        </Stat>
        <div className="stat">
          <dt>Share price</dt>
          <dd>
            <span className="stat__value" data-testid="pool-share-price">
              {reads.sharePrice === undefined ? "…" : formatAmount(reads.sharePrice, token.decimals, 6)}
            </span>{" "}
            <span className="stat__unit">{token.symbol} per share</span>
          </dd>
          <span className="stat__sub">{formatShares(reads.totalSupply)} shares issued</span>
        </div>
        <YieldStat series={series} token={token} />
      </dl>
      {account ? (
        <dl className="stats">
          <div className="stat">
            <dt>Your shares</dt>
            <dd>
              <span className="stat__value" data-testid="pool-your-shares">
                {formatShares(reads.shares)}
              </span>
            </dd>
            {reads.request && reads.request.shares > 0n ? (
              <span className="stat__sub">{formatShares(reads.request.shares)} locked for redemption</span>
            ) : null}
          </div>
          <Stat label="Their value" testId="pool-your-value" value={reads.sharesValue} token={token}>
            <span className="stat__sub">at today&apos;s share price</span>
          </Stat>
          <Stat label="Wallet" testId="pool-token-balance" value={reads.tokenBalance} token={token} />
        </dl>
      ) : null}
      {account ? <PoolFaucet account={account} token={token} writable={writable} /> : null}
    </section>
  );
}

/** The devnet faucet, when the deployment has one (the faucet shows nothing otherwise). */
function PoolFaucet({ account, token, writable }: { account: Address; token: StakeToken; writable: boolean }) {
  const { deployment, chainId } = useRuntimeConfig();
  const devToken = deployment?.contracts.DevStakeToken?.address;
  const availableAt = useReadContract({
    address: devToken,
    abi: devStakeTokenAbi,
    functionName: "faucetAvailableAt",
    args: [account],
    chainId,
    query: { enabled: Boolean(devToken) },
  });
  const amount = useReadContract({
    address: devToken,
    abi: devStakeTokenAbi,
    functionName: "FAUCET_AMOUNT",
    chainId,
    query: { enabled: Boolean(devToken), staleTime: Infinity },
  });
  return <Faucet availableAt={availableAt.data} amount={amount.data} token={token} writable={writable} />;
}

/** Below this much history a yearly rate would be an extrapolation of minutes or hours: the window's own rate is shown. */
const MIN_ANNUALIZED_SECONDS = 7 * 24 * 60 * 60;

function YieldStat({ series, token }: { series: PoolSeriesState; token: StakeToken }) {
  const { chainId } = useRuntimeConfig();
  const now = indexedBlockTime(series.data?._meta?.status, chainId);
  const points = (series.data?.snapshots ?? []).map((snapshot) => ({
    timestamp: BigInt(snapshot.timestamp),
    totalAssets: BigInt(snapshot.totalAssets),
    premiumsToDate: BigInt(snapshot.premiumsToDate),
  }));
  const result = now === null ? null : premiumYield(points, now, YIELD_WINDOW_SECONDS);
  const span = result ? Number(result.to - result.from) : 0;
  const annualized = span >= MIN_ANNUALIZED_SECONDS;
  const window = result?.shortened ? `the pool's ${describeSpan(span)} of history` : "the last 30 days";
  return (
    <div className="stat">
      <dt>Premium yield</dt>
      <dd>
        <span className="stat__value" data-testid="pool-yield">
          {series.error && !series.data
            ? "—"
            : !series.data
              ? "…"
              : result
                ? formatPercent(annualized ? result.annualized : result.rate)
                : "—"}
        </span>{" "}
        <span className="stat__unit">{!result ? "" : annualized ? "a year" : `over ${describeSpan(span)}`}</span>
      </dd>
      <span className="stat__sub" data-testid="pool-yield-window">
        {result
          ? `${token.format(result.premiums)} of premiums over ${window}, on ${token.format(
              result.averageAssets,
            )} of average assets${
              annualized
                ? ` (${formatPercent(result.rate)} in that time)`
                : "; too little history to state a yearly rate"
            }`
          : series.error && !series.data
            ? "the indexer is not answering"
            : "no history to measure yet"}
      </span>
    </div>
  );
}

/** "12 days", "3 h 05 min", "2 min 04 s". */
function describeSpan(seconds: number): string {
  return seconds >= 2 * 86_400 ? `${Math.floor(seconds / 86_400)} days` : formatDuration(seconds);
}

function Stat({
  label,
  value,
  token,
  testId,
  emphasis,
  children,
}: {
  label: string;
  value: bigint | undefined;
  token: StakeToken;
  testId: string;
  emphasis?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <div className={`stat${emphasis ? " stat--emphasis" : ""}`}>
      <dt>{label}</dt>
      <dd>
        <span className="stat__value" data-testid={testId}>
          {value === undefined ? "…" : token.formatPlain(value)}
        </span>{" "}
        <span className="stat__unit">{token.symbol}</span>
      </dd>
      {children}
    </div>
  );
}
