/**
 * `npm run deploy`: deploy Leasehold to any EVM chain and write deployments/<chainId>.json.
 *
 *   LEASEHOLD_RPC_URL          RPC endpoint of the target chain (required)
 *   LEASEHOLD_DEPLOYER_KEY     0x-prefixed private key paying for the deployment (required)
 *   LEASEHOLD_STAKE_TOKEN      existing ERC-20 to stake (required except on the local chain)
 *   LEASEHOLD_ADMIN            holder of the admin roles (default: the deployer)
 *   LEASEHOLD_MINIMUM_STAKE    minimum stake in whole tokens, 18 decimals (default 100)
 *   LEASEHOLD_UNBONDING_DELAY  unbonding delay in seconds (default 604800, one week)
 *   LEASEHOLD_MAX_LEASE_TTL    longest lease in seconds (default 2592000, 30 days)
 *   LEASEHOLD_CHALLENGE_WINDOW seconds a job can be disputed after its receipt (default 86400, one day)
 *   LEASEHOLD_COLLATERAL_BPS   collateral per job in basis points of its payment (default 10000)
 *   LEASEHOLD_PREMIUM_BPS      insurance premium in basis points of each payment (default 200)
 *   LEASEHOLD_INSURANCE        where premiums go until the insurance pool exists (default: the admin)
 *
 * The key is read from the environment only, never from a file in the repository.
 */
import { createPublicClient, createWalletClient, defineChain, http, isAddress, isHex, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { writeDeployment } from "../sdk/src/deployment-file.ts";
import { deployLeasehold, deployLeaseholdDefaults } from "./deploy/deploy-leasehold.ts";

const environmentSchema = z.object({
  LEASEHOLD_RPC_URL: z.url(),
  LEASEHOLD_DEPLOYER_KEY: z
    .string()
    .refine((value) => isHex(value) && value.length === 66, "must be a 0x-prefixed 32-byte hex key"),
  LEASEHOLD_STAKE_TOKEN: z
    .string()
    .refine((value) => isAddress(value), "must be an address")
    .optional(),
  LEASEHOLD_ADMIN: z
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
  LEASEHOLD_INSURANCE: z
    .string()
    .refine((value) => isAddress(value), "must be an address")
    .optional(),
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
  admin: environment.LEASEHOLD_ADMIN as `0x${string}` | undefined,
  minimumStake: parseEther(environment.LEASEHOLD_MINIMUM_STAKE),
  unbondingDelay: BigInt(environment.LEASEHOLD_UNBONDING_DELAY),
  maxLeaseTtl: BigInt(environment.LEASEHOLD_MAX_LEASE_TTL),
  challengeWindow: BigInt(environment.LEASEHOLD_CHALLENGE_WINDOW),
  collateralBps: environment.LEASEHOLD_COLLATERAL_BPS,
  premiumBps: environment.LEASEHOLD_PREMIUM_BPS,
  insurance: environment.LEASEHOLD_INSURANCE as `0x${string}` | undefined,
});
const file = await writeDeployment(deployment);
console.log(`Deployed Leasehold to chain ${chainId}; record written to ${file}`);
for (const [name, contract] of Object.entries(deployment.contracts)) {
  console.log(`  ${name.padEnd(14)} ${contract.address}  (block ${contract.startBlock})`);
}
