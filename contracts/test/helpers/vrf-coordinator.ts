/**
 * Chainlink's VRF v2.5 mock coordinator (contracts/test/mocks/ChainlinkVrfCoordinatorMock.sol) with
 * a funded subscription: what the deploy step's `chainlinkVrf` randomness needs on a real chain.
 */
import { getContract, keccak256, parseAbi, parseEther, parseEventLogs, toHex } from "viem";
import { viem } from "../../fixtures/deploy-fixture.ts";

export const VRF_KEY_HASH = keccak256(toHex("leasehold test gas lane"));

/** The mock charges base fee + gas × gas price, in LINK at this many wei per LINK. */
const BASE_FEE = parseEther("0.1");
const GAS_PRICE = 1_000_000_000n;
const WEI_PER_LINK = 4_000_000_000_000_000n;

/** The coordinator functions these tests call (test artifacts carry no types). */
const coordinatorAbi = parseAbi([
  "event SubscriptionCreated(uint256 indexed subId, address owner)",
  "function createSubscription() returns (uint256 subId)",
  "function fundSubscription(uint256 subId, uint256 amount)",
  "function addConsumer(uint256 subId, address consumer)",
  "function fulfillRandomWordsWithOverride(uint256 requestId, address consumer, uint256[] words)",
]);

export async function deployVrfCoordinator() {
  const publicClient = await viem.getPublicClient();
  const [wallet] = await viem.getWalletClients();
  const { address } = await viem.deployContract("ChainlinkVrfCoordinatorMock", [BASE_FEE, GAS_PRICE, WEI_PER_LINK]);
  const coordinator = getContract({ address, abi: coordinatorAbi, client: { public: publicClient, wallet: wallet! } });
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await coordinator.write.createSubscription() });
  const [created] = parseEventLogs({ abi: coordinatorAbi, logs: receipt.logs, eventName: "SubscriptionCreated" });
  const subscriptionId = created!.args.subId;
  await coordinator.write.fundSubscription([subscriptionId, parseEther("1000")]);
  return { coordinator, subscriptionId };
}
