/**
 * The insurance pool against the real deployment: JobEscrow's premium route and the
 * StakeManager's slashes pay into it. The pool is not part of the deploy step yet (the deploy
 * script is being reworked with governance), so these tests deploy it themselves and point
 * JobEscrow's `insurance` at it with the admin, as the deploy step will.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, getContract, keccak256, parseAbi, parseEther, toHex, zeroAddress, zeroHash } from "viem";
import { networkHelpers, PREMIUM_BPS, viem } from "../fixtures/deploy-fixture.ts";
import { PAYMENT, setupJobFlow } from "./helpers/job-flow.ts";

const COOLDOWN = 7n * 24n * 60n * 60n;
const MAX_COOLDOWN = 30n * 24n * 60n * 60n;
const PREMIUM = (PAYMENT * BigInt(PREMIUM_BPS)) / 10_000n;
const DEPOSIT = parseEther("100");
const REF = keccak256(toHex("dispute:1"));

/** The functions of the fee-on-transfer test token (contracts/test/mocks) these tests call. */
const mockTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
]);

/** ClaimStatus as the contract numbers it. */
const ClaimStatus = { None: 0, Pending: 1, Paid: 2, Cancelled: 3 } as const;

async function setup() {
  const flow = await setupJobFlow();
  const { token, jobEscrow, deployer, accounts, court, admin } = flow;
  const [alice, bob] = accounts.slice(4) as [(typeof accounts)[number], (typeof accounts)[number]];
  const pool = await viem.deployContract("InsurancePool", [token.address, deployer.account.address, COOLDOWN]);
  await pool.write.grantRole([await pool.read.CLAIMS_ROLE(), court.account.address], { account: deployer.account });
  // JobEscrow's admin is the timelock (impersonated here), as after every deploy.
  await jobEscrow.write.setInsurance([pool.address], { account: admin.account });

  /** Deposit `assets` from the faucet as `who`; returns the shares received. */
  async function deposit(who: typeof alice, assets = DEPOSIT) {
    if ((await token.read.balanceOf([who.account.address])) < assets)
      await token.write.faucet({ account: who.account });
    await token.write.approve([pool.address, assets], { account: who.account });
    const before = await pool.read.balanceOf([who.account.address]);
    await pool.write.deposit([assets, who.account.address], { account: who.account });
    return (await pool.read.balanceOf([who.account.address])) - before;
  }

  /** A job run to payment through the real escrow: stake, lease, accept, receipt, window, finalize. */
  async function paidJob() {
    const { jobId, agentId } = await flow.acceptedJob();
    const signed = await flow.makeReceipt(jobId, agentId);
    await flow.submit(jobId, agentId, signed);
    await networkHelpers.time.increase((await jobEscrow.read.challengeWindow()) + 1n);
    await jobEscrow.write.finalize([jobId]);
    return jobId;
  }

  return { ...flow, pool, alice, bob, deposit, paidJob };
}

describe("InsurancePool", () => {
  describe("# premium route", () => {
    it("should grow totalAssets by the premium of a paid job and raise the share price", async () => {
      const { pool, token, jobEscrow, alice, deposit, paidJob } = await setup();
      assert.equal(getAddress(await jobEscrow.read.insurance()), getAddress(pool.address));
      const shares = await deposit(alice);
      const assetsBefore = await pool.read.totalAssets();
      const valueBefore = await pool.read.convertToAssets([shares]);
      const oneShare = 10n ** BigInt(await pool.read.decimals());
      const priceBefore = await pool.read.convertToAssets([oneShare]);

      const jobId = await paidJob();

      assert.equal((await jobEscrow.read.getJob([jobId])).status, 5);
      assert.equal(await pool.read.totalAssets(), assetsBefore + PREMIUM);
      assert.equal(await token.read.balanceOf([pool.address]), DEPOSIT + PREMIUM);
      assert.ok((await pool.read.convertToAssets([oneShare])) > priceBefore);
      const valueAfter = await pool.read.convertToAssets([shares]);
      assert.ok(valueAfter > valueBefore);
      // The depositor owns the whole premium but the virtual shares' sliver (10^6 of 10^26 shares).
      assert.ok(valueAfter >= DEPOSIT + PREMIUM - 2n);
    });

    it("should receive a slash sent to it by the stake manager", async () => {
      const { pool, stakeManager, deployer, admin, operator, alice, deposit, registerAgent } = await setup();
      await deposit(alice);
      await registerAgent();
      await stakeManager.write.grantRole([await stakeManager.read.SLASHER_ROLE(), deployer.account.address], {
        account: admin.account,
      });
      const slashed = parseEther("5");
      await stakeManager.write.slash([operator.account.address, slashed, pool.address, REF], {
        account: deployer.account,
      });
      assert.equal(await pool.read.totalAssets(), DEPOSIT + slashed);
    });
  });

  describe("# redeem", () => {
    it("should redeem requested shares only after the cooldown, at the price with the premium", async () => {
      const { pool, token, alice, deposit, paidJob } = await setup();
      const shares = await deposit(alice);
      await pool.write.requestRedeem([shares], { account: alice.account });
      await paidJob();
      const { unlockAt } = await pool.read.redeemRequestOf([alice.account.address]);
      await networkHelpers.time.setNextBlockTimestamp(unlockAt - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.redeem([shares, alice.account.address, alice.account.address], { account: alice.account }),
        pool,
        "ERC4626ExceededMaxRedeem",
        [getAddress(alice.account.address), shares, 0n],
      );
      await networkHelpers.time.setNextBlockTimestamp(unlockAt);
      const before = await token.read.balanceOf([alice.account.address]);
      await pool.write.redeem([shares, alice.account.address, alice.account.address], { account: alice.account });
      const received = (await token.read.balanceOf([alice.account.address])) - before;
      assert.ok(received > DEPOSIT && received <= DEPOSIT + PREMIUM);
    });

    it("should revert with ERC4626ExceededMaxWithdraw before the cooldown", async () => {
      const { pool, alice, deposit } = await setup();
      await deposit(alice);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.withdraw([1n, alice.account.address, alice.account.address], { account: alice.account }),
        pool,
        "ERC4626ExceededMaxWithdraw",
        [getAddress(alice.account.address), 1n, 0n],
      );
    });

    it("should revert with ERC4626ExceededMaxDeposit and ERC4626ExceededMaxMint above the supply cap", async () => {
      const { pool, alice } = await setup();
      const maxDeposit = await pool.read.maxDeposit([alice.account.address]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.deposit([maxDeposit + 1n, alice.account.address], { account: alice.account }),
        pool,
        "ERC4626ExceededMaxDeposit",
        [getAddress(alice.account.address), maxDeposit + 1n, maxDeposit],
      );
      const maxMint = await pool.read.maxMint([alice.account.address]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.mint([maxMint + 1n, alice.account.address], { account: alice.account }),
        pool,
        "ERC4626ExceededMaxMint",
        [getAddress(alice.account.address), maxMint + 1n, maxMint],
      );
    });

    it("should revert with InsurancePoolZeroAmount and InsurancePoolInsufficientShares on bad requests", async () => {
      const { pool, alice, deposit } = await setup();
      const shares = await deposit(alice);
      await viem.assertions.revertWithCustomError(
        pool.write.requestRedeem([0n], { account: alice.account }),
        pool,
        "InsurancePoolZeroAmount",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.requestRedeem([shares + 1n], { account: alice.account }),
        pool,
        "InsurancePoolInsufficientShares",
        [getAddress(alice.account.address), shares, shares + 1n],
      );
    });

    it("should revert with InsurancePoolNoRedeemRequest when cancelling nothing", async () => {
      const { pool, alice } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.cancelRedeem({ account: alice.account }),
        pool,
        "InsurancePoolNoRedeemRequest",
        [getAddress(alice.account.address)],
      );
    });

    it("should revert with InsurancePoolSharesLocked when moving requested shares", async () => {
      const { pool, alice, bob, deposit } = await setup();
      const shares = await deposit(alice);
      await pool.write.requestRedeem([shares], { account: alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.transfer([bob.account.address, 1n], { account: alice.account }),
        pool,
        "InsurancePoolSharesLocked",
        [getAddress(alice.account.address), 0n, 1n],
      );
    });

    it("should revert with InsurancePoolTransferAmountMismatch on a fee-on-transfer token", async () => {
      const { deployer, alice, publicClient } = await setup();
      const { address } = await viem.deployContract("FeeOnTransferToken", [100n]);
      const feeToken = getContract({ address, abi: mockTokenAbi, client: { public: publicClient, wallet: deployer } });
      const feePool = await viem.deployContract("InsurancePool", [feeToken.address, deployer.account.address, 0n]);
      await feeToken.write.mint([alice.account.address, DEPOSIT]);
      await feeToken.write.approve([feePool.address, DEPOSIT], { account: alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        feePool.write.deposit([DEPOSIT, alice.account.address], { account: alice.account }),
        feePool,
        "InsurancePoolTransferAmountMismatch",
        [DEPOSIT, DEPOSIT - DEPOSIT / 100n],
      );
    });
  });

  describe("# claims", () => {
    it("should reserve a claim at filing so a matured request cannot leave at the pre-claim price", async () => {
      const { pool, token, court, other, alice, bob, deposit } = await setup();
      const shares = await deposit(alice);
      await deposit(bob);
      await pool.write.requestRedeem([shares], { account: alice.account });
      await networkHelpers.time.increase(COOLDOWN);
      const claim = parseEther("50");
      await viem.assertions.emitWithArgs(
        pool.write.fileClaim([other.account.address, claim, REF], { account: court.account }),
        pool,
        "ClaimFiled",
        [1n, getAddress(other.account.address), REF, claim, claim, getAddress(court.account.address)],
      );
      assert.equal(await pool.read.totalAssets(), 2n * DEPOSIT - claim);
      const before = await token.read.balanceOf([alice.account.address]);
      await pool.write.redeem([shares, alice.account.address, alice.account.address], { account: alice.account });
      const received = (await token.read.balanceOf([alice.account.address])) - before;
      assert.ok(received <= DEPOSIT - claim / 2n);

      const otherBefore = await token.read.balanceOf([other.account.address]);
      await viem.assertions.emitWithArgs(pool.write.payClaim([1n], { account: court.account }), pool, "ClaimPaid", [
        1n,
        getAddress(other.account.address),
        claim,
        0n,
      ]);
      assert.equal(await token.read.balanceOf([other.account.address]), otherBefore + claim);
      assert.equal((await pool.read.getClaim([1n])).status, ClaimStatus.Paid);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.payClaim([1n], { account: court.account }),
        pool,
        "InsurancePoolClaimNotPending",
        [1n, ClaimStatus.Paid],
      );
    });

    it("should revert on malformed claims", async () => {
      const { pool, court, other } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.fileClaim([zeroAddress, 1n, REF], { account: court.account }),
        pool,
        "InsurancePoolInvalidRecipient",
        [zeroAddress],
      );
      await viem.assertions.revertWithCustomError(
        pool.write.fileClaim([other.account.address, 0n, REF], { account: court.account }),
        pool,
        "InsurancePoolZeroAmount",
      );
      await viem.assertions.revertWithCustomError(
        pool.write.fileClaim([other.account.address, 1n, zeroHash], { account: court.account }),
        pool,
        "InsurancePoolZeroReference",
      );
      await pool.write.fileClaim([other.account.address, 1n, REF], { account: court.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.fileClaim([other.account.address, 1n, REF], { account: court.account }),
        pool,
        "InsurancePoolDuplicateReference",
        [REF, 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.cancelClaim([2n], { account: court.account }),
        pool,
        "InsurancePoolUnknownClaim",
        [2n],
      );
    });

    it("should revert with AccessControlUnauthorizedAccount for callers without the claims role", async () => {
      const { pool, other } = await setup();
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.fileClaim([other.account.address, 1n, REF], { account: other.account }),
        pool,
        "AccessControlUnauthorizedAccount",
        [getAddress(other.account.address), await pool.read.CLAIMS_ROLE()],
      );
    });
  });

  describe("# setCooldown", () => {
    it("should revert with InsurancePoolCooldownTooLong above the cap", async () => {
      const { pool, deployer } = await setup();
      assert.equal(await pool.read.MAX_COOLDOWN(), MAX_COOLDOWN);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.setCooldown([MAX_COOLDOWN + 1n], { account: deployer.account }),
        pool,
        "InsurancePoolCooldownTooLong",
        [MAX_COOLDOWN + 1n, MAX_COOLDOWN],
      );
      await viem.assertions.emitWithArgs(
        pool.write.setCooldown([MAX_COOLDOWN], { account: deployer.account }),
        pool,
        "CooldownUpdated",
        [COOLDOWN, MAX_COOLDOWN],
      );
    });
  });
});
