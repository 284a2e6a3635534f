/**
 * The deploy step: deploys every Leasehold contract to one chain and returns its deployment
 * record. Used by the CLI (scripts/deploy.ts), the devnet (scripts/devnet.ts) and the contract
 * test fixture, so tests exercise exactly what production runs.
 */
import {
  isAddressEqual,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { parseDeployment, type DeployedContract, type Deployment } from "../../sdk/src/deployment.ts";
import { InvalidInputError } from "../../sdk/src/errors.ts";
import { readArtifact } from "../artifacts.ts";
import type { ContractName } from "../contract-names.ts";

export interface DeployLeaseholdParameters {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** Existing ERC-20 to stake; when absent a DevStakeToken is deployed (local chain only). */
  stakeToken?: Address;
  /** Holder of every admin role; defaults to the deployer. Governance takes it over later. */
  admin?: Address;
  minimumStake: bigint;
  /** Seconds between a withdrawal request and the withdrawal. */
  unbondingDelay: bigint;
  /** Longest lease, in seconds from its grant (LeaseRegistry.maxTtl). */
  maxLeaseTtl?: bigint;
  /** Seconds after a receipt during which a job can be disputed (JobEscrow.challengeWindow). */
  challengeWindow?: bigint;
  /** Collateral locked when an agent accepts a job, in basis points of the payment. */
  collateralBps?: number;
  /** Insurance premium taken from every paid job, in basis points of the payment. */
  premiumBps?: number;
  /** Where premiums go until the insurance pool exists; defaults to the admin. */
  insurance?: Address;
  chainName?: string;
}

const DAY = 24n * 60n * 60n;

/** What the optional parameters default to: values for a real chain. The devnet shortens them. */
export const deployLeaseholdDefaults = {
  maxLeaseTtl: 30n * DAY,
  challengeWindow: DAY,
  /** Collateral equal to the payment: the agent risks as much as the client pays. */
  collateralBps: 10_000,
  premiumBps: 200,
} as const;

export type DeployLeaseholdReturnType = Deployment;

export async function deployLeasehold(parameters: DeployLeaseholdParameters): Promise<DeployLeaseholdReturnType> {
  const { publicClient, walletClient } = parameters;
  const chainId = await publicClient.getChainId();
  const admin = parameters.admin ?? walletClient.account.address;
  if (!parameters.stakeToken && chainId !== LOCAL_CHAIN_ID) {
    throw new InvalidInputError(
      `Chain ${chainId} needs an existing stake token (LEASEHOLD_STAKE_TOKEN): the faucet token is for the local chain only`,
    );
  }

  async function send(hash: Hex, what: string) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${what} failed in transaction ${hash}`);
  }

  async function deploy(name: ContractName, args: readonly unknown[]): Promise<DeployedContract> {
    const { abi, bytecode } = await readArtifact(name);
    const hash: Hex = await walletClient.deployContract({
      abi,
      bytecode,
      args,
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new Error(`Deploying ${name} failed in transaction ${hash}`);
    }
    return { address: receipt.contractAddress, startBlock: Number(receipt.blockNumber) };
  }

  const contracts: Partial<Record<ContractName, DeployedContract>> = {};
  let stakeToken = parameters.stakeToken;
  if (!stakeToken) {
    contracts.DevStakeToken = await deploy("DevStakeToken", []);
    stakeToken = contracts.DevStakeToken.address;
  }
  // The deployer administers the stake manager until the job escrow holds the locker role, then
  // hands the admin role over (when the admin is someone else) and keeps nothing.
  const deployer = walletClient.account.address;
  contracts.StakeManager = await deploy("StakeManager", [
    stakeToken,
    deployer,
    parameters.minimumStake,
    parameters.unbondingDelay,
  ]);
  contracts.AgentRegistry = await deploy("AgentRegistry", [contracts.StakeManager.address]);
  contracts.LeaseRegistry = await deploy("LeaseRegistry", [
    contracts.AgentRegistry.address,
    admin,
    parameters.maxLeaseTtl ?? deployLeaseholdDefaults.maxLeaseTtl,
  ]);
  contracts.ReceiptAnchor = await deploy("ReceiptAnchor", [contracts.AgentRegistry.address]);
  contracts.JobEscrow = await deploy("JobEscrow", [
    contracts.LeaseRegistry.address,
    contracts.ReceiptAnchor.address,
    admin,
    parameters.challengeWindow ?? deployLeaseholdDefaults.challengeWindow,
    parameters.collateralBps ?? deployLeaseholdDefaults.collateralBps,
    parameters.premiumBps ?? deployLeaseholdDefaults.premiumBps,
    parameters.insurance ?? admin,
  ]);

  const { abi: stakeManagerAbi } = await readArtifact("StakeManager");
  async function stakeManagerWrite(functionName: string, args: readonly unknown[]) {
    const hash = await walletClient.writeContract({
      address: contracts.StakeManager!.address,
      abi: stakeManagerAbi as Abi,
      functionName,
      args,
      account: walletClient.account,
      chain: walletClient.chain,
    });
    await send(hash, `StakeManager.${functionName}`);
  }
  const lockerRole = await publicClient.readContract({
    address: contracts.StakeManager.address,
    abi: stakeManagerAbi as Abi,
    functionName: "LOCKER_ROLE",
  });
  await stakeManagerWrite("grantRole", [lockerRole, contracts.JobEscrow.address]);
  if (!isAddressEqual(admin, deployer)) {
    const adminRole = await publicClient.readContract({
      address: contracts.StakeManager.address,
      abi: stakeManagerAbi as Abi,
      functionName: "DEFAULT_ADMIN_ROLE",
    });
    await stakeManagerWrite("grantRole", [adminRole, admin]);
    await stakeManagerWrite("renounceRole", [adminRole, deployer]);
  }

  return parseDeployment({
    chainId,
    chainName: parameters.chainName ?? walletClient.chain.name,
    deployedAt: new Date().toISOString(),
    stakeToken,
    contracts,
  });
}
