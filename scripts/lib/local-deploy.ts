/** Deploy Leasehold to a local chain with the development deployer and write its record. */
import { createPublicClient, createWalletClient, http, parseEther } from "viem";
import { localChain } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { writeDeployment } from "../../sdk/src/deployment-file.ts";
import { deployLeasehold } from "../deploy/deploy-leasehold.ts";

export interface DeployLocalParameters {
  rpcUrl: string;
  deploymentsDir: string;
  minimumStake?: bigint;
  /** Short on the devnet, so a person can watch a withdrawal unbond. */
  unbondingDelay?: bigint;
  maxLeaseTtl?: bigint;
  /** Short on the devnet, so the demo sees a job paid a minute after its receipt. */
  challengeWindow?: bigint;
  collateralBps?: number;
  premiumBps?: number;
}

export const DEVNET_MINIMUM_STAKE = parseEther("100");
export const DEVNET_UNBONDING_DELAY = 120n;
export const DEVNET_MAX_LEASE_TTL = 24n * 60n * 60n;
export const DEVNET_CHALLENGE_WINDOW = 60n;
export const DEVNET_COLLATERAL_BPS = 10_000;
export const DEVNET_PREMIUM_BPS = 200;

export function localClients(rpcUrl: string, accountIndex: number = devAccountRoles.deployer) {
  const chain = { ...localChain, rpcUrls: { default: { http: [rpcUrl] } } };
  const transport = http(rpcUrl);
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 50 }),
    walletClient: createWalletClient({ chain, transport, account: devAccount(accountIndex) }),
  };
}

export async function deployLocal(parameters: DeployLocalParameters): Promise<Deployment> {
  const { publicClient, walletClient } = localClients(parameters.rpcUrl);
  const deployment = await deployLeasehold({
    publicClient,
    walletClient,
    minimumStake: parameters.minimumStake ?? DEVNET_MINIMUM_STAKE,
    unbondingDelay: parameters.unbondingDelay ?? DEVNET_UNBONDING_DELAY,
    maxLeaseTtl: parameters.maxLeaseTtl ?? DEVNET_MAX_LEASE_TTL,
    challengeWindow: parameters.challengeWindow ?? DEVNET_CHALLENGE_WINDOW,
    collateralBps: parameters.collateralBps ?? DEVNET_COLLATERAL_BPS,
    premiumBps: parameters.premiumBps ?? DEVNET_PREMIUM_BPS,
  });
  await writeDeployment(deployment, parameters.deploymentsDir);
  return deployment;
}
