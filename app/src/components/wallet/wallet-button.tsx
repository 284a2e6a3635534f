"use client";
import { useEffect, useRef, useState } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect, type Connector } from "wagmi";
import type { Address } from "viem";
import { isDevelopmentConnector, type DevelopmentConnector } from "@/lib/dev-connector";
import { shortAddress } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { DEV_CONNECTOR_ID } from "@/lib/wagmi-config";

/** Connect and disconnect: the built-in development account (local chain) and any browser wallet. */
export function WalletButton() {
  const { address, status, connector } = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    const onClick = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  // Close the menu once a connection completes (adjusting state on a status change, in render).
  const [lastStatus, setLastStatus] = useState(status);
  if (status !== lastStatus) {
    setLastStatus(status);
    if (status === "connected") setOpen(false);
  }

  if (status === "connected" && address) {
    return (
      <div className="wallet">
        {isDevelopmentConnector(connector) ? (
          <DevAccountSwitcher connector={connector} address={address} />
        ) : (
          <span className="wallet__account" data-testid="connected-account" title={address}>
            <span className="wallet__connector">{connector?.name ?? "Wallet"}</span>
            <span className="mono">{shortAddress(address)}</span>
          </span>
        )}
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => disconnect.mutate()}
          data-testid="disconnect"
        >
          Disconnect
        </button>
      </div>
    );
  }

  const busy = status === "connecting" || status === "reconnecting" || connect.isPending;
  const choices = orderConnectors(connectors);
  return (
    <div className="wallet" ref={root}>
      <button
        type="button"
        className="button button--primary button--small"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        disabled={busy}
        data-testid="connect-wallet"
      >
        {busy ? "Connecting…" : "Connect wallet"}
      </button>
      {open ? (
        <div className="wallet__menu" role="group" aria-label="Choose how to connect">
          {choices.map((choice) => (
            <button
              key={choice.uid}
              type="button"
              className="wallet__choice"
              onClick={() => connect.mutate({ connector: choice })}
              data-testid={`connect-${choice.id}`}
            >
              <strong>{displayName(choice)}</strong>
              <small>{describe(choice)}</small>
            </button>
          ))}
          {connect.error ? (
            <p className="wallet__error" role="alert">
              {(connect.error as Error).name === "ProviderNotFoundError"
                ? "No browser wallet was found. Install one, or use the development account."
                : ((connect.error as { shortMessage?: string }).shortMessage ?? connect.error.message)}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/**
 * The active development account with its devnet role, and a switch to any other (this tab only,
 * no reconnect): one app server plays every party of a two-party flow.
 */
function DevAccountSwitcher({ connector, address }: { connector: DevelopmentConnector; address: Address }) {
  const { devAccounts } = useRuntimeConfig();
  const active = devAccounts.find((account) => account.address.toLowerCase() === address.toLowerCase());
  return (
    <label className="wallet__account wallet__account--dev" data-testid="connected-account" title={address}>
      <span className="wallet__connector">
        Development account
        {active ? <span data-testid="dev-account-role"> · {active.role}</span> : null}
      </span>
      <select
        className="wallet__switch mono"
        value={active?.address ?? ""}
        onChange={(event) => connector.selectAccount(event.target.value as Address)}
        aria-label="Act as development account"
        data-testid="dev-account-select"
      >
        {devAccounts.map((account) => (
          <option key={account.address} value={account.address}>
            #{account.index} {shortAddress(account.address)} · {account.role}
          </option>
        ))}
      </select>
    </label>
  );
}

function orderConnectors(connectors: readonly Connector[]): Connector[] {
  // Development account first; the generic injected entry last, and only when no wallet announced itself.
  const discovered = connectors.filter((c) => c.id !== DEV_CONNECTOR_ID && c.id !== "injected");
  const dev = connectors.filter((c) => c.id === DEV_CONNECTOR_ID);
  const generic = discovered.length === 0 ? connectors.filter((c) => c.id === "injected") : [];
  return [...dev, ...discovered, ...generic];
}

function displayName(connector: Connector): string {
  return connector.id === "injected" && connector.name === "Injected" ? "Browser wallet" : connector.name;
}

function describe(connector: Connector): string {
  if (connector.id === DEV_CONNECTOR_ID) return "Built-in unlocked account of the local chain";
  if (connector.id === "injected") return "The wallet extension in this browser";
  return "Browser wallet";
}
