import { localChain } from "@leasehold/sdk";
import { defineChain, type Address, type Chain } from "viem";
import { createConfig, createConnector, http, type Config, type CreateConnectorFn } from "wagmi";
import { injected, mock } from "wagmi/connectors";
import type { ClientConfig } from "./client-config";

export const DEV_CONNECTOR_ID = "leasehold-dev";

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
  if (config.devAccountAddress) connectors.unshift(developmentAccount(config.devAccountAddress));
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(config.rpcUrl, { batch: true }) },
    // A local chain mines on demand: poll it briskly so confirmations and countdowns feel live.
    pollingInterval: config.isLocalChain ? 500 : 4_000,
    ssr: true,
  });
}

/**
 * The built-in development account: wagmi's mock connector over one of the chain's unlocked
 * accounts (anvil signs eth_sendTransaction itself). Unlike the bare mock it has a proper name
 * and survives a reload until the person disconnects it.
 */
function developmentAccount(address: Address) {
  const inner = mock({ accounts: [address], features: { reconnect: true } });
  const connectedKey = `${DEV_CONNECTOR_ID}.connected`;
  return createConnector((wagmiConfig) => {
    const base = inner(wagmiConfig);
    return {
      ...base,
      id: DEV_CONNECTOR_ID,
      name: "Development account",
      async connect(parameters) {
        const result = await base.connect.call(this, parameters);
        await wagmiConfig.storage?.setItem(connectedKey, true);
        return result;
      },
      async disconnect() {
        await wagmiConfig.storage?.removeItem(connectedKey);
        await base.disconnect.call(this);
      },
      async isAuthorized() {
        return Boolean(await wagmiConfig.storage?.getItem(connectedKey));
      },
    } as typeof base;
  });
}
