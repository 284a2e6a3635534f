"use client";
import { useConnection, useSwitchChain } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** Shown while the wallet is on another chain than the one this app serves. */
export function ChainNotice() {
  const { chainId: walletChainId, status } = useConnection();
  const { chainId, chainName } = useRuntimeConfig();
  const switchChain = useSwitchChain();
  if (status !== "connected" || walletChainId === undefined || walletChainId === chainId) return null;
  return (
    <div className="banner banner--warning" role="alert" data-testid="wrong-chain">
      <div className="banner__inner">
        <span>
          Your wallet is on chain {walletChainId}; Leasehold here runs on <strong>{chainName}</strong> (chain {chainId}
          ).
        </span>
        <button
          type="button"
          className="button button--small"
          onClick={() => switchChain.mutate({ chainId })}
          disabled={switchChain.isPending}
        >
          {switchChain.isPending ? "Switching…" : `Switch to ${chainName}`}
        </button>
        {switchChain.error ? <span className="banner__error">{switchChain.error.message.split("\n")[0]}</span> : null}
      </div>
    </div>
  );
}
