"use client";
import { useConnection } from "wagmi";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useStakeToken } from "@/lib/use-stake-token";
import { ClaimsTable } from "./claims-table";
import { DepositForm } from "./deposit-form";
import { PoolOverview } from "./pool-overview";
import { RedeemCard } from "./redeem-card";
import { ReleasesCard } from "./releases-card";
import { SolvencyChart } from "./solvency-chart";
import { usePoolReads } from "./use-pool-reads";
import { usePoolSeries } from "./use-pool-series";

/**
 * The insurer's workflow: see the pool, deposit, redeem after the cooldown, collect what settled
 * claims released, and follow claims and solvency.
 */
export function InsuranceDashboard() {
  const config = useRuntimeConfig();
  const { address, status, chainId: walletChainId } = useConnection();
  const account = status === "connected" ? address : undefined;
  const token = useStakeToken();
  const reads = usePoolReads(account);
  const series = usePoolSeries();
  const onChain = walletChainId === config.chainId;
  const writable = Boolean(account) && onChain && Boolean(config.deployment);

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Insurer</p>
        <h1>Insurance</h1>
        <p className="lead">
          Back the network&apos;s insurance pool: earn the premium of every paid job, and pay the clients the court
          finds were wronged.
        </p>
      </header>
      {!config.deployment ? (
        <p className="notice notice--warning">There is no Leasehold deployment on {config.chainName} yet.</p>
      ) : !token ? null : (
        <>
          {reads.error ? (
            <p className="notice notice--error" role="alert">
              Could not read from the chain:{" "}
              {(reads.error as { shortMessage?: string }).shortMessage ?? reads.error.message}
            </p>
          ) : null}
          <PoolOverview reads={reads} series={series} token={token} account={account} writable={writable} />
          {!account ? (
            <ConnectPrompt
              connecting={status === "connecting" || status === "reconnecting"}
              why="Your shares belong to the account you connect."
            />
          ) : (
            <>
              {!onChain ? (
                <p className="notice notice--warning">
                  Switch your wallet to {config.chainName} (see above) to make changes.
                </p>
              ) : null}
              <div className="grid-2">
                <DepositForm reads={reads} token={token} account={account} writable={writable} />
                <RedeemCard reads={reads} token={token} account={account} writable={writable} />
              </div>
              <ReleasesCard reads={reads} token={token} account={account} writable={writable} />
            </>
          )}
          <SolvencyChart series={series} token={token} shareDecimals={reads.shareDecimals} />
          <ClaimsTable reads={reads} token={token} />
        </>
      )}
    </div>
  );
}
