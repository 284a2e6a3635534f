/**
 * The deploy step: deploys every Leasehold contract to one chain, hands every admin and
 * parameter role to governance (the timelock), proves it by reading every role back, and returns
 * the deployment record. Used by the CLI (scripts/deploy.ts), the devnet (scripts/devnet.ts) and
 * the contract test fixture, so tests exercise exactly what production runs.
 */
import {
  getAddress,
  getContractAddress,
  isAddressEqual,
  keccak256,
  stringToHex,
  zeroAddress,
  zeroHash,
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
import { InvalidDeploymentError, InvalidInputError } from "../../sdk/src/errors.ts";
import { readArtifact, type ContractArtifact } from "../artifacts.ts";
import type { ContractName } from "../contract-names.ts";
import { assertProductionSetup, type CircuitsManifest } from "./setup-guard.ts";

export interface DeployLeaseholdParameters {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain, Account>;
  /** Existing ERC-20 to stake; when absent a DevStakeToken is deployed (local chain only). */
  stakeToken?: Address;
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
  /** Where premiums go; defaults to the InsurancePool deployed here (tests may name an account). */
  insurance?: Address;
  /** Seconds a pool share redemption waits (InsurancePool.cooldown, at most 30 days). */
  insuranceCooldown?: bigint;
  /** Free stake an arbitrator needs to be drawn, and the stake each seat locks. */
  arbitratorMinimumStake?: bigint;
  /** Seconds between an arbitrator's leave request and its withdrawal. */
  arbitratorLeaveDelay?: bigint;
  /** Shortest Staking phase of the arbitrator registry before a draw session may start. */
  drawMinStakingTime?: bigint;
  /** Longest a draw session waits for its randomness, or draws, before stakes thaw. */
  drawMaxDrawingTime?: bigint;
  /** Where draw sessions get their randomness (default: a block hash `delayBlocks` ahead). */
  randomness?: RandomnessParameters;
  /** DisputeCourt parameters; unset fields take `deployLeaseholdDefaults.court`. */
  court?: Partial<CourtParams>;
  /**
   * Who receives the whole LeaseholdVotes supply (a treasury or distribution contract). Required
   * off the local chain; on it, defaults to the deployer so the devnet can vote.
   */
  votesRecipient?: Address;
  /** LeaseholdVotes minted at deploy, the whole supply ever (18 decimals). */
  votesSupply?: bigint;
  /** Seconds between a proposal and the start of its vote. */
  votingDelay?: bigint;
  /** Seconds a vote lasts. */
  votingPeriod?: bigint;
  /** Votes an account needs to propose. */
  proposalThreshold?: bigint;
  /** Quorum, in percent of the supply at the proposal's snapshot. */
  quorumPercent?: bigint;
  /** Seconds a passed proposal waits in the timelock before it can be executed. */
  timelockDelay?: bigint;
  /** Holder of CodeRegistry's GUARDIAN_ROLE (may revoke releases, never approve); none when absent. */
  guardian?: Address;
  /** CodeRegistry.REVIEW_FLOOR: shortest review window of any release, fixed for good. */
  reviewFloor?: bigint;
  /** Seconds every routine release is reviewed, whatever its size. */
  reviewBase?: bigint;
  /** Seconds of review added per started KiB of agent bundle. */
  reviewPerKiB?: bigint;
  /** Bond, in stake-token units, paid to publish a release. */
  publicationBond?: bigint;
  /** AnonymousStakeGroup.minimumDeposit: smallest stake behind an anonymous identity. */
  groupMinimumDeposit?: bigint;
  /**
   * AnonymousStakeGroup.withdrawalDelay: seconds the stake stays slashable after a withdrawal
   * request; more than `groupRootValidity`, so every root holding the leaf expires first.
   */
  groupWithdrawalDelay?: bigint;
  /** AnonymousStakeGroup.rootValidity: seconds a replaced tree root still verifies proofs. */
  groupRootValidity?: bigint;
  /** Endorsements.epochLength: seconds per endorsement epoch (one endorsement per identity, agent, epoch). */
  endorsementEpochLength?: bigint;
  /** Endorsements.threshold: stake an endorser proves. */
  endorsementThreshold?: bigint;
  /** Endorsements.relayTipCap: wei per gas a relay refund may pay above the base fee. */
  relayTipCap?: bigint;
  /**
   * Endorsements.relaySpendPerEpoch: most wei the relay budget refunds per epoch, so a member
   * endorsing every agent every epoch cannot burn the sponsors' whole budget at once.
   */
  relaySpendPerEpoch?: bigint;
  chainName?: string;
  /**
   * The circuits' manifest the verifier was built from (default circuits/artifacts/manifest.json);
   * off the local chain it must record a finished ceremony (setup-guard.ts).
   */
  setupManifest?: CircuitsManifest;
}

const DAY = 24n * 60n * 60n;

/** What the optional parameters default to: values for a real chain. The devnet shortens them. */
export const deployLeaseholdDefaults = {
  maxLeaseTtl: 30n * DAY,
  challengeWindow: DAY,
  /** Collateral equal to the payment: the agent risks as much as the client pays. */
  collateralBps: 10_000,
  premiumBps: 200,
  votesSupply: 1_000_000n * 10n ** 18n,
  votingDelay: DAY,
  votingPeriod: 7n * DAY,
  /** 0.1 % of the supply. */
  proposalThreshold: 1_000n * 10n ** 18n,
  quorumPercent: 4n,
  timelockDelay: 2n * DAY,
  reviewFloor: 2n * DAY,
  reviewBase: 7n * DAY,
  reviewPerKiB: 60n * 60n,
  publicationBond: 100n * 10n ** 18n,
  insuranceCooldown: 7n * DAY,
  arbitratorMinimumStake: 100n * 10n ** 18n,
  arbitratorLeaveDelay: 14n * DAY,
  /** A draw session may start an hour after the last one ended, and freezes stakes a day at most. */
  drawMinStakingTime: 60n * 60n,
  drawMaxDrawingTime: DAY,
  /** Two blocks: the hash is unknown to everyone when the session starts. */
  randomnessDelayBlocks: 2n,
  vrfRequestConfirmations: 3,
  vrfCallbackGasLimit: 100_000,
  court: {
    /** Round 0's bond: 10 % of the payment, at least 10 tokens, so a dispute is never free. */
    bondMinimum: 10n * 10n ** 18n,
    bondBps: 1_000,
    /** A client who wins gets the payment back and as much again from the operator's stake. */
    compensationBps: 10_000,
    /** Half of each round's bond pays its coherent voters. */
    panelFeeBps: 5_000,
    /** A seat that does not reveal loses a fifth of its lock. */
    nonRevealPenaltyBps: 2_000,
    firstPanelSize: 3,
    drawTimeout: 7n * DAY,
    commitPeriod: 3n * DAY,
    revealPeriod: 2n * DAY,
    appealPeriod: 3n * DAY,
  },
  groupMinimumDeposit: 10n * 10n ** 18n,
  groupWithdrawalDelay: 7n * DAY,
  groupRootValidity: 60n * 60n,
  endorsementEpochLength: DAY,
  endorsementThreshold: 100n * 10n ** 18n,
  /** 2 gwei: a sender's gas at the base fee plus an ordinary tip, no more. */
  relayTipCap: 2n * 10n ** 9n,
  /** 1 ether a day: a few hundred relayed endorsements at ordinary fees. */
  relaySpendPerEpoch: 10n ** 18n,
} as const;

/** The draw sessions' randomness source and its settings. */
export type RandomnessParameters =
  | {
      kind: "blockhash";
      /** Blocks between a request and the block whose hash answers it. */
      delayBlocks?: bigint;
    }
  | {
      kind: "chainlinkVrf";
      /** The chain's VRF v2.5 coordinator. */
      coordinator: Address;
      /** The gas lane's key hash. */
      keyHash: Hex;
      /** A funded subscription; add the deployed adapter to its consumers afterwards. */
      subscriptionId: bigint;
      requestConfirmations?: number;
      callbackGasLimit?: number;
      /** Pay requests in the native token instead of LINK. */
      nativePayment?: boolean;
    };

/** DisputeCourt.Params as the constructor and setParams take it. */
export interface CourtParams {
  bondMinimum: bigint;
  bondBps: number;
  compensationBps: number;
  panelFeeBps: number;
  nonRevealPenaltyBps: number;
  firstPanelSize: number;
  drawTimeout: bigint;
  commitPeriod: bigint;
  revealPeriod: bigint;
  appealPeriod: bigint;
}

export type DeployLeaseholdReturnType = Deployment;

export async function deployLeasehold(parameters: DeployLeaseholdParameters): Promise<DeployLeaseholdReturnType> {
  const { publicClient, walletClient } = parameters;
  const chainId = await publicClient.getChainId();
  const deployer = walletClient.account.address;
  if (!parameters.stakeToken && chainId !== LOCAL_CHAIN_ID) {
    throw new InvalidInputError(
      `Chain ${chainId} needs an existing stake token (LEASEHOLD_STAKE_TOKEN): the faucet token is for the local chain only`,
    );
  }
  if (!parameters.votesRecipient && chainId !== LOCAL_CHAIN_ID) {
    throw new InvalidInputError(
      `Chain ${chainId} needs a recipient of the voting supply (LEASEHOLD_VOTES_RECIPIENT): the deployer may not keep it`,
    );
  }
  // StakeMembershipVerifier on a development setup accepts forged proofs: refuse before sending anything.
  await assertProductionSetup({ chainId, manifest: parameters.setupManifest });
  const defaults = deployLeaseholdDefaults;
  const groupWithdrawalDelay = parameters.groupWithdrawalDelay ?? defaults.groupWithdrawalDelay;
  const groupRootValidity = parameters.groupRootValidity ?? defaults.groupRootValidity;
  if (groupWithdrawalDelay <= groupRootValidity) {
    // The group's constructor refuses it too (AnonymousStakeGroupWithdrawalDelayTooShort); say so
    // before anything is sent: a member could otherwise withdraw while an old root still proves it.
    throw new InvalidInputError(
      `groupWithdrawalDelay (${groupWithdrawalDelay} s) must exceed groupRootValidity (${groupRootValidity} s)`,
    );
  }

  async function send(hash: Hex, what: string) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${what} failed in transaction ${hash}`);
  }

  async function deploy(
    name: ContractName,
    args: readonly unknown[],
    libraries: Partial<Record<ContractName, Address>> = {},
  ): Promise<DeployedContract> {
    const artifact = await readArtifact(name);
    const hash: Hex = await walletClient.deployContract({
      abi: artifact.abi,
      bytecode: linkBytecode(artifact, libraries),
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

  async function write(name: ContractName, address: Address, functionName: string, args: readonly unknown[]) {
    const { abi } = await readArtifact(name);
    const hash = await walletClient.writeContract({
      address,
      abi: abi as Abi,
      functionName,
      args,
      account: walletClient.account,
      chain: walletClient.chain,
    });
    await send(hash, `${name}.${functionName}`);
  }

  const contracts: Partial<Record<ContractName, DeployedContract>> = {};
  let stakeToken = parameters.stakeToken;
  if (!stakeToken) {
    contracts.DevStakeToken = await deploy("DevStakeToken", []);
    stakeToken = contracts.DevStakeToken.address;
  }

  // Governance first, so every other contract can name the timelock as its admin. The deployer
  // administers the timelock only until the governor is its proposer, canceller and executor.
  contracts.LeaseholdVotes = await deploy("LeaseholdVotes", [
    parameters.votesRecipient ?? deployer,
    parameters.votesSupply ?? defaults.votesSupply,
  ]);
  contracts.TimelockController = await deploy("TimelockController", [
    parameters.timelockDelay ?? defaults.timelockDelay,
    [],
    [],
    deployer,
  ]);
  const timelock = contracts.TimelockController.address;
  contracts.LeaseholdGovernor = await deploy("LeaseholdGovernor", [
    contracts.LeaseholdVotes.address,
    timelock,
    parameters.votingDelay ?? defaults.votingDelay,
    parameters.votingPeriod ?? defaults.votingPeriod,
    parameters.proposalThreshold ?? defaults.proposalThreshold,
    parameters.quorumPercent ?? defaults.quorumPercent,
  ]);
  const governor = contracts.LeaseholdGovernor.address;
  for (const role of [timelockRoles.PROPOSER_ROLE, timelockRoles.CANCELLER_ROLE, timelockRoles.EXECUTOR_ROLE]) {
    await write("TimelockController", timelock, "grantRole", [role, governor]);
  }

  // The stake manager's admin stays with the deployer until JobEscrow holds the locker role; the
  // other contracts take the timelock as admin in their constructor.
  contracts.StakeManager = await deploy("StakeManager", [
    stakeToken,
    deployer,
    parameters.minimumStake,
    parameters.unbondingDelay,
  ]);
  contracts.AgentRegistry = await deploy("AgentRegistry", [contracts.StakeManager.address]);
  contracts.LeaseRegistry = await deploy("LeaseRegistry", [
    contracts.AgentRegistry.address,
    timelock,
    parameters.maxLeaseTtl ?? defaults.maxLeaseTtl,
  ]);
  contracts.ReceiptAnchor = await deploy("ReceiptAnchor", [contracts.AgentRegistry.address]);
  // The pool, the escrow and the arbitrator registry are administered by the deployer only until
  // the court holds its roles in them; then the timelock takes over and the deployer renounces.
  contracts.InsurancePool = await deploy("InsurancePool", [
    stakeToken,
    deployer,
    parameters.insuranceCooldown ?? defaults.insuranceCooldown,
  ]);
  contracts.JobEscrow = await deploy("JobEscrow", [
    contracts.LeaseRegistry.address,
    contracts.ReceiptAnchor.address,
    deployer,
    parameters.challengeWindow ?? defaults.challengeWindow,
    parameters.collateralBps ?? defaults.collateralBps,
    parameters.premiumBps ?? defaults.premiumBps,
    parameters.insurance ?? contracts.InsurancePool.address,
  ]);
  contracts.CodeRegistry = await deploy("CodeRegistry", [
    stakeToken,
    timelock,
    parameters.guardian ?? zeroAddress,
    parameters.reviewFloor ?? defaults.reviewFloor,
    {
      reviewBase: parameters.reviewBase ?? defaults.reviewBase,
      reviewPerKiB: parameters.reviewPerKiB ?? defaults.reviewPerKiB,
    },
    parameters.publicationBond ?? defaults.publicationBond,
  ]);

  const randomness = parameters.randomness ?? { kind: "blockhash" };
  let randomnessSource: Address;
  if (randomness.kind === "chainlinkVrf") {
    contracts.ChainlinkVrfRandomness = await deploy("ChainlinkVrfRandomness", [
      randomness.coordinator,
      randomness.keyHash,
      randomness.subscriptionId,
      randomness.requestConfirmations ?? defaults.vrfRequestConfirmations,
      randomness.callbackGasLimit ?? defaults.vrfCallbackGasLimit,
      randomness.nativePayment ?? false,
    ]);
    randomnessSource = contracts.ChainlinkVrfRandomness.address;
  } else {
    contracts.BlockhashRandomness = await deploy("BlockhashRandomness", [
      randomness.delayBlocks ?? defaults.randomnessDelayBlocks,
    ]);
    randomnessSource = contracts.BlockhashRandomness.address;
  }
  contracts.ArbitratorRegistry = await deploy("ArbitratorRegistry", [
    stakeToken,
    deployer,
    parameters.arbitratorMinimumStake ?? defaults.arbitratorMinimumStake,
    parameters.arbitratorLeaveDelay ?? defaults.arbitratorLeaveDelay,
    randomnessSource,
    parameters.drawMinStakingTime ?? defaults.drawMinStakingTime,
    parameters.drawMaxDrawingTime ?? defaults.drawMaxDrawingTime,
  ]);
  if (contracts.ChainlinkVrfRandomness) {
    // The adapter spends the subscription's funds: only the registry may request (bound once).
    await write("ChainlinkVrfRandomness", randomnessSource, "bindRequester", [contracts.ArbitratorRegistry.address]);
  }
  contracts.DisputeCourt = await deploy("DisputeCourt", [
    contracts.JobEscrow.address,
    contracts.InsurancePool.address,
    contracts.ArbitratorRegistry.address,
    timelock,
    { ...defaults.court, ...parameters.court },
  ]);

  // Anonymous stake and endorsements: admin-free, parameters fixed here. The group links the
  // Poseidon libraries and sends slashed stake to the pool.
  contracts.PoseidonT2 = await deploy("PoseidonT2", []);
  contracts.PoseidonT3 = await deploy("PoseidonT3", []);
  contracts.StakeMembershipVerifier = await deploy("StakeMembershipVerifier", []);
  // The group takes the one contract allowed to slash double signals in its constructor, before
  // that contract exists: Endorsements, the deployer's next creation. Endorsements' constructor
  // refuses a group naming another address, so a wrong prediction fails here, never silently.
  const groupNonce = await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" });
  const endorsements = getContractAddress({ from: deployer, nonce: BigInt(groupNonce + 1) });
  contracts.AnonymousStakeGroup = await deploy(
    "AnonymousStakeGroup",
    [
      stakeToken,
      contracts.StakeMembershipVerifier.address,
      contracts.InsurancePool.address,
      endorsements,
      parameters.groupMinimumDeposit ?? defaults.groupMinimumDeposit,
      groupWithdrawalDelay,
      groupRootValidity,
    ],
    { PoseidonT2: contracts.PoseidonT2.address, PoseidonT3: contracts.PoseidonT3.address },
  );
  contracts.Endorsements = await deploy("Endorsements", [
    contracts.AnonymousStakeGroup.address,
    contracts.AgentRegistry.address,
    parameters.endorsementEpochLength ?? defaults.endorsementEpochLength,
    parameters.endorsementThreshold ?? defaults.endorsementThreshold,
    parameters.relayTipCap ?? defaults.relayTipCap,
    parameters.relaySpendPerEpoch ?? defaults.relaySpendPerEpoch,
  ]);

  // The court executes rulings: it freezes and settles jobs, slashes operators, files and pays
  // insurance claims, and draws and settles arbitrators' seats. Nobody else may do any of it.
  const court = contracts.DisputeCourt.address;
  const stakeManager = contracts.StakeManager.address;
  await write("StakeManager", stakeManager, "grantRole", [roleHash("LOCKER_ROLE"), contracts.JobEscrow.address]);
  await write("StakeManager", stakeManager, "grantRole", [roleHash("SLASHER_ROLE"), court]);
  // The court locks the operator's free stake behind a dispute's compensation (IDisputeCourt).
  await write("StakeManager", stakeManager, "grantRole", [roleHash("LOCKER_ROLE"), court]);
  await write("JobEscrow", contracts.JobEscrow.address, "grantRole", [roleHash("DISPUTE_ROLE"), court]);
  await write("InsurancePool", contracts.InsurancePool.address, "grantRole", [roleHash("CLAIMS_ROLE"), court]);
  await write("ArbitratorRegistry", contracts.ArbitratorRegistry.address, "grantRole", [roleHash("COURT_ROLE"), court]);
  for (const name of ["StakeManager", "JobEscrow", "InsurancePool", "ArbitratorRegistry"] as const) {
    await write(name, contracts[name]!.address, "grantRole", [zeroHash, timelock]);
    await write(name, contracts[name]!.address, "renounceRole", [zeroHash, deployer]);
  }
  await write("TimelockController", timelock, "renounceRole", [zeroHash, deployer]);

  const deployment = parseDeployment({
    chainId,
    chainName: parameters.chainName ?? walletClient.chain.name,
    deployedAt: new Date().toISOString(),
    stakeToken,
    contracts,
  });
  await verifyRoles({
    publicClient,
    deployment,
    guardian: parameters.guardian,
    knownAccounts: [
      deployer,
      parameters.votesRecipient ?? deployer,
      ...(parameters.insurance ? [parameters.insurance] : []),
    ],
  });
  return deployment;
}

/**
 * The artifact's bytecode with each linked library's placeholder replaced by its address. Throws
 * when a library the bytecode needs is not given, so nothing half-linked is ever deployed.
 */
export function linkBytecode(artifact: ContractArtifact, libraries: Partial<Record<ContractName, Address>>): Hex {
  let code = artifact.bytecode.slice(2);
  for (const [source, references] of Object.entries(artifact.linkReferences ?? {})) {
    for (const [library, ranges] of Object.entries(references)) {
      const address = libraries[library as ContractName];
      if (!address) throw new InvalidInputError(`${artifact.contractName} needs library ${source}:${library}`);
      for (const { start, length } of ranges) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}

// -------------------------------------------------------------------------------- roles

/** OpenZeppelin's AccessControl names a role by the keccak256 of its name; the default admin is zero. */
export function roleHash(name: string): Hex {
  return name === "DEFAULT_ADMIN_ROLE" ? zeroHash : keccak256(stringToHex(name));
}

const timelockRoles = {
  PROPOSER_ROLE: roleHash("PROPOSER_ROLE"),
  CANCELLER_ROLE: roleHash("CANCELLER_ROLE"),
  EXECUTOR_ROLE: roleHash("EXECUTOR_ROLE"),
} as const;

/**
 * Contracts that use AccessControl and every role each defines (a test checks the list against
 * the ABIs' `*_ROLE` getters and the hashes against their values).
 */
export const accessControlledRoles = {
  StakeManager: ["DEFAULT_ADMIN_ROLE", "LOCKER_ROLE", "SLASHER_ROLE"],
  LeaseRegistry: ["DEFAULT_ADMIN_ROLE"],
  JobEscrow: ["DEFAULT_ADMIN_ROLE", "DISPUTE_ROLE"],
  CodeRegistry: ["DEFAULT_ADMIN_ROLE", "GUARDIAN_ROLE"],
  InsurancePool: ["DEFAULT_ADMIN_ROLE", "CLAIMS_ROLE"],
  ArbitratorRegistry: ["DEFAULT_ADMIN_ROLE", "COURT_ROLE"],
  DisputeCourt: ["DEFAULT_ADMIN_ROLE"],
  TimelockController: ["DEFAULT_ADMIN_ROLE", "PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"],
} as const satisfies Partial<Record<ContractName, readonly string[]>>;
type AccessControlled = keyof typeof accessControlledRoles;

/**
 * Roles that change parameters or grant roles; no account without code may hold one. The
 * operational roles (locker, slasher, dispute) must be contracts' too, and the guardian, which can
 * only revoke releases, is the one role an EOA (or multisig) may hold.
 */
const adminRoles = new Set(["DEFAULT_ADMIN_ROLE", "PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"]);

/** The roles read back from the chain are not the ones the deploy step hands out. */
export class RoleCheckError extends InvalidDeploymentError {}

export interface VerifyRolesParameters {
  publicClient: PublicClient;
  deployment: Deployment;
  /** CodeRegistry's guardian, if one was appointed. */
  guardian?: Address;
  /** Accounts to check besides the deployment's contracts and every account any role was ever granted to. */
  knownAccounts?: readonly Address[];
}

/**
 * Reads every role of every access-controlled contract for every account that matters (the
 * deployment's contracts, the known accounts and every account a RoleGranted event ever named)
 * and throws a RoleCheckError unless the holders are exactly those governance hands out at
 * deploy: the timelock administers everything (the timelock included), the governor alone
 * proposes, cancels and executes, JobEscrow and the DisputeCourt alone lock stake, the guardian
 * alone revokes releases, and the DisputeCourt alone slashes, settles disputes, files insurance
 * claims and draws arbitrators.
 */
export async function verifyRoles(parameters: VerifyRolesParameters): Promise<void> {
  const { publicClient, deployment } = parameters;
  const { contracts } = deployment;
  const timelock = contracts.TimelockController.address;
  const expected: Record<AccessControlled, Record<string, readonly Address[]>> = {
    StakeManager: {
      DEFAULT_ADMIN_ROLE: [timelock],
      LOCKER_ROLE: [contracts.JobEscrow.address, contracts.DisputeCourt.address],
      SLASHER_ROLE: [contracts.DisputeCourt.address],
    },
    LeaseRegistry: { DEFAULT_ADMIN_ROLE: [timelock] },
    JobEscrow: { DEFAULT_ADMIN_ROLE: [timelock], DISPUTE_ROLE: [contracts.DisputeCourt.address] },
    CodeRegistry: {
      DEFAULT_ADMIN_ROLE: [timelock],
      GUARDIAN_ROLE:
        parameters.guardian && !isAddressEqual(parameters.guardian, zeroAddress) ? [parameters.guardian] : [],
    },
    InsurancePool: { DEFAULT_ADMIN_ROLE: [timelock], CLAIMS_ROLE: [contracts.DisputeCourt.address] },
    ArbitratorRegistry: { DEFAULT_ADMIN_ROLE: [timelock], COURT_ROLE: [contracts.DisputeCourt.address] },
    DisputeCourt: { DEFAULT_ADMIN_ROLE: [timelock] },
    TimelockController: {
      DEFAULT_ADMIN_ROLE: [timelock],
      PROPOSER_ROLE: [contracts.LeaseholdGovernor.address],
      CANCELLER_ROLE: [contracts.LeaseholdGovernor.address],
      EXECUTOR_ROLE: [contracts.LeaseholdGovernor.address],
    },
  };

  const accounts = new Set<Address>([
    zeroAddress,
    ...Object.values(contracts).map((contract) => contract.address),
    ...(parameters.knownAccounts ?? []).map((account) => getAddress(account)),
    ...(parameters.guardian ? [getAddress(parameters.guardian)] : []),
  ]);
  const { abi } = await readArtifact("StakeManager");
  for (const name of Object.keys(accessControlledRoles) as AccessControlled[]) {
    const grants = await publicClient.getContractEvents({
      address: contracts[name].address,
      abi: abi as Abi,
      eventName: "RoleGranted",
      fromBlock: BigInt(contracts[name].startBlock),
    });
    for (const grant of grants) accounts.add(getAddress((grant.args as { account: Address }).account));
  }

  const problems: string[] = [];
  for (const name of Object.keys(accessControlledRoles) as AccessControlled[]) {
    const address = contracts[name].address;
    for (const roleName of accessControlledRoles[name]) {
      const role = roleHash(roleName);
      const roleAdmin = await publicClient.readContract({ address, abi, functionName: "getRoleAdmin", args: [role] });
      if (roleAdmin !== zeroHash) problems.push(`${name}.${roleName} is administered by ${roleAdmin as string}`);
      const holders = expected[name][roleName] ?? [];
      for (const account of accounts) {
        const held = await publicClient.readContract({ address, abi, functionName: "hasRole", args: [role, account] });
        const shouldHold = holders.some((holder) => isAddressEqual(holder, account));
        if (held === shouldHold) continue;
        if (held && adminRoles.has(roleName)) {
          const code = await publicClient.getCode({ address: account });
          const kind = !code || code === "0x" ? "an account without code" : "a contract";
          problems.push(`${name}.${roleName} is held by ${kind} ${account}, which must not administer Leasehold`);
        } else {
          problems.push(`${name}.${roleName} ${held ? "is held by" : "is missing from"} ${account}`);
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new RoleCheckError(`The deployment's roles are not governance's alone:\n  ${problems.join("\n  ")}`);
  }
}
