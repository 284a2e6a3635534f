import type { Address } from "viem";
import type { Deployment } from "@leasehold/sdk";

/**
 * What the server hands the browser at request time: everything the client needs to talk to
 * the chain and to find Leasehold's contracts. Nothing here is a secret.
 */
export interface ClientConfig {
  chainId: number;
  chainName: string;
  /** JSON-RPC endpoint the browser (and the development account) reads and sends through. */
  rpcUrl: string;
  /** True on the local development chain: faucet and built-in development account. */
  isLocalChain: boolean;
  /**
   * Address of the development account the built-in connector starts as (LEASEHOLD_DEV_ACCOUNT_INDEX);
   * only on the local chain.
   */
  devAccountAddress: Address | null;
  /** Every development account of the local chain, for the account switcher; empty on any other chain. */
  devAccounts: DevAccountChoice[];
  /** null when no deployment record exists for the chain yet. */
  deployment: Deployment | null;
  /** Why the deployment record could not be read, for people running the app. */
  deploymentProblem: string | null;
}

/** One development account of the local chain as the account switcher offers it. */
export interface DevAccountChoice {
  /** Index in the test mnemonic. */
  index: number;
  address: Address;
  /** What the devnet uses it for (sdk's devAccountRoles), e.g. "demo data owner". */
  role: string;
}
