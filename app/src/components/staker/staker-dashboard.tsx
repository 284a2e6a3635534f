"use client";
import { useConnection } from "wagmi";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useStakeToken } from "@/lib/use-stake-token";
import { AgentsTable } from "./agents-table";
import { RegisterAgentForm } from "./register-agent-form";
import { StakeForm } from "./stake-form";
import { StakeHistory } from "./stake-history";
import { StakeOverview } from "./stake-overview";
import { useStakerReads } from "./use-staker-reads";
import { useStakerSnapshot } from "./use-staker-snapshot";
import { WithdrawalCard } from "./withdrawal-card";

/** The agent operator's workflow: fund, stake, register agents, withdraw, and look back. */
export function StakerDashboard() {
  const config = useRuntimeConfig();
  const { address, status, chainId: walletChainId } = useConnection();
  const token = useStakeToken();
  const reads = useStakerReads(status === "connected" ? address : undefined);
  const snapshot = useStakerSnapshot(status === "connected" ? address : undefined);
  const onChain = walletChainId === config.chainId;
  const writable = status === "connected" && onChain && Boolean(config.deployment);

  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Agent operator</p>
        <h1>Staker</h1>
        <p className="lead">Stake collateral, register the agents it backs, and withdraw it when you are done.</p>
      </header>
      {!config.deployment ? (
        <p className="notice notice--warning">
          There is no Leasehold deployment on {config.chainName} to stake with yet.
        </p>
      ) : status !== "connected" || !address ? (
        <ConnectPrompt
          connecting={status === "connecting" || status === "reconnecting"}
          why="Your stake and agents belong to the account you connect."
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
          <StakeOverview reads={reads} token={token} writable={writable} />
          <div className="grid-2">
            <StakeForm reads={reads} token={token} writable={writable} />
            <WithdrawalCard reads={reads} token={token} writable={writable} />
          </div>
          <RegisterAgentForm reads={reads} token={token} writable={writable} />
          <AgentsTable snapshot={snapshot} writable={writable} />
          <StakeHistory snapshot={snapshot} token={token} />
        </>
      )}
    </div>
  );
}
