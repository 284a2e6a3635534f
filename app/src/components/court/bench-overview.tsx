"use client";
import type { ReactNode } from "react";
import { Faucet } from "@/components/ui/faucet";
import type { StakeToken } from "@/lib/use-stake-token";
import type { CourtReads } from "./use-court-reads";

/** The arbitrator's stake on the bench and its odds of being drawn, straight from the chain. */
export function BenchOverview({ reads, token, writable }: { reads: CourtReads; token: StakeToken; writable: boolean }) {
  const { arbitrator, weight, totalWeight, minimumStake } = reads;
  const odds = weight !== undefined && totalWeight ? Number((weight * 10_000n) / totalWeight) / 100 : undefined;
  const drawable = weight !== undefined ? weight > 0n : undefined;
  return (
    <section className="card card--wide" aria-labelledby="bench-heading">
      <div className="card__head">
        <h2 id="bench-heading">Your seat on the bench</h2>
        {drawable === undefined ? null : drawable ? (
          <span className="pill pill--live" data-testid="bench-drawable">
            Drawable
          </span>
        ) : (
          <span className="pill pill--warn" data-testid="bench-drawable">
            Not drawable
            {minimumStake === undefined ? "" : `: needs ${token.format(minimumStake)} of free stake`}
          </span>
        )}
      </div>
      <dl className="stats">
        <Stat label="Wallet" value={reads.tokenBalance} token={token} testId="court-wallet" />
        <Stat label="Free court stake" value={arbitrator?.free} token={token} testId="court-free" emphasis>
          <span className="stat__sub">drawable while at least the minimum</span>
        </Stat>
        <Stat label="Locked by seats" value={arbitrator?.locked} token={token} testId="court-locked">
          <span className="stat__sub">
            {arbitrator === undefined
              ? "…"
              : `${arbitrator.seats} seat${arbitrator.seats === 1 ? "" : "s"} on live disputes`}
          </span>
        </Stat>
        <Stat label="Leaving" value={arbitrator?.leaving} token={token} testId="court-leaving">
          <span className="stat__sub">no longer drawable</span>
        </Stat>
      </dl>
      <dl className="facts">
        <dt>Drawing weight</dt>
        <dd data-testid="court-weight">
          {weight === undefined || totalWeight === undefined
            ? "…"
            : `${token.format(weight)} of ${token.format(totalWeight)} on the bench`}
        </dd>
        <dt>Odds per seat</dt>
        <dd data-testid="court-odds">
          {odds === undefined
            ? "no drawable stake on the bench yet"
            : `${odds.toLocaleString("en-US", { maximumFractionDigits: 2 })} % (weight ÷ total weight)`}
          {reads.drawableCount === undefined ? null : (
            <span className="muted"> · {reads.drawableCount.toString()} drawable arbitrators</span>
          )}
        </dd>
        <dt>Lock per seat</dt>
        <dd>{minimumStake === undefined ? "…" : token.format(minimumStake)}</dd>
      </dl>
      <Faucet availableAt={reads.faucetAvailableAt} amount={reads.faucetAmount} token={token} writable={writable} />
    </section>
  );
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
  children?: ReactNode;
}) {
  return (
    <div className={`stat${emphasis ? " stat--emphasis" : ""}`}>
      <dt>{label}</dt>
      <dd>
        <span className="stat__value" data-testid={testId}>
          {value === undefined ? "…" : token.formatPlain(value)}
        </span>{" "}
        <span className="stat__unit">{token.symbol}</span>
        {children}
      </dd>
    </div>
  );
}
