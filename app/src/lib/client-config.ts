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
  /** Address of the built-in development account; only on the local chain. */
  devAccountAddress: Address | null;
  /** null when no deployment record exists for the chain yet. */
  deployment: Deployment | null;
  /** Why the deployment record could not be read, for people running the app. */
  deploymentProblem: string | null;
}
