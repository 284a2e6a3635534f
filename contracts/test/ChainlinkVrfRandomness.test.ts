/**
 * The Chainlink VRF v2.5 adapter as the deploy step deploys it when asked to
 * (`randomness: { kind: "chainlinkVrf" }`), against Chainlink's own mock coordinator with a funded
 * subscription: bound to the registry it serves, which draws a whole session from the word the
 * coordinator answers. An account stands in for the dispute court (the new timelock grants it
 * COURT_ROLE).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  getAddress,
  keccak256,
  parseEther,
  stringToHex,
  toHex,
  zeroAddress,
  zeroHash,
  type Address,
  type Hex,
} from "viem";
import { deployLeasehold, deployLeaseholdDefaults } from "../../scripts/deploy/deploy-leasehold.ts";
import { MINIMUM_STAKE, networkHelpers, UNBONDING_DELAY, viem } from "../fixtures/deploy-fixture.ts";
import { deployVrfCoordinator, VRF_KEY_HASH } from "./helpers/vrf-coordinator.ts";

const COURT_ROLE = keccak256(toHex("COURT_ROLE"));
/** IRandomnessSource.RequestStatus and IArbitratorRegistry.Phase as the contracts number them. */
const Status = { None: 0, Pending: 1, Ready: 2, Expired: 3 } as const;
const Phase = { Staking: 0, Generating: 1, Drawing: 2 } as const;

async function vrfDeployment() {
  const publicClient = await viem.getPublicClient();
  const [deployer, ...accounts] = await viem.getWalletClients();
  const { coordinator, subscriptionId } = await deployVrfCoordinator();
  const deployment = await deployLeasehold({
    publicClient,
    walletClient: deployer!,
    minimumStake: MINIMUM_STAKE,
    unbondingDelay: UNBONDING_DELAY,
    randomness: { kind: "chainlinkVrf", coordinator: coordinator.address, keyHash: VRF_KEY_HASH, subscriptionId },
  });
  const { contracts } = deployment;
  const adapter = await viem.getContractAt("ChainlinkVrfRandomness", contracts.ChainlinkVrfRandomness!.address);
  const registry = await viem.getContractAt("ArbitratorRegistry", contracts.ArbitratorRegistry.address);
  const token = await viem.getContractAt("DevStakeToken", contracts.DevStakeToken!.address);
  // The subscription's owner adds the adapter as a consumer, outside Leasehold.
  await coordinator.write.addConsumer([subscriptionId, adapter.address]);
  // Governance grants the court role to an account standing in for the court.
  const timelock = contracts.TimelockController.address;
  await networkHelpers.impersonateAccount(timelock);
  await networkHelpers.setBalance(timelock, parseEther("10"));
  const admin = await viem.getWalletClient(timelock);
  const court = accounts[5]!;
  await registry.write.grantRole([COURT_ROLE, court.account.address], { account: admin.account });
  return {
    deployment,
    publicClient,
    deployer: deployer!,
    accounts,
    coordinator,
    subscriptionId,
    adapter,
    registry,
    token,
    court,
  };
}

const setup = () => networkHelpers.loadFixture(vrfDeployment);

describe("ChainlinkVrfRandomness", () => {
  describe("# deployment", () => {
    it("should be the registry's source, bound to it, with the deploy step's defaults and no block-hash source", async () => {
      const { deployment, adapter, registry, coordinator, subscriptionId } = await setup();
      assert.equal(deployment.contracts.BlockhashRandomness, undefined);
      assert.equal(getAddress(await registry.read.randomnessSource()), getAddress(adapter.address));
      assert.equal(getAddress(await adapter.read.requester()), getAddress(registry.address));
      assert.equal(getAddress(await adapter.read.coordinator()), getAddress(coordinator.address));
      assert.equal(await adapter.read.keyHash(), VRF_KEY_HASH);
      assert.equal(await adapter.read.subscriptionId(), subscriptionId);
      assert.equal(await adapter.read.requestConfirmations(), deployLeaseholdDefaults.vrfRequestConfirmations);
      assert.equal(await adapter.read.callbackGasLimit(), deployLeaseholdDefaults.vrfCallbackGasLimit);
      assert.equal(await adapter.read.nativePayment(), false);
    });
  });

  describe("# a draw session", () => {
    it("should draw from the coordinator's word once it answers, and from nothing before", async () => {
      const { registry, adapter, coordinator, token, accounts, court } = await setup();
      for (const who of accounts.slice(0, 4)) {
        await token.write.faucet({ account: who.account });
        await token.write.approve([registry.address, MINIMUM_STAKE], { account: who.account });
        await registry.write.deposit([MINIMUM_STAKE], { account: who.account });
      }
      const { result: ticket } = await registry.simulate.requestDraw({ account: court.account.address });
      await registry.write.requestDraw({ account: court.account });
      await networkHelpers.time.increase(deployLeaseholdDefaults.drawMinStakingTime);
      await registry.write.passPhase();
      const [requestId] = await registry.read.sessionRandomness();
      assert.deepEqual(await adapter.read.randomnessOf([requestId]), [Status.Pending, 0n]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.passPhase(),
        registry,
        "ArbitratorRegistryRandomnessPending",
        [requestId],
      );
      const word = BigInt(keccak256(toHex("the verified word")));
      await viem.assertions.emitWithArgs(
        coordinator.write.fulfillRandomWordsWithOverride([requestId, adapter.address, [word]]),
        adapter,
        "RandomnessFulfilled",
        [requestId, word],
      );
      assert.deepEqual(await adapter.read.randomnessOf([requestId]), [Status.Ready, word]);
      await viem.assertions.emitWithArgs(registry.write.passPhase(), registry, "PhasePassed", [
        Phase.Drawing,
        1n,
        requestId,
        word,
      ]);
      await registry.write.draw([ticket, 3n, []], { account: court.account });
      await registry.write.passPhase();
      assert.equal(await registry.read.phase(), Phase.Staking);
    });
  });

  describe("# requestRandomness", () => {
    it("should revert with ChainlinkVrfRandomnessNotRequester for anyone but the registry", async () => {
      const { adapter, accounts } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        adapter.write.requestRandomness({ account: accounts[0]!.account }),
        adapter,
        "ChainlinkVrfRandomnessNotRequester",
        [getAddress(accounts[0]!.account.address)],
      );
    });
  });

  describe("# bindRequester", () => {
    it("should revert with ChainlinkVrfRandomnessCannotBind once bound, even for the deployer", async () => {
      const { adapter, deployer } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        adapter.write.bindRequester([deployer.account.address], { account: deployer.account }),
        adapter,
        "ChainlinkVrfRandomnessCannotBind",
        [getAddress(deployer.account.address), getAddress(deployer.account.address)],
      );
    });
  });

  describe("# rawFulfillRandomWords", () => {
    it("should revert with ChainlinkVrfRandomnessNotCoordinator for anyone but the coordinator", async () => {
      const { adapter, accounts } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        adapter.write.rawFulfillRandomWords([1n, [1n]], { account: accounts[0]!.account }),
        adapter,
        "ChainlinkVrfRandomnessNotCoordinator",
        [getAddress(accounts[0]!.account.address)],
      );
    });
  });

  describe("# constructor", () => {
    it("should revert with ChainlinkVrfRandomnessInvalidParam naming the unusable parameter", async () => {
      const { adapter, coordinator, subscriptionId } = await setup();
      const deploy = (...args: [Address, Hex, bigint, number, number]) =>
        viem.deployContract("ChainlinkVrfRandomness", [...args, false]);
      const expectInvalid = (deployment: ReturnType<typeof deploy>, name: string) =>
        viem.assertions.revertWithCustomErrorWithArgs(deployment, adapter, "ChainlinkVrfRandomnessInvalidParam", [
          stringToHex(name, { size: 32 }),
        ]);
      await expectInvalid(deploy(zeroAddress, VRF_KEY_HASH, subscriptionId, 3, 100_000), "coordinator");
      await expectInvalid(deploy(coordinator.address, zeroHash, subscriptionId, 3, 100_000), "keyHash");
      await expectInvalid(deploy(coordinator.address, VRF_KEY_HASH, 0n, 3, 100_000), "subscriptionId");
      await expectInvalid(deploy(coordinator.address, VRF_KEY_HASH, subscriptionId, 3, 0), "callbackGasLimit");
    });
  });
});
