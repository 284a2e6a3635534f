/**
 * The deploy step: deploys every Leasehold contract to one chain and returns its deployment
 * record. Used by the CLI (scripts/deploy.ts), the devnet (scripts/devnet.ts) and the contract
 * test fixture, so tests exercise exactly what production runs.
 */
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
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
  chainName?: string;
}

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

  async function deploy(name: ContractName, args: readonly unknown[]): Promise<DeployedContract> {
    const { abi, bytecode } = await readArtifact(name);
    const hash: Hex = await walletClient.deployContract({ abi, bytecode, args, account: walletClient.account, chain: walletClient.chain });
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
  contracts.StakeManager = await deploy("StakeManager", [
    stakeToken,
    admin,
    parameters.minimumStake,
    parameters.unbondingDelay,
  ]);
  contracts.AgentRegistry = await deploy("AgentRegistry", [contracts.StakeManager.address]);

  return parseDeployment({
    chainId,
    chainName: parameters.chainName ?? walletClient.chain.name,
    deployedAt: new Date().toISOString(),
    stakeToken,
    contracts,
  });
}
