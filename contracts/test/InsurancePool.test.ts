/**
 * The insurance pool as the deploy step leaves it: JobEscrow's premium route and the
 * StakeManager's slashes pay into it, and claims reserve, pay and release as the court's role
 * would. The deploy fixture sends premiums to an account and gives CLAIMS_ROLE to the
 * DisputeCourt alone; these tests point the escrow at the pool and grant the claims role to a
 * test account, both as the timelock (the pool's and the escrow's admin) would.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress, getContract, keccak256, parseAbi, parseEther, toHex, zeroAddress, zeroHash } from "viem";
import { networkHelpers, PREMIUM_BPS, viem } from "../fixtures/deploy-fixture.ts";
import { PAYMENT, setupJobFlow } from "./helpers/job-flow.ts";

const MAX_COOLDOWN = 30n * 24n * 60n * 60n;
const PREMIUM = (PAYMENT * BigInt(PREMIUM_BPS)) / 10_000n;
const DEPOSIT = parseEther("100");
/** 10^6 virtual shares stand against the virtual asset (InsurancePool's decimals offset). */
const VIRTUAL_SHARES = 10n ** 6n;
const REF = keccak256(toHex("dispute:1"));
const OTHER_REF = keccak256(toHex("dispute:2"));

/** The functions of the fee-on-transfer test token (contracts/test/mocks) these tests call. */
const mockTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
]);

/** ClaimStatus as the contract numbers it. */
const ClaimStatus = { None: 0, Pending: 1, Paid: 2, Cancelled: 3 } as const;

/** A holder's part of a release: its shares at filing over the supply at filing plus the virtual shares. */
const partOf = (released: bigint, held: bigint, supplyAtFiling: bigint) =>
  (released * held) / (supplyAtFiling + VIRTUAL_SHARES);

async function setup() {
  const flow = await setupJobFlow();
  const { token, jobEscrow, insurancePool: pool, accounts, court, admin } = flow;
  const [alice, bob] = accounts.slice(4) as [(typeof accounts)[number], (typeof accounts)[number]];
  await pool.write.grantRole([await pool.read.CLAIMS_ROLE(), court.account.address], { account: admin.account });
  await jobEscrow.write.setInsurance([pool.address], { account: admin.account });
  const cooldown = await pool.read.cooldown();

  /** Deposit `assets` from the faucet as `who`; returns the shares received. */
  async function deposit(who: typeof alice, assets = DEPOSIT) {
    if ((await token.read.balanceOf([who.account.address])) < assets)
      await token.write.faucet({ account: who.account });
    await token.write.approve([pool.address, assets], { account: who.account });
    const before = await pool.read.balanceOf([who.account.address]);
    await pool.write.deposit([assets, who.account.address], { account: who.account });
    return (await pool.read.balanceOf([who.account.address])) - before;
  }

  /** File a claim as the court's role for `amount` to `recipient`; returns its id. */
  async function fileClaim(recipient: typeof alice, amount: bigint, ref = REF) {
    await pool.write.fileClaim([recipient.account.address, amount, ref], { account: court.account });
    return pool.read.claimCount();
  }

  /** The pool's token balance, split as the contract says it always is. */
  async function assertBalanceSplits() {
    const [balance, assets, reserved, releasable, unowned] = await Promise.all([
      token.read.balanceOf([pool.address]),
      pool.read.totalAssets(),
      pool.read.totalReserved(),
      pool.read.totalReleasable(),
      pool.read.totalUnowned(),
    ]);
    assert.equal(balance, assets + reserved + releasable + unowned);
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

  return { ...flow, pool, alice, bob, cooldown, deposit, fileClaim, assertBalanceSplits, paidJob };
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
      // Every balance is checkpointed in 224 bits.
      assert.equal(await pool.read.maxMint([alice.account.address]), 2n ** 224n - 1n);
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
      const { pool, token, court, other, alice, bob, cooldown, deposit, assertBalanceSplits } = await setup();
      const shares = await deposit(alice);
      await deposit(bob);
      await pool.write.requestRedeem([shares], { account: alice.account });
      await networkHelpers.time.increase(cooldown);
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
      await viem.assertions.emitWithArgs(
        pool.write.payClaim([1n, claim], { account: court.account }),
        pool,
        "ClaimPaid",
        [1n, getAddress(other.account.address), claim, 0n, 0n],
      );
      assert.equal(await token.read.balanceOf([other.account.address]), otherBefore + claim);
      assert.equal((await pool.read.getClaim([1n])).status, ClaimStatus.Paid);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.payClaim([1n, claim], { account: court.account }),
        pool,
        "InsurancePoolClaimNotPending",
        [1n, ClaimStatus.Paid],
      );
      await assertBalanceSplits();
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

    it("should keep the DisputeCourt in the claims role the deploy step gave it", async () => {
      const { pool, disputeCourt, court, admin } = await setup();
      const role = await pool.read.CLAIMS_ROLE();
      assert.ok(await pool.read.hasRole([role, disputeCourt.address]));
      // This suite's court account holds it only because the timelock granted it above.
      await pool.write.revokeRole([role, court.account.address], { account: admin.account });
      assert.equal(await pool.read.hasRole([role, court.account.address]), false);
    });
  });

  describe("# side pockets", () => {
    it("should release a cancelled claim to the holders at filing, not to a late depositor", async () => {
      const { pool, token, court, other, alice, bob, deposit, fileClaim, assertBalanceSplits } = await setup();
      const aliceShares = await deposit(alice);
      const claimId = await fileClaim(other, DEPOSIT);
      // A claim on the whole pool reserves all but the price floor (one unit per 10**12 shares),
      // which stays in the pool's assets so that new capital can still enter.
      const { reserved } = await pool.read.getClaim([claimId]);
      const floor = DEPOSIT - reserved;
      assert.ok(floor > 0n && floor <= aliceShares / 10n ** 12n + 1n, "the floor is dust");
      assert.equal(await pool.read.totalAssets(), floor);
      // Bob buys in at the reduced price while the claim runs.
      const bobShares = await deposit(bob);
      assert.equal(await pool.read.sharesAtFiling([claimId, alice.account.address]), aliceShares);
      assert.equal(await pool.read.sharesAtFiling([claimId, bob.account.address]), 0n);

      await viem.assertions.emitWithArgs(
        pool.write.cancelClaim([claimId], { account: court.account }),
        pool,
        "ClaimCancelled",
        [claimId, reserved],
      );
      const claim = await pool.read.getClaim([claimId]);
      assert.equal(claim.status, ClaimStatus.Cancelled);
      assert.equal(claim.released, reserved);
      assert.equal(claim.supplyAtFiling, aliceShares);
      const part = partOf(reserved, aliceShares, aliceShares);
      assert.equal(claim.uncollected, part);
      assert.equal(await pool.read.totalReleasable(), part);
      assert.equal(await pool.read.totalUnowned(), reserved - part);
      await assertBalanceSplits();

      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.collectRelease([claimId, bob.account.address], { account: bob.account }),
        pool,
        "InsurancePoolNothingToCollect",
        [claimId, getAddress(bob.account.address)],
      );
      // Anyone may collect for Alice; the tokens go to her.
      const before = await token.read.balanceOf([alice.account.address]);
      await viem.assertions.emitWithArgs(
        pool.write.collectRelease([claimId, alice.account.address], { account: bob.account }),
        pool,
        "ReleaseCollected",
        [claimId, getAddress(alice.account.address), part],
      );
      assert.equal(await token.read.balanceOf([alice.account.address]), before + part);
      assert.ok(part >= reserved - 1n);
      assert.equal(await pool.read.releasableOf([claimId, alice.account.address]), 0n);
      // Bob keeps what he paid and at most the floor he bought into, never the release.
      const bobValue = await pool.read.previewRedeem([bobShares]);
      assert.ok(bobValue <= DEPOSIT + floor && bobValue >= DEPOSIT - 1n);
      await assertBalanceSplits();
    });

    it("should keep a holder's part with it when its shares move or leave after filing", async () => {
      const { pool, court, other, alice, bob, cooldown, deposit, fileClaim } = await setup();
      const aliceShares = await deposit(alice);
      const bobShares = await deposit(bob);
      await pool.write.requestRedeem([bobShares], { account: bob.account });
      await networkHelpers.time.increase(cooldown);
      const amount = parseEther("40");
      const claimId = await fileClaim(other, amount);
      await pool.write.transfer([other.account.address, aliceShares], { account: alice.account });
      await pool.write.redeem([bobShares, bob.account.address, bob.account.address], { account: bob.account });
      await pool.write.cancelClaim([claimId], { account: court.account });
      const supply = aliceShares + bobShares;
      assert.equal(await pool.read.releasableOf([claimId, alice.account.address]), partOf(amount, aliceShares, supply));
      assert.equal(await pool.read.releasableOf([claimId, bob.account.address]), partOf(amount, bobShares, supply));
      assert.equal(await pool.read.releasableOf([claimId, other.account.address]), 0n);
    });

    it("should pay a claim in part and release the rest", async () => {
      const { pool, token, court, other, alice, deposit, fileClaim, assertBalanceSplits } = await setup();
      const shares = await deposit(alice);
      const claimId = await fileClaim(other, parseEther("30"));
      const before = await token.read.balanceOf([other.account.address]);
      await viem.assertions.emitWithArgs(
        pool.write.payClaim([claimId, parseEther("10")], { account: court.account }),
        pool,
        "ClaimPaid",
        [claimId, getAddress(other.account.address), parseEther("10"), parseEther("20"), parseEther("20")],
      );
      assert.equal(await token.read.balanceOf([other.account.address]), before + parseEther("10"));
      const claim = await pool.read.getClaim([claimId]);
      assert.equal(claim.paid, parseEther("10"));
      assert.equal(claim.released, parseEther("20"));
      assert.equal(
        await pool.read.releasableOf([claimId, alice.account.address]),
        partOf(parseEther("20"), shares, shares),
      );
      assert.equal(await pool.read.totalAssets(), DEPOSIT - parseEther("30"));
      await assertBalanceSplits();
    });

    it("should revert with InsurancePoolClaimPending while the claim runs", async () => {
      const { pool, other, alice, deposit, fileClaim } = await setup();
      await deposit(alice);
      const claimId = await fileClaim(other, parseEther("30"));
      assert.equal(await pool.read.releasableOf([claimId, alice.account.address]), 0n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.collectRelease([claimId, alice.account.address], { account: alice.account }),
        pool,
        "InsurancePoolClaimPending",
        [claimId],
      );
    });

    it("should collect every settled claim at once with collectReleases, skipping those with nothing", async () => {
      const { pool, token, court, other, alice, bob, deposit, fileClaim } = await setup();
      await deposit(bob);
      const before = await fileClaim(other, parseEther("10"), keccak256(toHex("dispute:before")));
      const shares = await deposit(alice);
      const settled = await fileClaim(other, parseEther("20"), REF);
      const pending = await fileClaim(other, parseEther("5"), OTHER_REF);
      const supply = (await pool.read.getClaim([settled])).supplyAtFiling;
      await pool.write.cancelClaim([before], { account: court.account });
      await pool.write.cancelClaim([settled], { account: court.account });
      const ids = [before, settled, pending];
      const part = partOf(parseEther("20"), shares, supply);
      const { result } = await pool.simulate.collectReleases([alice.account.address, ids]);
      assert.equal(result, part);
      const balance = await token.read.balanceOf([alice.account.address]);
      await pool.write.collectReleases([alice.account.address, ids]);
      assert.equal(await token.read.balanceOf([alice.account.address]), balance + part);
      assert.equal((await pool.simulate.collectReleases([alice.account.address, ids])).result, 0n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.collectReleases([alice.account.address, [settled, 9n]]),
        pool,
        "InsurancePoolUnknownClaim",
        [9n],
      );
    });

    it("should release a claim filed on a pool without shares to totalUnowned", async () => {
      const { pool, court, other, alice, deposit, fileClaim, paidJob, assertBalanceSplits } = await setup();
      // A premium arrives before anyone deposits: it belongs to the virtual shares.
      await paidJob();
      const claimId = await fileClaim(other, PREMIUM);
      assert.equal((await pool.read.getClaim([claimId])).supplyAtFiling, 0n);
      await deposit(alice);
      await pool.write.cancelClaim([claimId], { account: court.account });
      assert.equal(await pool.read.totalUnowned(), PREMIUM);
      assert.equal(await pool.read.totalReleasable(), 0n);
      assert.equal(await pool.read.releasableOf([claimId, alice.account.address]), 0n);
      assert.equal(await pool.read.totalAssets(), DEPOSIT);
      await assertBalanceSplits();
    });
  });

  describe("# setCooldown", () => {
    it("should revert with InsurancePoolCooldownTooLong above the cap", async () => {
      const { pool, admin, cooldown } = await setup();
      assert.equal(await pool.read.MAX_COOLDOWN(), MAX_COOLDOWN);
      await viem.assertions.revertWithCustomErrorWithArgs(
        pool.write.setCooldown([MAX_COOLDOWN + 1n], { account: admin.account }),
        pool,
        "InsurancePoolCooldownTooLong",
        [MAX_COOLDOWN + 1n, MAX_COOLDOWN],
      );
      await viem.assertions.emitWithArgs(
        pool.write.setCooldown([MAX_COOLDOWN], { account: admin.account }),
        pool,
        "CooldownUpdated",
        [cooldown, MAX_COOLDOWN],
      );
    });
  });
});
