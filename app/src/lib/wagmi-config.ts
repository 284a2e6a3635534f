import { localChain } from "@leasehold/sdk";
import { defineChain, type Chain } from "viem";
import { createConfig, http, type Config, type CreateConnectorFn } from "wagmi";
import { injected } from "wagmi/connectors";
import type { ClientConfig } from "./client-config";
import { developmentAccounts } from "./dev-connector";

export { DEV_CONNECTOR_ID } from "./dev-connector";

/** The configured chain, reached through the RPC URL the server handed us. */
export function configuredChain(config: ClientConfig): Chain {
  const rpcUrls = { default: { http: [config.rpcUrl] } };
  if (config.isLocalChain) return { ...localChain, rpcUrls };
  return defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls,
  });
}

export function createWagmiConfig(config: ClientConfig): Config {
  const chain = configuredChain(config);
  const connectors: CreateConnectorFn[] = [injected({ shimDisconnect: true })];
  // Development accounts only on the local chain; the connector checks the RPC's chain id again.
  if (config.isLocalChain && config.devAccountAddress) connectors.unshift(developmentAccounts(config));
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(config.rpcUrl, { batch: true }) },
    // A local chain mines on demand: poll it briskly so confirmations and countdowns feel live.
    pollingInterval: config.isLocalChain ? 500 : 4_000,
    ssr: true,
  });
}
