"use client";
import { useConnect, useConnectors } from "wagmi";
import { DEV_CONNECTOR_ID } from "@/lib/wagmi-config";

/** Shown in a section until a wallet is connected; offers the development account on the local chain. */
export function ConnectPrompt({ connecting, why }: { connecting: boolean; why: string }) {
  const connectors = useConnectors();
  const connect = useConnect();
  const dev = connectors.find((connector) => connector.id === DEV_CONNECTOR_ID);
  return (
    <section className="card connect-prompt" aria-labelledby="connect-heading">
      <h2 id="connect-heading">Connect a wallet to start</h2>
      <p className="muted">
        {why} Use the button at the top right for a browser wallet
        {dev ? ", or the development account of the local chain right here" : ""}.
      </p>
      {dev ? (
        <button
          type="button"
          className="button button--primary"
          onClick={() => connect.mutate({ connector: dev })}
          disabled={connecting || connect.isPending}
          data-testid="connect-dev-inline"
        >
          {connecting || connect.isPending ? "Connecting…" : "Use the development account"}
        </button>
      ) : null}
    </section>
  );
}
