"use client";
import { useConnection } from "wagmi";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { stakesFrozenText } from "@/lib/court-phase";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import { useStakeToken } from "@/lib/use-stake-token";
import { BenchOverview } from "./bench-overview";
import { CourtBalanceCard } from "./court-balance-card";
import { DrawLineCard } from "./draw-line-card";
import { DrawnQueue } from "./drawn-queue";
import { JoinCourtForm } from "./join-court-form";
import { LeaveCourtCard } from "./leave-court-card";
import { useCourtReads } from "./use-court-reads";
import { useDrawSession } from "./use-draw-session";

/** The arbitrator's workflow: join the bench, sit on the panels drawn to you, collect, leave. */
export function CourtDashboard() {
  const config = useRuntimeConfig();
  const { address, status, chainId: walletChainId } = useConnection();
  const token = useStakeToken();
  const reads = useCourtReads(status === "connected" ? address : undefined);
  const onChain = walletChainId === config.chainId;
  const writable = status === "connected" && onChain && Boolean(config.deployment);
  const now = useChainNow();
  const drawSession = useDrawSession();
  // While a draw session runs, deposits and leave requests revert (ArbitratorRegistryStakesFrozen).
  const frozen = drawSession.data ? stakesFrozenText(drawSession.data.state) : null;

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Arbitrator</p>
        <h1>Court</h1>
        <p className="lead">
          Stake to sit on dispute panels, vote on the disputes drawn to you by commit and reveal, and collect your fees.
        </p>
      </header>
      {!config.deployment ? (
        <p className="notice notice--warning">There is no Leasehold deployment on {config.chainName} yet.</p>
      ) : status !== "connected" || !address ? (
        <ConnectPrompt
          connecting={status === "connecting" || status === "reconnecting"}
          why="Your court stake, your seats and your balance belong to the account you connect."
        />
      ) : !token ? null : (
        <>
          {!onChain ? (
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
          <DrawnQueue account={address} token={token} />
          <DrawLineCard reads={drawSession.data} now={now} writable={writable} />
          <BenchOverview reads={reads} token={token} writable={writable} />
          <div className="grid-2">
            <JoinCourtForm reads={reads} token={token} writable={writable} frozen={frozen} />
            <LeaveCourtCard reads={reads} token={token} writable={writable} frozen={frozen} />
          </div>
          <CourtBalanceCard account={address} balance={reads.courtBalance} token={token} writable={writable} />
        </>
      )}
    </div>
  );
}
