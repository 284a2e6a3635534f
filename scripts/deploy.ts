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
  http,
  isAddress,
  isHex,
  parseEther,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { writeDeployment } from "../sdk/src/deployment-file.ts";
import { deployLeasehold, deployLeaseholdDefaults } from "./deploy/deploy-leasehold.ts";

const address = z.string().refine((value) => isAddress(value), "must be an address");
const seconds = z.coerce.number().int().nonnegative();
const tokens = z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal number of tokens");

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
});

const parsed = environmentSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(`Cannot deploy:\n${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const environment = parsed.data;

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
});
const file = await writeDeployment(deployment);
console.log(`Deployed Leasehold to chain ${chainId}; record written to ${file}`);
for (const [name, contract] of Object.entries(deployment.contracts)) {
  console.log(`  ${name.padEnd(18)} ${contract.address}  (block ${contract.startBlock})`);
}
