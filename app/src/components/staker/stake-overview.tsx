"use client";
import { Faucet } from "@/components/ui/faucet";
import { formatAmount } from "@/lib/format";
import type { StakeToken } from "@/lib/use-stake-token";
import type { StakerReads } from "./use-staker-reads";

/** Wallet and stake at a glance, straight from the chain, plus the devnet faucet. */
export function StakeOverview({
  reads,
  token,
  writable,
}: {
  reads: StakerReads;
  token: StakeToken;
  writable: boolean;
}) {
  const { stake, minimumStake } = reads;
  const meets = stake && minimumStake !== undefined ? stake.free >= minimumStake : undefined;
  return (
    <section className="card card--wide" aria-labelledby="overview-heading">
      <div className="card__head">
        <h2 id="overview-heading">Your stake</h2>
        {meets === undefined ? null : meets ? (
          <span className="pill pill--live" data-testid="meets-minimum">
            Meets the minimum of {token.format(minimumStake!)}
          </span>
        ) : (
          <span className="pill pill--warn" data-testid="meets-minimum">
            Below the minimum of {token.format(minimumStake!)}: agents inactive
          </span>
        )}
      </div>
      <dl className="stats">
        <Stat label="Wallet" testId="token-balance" value={reads.tokenBalance} token={token}>
          <span className="stat__sub" data-testid="eth-balance">
            {reads.ethBalance === undefined ? "…" : `${formatAmount(reads.ethBalance, 18)} ETH`}
          </span>
        </Stat>
        <Stat label="Free stake" testId="free-stake" value={stake?.free} token={token} emphasis>
          <span className="stat__sub">backs agents, can be locked or withdrawn</span>
        </Stat>
        <Stat label="Locked" testId="locked-stake" value={stake?.locked} token={token}>
          <span className="stat__sub">collateral for open jobs</span>
        </Stat>
        <Stat label="Unbonding" testId="unbonding-stake" value={stake?.unbonding} token={token}>
          <span className="stat__sub">on its way out, still slashable</span>
        </Stat>
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
