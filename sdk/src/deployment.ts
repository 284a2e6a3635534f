import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { InvalidDeploymentError } from "./errors.ts";

/**
 * The deployment record: for one chain, every Leasehold contract's address and the block it was
 * deployed in. The deploy step writes it (deployments/<chainId>.json); the sdk, indexer, worker
 * and app read it. Nothing else may hold an address.
 */
export const contractNames = [
  "DevStakeToken",
  "StakeManager",
  "AgentRegistry",
  "LeaseRegistry",
  "ReceiptAnchor",
  "JobEscrow",
  "LeaseholdVotes",
  "TimelockController",
  "LeaseholdGovernor",
  "CodeRegistry",
  "InsurancePool",
  "ArbitratorRegistry",
  "BlockhashRandomness",
  "ChainlinkVrfRandomness",
  "DisputeCourt",
  "PoseidonT2",
  "PoseidonT3",
  "StakeMembershipVerifier",
  "AnonymousStakeGroup",
  "Endorsements",
] as const;
export type ContractName = (typeof contractNames)[number];

const addressSchema = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "not an address")
  .transform((value) => getAddress(value));

const deployedContractSchema = z.strictObject({
  address: addressSchema,
  startBlock: z.number().int().nonnegative(),
});

export const deploymentSchema = z.strictObject({
  chainId: z.number().int().positive(),
  /** Human name of the chain, for people reading the file. */
  chainName: z.string().min(1),
  deployedAt: z.iso.datetime(),
  contracts: z.strictObject({
    /** Only on development chains; production deployments name an existing token. */
    DevStakeToken: deployedContractSchema.optional(),
    StakeManager: deployedContractSchema,
    AgentRegistry: deployedContractSchema,
    LeaseRegistry: deployedContractSchema,
    /** Also the EIP-712 verifyingContract of receipts and job-key certificates. */
    ReceiptAnchor: deployedContractSchema,
    JobEscrow: deployedContractSchema,
    /** The governance token (ERC20Votes, timestamp clock); its whole supply is minted at deploy. */
    LeaseholdVotes: deployedContractSchema,
    /** OpenZeppelin's TimelockController: holds every admin role and runs every governance call. */
    TimelockController: deployedContractSchema,
    /** OpenZeppelin's Governor: the timelock's only proposer, canceller and executor. */
    LeaseholdGovernor: deployedContractSchema,
    /** Agent code releases and their approval by governance. */
    CodeRegistry: deployedContractSchema,
    /** ERC-4626 vault in the stake token: receives every paid job's premium, pays approved claims. */
    InsurancePool: deployedContractSchema,
    /** Arbitrators' stake and the stake-weighted draw of dispute panels, in draw sessions. */
    ArbitratorRegistry: deployedContractSchema,
    /**
     * The draw sessions' randomness source, one of two chosen at deploy: a future block hash
     * (local chains, chains without an oracle) or a Chainlink VRF v2.5 adapter. Governance may
     * point the registry at another source later; `ArbitratorRegistry.randomnessSource()` is the
     * one in use.
     */
    BlockhashRandomness: deployedContractSchema.optional(),
    ChainlinkVrfRandomness: deployedContractSchema.optional(),
    /** Disputes over submitted jobs: bonds, panels, commit-reveal votes, appeals and rulings. */
    DisputeCourt: deployedContractSchema,
    /** poseidon-solidity's Poseidon libraries, linked into AnonymousStakeGroup. */
    PoseidonT2: deployedContractSchema,
    PoseidonT3: deployedContractSchema,
    /** The generated Groth16 verifier of the StakeMembership circuit. */
    StakeMembershipVerifier: deployedContractSchema,
    /** Stake behind anonymous identities: the Poseidon tree StakeMembership proofs are made against. */
    AnonymousStakeGroup: deployedContractSchema,
    /** Anonymous, rate-limited endorsements of agents by the group's members. */
    Endorsements: deployedContractSchema,
  }),
  /** The ERC-20 stake token: DevStakeToken on a local chain, an existing token elsewhere. */
  stakeToken: addressSchema,
});

export type DeployedContract = { address: Address; startBlock: number };
export type Deployment = Omit<z.infer<typeof deploymentSchema>, "contracts" | "stakeToken"> & {
  stakeToken: Address;
  contracts: {
    DevStakeToken?: DeployedContract;
    StakeManager: DeployedContract;
    AgentRegistry: DeployedContract;
    LeaseRegistry: DeployedContract;
    ReceiptAnchor: DeployedContract;
    JobEscrow: DeployedContract;
    LeaseholdVotes: DeployedContract;
    TimelockController: DeployedContract;
    LeaseholdGovernor: DeployedContract;
    CodeRegistry: DeployedContract;
    InsurancePool: DeployedContract;
    ArbitratorRegistry: DeployedContract;
    BlockhashRandomness?: DeployedContract;
    ChainlinkVrfRandomness?: DeployedContract;
    DisputeCourt: DeployedContract;
    PoseidonT2: DeployedContract;
    PoseidonT3: DeployedContract;
    StakeMembershipVerifier: DeployedContract;
    AnonymousStakeGroup: DeployedContract;
    Endorsements: DeployedContract;
  };
};

/** Validate an untrusted deployment record. */
export function parseDeployment(value: unknown): Deployment {
  const result = deploymentSchema.safeParse(value);
  if (!result.success) {
    throw new InvalidDeploymentError(`Invalid deployment record: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data as Deployment;
}

/** The earliest block any Leasehold contract was deployed in, where indexing can start. */
export function earliestStartBlock(deployment: Deployment): number {
  return Math.min(...Object.values(deployment.contracts).map((contract) => contract.startBlock));
}
