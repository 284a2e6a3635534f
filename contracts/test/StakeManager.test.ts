import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  encodeFunctionData,
  getAddress,
  getContract,
  keccak256,
  parseAbi,
  parseEther,
  toHex,
  zeroAddress,
  zeroHash,
} from "viem";
import { loadDeployment, MINIMUM_STAKE, networkHelpers, UNBONDING_DELAY, viem } from "../fixtures/deploy-fixture.ts";

const REASON = keccak256(toHex("dispute:1"));
const MAX_UNBONDING_DELAY = 90n * 24n * 60n * 60n;

/** The functions of the misbehaving test tokens (contracts/test/mocks) these tests call. */
const mockTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
  "function arm(address target, bytes data)",
  "function setTransfersFail(bool fail)",
]);

/** Hardhat generates no types for test contracts, so give the mocks a typed ABI here. */
async function deployMockToken(
  name: "ReentrantToken" | "FalseReturningToken" | "FeeOnTransferToken",
  args: unknown[] = [],
) {
  const { address } = await viem.deployContract(name, args);
  const [wallet] = await viem.getWalletClients();
  return getContract({ address, abi: mockTokenAbi, client: { public: await viem.getPublicClient(), wallet: wallet! } });
}

async function setup() {
  const deployment = await loadDeployment();
  const { token, stakeManager, admin, accounts } = deployment;
  const [operator, other, locker, otherLocker, slasher, recipient] = accounts;
  const lockerRole = await stakeManager.read.LOCKER_ROLE();
  const slasherRole = await stakeManager.read.SLASHER_ROLE();
  const adminRole = await stakeManager.read.DEFAULT_ADMIN_ROLE();
  await stakeManager.write.grantRole([lockerRole, locker!.account.address], { account: admin.account });
  await stakeManager.write.grantRole([lockerRole, otherLocker!.account.address], { account: admin.account });
  await stakeManager.write.grantRole([slasherRole, slasher!.account.address], { account: admin.account });

  /** Draw from the faucet if needed, approve and deposit `amount` as `who`. */
  async function deposit(who: (typeof accounts)[number], amount: bigint) {
    if ((await token.read.balanceOf([who.account.address])) < amount)
      await token.write.faucet({ account: who.account });
    await token.write.approve([stakeManager.address, amount], { account: who.account });
    return stakeManager.write.deposit([amount], { account: who.account });
  }

  return {
    ...deployment,
    operator: operator!,
    other: other!,
    locker: locker!,
    otherLocker: otherLocker!,
    slasher: slasher!,
    recipient: recipient!,
    lockerRole,
    slasherRole,
    adminRole,
    deposit,
  };
}

describe("StakeManager", () => {
  describe("# deployment", () => {
    it("should use the deployed stake token and the deploy parameters", async () => {
      const { stakeManager, token } = await setup();
      assert.equal(getAddress(await stakeManager.read.stakeToken()), getAddress(token.address));
      assert.equal(await stakeManager.read.minimumStake(), MINIMUM_STAKE);
      assert.equal(await stakeManager.read.unbondingDelay(), UNBONDING_DELAY);
      assert.equal(await stakeManager.read.MAX_UNBONDING_DELAY(), MAX_UNBONDING_DELAY);
      assert.equal(await stakeManager.read.totalStaked(), 0n);
    });

    it("should derive role ids from their names", async () => {
      const { lockerRole, slasherRole, adminRole } = await setup();
      assert.equal(lockerRole, keccak256(toHex("LOCKER_ROLE")));
      assert.equal(slasherRole, keccak256(toHex("SLASHER_ROLE")));
      assert.equal(adminRole, zeroHash);
    });
  });

  describe("# deposit", () => {
    it("should credit free stake and emit StakeDeposited", async () => {
      const { stakeManager, token, operator, deposit } = await setup();
      await viem.assertions.emitWithArgs(deposit(operator, MINIMUM_STAKE), stakeManager, "StakeDeposited", [
        getAddress(operator.account.address),
        MINIMUM_STAKE,
        MINIMUM_STAKE,
      ]);
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, MINIMUM_STAKE);
      assert.equal(stake.locked, 0n);
      assert.equal(stake.unbonding, 0n);
      assert.equal(await stakeManager.read.totalStaked(), MINIMUM_STAKE);
      assert.equal(await token.read.balanceOf([stakeManager.address]), MINIMUM_STAKE);
      assert.equal(await stakeManager.read.meetsMinimum([operator.account.address]), true);
    });

    it("should revert with StakeManagerZeroAmount for zero", async () => {
      const { stakeManager, operator } = await setup();
      await viem.assertions.revertWithCustomError(
        stakeManager.write.deposit([0n], { account: operator.account }),
        stakeManager,
        "StakeManagerZeroAmount",
      );
    });

    it("should revert with the token's ERC20InsufficientAllowance without approval", async () => {
      const { stakeManager, token, operator } = await setup();
      await token.write.faucet({ account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.deposit([1n], { account: operator.account }),
        token,
        "ERC20InsufficientAllowance",
        [getAddress(stakeManager.address), 0n, 1n],
      );
    });

    it("should revert with ReentrancyGuardReentrantCall when the token calls back", async () => {
      const { deployer, operator } = await setup();
      const reentrant = await deployMockToken("ReentrantToken");
      const manager = await viem.deployContract("StakeManager", [
        reentrant.address,
        deployer.account.address,
        MINIMUM_STAKE,
        UNBONDING_DELAY,
      ]);
      await reentrant.write.mint([operator.account.address, 10n]);
      await reentrant.write.approve([manager.address, 10n], { account: operator.account });
      const data = encodeFunctionData({ abi: manager.abi, functionName: "deposit", args: [1n] });
      await reentrant.write.arm([manager.address, data]);
      await viem.assertions.revertWithCustomError(
        manager.write.deposit([10n], { account: operator.account }),
        manager,
        "ReentrancyGuardReentrantCall",
      );
    });

    it("should revert with SafeERC20FailedOperation when the token returns false", async () => {
      const { deployer, operator } = await setup();
      const falseToken = await deployMockToken("FalseReturningToken");
      const manager = await viem.deployContract("StakeManager", [
        falseToken.address,
        deployer.account.address,
        MINIMUM_STAKE,
        UNBONDING_DELAY,
      ]);
      await falseToken.write.mint([operator.account.address, 10n]);
      await falseToken.write.approve([manager.address, 10n], { account: operator.account });
      await falseToken.write.setTransfersFail([true]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        manager.write.deposit([10n], { account: operator.account }),
        manager,
        "SafeERC20FailedOperation",
        [getAddress(falseToken.address)],
      );
    });

    it("should credit only what arrived from a fee-on-transfer token", async () => {
      const { deployer, operator } = await setup();
      const feeToken = await deployMockToken("FeeOnTransferToken", [100n]);
      const manager = await viem.deployContract("StakeManager", [
        feeToken.address,
        deployer.account.address,
        MINIMUM_STAKE,
        UNBONDING_DELAY,
      ]);
      await feeToken.write.mint([operator.account.address, 1_000n]);
      await feeToken.write.approve([manager.address, 1_000n], { account: operator.account });
      await viem.assertions.emitWithArgs(
        manager.write.deposit([1_000n], { account: operator.account }),
        manager,
        "StakeDeposited",
        [getAddress(operator.account.address), 990n, 990n],
      );
      assert.equal(await manager.read.totalStaked(), 990n);
      assert.equal(await feeToken.read.balanceOf([manager.address]), 990n);
    });
  });

  describe("# requestWithdrawal", () => {
    it("should move free stake to unbonding and start the clock", async () => {
      const { stakeManager, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      const hash = await stakeManager.write.requestWithdrawal([parseEther("40")], { account: operator.account });
      const now = BigInt(await networkHelpers.time.latest());
      await viem.assertions.emitWithArgs(hash, stakeManager, "WithdrawalRequested", [
        getAddress(operator.account.address),
        parseEther("40"),
        parseEther("40"),
        now + UNBONDING_DELAY,
      ]);
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, parseEther("60"));
      assert.equal(stake.unbonding, parseEther("40"));
      assert.equal(stake.unlockAt, now + UNBONDING_DELAY);
      assert.equal(await stakeManager.read.meetsMinimum([operator.account.address]), false);
    });

    it("should restart the clock for the whole bucket on a second request", async () => {
      const { stakeManager, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.requestWithdrawal([parseEther("10")], { account: operator.account });
      await networkHelpers.time.increase(UNBONDING_DELAY - 60n);
      await stakeManager.write.requestWithdrawal([parseEther("10")], { account: operator.account });
      const now = BigInt(await networkHelpers.time.latest());
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.unbonding, parseEther("20"));
      assert.equal(stake.unlockAt, now + UNBONDING_DELAY);
    });

    it("should revert with StakeManagerZeroAmount for zero", async () => {
      const { stakeManager, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomError(
        stakeManager.write.requestWithdrawal([0n], { account: operator.account }),
        stakeManager,
        "StakeManagerZeroAmount",
      );
    });

    it("should revert with StakeManagerInsufficientFreeStake above free stake", async () => {
      const { stakeManager, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.requestWithdrawal([MINIMUM_STAKE + 1n], { account: operator.account }),
        stakeManager,
        "StakeManagerInsufficientFreeStake",
        [getAddress(operator.account.address), MINIMUM_STAKE, MINIMUM_STAKE + 1n],
      );
    });
  });

  describe("# cancelWithdrawal", () => {
    it("should move unbonding stake back to free stake", async () => {
      const { stakeManager, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.requestWithdrawal([parseEther("40")], { account: operator.account });
      await viem.assertions.emitWithArgs(
        stakeManager.write.cancelWithdrawal({ account: operator.account }),
        stakeManager,
        "WithdrawalCancelled",
        [getAddress(operator.account.address), parseEther("40")],
      );
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, MINIMUM_STAKE);
      assert.equal(stake.unbonding, 0n);
      assert.equal(stake.unlockAt, 0n);
    });

    it("should revert with StakeManagerNothingUnbonding when nothing is unbonding", async () => {
      const { stakeManager, operator } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.cancelWithdrawal({ account: operator.account }),
        stakeManager,
        "StakeManagerNothingUnbonding",
        [getAddress(operator.account.address)],
      );
    });
  });

  describe("# withdraw", () => {
    it("should revert with StakeManagerStillUnbonding before the delay has passed", async () => {
      const { stakeManager, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.requestWithdrawal([parseEther("40")], { account: operator.account });
      const { unlockAt } = await stakeManager.read.stakeOf([operator.account.address]);
      await networkHelpers.time.increase(UNBONDING_DELAY / 2n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.withdraw([operator.account.address], { account: operator.account }),
        stakeManager,
        "StakeManagerStillUnbonding",
        [getAddress(operator.account.address), unlockAt],
      );
    });

    it("should send the unbonded stake to the recipient once the delay has passed", async () => {
      const { stakeManager, token, operator, recipient, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.requestWithdrawal([parseEther("40")], { account: operator.account });
      await networkHelpers.time.increase(UNBONDING_DELAY);
      const before = await token.read.balanceOf([recipient.account.address]);
      await viem.assertions.emitWithArgs(
        stakeManager.write.withdraw([recipient.account.address], { account: operator.account }),
        stakeManager,
        "StakeWithdrawn",
        [getAddress(operator.account.address), getAddress(recipient.account.address), parseEther("40")],
      );
      assert.equal(await token.read.balanceOf([recipient.account.address]), before + parseEther("40"));
      assert.equal(await stakeManager.read.totalStaked(), parseEther("60"));
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.unbonding, 0n);
      assert.equal(stake.unlockAt, 0n);
    });

    it("should revert with StakeManagerNothingUnbonding when nothing is unbonding", async () => {
      const { stakeManager, operator, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.withdraw([operator.account.address], { account: operator.account }),
        stakeManager,
        "StakeManagerNothingUnbonding",
        [getAddress(operator.account.address)],
      );
    });
  });

  describe("# lock", () => {
    it("should move free stake into the caller's collateral ledger", async () => {
      const { stakeManager, operator, locker, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.emitWithArgs(
        stakeManager.write.lock([operator.account.address, parseEther("30")], { account: locker.account }),
        stakeManager,
        "StakeLocked",
        [getAddress(locker.account.address), getAddress(operator.account.address), parseEther("30")],
      );
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, parseEther("70"));
      assert.equal(stake.locked, parseEther("30"));
      assert.equal(
        await stakeManager.read.lockedBy([locker.account.address, operator.account.address]),
        parseEther("30"),
      );
    });

    it("should revert with StakeManagerZeroAmount for zero", async () => {
      const { stakeManager, operator, locker, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomError(
        stakeManager.write.lock([operator.account.address, 0n], { account: locker.account }),
        stakeManager,
        "StakeManagerZeroAmount",
      );
    });

    it("should revert with StakeManagerInsufficientFreeStake above free stake", async () => {
      const { stakeManager, operator, locker, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.lock([operator.account.address, MINIMUM_STAKE + 1n], { account: locker.account }),
        stakeManager,
        "StakeManagerInsufficientFreeStake",
        [getAddress(operator.account.address), MINIMUM_STAKE, MINIMUM_STAKE + 1n],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the locker role", async () => {
      const { stakeManager, operator, slasher, lockerRole, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.lock([operator.account.address, 1n], { account: slasher.account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(slasher.account.address), lockerRole],
      );
    });
  });

  describe("# release", () => {
    it("should move the caller's collateral back to free stake", async () => {
      const { stakeManager, operator, locker, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.lock([operator.account.address, parseEther("30")], { account: locker.account });
      await viem.assertions.emitWithArgs(
        stakeManager.write.release([operator.account.address, parseEther("30")], { account: locker.account }),
        stakeManager,
        "StakeReleased",
        [getAddress(locker.account.address), getAddress(operator.account.address), parseEther("30")],
      );
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, MINIMUM_STAKE);
      assert.equal(stake.locked, 0n);
    });

    it("should revert with StakeManagerZeroAmount for zero", async () => {
      const { stakeManager, operator, locker, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.lock([operator.account.address, 1n], { account: locker.account });
      await viem.assertions.revertWithCustomError(
        stakeManager.write.release([operator.account.address, 0n], { account: locker.account }),
        stakeManager,
        "StakeManagerZeroAmount",
      );
    });

    it("should revert with StakeManagerInsufficientLocked beyond the caller's own ledger", async () => {
      const { stakeManager, operator, locker, otherLocker, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.lock([operator.account.address, parseEther("30")], { account: locker.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.release([operator.account.address, 1n], { account: otherLocker.account }),
        stakeManager,
        "StakeManagerInsufficientLocked",
        [getAddress(otherLocker.account.address), getAddress(operator.account.address), 0n, 1n],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the locker role", async () => {
      const { stakeManager, operator, locker, lockerRole, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.lock([operator.account.address, 1n], { account: locker.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.release([operator.account.address, 1n], { account: operator.account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(operator.account.address), lockerRole],
      );
    });
  });

  describe("# slash", () => {
    it("should take free stake first, then unbonding stake, and pay the recipient", async () => {
      const { stakeManager, token, operator, slasher, recipient, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      await stakeManager.write.requestWithdrawal([parseEther("40")], { account: operator.account });
      const before = await token.read.balanceOf([recipient.account.address]);
      await viem.assertions.emitWithArgs(
        stakeManager.write.slash([operator.account.address, parseEther("70"), recipient.account.address, REASON], {
          account: slasher.account,
        }),
        stakeManager,
        "StakeSlashed",
        [
          getAddress(operator.account.address),
          getAddress(slasher.account.address),
          getAddress(recipient.account.address),
          REASON,
          parseEther("70"),
          parseEther("60"),
          parseEther("10"),
        ],
      );
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, 0n);
      assert.equal(stake.unbonding, parseEther("30"));
      assert.equal(await token.read.balanceOf([recipient.account.address]), before + parseEther("70"));
      assert.equal(await stakeManager.read.totalStaked(), parseEther("30"));
    });

    it("should take only what the operator has", async () => {
      const { stakeManager, operator, slasher, recipient, deposit } = await setup();
      await deposit(operator, MINIMUM_STAKE);
      const { result } = await stakeManager.simulate.slash(
        [operator.account.address, MINIMUM_STAKE * 5n, recipient.account.address, REASON],
        { account: slasher.account.address },
      );
      assert.equal(result, MINIMUM_STAKE);
    });

    it("should revert with StakeManagerZeroAmount for zero", async () => {
      const { stakeManager, operator, slasher, recipient } = await setup();
      await viem.assertions.revertWithCustomError(
        stakeManager.write.slash([operator.account.address, 0n, recipient.account.address, REASON], {
          account: slasher.account,
        }),
        stakeManager,
        "StakeManagerZeroAmount",
      );
    });

    it("should revert with StakeManagerInvalidRecipient for the zero address or the manager itself", async () => {
      const { stakeManager, operator, slasher } = await setup();
      for (const recipient of [zeroAddress, stakeManager.address]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          stakeManager.write.slash([operator.account.address, 1n, recipient, REASON], { account: slasher.account }),
          stakeManager,
          "StakeManagerInvalidRecipient",
          [getAddress(recipient)],
        );
      }
    });

    it("should revert with StakeManagerEmptyReason without a reason", async () => {
      const { stakeManager, operator, slasher, recipient } = await setup();
      await viem.assertions.revertWithCustomError(
        stakeManager.write.slash([operator.account.address, 1n, recipient.account.address, zeroHash], {
          account: slasher.account,
        }),
        stakeManager,
        "StakeManagerEmptyReason",
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the slasher role", async () => {
      const { stakeManager, operator, locker, recipient, slasherRole } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.slash([operator.account.address, 1n, recipient.account.address, REASON], {
          account: locker.account,
        }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(locker.account.address), slasherRole],
      );
    });
  });

  describe("# setMinimumStake", () => {
    it("should revert with StakeManagerZeroMinimumStake for zero", async () => {
      const { stakeManager, admin } = await loadDeployment();
      await viem.assertions.revertWithCustomError(
        stakeManager.write.setMinimumStake([0n], { account: admin.account }),
        stakeManager,
        "StakeManagerZeroMinimumStake",
      );
    });

    it("should update the minimum and emit old and new values", async () => {
      const { stakeManager, admin } = await setup();
      await viem.assertions.emitWithArgs(
        stakeManager.write.setMinimumStake([parseEther("5")], { account: admin.account }),
        stakeManager,
        "MinimumStakeUpdated",
        [MINIMUM_STAKE, parseEther("5")],
      );
      assert.equal(await stakeManager.read.minimumStake(), parseEther("5"));
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { stakeManager, other, adminRole } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.setMinimumStake([1n], { account: other.account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(other.account.address), adminRole],
      );
    });
  });

  describe("# setUnbondingDelay", () => {
    it("should update the delay and emit old and new values", async () => {
      const { stakeManager, admin } = await setup();
      await viem.assertions.emitWithArgs(
        stakeManager.write.setUnbondingDelay([MAX_UNBONDING_DELAY], { account: admin.account }),
        stakeManager,
        "UnbondingDelayUpdated",
        [UNBONDING_DELAY, MAX_UNBONDING_DELAY],
      );
      assert.equal(await stakeManager.read.unbondingDelay(), MAX_UNBONDING_DELAY);
    });

    it("should revert with StakeManagerUnbondingDelayTooLong above the cap", async () => {
      const { stakeManager, admin } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.setUnbondingDelay([MAX_UNBONDING_DELAY + 1n], { account: admin.account }),
        stakeManager,
        "StakeManagerUnbondingDelayTooLong",
        [MAX_UNBONDING_DELAY + 1n, MAX_UNBONDING_DELAY],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { stakeManager, locker, adminRole } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.setUnbondingDelay([1n], { account: locker.account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(locker.account.address), adminRole],
      );
    });
  });

  describe("# grantRole", () => {
    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { stakeManager, other, slasherRole, adminRole } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.grantRole([slasherRole, other.account.address], { account: other.account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(other.account.address), adminRole],
      );
    });
  });

  describe("# revokeRole", () => {
    it("should revert with AccessControlUnauthorizedAccount for a caller without the admin role", async () => {
      const { stakeManager, slasher, slasherRole, adminRole } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.revokeRole([slasherRole, slasher.account.address], { account: slasher.account }),
        stakeManager,
        "AccessControlUnauthorizedAccount",
        [getAddress(slasher.account.address), adminRole],
      );
    });
  });

  describe("# renounceRole", () => {
    it("should revert with AccessControlBadConfirmation for another account", async () => {
      const { stakeManager, slasher, other, slasherRole } = await setup();
      await viem.assertions.revertWithCustomError(
        stakeManager.write.renounceRole([slasherRole, slasher.account.address], { account: other.account }),
        stakeManager,
        "AccessControlBadConfirmation",
      );
    });
  });
});
