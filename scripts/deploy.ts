/**
 * `npm run deploy`: deploy Leasehold to any EVM chain and write deployments/<chainId>.json.
 *
 *   LEASEHOLD_RPC_URL          RPC endpoint of the target chain (required)
 *   LEASEHOLD_DEPLOYER_KEY     0x-prefixed private key paying for the deployment (required)
 *   LEASEHOLD_STAKE_TOKEN      existing ERC-20 to stake (required except on the local chain)
 *   LEASEHOLD_MINIMUM_STAKE    minimum stake in whole tokens, 18 decimals (default 100)
 *   LEASEHOLD_UNBONDING_DELAY  unbonding delay in seconds (default 604800, one week)
 *   LEASEHOLD_MAX_LEASE_TTL    longest lease in seconds (default 2592000, 30 days)
 *   LEASEHOLD_CHALLENGE_WINDOW seconds a job can be disputed after its receipt (default 86400, one day)
 *   LEASEHOLD_COLLATERAL_BPS   collateral per job in basis points of its payment (default 10000)
 *   LEASEHOLD_PREMIUM_BPS      insurance premium in basis points of each payment (default 200)
 *   LEASEHOLD_INSURANCE        where premiums go (default: the InsurancePool deployed with the rest)
 *   LEASEHOLD_VOTES_RECIPIENT  treasury or distribution contract receiving the whole voting supply (required
 *                              except on the local chain)
 *   LEASEHOLD_VOTES_SUPPLY     voting tokens minted once, in whole tokens (default 1000000)
 *   LEASEHOLD_VOTING_DELAY     seconds from a proposal to its vote (default 86400, one day)
 *   LEASEHOLD_VOTING_PERIOD    seconds a vote lasts (default 604800, one week)
 *   LEASEHOLD_PROPOSAL_THRESHOLD votes needed to propose, in whole tokens (default 1000)
 *   LEASEHOLD_QUORUM_PERCENT   quorum in percent of the supply (default 4)
 *   LEASEHOLD_TIMELOCK_DELAY   seconds a passed proposal waits before execution (default 172800, two days)
 *   LEASEHOLD_GUARDIAN         may revoke code releases at once, never approve them (default: none)
 *   LEASEHOLD_REVIEW_FLOOR     shortest review window of any code release, fixed for good (default 172800)
 *   LEASEHOLD_REVIEW_BASE      review window of a routine release of any size (default 604800)
 *   LEASEHOLD_REVIEW_PER_KIB   review seconds per started KiB of agent bundle (default 3600)
 *   LEASEHOLD_PUBLICATION_BOND bond to publish a release, in whole stake tokens (default 100)
 *   LEASEHOLD_INSURANCE_COOLDOWN seconds a pool redemption waits (default 604800, one week)
 *   LEASEHOLD_ARBITRATOR_MINIMUM_STAKE stake an arbitrator needs to be drawn, and each seat locks (default 100)
 *   LEASEHOLD_ARBITRATOR_LEAVE_DELAY seconds between an arbitrator's leave request and withdrawal (default 1209600)
 *   LEASEHOLD_DRAW_MIN_STAKING_TIME  seconds stakes stay open between two draw sessions (default 3600)
 *   LEASEHOLD_DRAW_MAX_DRAWING_TIME  longest a draw session freezes stakes (default 86400)
 *   LEASEHOLD_RANDOMNESS       `blockhash` (default) or `chainlink-vrf`: where draw sessions get randomness
 *   LEASEHOLD_RANDOMNESS_DELAY_BLOCKS  blockhash: blocks between a request and its block (default 2)
 *   LEASEHOLD_VRF_COORDINATOR, LEASEHOLD_VRF_KEY_HASH, LEASEHOLD_VRF_SUBSCRIPTION_ID  chainlink-vrf:
 *                              the chain's VRF v2.5 coordinator, gas lane and a funded subscription
 *                              (add the deployed ChainlinkVrfRandomness to its consumers)
 *   LEASEHOLD_VRF_CONFIRMATIONS, LEASEHOLD_VRF_CALLBACK_GAS, LEASEHOLD_VRF_NATIVE_PAYMENT  chainlink-vrf
 *                              options (defaults 3, 100000, false)
 *   LEASEHOLD_COURT_BOND_MINIMUM  round 0's smallest bond, in whole tokens (default 10)
 *   LEASEHOLD_COURT_BOND_BPS      round 0's bond in basis points of the payment, if larger (default 1000)
 *   LEASEHOLD_COURT_COMPENSATION_BPS  compensation owed to a client who wins (default 10000)
 *   LEASEHOLD_COURT_PANEL_FEE_BPS share of each round's bond paid to its coherent voters (default 5000)
 *   LEASEHOLD_COURT_NON_REVEAL_PENALTY_BPS share of a seat's lock lost by not revealing (default 2000)
 *   LEASEHOLD_COURT_FIRST_PANEL_SIZE  seats in round 0, odd (default 3; the appeal has 2n + 1)
 *   LEASEHOLD_COURT_DRAW_TIMEOUT, _COMMIT_PERIOD, _REVEAL_PERIOD, _APPEAL_PERIOD  seconds (defaults
 *                              7, 3, 2 and 3 days)
 *   LEASEHOLD_GROUP_MINIMUM_DEPOSIT  smallest anonymous stake deposit, in whole tokens (default 10)
 *   LEASEHOLD_GROUP_WITHDRAWAL_DELAY seconds an anonymous withdrawal waits, slashable (default 604800;
 *                              more than the root validity)
 *   LEASEHOLD_GROUP_ROOT_VALIDITY    seconds a replaced group root still verifies (default 3600)
 *   LEASEHOLD_ENDORSEMENT_EPOCH      seconds per endorsement epoch (default 86400)
 *   LEASEHOLD_ENDORSEMENT_THRESHOLD  anonymous stake an endorser must prove, in whole tokens (default 100)
 *   LEASEHOLD_RELAY_TIP_CAP_GWEI     gwei per gas an endorsement's relay refund may pay above the base fee (default 2)
 *   LEASEHOLD_RELAY_SPEND_PER_EPOCH  ether the relay budget refunds per endorsement epoch at most (default 1)
 *
 * Every admin and parameter role goes to the timelock, which only executes proposals the
 * governor passed; the deploy fails unless reading every role back shows exactly that.
 * The key is read from the environment only, never from a file in the repository.
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  formatEther,
  formatGwei,
  http,
  isAddress,
  isHex,
  parseEther,
  parseGwei,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { writeDeployment } from "../sdk/src/deployment-file.ts";
import { deployLeasehold, deployLeaseholdDefaults, type RandomnessParameters } from "./deploy/deploy-leasehold.ts";

const address = z.string().refine((value) => isAddress(value), "must be an address");
const seconds = z.coerce.number().int().nonnegative();
const tokens = z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal number of tokens");
const decimal = z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal number");
const bps = z.coerce.number().int().nonnegative();
const defaults = deployLeaseholdDefaults;

const environmentSchema = z.object({
  LEASEHOLD_RPC_URL: z.url(),
  LEASEHOLD_DEPLOYER_KEY: z
    .string()
    .refine((value) => isHex(value) && value.length === 66, "must be a 0x-prefixed 32-byte hex key"),
  LEASEHOLD_STAKE_TOKEN: z
    .string()
    .refine((value) => isAddress(value), "must be an address")
    .optional(),
  LEASEHOLD_MINIMUM_STAKE: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "must be a decimal number of tokens")
    .default("100"),
  LEASEHOLD_UNBONDING_DELAY: z.coerce.number().int().nonnegative().default(604_800),
  LEASEHOLD_MAX_LEASE_TTL: z.coerce.number().int().positive().default(Number(deployLeaseholdDefaults.maxLeaseTtl)),
  LEASEHOLD_CHALLENGE_WINDOW: z.coerce
    .number()
    .int()
    .positive()
    .default(Number(deployLeaseholdDefaults.challengeWindow)),
  LEASEHOLD_COLLATERAL_BPS: z.coerce.number().int().nonnegative().default(deployLeaseholdDefaults.collateralBps),
  LEASEHOLD_PREMIUM_BPS: z.coerce.number().int().nonnegative().default(deployLeaseholdDefaults.premiumBps),
  LEASEHOLD_INSURANCE: address.optional(),
  LEASEHOLD_VOTES_RECIPIENT: address.optional(),
  LEASEHOLD_VOTES_SUPPLY: tokens.default(formatEther(deployLeaseholdDefaults.votesSupply)),
  LEASEHOLD_VOTING_DELAY: seconds.default(Number(deployLeaseholdDefaults.votingDelay)),
  LEASEHOLD_VOTING_PERIOD: seconds.positive().default(Number(deployLeaseholdDefaults.votingPeriod)),
  LEASEHOLD_PROPOSAL_THRESHOLD: tokens.default(formatEther(deployLeaseholdDefaults.proposalThreshold)),
  LEASEHOLD_QUORUM_PERCENT: z.coerce
    .number()
    .int()
    .min(0)
    .max(100)
    .default(Number(deployLeaseholdDefaults.quorumPercent)),
  LEASEHOLD_TIMELOCK_DELAY: seconds.default(Number(deployLeaseholdDefaults.timelockDelay)),
  LEASEHOLD_GUARDIAN: address.optional(),
  LEASEHOLD_REVIEW_FLOOR: seconds.positive().default(Number(deployLeaseholdDefaults.reviewFloor)),
  LEASEHOLD_REVIEW_BASE: seconds.default(Number(deployLeaseholdDefaults.reviewBase)),
  LEASEHOLD_REVIEW_PER_KIB: seconds.default(Number(deployLeaseholdDefaults.reviewPerKiB)),
  LEASEHOLD_PUBLICATION_BOND: tokens.default(formatEther(deployLeaseholdDefaults.publicationBond)),
  LEASEHOLD_INSURANCE_COOLDOWN: seconds.default(Number(defaults.insuranceCooldown)),
  LEASEHOLD_ARBITRATOR_MINIMUM_STAKE: tokens.default(formatEther(defaults.arbitratorMinimumStake)),
  LEASEHOLD_ARBITRATOR_LEAVE_DELAY: seconds.default(Number(defaults.arbitratorLeaveDelay)),
  LEASEHOLD_DRAW_MIN_STAKING_TIME: seconds.positive().default(Number(defaults.drawMinStakingTime)),
  LEASEHOLD_DRAW_MAX_DRAWING_TIME: seconds.positive().default(Number(defaults.drawMaxDrawingTime)),
  LEASEHOLD_RANDOMNESS: z.enum(["blockhash", "chainlink-vrf"]).default("blockhash"),
  LEASEHOLD_RANDOMNESS_DELAY_BLOCKS: z.coerce.number().int().positive().default(Number(defaults.randomnessDelayBlocks)),
  LEASEHOLD_VRF_COORDINATOR: address.optional(),
  LEASEHOLD_VRF_KEY_HASH: z
    .string()
    .refine((value) => isHex(value) && value.length === 66, "must be a 0x-prefixed 32-byte hex key hash")
    .optional(),
  LEASEHOLD_VRF_SUBSCRIPTION_ID: z.string().regex(/^\d+$/, "must be a decimal subscription id").optional(),
  LEASEHOLD_VRF_CONFIRMATIONS: z.coerce.number().int().min(0).max(200).default(defaults.vrfRequestConfirmations),
  LEASEHOLD_VRF_CALLBACK_GAS: z.coerce.number().int().positive().default(defaults.vrfCallbackGasLimit),
  LEASEHOLD_VRF_NATIVE_PAYMENT: z.enum(["true", "false"]).default("false"),
  LEASEHOLD_COURT_BOND_MINIMUM: tokens.default(formatEther(defaults.court.bondMinimum)),
  LEASEHOLD_COURT_BOND_BPS: bps.default(defaults.court.bondBps),
  LEASEHOLD_COURT_COMPENSATION_BPS: bps.default(defaults.court.compensationBps),
  LEASEHOLD_COURT_PANEL_FEE_BPS: bps.default(defaults.court.panelFeeBps),
  LEASEHOLD_COURT_NON_REVEAL_PENALTY_BPS: bps.default(defaults.court.nonRevealPenaltyBps),
  LEASEHOLD_COURT_FIRST_PANEL_SIZE: z.coerce.number().int().positive().default(defaults.court.firstPanelSize),
  LEASEHOLD_COURT_DRAW_TIMEOUT: seconds.positive().default(Number(defaults.court.drawTimeout)),
  LEASEHOLD_COURT_COMMIT_PERIOD: seconds.positive().default(Number(defaults.court.commitPeriod)),
  LEASEHOLD_COURT_REVEAL_PERIOD: seconds.positive().default(Number(defaults.court.revealPeriod)),
  LEASEHOLD_COURT_APPEAL_PERIOD: seconds.positive().default(Number(defaults.court.appealPeriod)),
  LEASEHOLD_GROUP_MINIMUM_DEPOSIT: tokens.default(formatEther(defaults.groupMinimumDeposit)),
  LEASEHOLD_GROUP_WITHDRAWAL_DELAY: seconds.default(Number(defaults.groupWithdrawalDelay)),
  LEASEHOLD_GROUP_ROOT_VALIDITY: seconds.positive().default(Number(defaults.groupRootValidity)),
  LEASEHOLD_ENDORSEMENT_EPOCH: seconds.positive().default(Number(defaults.endorsementEpochLength)),
  LEASEHOLD_ENDORSEMENT_THRESHOLD: tokens.default(formatEther(defaults.endorsementThreshold)),
  /** Gwei per gas a relay refund may pay above the base fee. */
  LEASEHOLD_RELAY_TIP_CAP_GWEI: decimal.default(formatGwei(defaults.relayTipCap)),
  /** Ether the relay budget refunds per endorsement epoch at most. */
  LEASEHOLD_RELAY_SPEND_PER_EPOCH: decimal.default(formatEther(defaults.relaySpendPerEpoch)),
});

const parsed = environmentSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(`Cannot deploy:\n${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const environment = parsed.data;

function randomnessFromEnvironment(): RandomnessParameters {
  if (environment.LEASEHOLD_RANDOMNESS === "blockhash") {
    return { kind: "blockhash", delayBlocks: BigInt(environment.LEASEHOLD_RANDOMNESS_DELAY_BLOCKS) };
  }
  const { LEASEHOLD_VRF_COORDINATOR, LEASEHOLD_VRF_KEY_HASH, LEASEHOLD_VRF_SUBSCRIPTION_ID } = environment;
  if (!LEASEHOLD_VRF_COORDINATOR || !LEASEHOLD_VRF_KEY_HASH || !LEASEHOLD_VRF_SUBSCRIPTION_ID) {
    console.error(
      "Cannot deploy: LEASEHOLD_RANDOMNESS=chainlink-vrf needs LEASEHOLD_VRF_COORDINATOR, LEASEHOLD_VRF_KEY_HASH and LEASEHOLD_VRF_SUBSCRIPTION_ID",
    );
    process.exit(2);
  }
  return {
    kind: "chainlinkVrf",
    coordinator: LEASEHOLD_VRF_COORDINATOR as `0x${string}`,
    keyHash: LEASEHOLD_VRF_KEY_HASH as `0x${string}`,
    subscriptionId: BigInt(LEASEHOLD_VRF_SUBSCRIPTION_ID),
    requestConfirmations: environment.LEASEHOLD_VRF_CONFIRMATIONS,
    callbackGasLimit: environment.LEASEHOLD_VRF_CALLBACK_GAS,
    nativePayment: environment.LEASEHOLD_VRF_NATIVE_PAYMENT === "true",
  };
}

const transport = http(environment.LEASEHOLD_RPC_URL);
const chainId = await createPublicClient({ transport }).getChainId();
const chain = defineChain({
  id: chainId,
  name: `chain ${chainId}`,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [environment.LEASEHOLD_RPC_URL] } },
});
const account = privateKeyToAccount(environment.LEASEHOLD_DEPLOYER_KEY as `0x${string}`);

const deployment = await deployLeasehold({
  publicClient: createPublicClient({ chain, transport }),
  walletClient: createWalletClient({ chain, transport, account }),
  stakeToken: environment.LEASEHOLD_STAKE_TOKEN as `0x${string}` | undefined,
  minimumStake: parseEther(environment.LEASEHOLD_MINIMUM_STAKE),
  unbondingDelay: BigInt(environment.LEASEHOLD_UNBONDING_DELAY),
  maxLeaseTtl: BigInt(environment.LEASEHOLD_MAX_LEASE_TTL),
  challengeWindow: BigInt(environment.LEASEHOLD_CHALLENGE_WINDOW),
  collateralBps: environment.LEASEHOLD_COLLATERAL_BPS,
  premiumBps: environment.LEASEHOLD_PREMIUM_BPS,
  insurance: environment.LEASEHOLD_INSURANCE as `0x${string}` | undefined,
  votesRecipient: environment.LEASEHOLD_VOTES_RECIPIENT as `0x${string}` | undefined,
  votesSupply: parseEther(environment.LEASEHOLD_VOTES_SUPPLY),
  votingDelay: BigInt(environment.LEASEHOLD_VOTING_DELAY),
  votingPeriod: BigInt(environment.LEASEHOLD_VOTING_PERIOD),
  proposalThreshold: parseEther(environment.LEASEHOLD_PROPOSAL_THRESHOLD),
  quorumPercent: BigInt(environment.LEASEHOLD_QUORUM_PERCENT),
  timelockDelay: BigInt(environment.LEASEHOLD_TIMELOCK_DELAY),
  guardian: environment.LEASEHOLD_GUARDIAN as `0x${string}` | undefined,
  reviewFloor: BigInt(environment.LEASEHOLD_REVIEW_FLOOR),
  reviewBase: BigInt(environment.LEASEHOLD_REVIEW_BASE),
  reviewPerKiB: BigInt(environment.LEASEHOLD_REVIEW_PER_KIB),
  publicationBond: parseEther(environment.LEASEHOLD_PUBLICATION_BOND),
  insuranceCooldown: BigInt(environment.LEASEHOLD_INSURANCE_COOLDOWN),
  arbitratorMinimumStake: parseEther(environment.LEASEHOLD_ARBITRATOR_MINIMUM_STAKE),
  arbitratorLeaveDelay: BigInt(environment.LEASEHOLD_ARBITRATOR_LEAVE_DELAY),
  drawMinStakingTime: BigInt(environment.LEASEHOLD_DRAW_MIN_STAKING_TIME),
  drawMaxDrawingTime: BigInt(environment.LEASEHOLD_DRAW_MAX_DRAWING_TIME),
  randomness: randomnessFromEnvironment(),
  // The contracts check every bound again (DisputeCourtInvalidParam and friends).
  court: {
    bondMinimum: parseEther(environment.LEASEHOLD_COURT_BOND_MINIMUM),
    bondBps: environment.LEASEHOLD_COURT_BOND_BPS,
    compensationBps: environment.LEASEHOLD_COURT_COMPENSATION_BPS,
    panelFeeBps: environment.LEASEHOLD_COURT_PANEL_FEE_BPS,
    nonRevealPenaltyBps: environment.LEASEHOLD_COURT_NON_REVEAL_PENALTY_BPS,
    firstPanelSize: environment.LEASEHOLD_COURT_FIRST_PANEL_SIZE,
    drawTimeout: BigInt(environment.LEASEHOLD_COURT_DRAW_TIMEOUT),
    commitPeriod: BigInt(environment.LEASEHOLD_COURT_COMMIT_PERIOD),
    revealPeriod: BigInt(environment.LEASEHOLD_COURT_REVEAL_PERIOD),
    appealPeriod: BigInt(environment.LEASEHOLD_COURT_APPEAL_PERIOD),
  },
  groupMinimumDeposit: parseEther(environment.LEASEHOLD_GROUP_MINIMUM_DEPOSIT),
  groupWithdrawalDelay: BigInt(environment.LEASEHOLD_GROUP_WITHDRAWAL_DELAY),
  groupRootValidity: BigInt(environment.LEASEHOLD_GROUP_ROOT_VALIDITY),
  endorsementEpochLength: BigInt(environment.LEASEHOLD_ENDORSEMENT_EPOCH),
  endorsementThreshold: parseEther(environment.LEASEHOLD_ENDORSEMENT_THRESHOLD),
  relayTipCap: parseGwei(environment.LEASEHOLD_RELAY_TIP_CAP_GWEI),
  relaySpendPerEpoch: parseEther(environment.LEASEHOLD_RELAY_SPEND_PER_EPOCH),
});
const file = await writeDeployment(deployment);
console.log(`Deployed Leasehold to chain ${chainId}; record written to ${file}`);
for (const [name, contract] of Object.entries(deployment.contracts)) {
  console.log(`  ${name.padEnd(18)} ${contract.address}  (block ${contract.startBlock})`);
}
