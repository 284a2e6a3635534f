"use client";
import { useState } from "react";
import { useConnection } from "wagmi";
import { Faucet } from "@/components/ui/faucet";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { fetchOwnerSnapshot } from "@/lib/indexer-jobs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useIndexed } from "@/lib/use-indexed";
import { useStakeToken } from "@/lib/use-stake-token";
import { ContentKeysPanel } from "./content-keys-panel";
import { GrantLeaseForm } from "./grant-lease-form";
import { LeasesTable } from "./leases-table";
import { OpenJobForm } from "./open-job-form";
import { OwnerJobsTable } from "./owner-jobs-table";
import { useContentKeys } from "./use-content-keys";
import { useOwnerReads } from "./use-owner-reads";

/** The data owner's workflow: lend a context under a lease, run jobs on it, follow and settle them. */
export function OwnerDashboard() {
  const config = useRuntimeConfig();
  const { address, status, chainId: walletChainId } = useConnection();
  const connected = status === "connected" ? address : undefined;
  const token = useStakeToken();
  const reads = useOwnerReads(connected);
  const keys = useContentKeys(connected);
  const snapshot = useIndexed(["owner", connected], () => fetchOwnerSnapshot(connected!), Boolean(connected));
  const [selectedLease, setSelectedLease] = useState("");
  const writable = status === "connected" && walletChainId === config.chainId && Boolean(config.deployment);
  const leases = snapshot.data?.leases.items ?? [];
  const agents = snapshot.data?.agents.items ?? [];

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Data owner</p>
        <h1>Your data, on lease</h1>
        <p className="lead">
          Lend a context to an agent for a scope and a time, pay for jobs through escrow, and check every receipt before
          the payment is released.
        </p>
      </header>
      {!config.deployment ? (
        <p className="notice notice--warning">There is no Leasehold deployment on {config.chainName} yet.</p>
      ) : !connected ? (
        <ConnectPrompt
          connecting={status === "connecting" || status === "reconnecting"}
          why="Your leases, jobs and content keys belong to the account you connect."
        />
      ) : !token ? null : (
        <>
          {walletChainId !== config.chainId ? (
            <p className="notice notice--warning">
              Switch your wallet to {config.chainName} (see above) to make changes.
            </p>
          ) : null}
          {reads.error ? (
            <p className="notice notice--error" role="alert">
              Could not read from the chain:{" "}
              {(reads.error as { shortMessage?: string }).shortMessage ?? reads.error.message}
            </p>
          ) : null}
          <section className="card card--wide" aria-labelledby="wallet-heading">
            <div className="card__head">
              <h2 id="wallet-heading">Wallet</h2>
            </div>
            <dl className="stats">
              <div className="stat">
                <dt>Balance</dt>
                <dd>
                  <span className="stat__value" data-testid="owner-balance">
                    {reads.tokenBalance === undefined ? "…" : token.formatPlain(reads.tokenBalance)}
                  </span>{" "}
                  <span className="stat__unit">{token.symbol}</span>
                </dd>
                <span className="stat__sub">pays for jobs through escrow</span>
              </div>
              <div className="stat">
                <dt>Longest lease</dt>
                <dd>
                  <span className="stat__value" data-testid="owner-max-ttl">
                    {reads.maxTtl === undefined ? "…" : describeTtl(reads.maxTtl)}
                  </span>
                </dd>
                <span className="stat__sub">the lease registry&apos;s limit</span>
              </div>
              <div className="stat">
                <dt>Challenge window</dt>
                <dd>
                  <span className="stat__value">
                    {reads.challengeWindow === undefined ? "…" : describeTtl(reads.challengeWindow)}
                  </span>
                </dd>
                <span className="stat__sub">between a receipt and the payment</span>
              </div>
            </dl>
            <Faucet
              availableAt={reads.faucetAvailableAt}
              amount={reads.faucetAmount}
              token={token}
              writable={writable}
            />
          </section>
          <GrantLeaseForm
            account={connected}
            agents={agents}
            reads={reads}
            token={token}
            writable={writable}
            onGranted={(leaseId) => setSelectedLease(leaseId.toString())}
            onKeysChanged={() => void keys.refresh()}
          />
          <LeasesTable
            snapshot={snapshot}
            keys={keys}
            token={token}
            writable={writable}
            onOpenJob={(leaseId) => {
              setSelectedLease(leaseId);
              document.getElementById("open-job")?.scrollIntoView({ behavior: "smooth", block: "start" });
            }}
          />
          <OpenJobForm
            leases={leases}
            agents={agents}
            selectedLeaseId={selectedLease}
            onSelectLease={setSelectedLease}
            keys={keys}
            reads={reads}
            token={token}
            writable={writable}
          />
          <OwnerJobsTable snapshot={snapshot} token={token} />
          <ContentKeysPanel
            account={connected}
            keys={keys}
            leasedContentIds={new Set(leases.map((lease) => lease.contextId.toLowerCase()))}
          />
        </>
      )}
    </div>
  );
}

function describeTtl(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
