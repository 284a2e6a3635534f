/** Deploy Leasehold to a local chain with the development deployer and write its record. */
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, type Address } from "viem";
import { localChain } from "../../sdk/src/chains.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { writeDeployment } from "../../sdk/src/deployment-file.ts";
import { deployLeasehold, deployLeaseholdDefaults, type CourtParams } from "../deploy/deploy-leasehold.ts";

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
  /** Seconds, short on the devnet so a proposal passes in about two minutes. */
  votingDelay?: bigint;
  votingPeriod?: bigint;
  timelockDelay?: bigint;
  /** Short on the devnet, so a demo release can be approved minutes after it is published. */
  reviewFloor?: bigint;
  reviewBase?: bigint;
  reviewPerKiB?: bigint;
  /** Short on the devnet, so a person can watch an insurer's redemption mature. */
  insuranceCooldown?: bigint;
  arbitratorMinimumStake?: bigint;
  /** Short on the devnet, so a person can watch an arbitrator's exit mature. */
  arbitratorLeaveDelay?: bigint;
  /** Short on the devnet, so a dispute's panel is drawn seconds after it opens. */
  drawMinStakingTime?: bigint;
  drawMaxDrawingTime?: bigint;
  court?: Partial<CourtParams>;
  /** Short on the devnet, so a person can watch an anonymous withdrawal mature. */
  groupWithdrawalDelay?: bigint;
  /** Below the withdrawal delay, as the group requires. */
  groupRootValidity?: bigint;
}

export const DEVNET_MINIMUM_STAKE = parseEther("100");
export const DEVNET_UNBONDING_DELAY = 120n;
export const DEVNET_MAX_LEASE_TTL = 24n * 60n * 60n;
export const DEVNET_CHALLENGE_WINDOW = 60n;
export const DEVNET_COLLATERAL_BPS = 10_000;
export const DEVNET_PREMIUM_BPS = 200;
export const DEVNET_VOTING_DELAY = 1n;
export const DEVNET_VOTING_PERIOD = 60n;
export const DEVNET_TIMELOCK_DELAY = 60n;
export const DEVNET_REVIEW_FLOOR = 60n;
export const DEVNET_REVIEW_BASE = 120n;
export const DEVNET_REVIEW_PER_KIB = 1n;
export const DEVNET_INSURANCE_COOLDOWN = 120n;
export const DEVNET_ARBITRATOR_MINIMUM_STAKE = parseEther("100");
export const DEVNET_ARBITRATOR_LEAVE_DELAY = 120n;
export const DEVNET_GROUP_WITHDRAWAL_DELAY = 120n;
/**
 * The deploy default (an hour) would outlast the devnet's two-minute withdrawal delay, which the
 * group refuses: a member could withdraw while an old root still proves its leaf.
 */
export const DEVNET_GROUP_ROOT_VALIDITY = 60n;
/** Draw sessions may start 5 s after the last one and freeze stakes two minutes at most. */
export const DEVNET_DRAW_MIN_STAKING_TIME = 5n;
export const DEVNET_DRAW_MAX_DRAWING_TIME = 120n;
/**
 * The devnet's court: a panel of three, half an hour of chain time to commit and as long to
 * reveal (time enough for a person to vote in the app), two minutes to appeal, and a 5-token
 * bond floor. Bonds, compensation and fees keep the production rates.
 */
export const DEVNET_COURT: CourtParams = {
  ...deployLeaseholdDefaults.court,
  bondMinimum: parseEther("5"),
  drawTimeout: 600n,
  commitPeriod: 1_800n,
  revealPeriod: 1_800n,
  appealPeriod: 120n,
};

export function localClients(rpcUrl: string, accountIndex: number = devAccountRoles.deployer) {
  const chain = { ...localChain, rpcUrls: { default: { http: [rpcUrl] } } };
  const transport = http(rpcUrl);
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 50 }),
    walletClient: createWalletClient({ chain, transport, account: devAccount(accountIndex) }),
  };
}

/**
 * A wallet client that sends as `address` on a local anvil node, which is told to impersonate it
 * and given ether. For tests of admin functions: the timelock holds every admin role, and acting
 * as it is what an executed proposal looks like to the contracts, minus the proposal. Only a
 * local node accepts impersonation.
 */
export async function impersonatedClient(rpcUrl: string, address: Address) {
  const chain = { ...localChain, rpcUrls: { default: { http: [rpcUrl] } } };
  const transport = http(rpcUrl);
  const testClient = createTestClient({ chain, mode: "anvil", transport });
  await testClient.impersonateAccount({ address });
  await testClient.setBalance({ address, value: parseEther("10") });
  return createWalletClient({ chain, transport, account: address });
}

/** A local account's way to send: simulate first, so a revert surfaces as the contract's typed error, then send, wait, and return the simulated result. */
export function simulatingSender({ publicClient, walletClient }: ReturnType<typeof localClients>) {
  return async (request: Parameters<typeof walletClient.writeContract>[0]): Promise<unknown> => {
    const { result } = await publicClient.simulateContract({ ...request, account: walletClient.account } as never);
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return result;
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
    // Premiums go to the insurance pool; the deployer holds the voting supply, so the demo can vote.
    insuranceCooldown: parameters.insuranceCooldown ?? DEVNET_INSURANCE_COOLDOWN,
    votesRecipient: walletClient.account.address,
    votingDelay: parameters.votingDelay ?? DEVNET_VOTING_DELAY,
    votingPeriod: parameters.votingPeriod ?? DEVNET_VOTING_PERIOD,
    timelockDelay: parameters.timelockDelay ?? DEVNET_TIMELOCK_DELAY,
    guardian: devAccount(devAccountRoles.guardian).address,
    reviewFloor: parameters.reviewFloor ?? DEVNET_REVIEW_FLOOR,
    reviewBase: parameters.reviewBase ?? DEVNET_REVIEW_BASE,
    reviewPerKiB: parameters.reviewPerKiB ?? DEVNET_REVIEW_PER_KIB,
    arbitratorMinimumStake: parameters.arbitratorMinimumStake ?? DEVNET_ARBITRATOR_MINIMUM_STAKE,
    arbitratorLeaveDelay: parameters.arbitratorLeaveDelay ?? DEVNET_ARBITRATOR_LEAVE_DELAY,
    drawMinStakingTime: parameters.drawMinStakingTime ?? DEVNET_DRAW_MIN_STAKING_TIME,
    drawMaxDrawingTime: parameters.drawMaxDrawingTime ?? DEVNET_DRAW_MAX_DRAWING_TIME,
    court: { ...DEVNET_COURT, ...parameters.court },
    groupWithdrawalDelay: parameters.groupWithdrawalDelay ?? DEVNET_GROUP_WITHDRAWAL_DELAY,
    groupRootValidity: parameters.groupRootValidity ?? DEVNET_GROUP_ROOT_VALIDITY,
  });
  await writeDeployment(deployment, parameters.deploymentsDir);
  return deployment;
}
