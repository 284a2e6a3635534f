"use client";
import Link from "next/link";
import { useConnection } from "wagmi";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { releaseKey, ReleaseStatus } from "@/lib/governance";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useStakeToken } from "@/lib/use-stake-token";
import { ProposalBuilder } from "./proposal-builder";
import { ProposalList } from "./proposal-list";
import { PublishReleaseCard } from "./publish-release-card";
import { ReleaseCard } from "./release-card";
import { useReleases, useVotingReads } from "./use-governance-reads";
import { VotingPowerCard } from "./voting-power-card";

const groups = [
  { status: ReleaseStatus.Pending, title: "Pending review", empty: "No release is waiting for review." },
  { status: ReleaseStatus.Approved, title: "Approved", empty: "No release is approved yet." },
  { status: ReleaseStatus.Revoked, title: "Revoked", empty: "No release was ever revoked." },
];

/** Voters review code releases and approve them through the Governor; the guardian revokes. */
export function GovernanceDashboard() {
  const config = useRuntimeConfig();
  const { address, status, chainId: walletChainId } = useConnection();
  const connected = status === "connected" && address ? address : undefined;
  const writable = Boolean(connected) && walletChainId === config.chainId && Boolean(config.deployment);

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">DAO voter · guardian</p>
        <h1>Governance</h1>
        <p className="lead">
          Agent code runs only once governance approves a release of it, after a public review window. Anyone may
          publish a copy of a code hash with other metadata, so a proposal approves one publisher&apos;s release.
          Delegate your votes, propose approvals, vote, and execute them through the timelock. Every privileged action
          is in the <Link href="/admin-log">admin log</Link>.
        </p>
      </header>
      {!config.deployment ? (
        <p className="notice notice--warning">There is no Leasehold deployment on {config.chainName} yet.</p>
      ) : (
        <GovernanceBody
          account={connected}
          writable={writable}
          connecting={status === "connecting" || status === "reconnecting"}
        />
      )}
    </div>
  );
}

function GovernanceBody({
  account,
  writable,
  connecting,
}: {
  account: `0x${string}` | undefined;
  writable: boolean;
  connecting: boolean;
}) {
  const token = useStakeToken();
  const reads = useVotingReads(account);
  const { releases, loading, error } = useReleases();
  return (
    <>
      {account ? (
        <>
          <VotingPowerCard account={account} reads={reads} writable={writable} />
          <PublishReleaseCard account={account} token={token} writable={writable} />
          <ProposalBuilder reads={reads} writable={writable} />
        </>
      ) : (
        <ConnectPrompt
          connecting={connecting}
          why="Voting power belongs to the account you connect; anyone can read."
        />
      )}
      {reads.isGuardian ? (
        <p className="notice notice--warning" data-testid="guardian-notice">
          This account is the guardian: it can revoke any pending or approved release at once (a squatter&apos;s copy, a
          false declaration), or the code itself when it must never run, always with a public reason. It can approve
          nothing.
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          Could not read the releases: {(error as { shortMessage?: string }).shortMessage ?? error.message}
        </p>
      ) : null}
      <ProposalList account={account} reads={reads} writable={writable} />
      {groups.map((group) => {
        const list = releases
          .filter((release) => release.status === group.status)
          .sort((a, b) => Number(b.publishedAt - a.publishedAt));
        return (
          <section key={group.status} className="stack" aria-labelledby={`releases-${group.status}`}>
            <h2 id={`releases-${group.status}`}>
              {group.title} <span className="muted">({loading ? "…" : list.length})</span>
            </h2>
            {!loading && list.length === 0 ? <p className="muted">{group.empty}</p> : null}
            <div className="stack" data-testid={`releases-${group.title.split(" ")[0]!.toLowerCase()}`}>
              {list.map((release) => (
                <ReleaseCard
                  key={releaseKey(release)}
                  release={release}
                  account={account}
                  reads={reads}
                  token={token}
                  writable={writable}
                />
              ))}
            </div>
          </section>
        );
      })}
    </>
  );
}
