/**
 * The built-in development accounts connector (local chain only): the browser holds no key, it
 * asks the local chain to send as one of its unlocked development accounts (anvil signs
 * eth_sendTransaction itself). Every signing or sending request first asks the RPC endpoint for
 * its chain id and refuses unless it is the local chain's, so these public keys can never act on
 * another chain, even when an RPC URL is misconfigured. Which account a tab acts as is its own
 * choice (sessionStorage): two tabs can play two parties against one app server.
 */
import { LOCAL_CHAIN_ID } from "@leasehold/sdk";
import {
  BaseError,
  custom,
  getAddress,
  isAddressEqual,
  numberToHex,
  RpcRequestError,
  SwitchChainError,
  type Address,
} from "viem";
import { rpc } from "viem/utils";
import { ChainNotConfiguredError, createConnector, type Connector } from "wagmi";
import type { ClientConfig } from "./client-config";

export const DEV_CONNECTOR_ID = "leasehold-dev";

/** The development connector, with the account switch only it has. */
export type DevelopmentConnector = Connector & {
  /** Acts as `address` (one of the configured development accounts) in this tab from now on. */
  selectAccount(address: Address): void;
  selectedAccount(): Address;
};

export function isDevelopmentConnector(connector: Connector | undefined): connector is DevelopmentConnector {
  return connector?.id === DEV_CONNECTOR_ID;
}

/** Refused: the RPC endpoint is not the local chain, so a development account must not act there. */
export class DevelopmentAccountChainError extends BaseError {
  constructor(chainId: number | undefined, options: { cause?: Error } = {}) {
    super(
      chainId === undefined
        ? "Could not confirm that the RPC endpoint is the local chain; development accounts only act there."
        : `The RPC endpoint is chain ${chainId}, not the local chain (${LOCAL_CHAIN_ID}); development accounts only act there.`,
      { cause: options.cause, name: "DevelopmentAccountChainError" },
    );
  }
}

/** Requests that act as the account: each one is preceded by the chain id check. */
const signing = new Set([
  "eth_sendTransaction",
  "eth_sign",
  "personal_sign",
  "eth_signTransaction",
  "eth_signTypedData",
  "eth_signTypedData_v4",
  "wallet_sendCalls",
]);

const SELECTED_KEY = `${DEV_CONNECTOR_ID}.account`;

export function developmentAccounts(config: ClientConfig) {
  const fallback = config.devAccountAddress;
  const known = config.devAccounts.map((account) => account.address);
  if (!config.isLocalChain || !fallback) throw new Error("Development accounts exist on the local chain only.");
  const url = config.rpcUrl;

  const selectedAccount = (): Address => {
    const stored = typeof sessionStorage === "undefined" ? null : sessionStorage.getItem(SELECTED_KEY);
    const match = stored ? known.find((address) => address.toLowerCase() === stored.toLowerCase()) : undefined;
    return match ?? fallback;
  };

  async function send(method: string, params: unknown): Promise<unknown> {
    const { result, error } = await rpc.http(url, { body: { method, params } });
    if (error) throw new RpcRequestError({ body: { method, params }, error, url });
    return result;
  }

  async function assertLocalChain(): Promise<void> {
    let chainId: number | undefined;
    try {
      chainId = Number(await send("eth_chainId", []));
    } catch (error) {
      throw new DevelopmentAccountChainError(undefined, { cause: error as Error });
    }
    if (chainId !== LOCAL_CHAIN_ID) throw new DevelopmentAccountChainError(chainId);
  }

  return createConnector((wagmiConfig) => {
    const connectedKey = `${DEV_CONNECTOR_ID}.connected`;
    const chainId = wagmiConfig.chains[0].id;
    let connected = false;

    const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
      switch (method) {
        case "eth_chainId":
          return numberToHex(chainId);
        case "eth_accounts":
          return connected ? [selectedAccount()] : [];
        case "eth_requestAccounts":
          return [selectedAccount()];
        case "wallet_switchEthereumChain": {
          const [{ chainId: requested }] = params as [{ chainId: string }];
          if (Number(requested) !== chainId) throw new SwitchChainError(new ChainNotConfiguredError());
          return null;
        }
      }
      if (signing.has(method)) {
        await assertLocalChain();
        // Only the account this tab acts as may send: a stale form must not send as another one.
        const from = method === "eth_sendTransaction" ? (params as [{ from?: Address }])[0].from : undefined;
        if (from && !isAddressEqual(from, selectedAccount())) {
          throw new Error(`This tab now acts as ${selectedAccount()}, not ${from}.`);
        }
      }
      return send(method, params ?? []);
    };
    const provider = custom({ request: request as never })({ retryCount: 0 });

    return {
      id: DEV_CONNECTOR_ID,
      name: "Development account",
      type: "leaseholdDevelopment",
      async connect() {
        await assertLocalChain();
        connected = true;
        await wagmiConfig.storage?.setItem(connectedKey, true);
        return { accounts: [selectedAccount()], chainId } as never;
      },
      async disconnect() {
        connected = false;
        await wagmiConfig.storage?.removeItem(connectedKey);
      },
      async getAccounts() {
        return [selectedAccount()];
      },
      async getChainId() {
        return chainId;
      },
      async getProvider() {
        return provider;
      },
      async isAuthorized() {
        connected = Boolean(await wagmiConfig.storage?.getItem(connectedKey));
        return connected;
      },
      async switchChain({ chainId: requested }) {
        const chain = wagmiConfig.chains.find((candidate) => candidate.id === requested);
        if (!chain) throw new SwitchChainError(new ChainNotConfiguredError());
        return chain;
      },
      onAccountsChanged(accounts) {
        wagmiConfig.emitter.emit("change", { accounts: accounts.map((account) => getAddress(account)) });
      },
      onChainChanged(chain) {
        wagmiConfig.emitter.emit("change", { chainId: Number(chain) });
      },
      onDisconnect() {
        connected = false;
        wagmiConfig.emitter.emit("disconnect");
      },
      selectAccount(address: Address) {
        const match = known.find((candidate) => isAddressEqual(candidate, address));
        if (!match) throw new Error(`${address} is not a development account of the local chain.`);
        sessionStorage.setItem(SELECTED_KEY, match);
        if (connected) this.onAccountsChanged([match]);
      },
      selectedAccount,
    };
  });
}
