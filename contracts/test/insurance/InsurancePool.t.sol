// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {InsurancePool} from "../../src/insurance/InsurancePool.sol";
import {IInsurancePool} from "../../src/interfaces/IInsurancePool.sol";
import {FalseReturningToken} from "../mocks/FalseReturningToken.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {Test} from "../utils/Test.sol";

contract InsurancePoolTest is Test {
    uint64 internal constant COOLDOWN = 7 days;
    uint256 internal constant MAX_AMOUNT = 1e30;
    uint256 internal constant OFFSET = 1e6;
    bytes32 internal constant REF = keccak256("dispute:1");
    bytes32 internal constant OTHER_REF = keccak256("dispute:2");

    MockERC20 internal token;
    InsurancePool internal pool;

    address internal admin;
    address internal court;
    address internal alice;
    address internal bob;
    address internal victim;

    function setUp() public {
        admin = makeAddr("admin");
        court = makeAddr("court");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        victim = makeAddr("victim");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        pool = new InsurancePool(token, admin, COOLDOWN);
        bytes32 claimsRole = pool.CLAIMS_ROLE();
        vm.prank(admin);
        pool.grantRole(claimsRole, court);
    }

    // ---------------------------------------------------------------- helpers

    function _deposit(address who, uint256 assets) internal returns (uint256 shares) {
        token.mint(who, assets);
        vm.startPrank(who);
        token.approve(address(pool), assets);
        shares = pool.deposit(assets, who);
        vm.stopPrank();
    }

    function _premium(uint256 amount) internal {
        token.mint(address(pool), amount);
    }

    function _request(address who, uint256 shares) internal returns (uint64 unlockAt) {
        vm.prank(who);
        unlockAt = pool.requestRedeem(shares);
    }

    /// @dev Deposits, requests every share and waits out the cooldown.
    function _matured(address who, uint256 assets) internal returns (uint256 shares) {
        shares = _deposit(who, assets);
        _request(who, shares);
        vm.warp(block.timestamp + COOLDOWN);
    }

    /// @dev What a claim leaves free: one asset unit per 10**12 shares (InsurancePool._reservable).
    function _priceFloor() internal view returns (uint256) {
        return (pool.totalSupply() + 1e12 - 1) / 1e12;
    }

    function _file(address recipient, uint256 amount, bytes32 ref) internal returns (uint256 claimId) {
        vm.prank(court);
        claimId = pool.fileClaim(recipient, amount, ref);
    }

    function _pay(uint256 claimId, uint256 amount) internal returns (uint256 paid) {
        vm.prank(court);
        paid = pool.payClaim(claimId, amount);
    }

    function _cancel(uint256 claimId) internal {
        vm.prank(court);
        pool.cancelClaim(claimId);
    }

    function _transfer(address from, address to, uint256 shares) internal {
        vm.prank(from);
        assertTrue(pool.transfer(to, shares));
    }

    /// @dev A holder's part of a release: its shares over the supply at filing plus the virtual shares.
    function _part(uint256 released, uint256 held, uint256 supplyAtFiling) internal pure returns (uint256) {
        return (released * held) / (supplyAtFiling + OFFSET);
    }

    /// @dev The pool's token balance is exactly what it holds for each purpose.
    function _assertBalanceSplits() internal view {
        assertEq(
            token.balanceOf(address(pool)),
            pool.totalAssets() + pool.totalReserved() + pool.totalReleasable() + pool.totalUnowned(),
            "balance != assets + reserved + releasable + unowned"
        );
    }

    function _unauthorized(address caller, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, role);
    }

    // ------------------------------------------------------------ constructor

    function test_constructor_setsTokenParametersAndAdmin() public view {
        assertEq(pool.asset(), address(token));
        assertEq(pool.name(), "Leasehold Insurance Share");
        assertEq(pool.symbol(), "lhINS");
        assertEq(pool.decimals(), 18 + 6);
        assertEq(pool.cooldown(), COOLDOWN);
        assertEq(pool.MAX_COOLDOWN(), 30 days);
        assertEq(pool.CLAIMS_ROLE(), keccak256("CLAIMS_ROLE"));
        assertTrue(pool.hasRole(pool.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(pool.hasRole(pool.CLAIMS_ROLE(), court));
        assertEq(pool.totalAssets(), 0);
        assertEq(pool.totalReserved(), 0);
        assertEq(pool.claimCount(), 0);
    }

    function test_constructor_emitsCooldown() public {
        vm.expectEmit(true, true, true, true);
        emit IInsurancePool.CooldownUpdated(0, COOLDOWN);
        new InsurancePool(token, admin, COOLDOWN);
    }

    function test_constructor_revertsWhenCooldownTooLong() public {
        vm.expectRevert(
            abi.encodeWithSelector(IInsurancePool.InsurancePoolCooldownTooLong.selector, 30 days + 1, 30 days)
        );
        new InsurancePool(token, admin, 30 days + 1);
    }

    // ------------------------------------------------------- deposit and mint

    function test_deposit_mintsPreviewedSharesAtTheOffsetPrice() public {
        token.mint(alice, 100 ether);
        vm.startPrank(alice);
        token.approve(address(pool), 100 ether);
        uint256 expected = pool.previewDeposit(100 ether);
        assertEq(expected, 100 ether * OFFSET);
        vm.expectEmit(address(pool));
        emit IERC4626.Deposit(alice, bob, 100 ether, expected);
        uint256 shares = pool.deposit(100 ether, bob);
        vm.snapshotGasLastCall("InsurancePool", "deposit");
        vm.stopPrank();
        assertEq(shares, expected);
        assertEq(pool.balanceOf(bob), shares);
        assertEq(pool.totalAssets(), 100 ether);
        assertEq(token.balanceOf(address(pool)), 100 ether);
    }

    function test_mint_pullsPreviewedAssets() public {
        _deposit(bob, 10 ether);
        _premium(1 ether);
        token.mint(alice, 100 ether);
        vm.startPrank(alice);
        token.approve(address(pool), 100 ether);
        uint256 shares = 5 ether * OFFSET;
        uint256 expected = pool.previewMint(shares);
        uint256 assets = pool.mint(shares, alice);
        vm.snapshotGasLastCall("InsurancePool", "mint");
        vm.stopPrank();
        assertEq(assets, expected);
        assertEq(pool.balanceOf(alice), shares);
        assertEq(token.balanceOf(alice), 100 ether - assets);
    }

    function test_maxDepositAndMint_keepTheShareSupplyBelowItsCap() public {
        // Every balance must fit a checkpoint (224 bits).
        uint256 cap = type(uint224).max;
        assertEq(pool.maxMint(alice), cap);
        assertEq(pool.maxDeposit(alice), cap / OFFSET);
        uint256 assets = pool.maxDeposit(alice);
        _deposit(alice, assets);
        assertLe(pool.totalSupply(), cap);
        assertLe(pool.maxMint(alice), cap - pool.totalSupply());
        // Previews keep working at the cap.
        assertGe(pool.previewRedeem(pool.totalSupply()), assets - 1);
    }

    function test_maxDeposit_isUnlimitedWhenNoTokenSupplyCouldReachTheCap() public {
        // One share worth far more than an asset: a price no token could pay the cap at.
        _deposit(alice, 1);
        _premium(type(uint256).max / 2);
        assertEq(pool.maxDeposit(alice), type(uint256).max);
        assertLt(pool.maxMint(alice), 1e7);
        assertLe(pool.previewMint(pool.maxMint(alice)), type(uint256).max);
    }

    function test_deposit_revertsAboveMaxDeposit() public {
        uint256 max = pool.maxDeposit(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, alice, max + 1, max));
        pool.deposit(max + 1, alice);
    }

    function test_mint_revertsAboveMaxMint() public {
        uint256 max = pool.maxMint(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxMint.selector, alice, max + 1, max));
        pool.mint(max + 1, alice);
    }

    function test_deposit_afterClaimsEmptiedThePoolRestartsTheShares() public {
        uint256 aliceShares = _deposit(alice, 10 ether);
        _file(victim, 10 ether, REF);
        uint256 floor = _priceFloor();
        assertEq(pool.totalAssets(), floor);
        uint256 bobShares = _deposit(bob, 10 ether);
        assertGe(pool.previewRedeem(bobShares), 10 ether - 1);
        assertLe(pool.previewRedeem(aliceShares), floor);
        assertLe(pool.maxDeposit(bob), pool.maxMint(bob));
    }

    /// @dev A limit, stated: while a claim reserves every free asset, a share costs about
    ///  1 / (supply + 10**6) of a wei, so a deposit multiplies the supply by about its amount in
    ///  wei. Three claims that each reserve the whole pool, with one token deposited while each
    ///  runs, take the supply to its cap; from then on the pool takes no deposit until shares are
    ///  redeemed (a lapsed self-dispute files and cancels such a claim for little more than gas).
    function test_fileClaim_wholePoolClaimsWithDepositsWhileTheyRunNeverShutNewCapitalOut() public {
        _deposit(alice, 1000 ether);
        // Without a price floor, three rounds of this took the supply to its cap and maxDeposit to 0.
        for (uint256 i = 0; i < 20; ++i) {
            uint256 id = _file(victim, pool.totalAssets(), keccak256(abi.encode("whole pool", i)));
            _deposit(bob, 1 ether);
            _cancel(id);
        }
        assertGt(pool.maxDeposit(bob), 1e30 ether, "new capital is shut out");
        assertLt(pool.totalSupply(), type(uint224).max / 1e20, "the supply nears its cap");
    }

    function test_fileClaim_leavesOneAssetUnitPerTrillionShares() public {
        uint256 shares = _deposit(alice, 1000 ether);
        uint256 id = _file(victim, type(uint256).max, keccak256("whole pool"));
        uint256 floor = (shares + 1e12 - 1) / 1e12;
        assertEq(pool.getClaim(id).reserved, 1000 ether - floor);
        assertEq(pool.totalAssets(), floor);
    }

    function test_deposit_revertsOnAFeeOnTransferToken() public {
        FeeOnTransferToken feeToken = new FeeOnTransferToken(100);
        InsurancePool feePool = new InsurancePool(feeToken, admin, COOLDOWN);
        feeToken.mint(alice, 100 ether);
        vm.startPrank(alice);
        feeToken.approve(address(feePool), 100 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IInsurancePool.InsurancePoolTransferAmountMismatch.selector, 100 ether, 99 ether)
        );
        feePool.deposit(100 ether, alice);
        vm.stopPrank();
    }

    function test_deposit_refusesReentryThroughTheToken() public {
        ReentrantToken hooked = new ReentrantToken();
        InsurancePool hookedPool = new InsurancePool(hooked, admin, COOLDOWN);
        hooked.mint(alice, 100 ether);
        vm.prank(alice);
        hooked.approve(address(hookedPool), 100 ether);
        hooked.arm(address(hookedPool), abi.encodeCall(IERC4626.deposit, (1 ether, alice)));
        vm.prank(alice);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        hookedPool.deposit(10 ether, alice);
    }

    function test_premium_raisesTheSharePriceForHolders() public {
        uint256 shares = _deposit(alice, 100 ether);
        uint256 before = pool.convertToAssets(shares);
        _premium(2 ether);
        assertEq(pool.totalAssets(), 102 ether);
        assertGt(pool.convertToAssets(shares), before);
        // The holder owns all but the virtual shares' part: 1e6 virtual shares out of 1e26.
        assertGe(pool.convertToAssets(shares), 102 ether - 2);
    }

    function test_premium_beforeAnyDepositStaysWithTheVirtualShares() public {
        _premium(1 ether);
        uint256 shares = _deposit(alice, 10 ether);
        // The first depositor neither gains the earlier premium nor loses more than rounding.
        assertLe(pool.previewRedeem(shares), 10 ether);
        assertGe(pool.previewRedeem(shares), 10 ether - 1e12);
        assertEq(pool.totalAssets(), 11 ether);
    }

    // --------------------------------------------------------- requestRedeem

    function test_requestRedeem_locksSharesUntilTheCooldown() public {
        uint256 shares = _deposit(alice, 10 ether);
        uint64 unlockAt = uint64(block.timestamp) + COOLDOWN;
        vm.expectEmit(address(pool));
        emit IInsurancePool.RedeemRequested(alice, shares / 2, shares / 2, unlockAt);
        vm.prank(alice);
        assertEq(pool.requestRedeem(shares / 2), unlockAt);
        vm.snapshotGasLastCall("InsurancePool", "requestRedeem");
        IInsurancePool.RedeemRequest memory request = pool.redeemRequestOf(alice);
        assertEq(request.shares, shares / 2);
        assertEq(request.unlockAt, unlockAt);
        assertEq(pool.maxRedeem(alice), 0);
        assertEq(pool.maxWithdraw(alice), 0);
    }

    function test_requestRedeem_addsToTheRequestAndRestartsItsClock() public {
        uint256 shares = _deposit(alice, 10 ether);
        _request(alice, shares / 4);
        vm.warp(block.timestamp + COOLDOWN);
        assertEq(pool.maxRedeem(alice), shares / 4);
        uint64 unlockAt = uint64(block.timestamp) + COOLDOWN;
        vm.expectEmit(address(pool));
        emit IInsurancePool.RedeemRequested(alice, shares / 4, shares / 2, unlockAt);
        _request(alice, shares / 4);
        assertEq(pool.maxRedeem(alice), 0);
        assertEq(pool.redeemRequestOf(alice).unlockAt, unlockAt);
    }

    function test_requestRedeem_revertsOnZeroShares() public {
        _deposit(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(IInsurancePool.InsurancePoolZeroAmount.selector);
        pool.requestRedeem(0);
    }

    function test_requestRedeem_revertsAboveTheUnlockedShares() public {
        uint256 shares = _deposit(alice, 10 ether);
        _request(alice, shares - 10);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolInsufficientShares.selector, alice, 10, 11));
        pool.requestRedeem(11);
    }

    // ----------------------------------------------------------- cancelRedeem

    function test_cancelRedeem_unlocksEveryShare() public {
        uint256 shares = _matured(alice, 10 ether);
        vm.expectEmit(address(pool));
        emit IInsurancePool.RedeemCancelled(alice, shares);
        vm.prank(alice);
        pool.cancelRedeem();
        assertEq(pool.redeemRequestOf(alice).shares, 0);
        assertEq(pool.redeemRequestOf(alice).unlockAt, 0);
        assertEq(pool.maxRedeem(alice), 0);
        vm.prank(alice);
        assertTrue(pool.transfer(bob, shares));
    }

    function test_cancelRedeem_revertsWithoutARequest() public {
        _deposit(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolNoRedeemRequest.selector, alice));
        pool.cancelRedeem();
    }

    // ------------------------------------------------------ redeem and withdraw

    function test_maxRedeem_opensExactlyAtUnlockAt() public {
        uint256 shares = _deposit(alice, 10 ether);
        uint64 unlockAt = _request(alice, shares);
        vm.warp(unlockAt - 1);
        assertEq(pool.maxRedeem(alice), 0);
        vm.warp(unlockAt);
        assertEq(pool.maxRedeem(alice), shares);
        assertEq(pool.maxWithdraw(alice), pool.previewRedeem(shares));
    }

    function test_maxRedeem_coversOnlyTheRequestedShares() public {
        uint256 shares = _deposit(alice, 10 ether);
        _request(alice, shares / 3);
        vm.warp(block.timestamp + COOLDOWN);
        assertEq(pool.maxRedeem(alice), shares / 3);
        assertLt(pool.maxRedeem(alice), pool.balanceOf(alice));
    }

    function test_redeem_paysTheCurrentPriceAfterTheCooldown() public {
        uint256 shares = _matured(alice, 10 ether);
        _premium(1 ether);
        uint256 expected = pool.previewRedeem(shares);
        vm.expectEmit(address(pool));
        emit IERC4626.Withdraw(alice, bob, alice, expected, shares);
        vm.prank(alice);
        assertEq(pool.redeem(shares, bob, alice), expected);
        vm.snapshotGasLastCall("InsurancePool", "redeem");
        assertEq(token.balanceOf(bob), expected);
        assertGe(expected, 11 ether - 1e12);
        assertEq(pool.balanceOf(alice), 0);
        assertEq(pool.redeemRequestOf(alice).shares, 0);
        assertEq(pool.redeemRequestOf(alice).unlockAt, 0);
    }

    function test_redeem_partiallyKeepsTheRestOfTheRequest() public {
        uint256 shares = _deposit(alice, 10 ether);
        uint64 unlockAt = _request(alice, shares);
        vm.warp(unlockAt);
        vm.prank(alice);
        pool.redeem(shares / 2, alice, alice);
        assertEq(pool.redeemRequestOf(alice).shares, shares - shares / 2);
        assertEq(pool.redeemRequestOf(alice).unlockAt, unlockAt);
        assertEq(pool.maxRedeem(alice), shares - shares / 2);
    }

    function test_redeem_revertsBeforeTheCooldown() public {
        uint256 shares = _deposit(alice, 10 ether);
        uint64 unlockAt = _request(alice, shares);
        vm.warp(unlockAt - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, alice, shares, 0));
        pool.redeem(shares, alice, alice);
    }

    function test_redeem_revertsAboveTheRequest() public {
        uint256 shares = _deposit(alice, 10 ether);
        _request(alice, shares / 2);
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, alice, shares, shares / 2));
        pool.redeem(shares, alice, alice);
    }

    function test_redeem_byASpenderUsesItsAllowance() public {
        uint256 shares = _matured(alice, 10 ether);
        vm.prank(alice);
        pool.approve(bob, shares);
        vm.prank(bob);
        pool.redeem(shares, bob, alice);
        assertEq(pool.allowance(alice, bob), 0);
        assertGe(token.balanceOf(bob), 10 ether - 1);
    }

    function test_redeem_revertsForASpenderWithoutAllowance() public {
        uint256 shares = _matured(alice, 10 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, shares));
        pool.redeem(shares, bob, alice);
    }

    function test_withdraw_burnsPreviewedSharesAfterTheCooldown() public {
        uint256 shares = _matured(alice, 10 ether);
        _premium(3 ether);
        uint256 expectedShares = pool.previewWithdraw(4 ether);
        vm.prank(alice);
        assertEq(pool.withdraw(4 ether, alice, alice), expectedShares);
        vm.snapshotGasLastCall("InsurancePool", "withdraw");
        assertEq(token.balanceOf(alice), 4 ether);
        assertEq(pool.redeemRequestOf(alice).shares, shares - expectedShares);
    }

    function test_withdraw_ofMaxWithdrawEmptiesTheRequest() public {
        _matured(alice, 10 ether);
        _premium(1 ether + 7);
        uint256 max = pool.maxWithdraw(alice);
        vm.prank(alice);
        pool.withdraw(max, alice, alice);
        assertEq(token.balanceOf(alice), max);
        // What is left of the request is worth less than a wei or two of the token.
        assertLe(pool.previewRedeem(pool.maxRedeem(alice)), 1);
    }

    function test_withdraw_revertsBeforeTheCooldown() public {
        _deposit(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, alice, 1 ether, 0));
        pool.withdraw(1 ether, alice, alice);
    }

    // ------------------------------------------------------------- transfers

    function test_transfer_revertsForLockedShares() public {
        uint256 shares = _deposit(alice, 10 ether);
        _request(alice, shares - 100);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolSharesLocked.selector, alice, 100, 101));
        pool.transfer(bob, 101);
        vm.prank(alice);
        assertTrue(pool.transfer(bob, 100));
        assertEq(pool.balanceOf(bob), 100);
    }

    function test_transferFrom_revertsForLockedShares() public {
        uint256 shares = _matured(alice, 10 ether);
        vm.prank(alice);
        pool.approve(bob, shares);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolSharesLocked.selector, alice, 0, 1));
        pool.transferFrom(alice, bob, 1);
    }

    function test_transfer_aboveTheBalanceFailsAsERC20Does() public {
        uint256 shares = _deposit(alice, 10 ether);
        _request(alice, 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, shares, shares + 1)
        );
        pool.transfer(bob, shares + 1);
    }

    // ---------------------------------------------------------------- claims

    function test_fileClaim_reservesTheAmountAtOnce() public {
        uint256 shares = _deposit(alice, 100 ether);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimFiled(1, victim, REF, 30 ether, 30 ether, court);
        vm.prank(court);
        assertEq(pool.fileClaim(victim, 30 ether, REF), 1);
        vm.snapshotGasLastCall("InsurancePool", "fileClaim");
        assertEq(pool.totalReserved(), 30 ether);
        assertEq(pool.totalAssets(), 70 ether);
        assertLe(pool.previewRedeem(shares), 70 ether);
        assertEq(pool.claimCount(), 1);
        assertEq(pool.claimOfRef(REF), 1);
        IInsurancePool.Claim memory claim = pool.getClaim(1);
        assertEq(claim.recipient, victim);
        assertEq(uint8(claim.status), uint8(IInsurancePool.ClaimStatus.Pending));
        assertEq(claim.filedAt, block.timestamp);
        assertEq(claim.amount, 30 ether);
        assertEq(claim.reserved, 30 ether);
        assertEq(claim.ref, REF);
    }

    function test_fileClaim_reservesAtMostWhatThePoolHas() public {
        _deposit(alice, 10 ether);
        uint256 floor = _priceFloor();
        _file(bob, 4 ether, OTHER_REF);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimFiled(2, victim, REF, 50 ether, 6 ether - floor, court);
        _file(victim, 50 ether, REF);
        assertEq(pool.totalAssets(), floor);
        assertEq(pool.totalReserved(), 10 ether - floor);
        // A claim on a pool down to its price floor reserves nothing and is still recorded.
        uint256 id = _file(victim, 1 ether, keccak256("dispute:3"));
        assertEq(pool.getClaim(id).reserved, 0);
    }

    function test_fileClaim_blocksFrontRunningByAMaturedRequest() public {
        uint256 aliceShares = _matured(alice, 100 ether);
        uint256 bobShares = _deposit(bob, 100 ether);
        _file(victim, 50 ether, REF);
        // Alice's matured request can leave only at the post-claim price: half the loss is hers.
        vm.prank(alice);
        uint256 out = pool.redeem(aliceShares, alice, alice);
        assertLe(out, 75 ether);
        assertGe(out, 75 ether - 1e12);
        vm.prank(court);
        pool.payClaim(1, 50 ether);
        assertEq(token.balanceOf(victim), 50 ether);
        assertGe(pool.previewRedeem(bobShares), 75 ether - 1e12);
    }

    function test_fileClaim_revertsForAnInvalidRecipient() public {
        vm.startPrank(court);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolInvalidRecipient.selector, address(0)));
        pool.fileClaim(address(0), 1 ether, REF);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolInvalidRecipient.selector, address(pool)));
        pool.fileClaim(address(pool), 1 ether, REF);
        vm.stopPrank();
    }

    function test_fileClaim_revertsOnZeroAmount() public {
        vm.prank(court);
        vm.expectRevert(IInsurancePool.InsurancePoolZeroAmount.selector);
        pool.fileClaim(victim, 0, REF);
    }

    function test_fileClaim_revertsOnZeroReference() public {
        vm.prank(court);
        vm.expectRevert(IInsurancePool.InsurancePoolZeroReference.selector);
        pool.fileClaim(victim, 1 ether, bytes32(0));
    }

    function test_fileClaim_revertsOnAReferenceInUse() public {
        _file(victim, 1 ether, REF);
        vm.prank(court);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolDuplicateReference.selector, REF, 1));
        pool.fileClaim(bob, 2 ether, REF);
    }

    function test_fileClaim_revertsForOthersThanTheClaimsRole() public {
        bytes32 role = pool.CLAIMS_ROLE();
        vm.prank(alice);
        vm.expectRevert(_unauthorized(alice, role));
        pool.fileClaim(victim, 1 ether, REF);
    }

    function test_payClaim_paysTheReservationOnceWithoutMovingThePrice() public {
        uint256 shares = _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        uint256 price = pool.previewRedeem(shares);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimPaid(1, victim, 30 ether, 0, 0);
        vm.prank(court);
        assertEq(pool.payClaim(1, 30 ether), 30 ether);
        assertEq(token.balanceOf(victim), 30 ether);
        assertEq(pool.totalReserved(), 0);
        assertEq(pool.totalAssets(), 70 ether);
        assertEq(pool.previewRedeem(shares), price);
        assertEq(uint8(pool.getClaim(1).status), uint8(IInsurancePool.ClaimStatus.Paid));
        assertEq(pool.getClaim(1).paid, 30 ether);
        assertEq(pool.getClaim(1).released, 0);
        assertEq(pool.totalReleasable(), 0);
        // The reference of a paid claim stays taken.
        assertEq(pool.claimOfRef(REF), 1);

        vm.prank(court);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInsurancePool.InsurancePoolClaimNotPending.selector,
                1,
                IInsurancePool.ClaimStatus.Paid
            )
        );
        pool.payClaim(1, 30 ether);
    }

    function test_payClaim_recordsTheShortfall() public {
        _deposit(alice, 10 ether);
        uint256 reservable = 10 ether - _priceFloor();
        _file(victim, 25 ether, REF);
        _premium(5 ether);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimPaid(1, victim, reservable, 25 ether - reservable, 0);
        vm.prank(court);
        assertEq(pool.payClaim(1, 25 ether), reservable);
        assertEq(token.balanceOf(victim), reservable);
        // Premiums that arrived after filing stay with the depositors (beside the price floor).
        assertEq(pool.totalAssets(), 5 ether + _priceFloor());
    }

    function test_payClaim_ofNothingReservedStillSettlesTheClaim() public {
        _file(victim, 1 ether, REF);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimPaid(1, victim, 0, 1 ether, 0);
        vm.prank(court);
        assertEq(pool.payClaim(1, 1 ether), 0);
        assertEq(uint8(pool.getClaim(1).status), uint8(IInsurancePool.ClaimStatus.Paid));
    }

    function test_payClaim_revertsForAnUnknownClaim() public {
        vm.prank(court);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolUnknownClaim.selector, 1));
        pool.payClaim(1, 1 ether);
    }

    function test_payClaim_revertsForOthersThanTheClaimsRole() public {
        _file(victim, 1 ether, REF);
        bytes32 role = pool.CLAIMS_ROLE();
        vm.prank(victim);
        vm.expectRevert(_unauthorized(victim, role));
        pool.payClaim(1, 1 ether);
    }

    function test_payClaim_refusesReentryThroughTheToken() public {
        ReentrantToken hooked = new ReentrantToken();
        InsurancePool hookedPool = new InsurancePool(hooked, admin, COOLDOWN);
        bytes32 role = hookedPool.CLAIMS_ROLE();
        vm.prank(admin);
        hookedPool.grantRole(role, court);
        hooked.mint(address(hookedPool), 10 ether);
        vm.prank(court);
        hookedPool.fileClaim(victim, 1 ether, REF);
        // Even a claims-role caller cannot re-enter to pay the same claim twice.
        vm.prank(admin);
        hookedPool.grantRole(role, address(hooked));
        hooked.arm(address(hookedPool), abi.encodeCall(IInsurancePool.payClaim, (1, 1 ether)));
        vm.prank(court);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        hookedPool.payClaim(1, 1 ether);
    }

    function test_cancelClaim_stillSettlesAClaimWhosePaymentFails() public {
        FalseReturningToken failing = new FalseReturningToken();
        InsurancePool failingPool = new InsurancePool(failing, admin, COOLDOWN);
        bytes32 role = failingPool.CLAIMS_ROLE();
        vm.prank(admin);
        failingPool.grantRole(role, court);
        failing.mint(address(failingPool), 10 ether);
        vm.prank(court);
        failingPool.fileClaim(victim, 4 ether, REF);
        failing.setTransfersFail(true);
        vm.prank(court);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(failing)));
        failingPool.payClaim(1, 4 ether);
        assertEq(uint8(failingPool.getClaim(1).status), uint8(IInsurancePool.ClaimStatus.Pending));
        // The court is never stuck with the claim: cancelling needs no transfer.
        vm.prank(court);
        failingPool.cancelClaim(1);
        assertEq(failingPool.totalReserved(), 0);
        // Filed while no share existed: the release belongs to nobody.
        assertEq(failingPool.totalUnowned(), 4 ether);
        assertEq(failingPool.totalAssets(), 6 ether);
    }

    function test_cancelClaim_releasesTheReservationToTheHoldersAtFilingAndFreesTheReference() public {
        uint256 shares = _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimCancelled(1, 30 ether);
        vm.prank(court);
        pool.cancelClaim(1);
        vm.snapshotGasLastCall("InsurancePool", "cancelClaim");
        assertEq(pool.totalReserved(), 0);
        // The release is the holders' at filing, not the share price's.
        assertEq(pool.totalAssets(), 70 ether);
        uint256 part = _part(30 ether, shares, shares);
        assertEq(pool.totalReleasable(), part);
        assertEq(pool.totalUnowned(), 30 ether - part);
        assertEq(pool.releasableOf(1, alice), part);
        assertGe(pool.previewRedeem(shares) + part, 100 ether - 2);
        IInsurancePool.Claim memory claim = pool.getClaim(1);
        assertEq(uint8(claim.status), uint8(IInsurancePool.ClaimStatus.Cancelled));
        assertEq(claim.paid, 0);
        assertEq(claim.released, 30 ether);
        assertEq(claim.uncollected, part);
        assertEq(pool.claimOfRef(REF), 0);
        assertEq(_file(victim, 20 ether, REF), 2);
    }

    function test_cancelClaim_revertsWhenNotPending() public {
        _file(victim, 1 ether, REF);
        vm.startPrank(court);
        pool.cancelClaim(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInsurancePool.InsurancePoolClaimNotPending.selector,
                1,
                IInsurancePool.ClaimStatus.Cancelled
            )
        );
        pool.cancelClaim(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInsurancePool.InsurancePoolClaimNotPending.selector,
                1,
                IInsurancePool.ClaimStatus.Cancelled
            )
        );
        pool.payClaim(1, 0);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolUnknownClaim.selector, 2));
        pool.cancelClaim(2);
        vm.stopPrank();
    }

    function test_cancelClaim_revertsForOthersThanTheClaimsRole() public {
        _file(victim, 1 ether, REF);
        bytes32 role = pool.CLAIMS_ROLE();
        vm.prank(admin);
        vm.expectRevert(_unauthorized(admin, role));
        pool.cancelClaim(1);
    }

    function test_getClaim_revertsForAnUnknownClaim() public {
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolUnknownClaim.selector, 7));
        pool.getClaim(7);
    }

    // ----------------------------------------------------------- transfers (gas)

    function test_transfer_checkpointsBothBalancesUnderTheClaimCount() public {
        uint256 shares = _deposit(alice, 10 ether);
        _deposit(bob, 1 ether);
        _file(victim, 1 ether, REF);
        vm.prank(alice);
        assertTrue(pool.transfer(bob, shares / 2));
        vm.snapshotGasLastCall("InsurancePool", "transfer");
        // The balances at filing did not move; the new ones count from the next claim.
        assertEq(pool.sharesAtFiling(1, alice), shares);
        uint256 id = _file(victim, 1 ether, OTHER_REF);
        assertEq(pool.sharesAtFiling(id, alice), shares - shares / 2);
        assertEq(pool.sharesAtFiling(id, bob), pool.balanceOf(bob));
    }

    // ------------------------------------------------------------ side pockets

    function test_fileClaim_recordsTheSupplyAtFilingAndNothingSettledYet() public {
        uint256 aliceShares = _deposit(alice, 100 ether);
        uint256 bobShares = _deposit(bob, 50 ether);
        _file(victim, 30 ether, REF);
        IInsurancePool.Claim memory claim = pool.getClaim(1);
        assertEq(claim.supplyAtFiling, aliceShares + bobShares);
        assertEq(claim.paid, 0);
        assertEq(claim.released, 0);
        assertEq(claim.uncollected, 0);
        assertEq(pool.sharesAtFiling(1, alice), aliceShares);
        assertEq(pool.sharesAtFiling(1, bob), bobShares);
        assertEq(pool.sharesAtFiling(1, victim), 0);
        assertEq(pool.releasableOf(1, alice), 0);
        _assertBalanceSplits();
    }

    function test_sharesAtFiling_readsEachFilingsBalancesAcrossManyClaims() public {
        uint256[4] memory aliceAt;
        uint256[4] memory bobAt;
        _deposit(alice, 10 ether);
        for (uint256 i = 0; i < 4; ++i) {
            aliceAt[i] = pool.balanceOf(alice);
            bobAt[i] = pool.balanceOf(bob);
            _file(victim, 1 ether, keccak256(abi.encode("dispute", i)));
            // Between filings: a deposit, a transfer, or both.
            if (i % 2 == 0) _deposit(bob, (i + 1) * 1 ether);
            _transfer(alice, bob, pool.balanceOf(alice) / 3);
        }
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(pool.sharesAtFiling(i + 1, alice), aliceAt[i]);
            assertEq(pool.sharesAtFiling(i + 1, bob), bobAt[i]);
        }
    }

    function test_sharesAtFiling_revertsForAnUnknownClaim() public {
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolUnknownClaim.selector, 0));
        pool.sharesAtFiling(0, alice);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolUnknownClaim.selector, 1));
        pool.releasableOf(1, alice);
    }

    function testFuzz_collectRelease_paysEachHolderAtFilingItsProRataPart(
        uint256[3] memory assets,
        uint256 premium,
        uint256 amount,
        uint256 payment
    ) public {
        address[3] memory holders = [alice, bob, makeAddr("carol")];
        uint256[3] memory shares;
        uint256[3] memory valueBefore;
        for (uint256 i = 0; i < 3; ++i) shares[i] = _deposit(holders[i], bound(assets[i], 1, MAX_AMOUNT));
        _premium(bound(premium, 0, MAX_AMOUNT));
        uint256 supply = pool.totalSupply();
        for (uint256 i = 0; i < 3; ++i) valueBefore[i] = pool.previewRedeem(shares[i]);
        uint256 id = _file(victim, bound(amount, 1, 2 * pool.totalAssets()), REF);
        uint256 reserved = pool.getClaim(id).reserved;
        uint256 paid = _pay(id, bound(payment, 0, reserved));
        uint256 released = reserved - paid;
        assertEq(pool.getClaim(id).released, released);
        uint256 collected;
        for (uint256 i = 0; i < 3; ++i) {
            uint256 part = _part(released, shares[i], supply);
            assertEq(pool.releasableOf(id, holders[i]), part);
            if (part != 0) {
                assertEq(pool.collectRelease(id, holders[i]), part);
                collected += part;
            }
            assertEq(token.balanceOf(holders[i]), part);
            // Each holder lost exactly its part of what was paid, give or take a wei of rounding.
            uint256 value = pool.previewRedeem(shares[i]) + part;
            uint256 loss = (paid * shares[i]) / (supply + OFFSET);
            assertLe(value + loss, valueBefore[i] + 1, "a holder at filing gained");
            assertGe(value + loss + 3, valueBefore[i], "a holder at filing lost more than its part");
        }
        // The parts never exceed the release; what is left is dust and the virtual shares' part.
        assertLe(collected, released);
        assertEq(pool.getClaim(id).uncollected, pool.totalReleasable());
        assertEq(pool.totalReleasable() + pool.totalUnowned() + collected, released);
        assertLe(pool.totalReleasable(), 3);
        _assertBalanceSplits();
    }

    function test_collectRelease_givesALateDepositorNothingAndTakesNothingFromIt() public {
        uint256 aliceShares = _deposit(alice, 100 ether);
        _file(victim, 100 ether, REF);
        uint256 bobShares = _deposit(bob, 50 ether);
        assertEq(pool.sharesAtFiling(1, bob), 0);
        _cancel(1);
        assertEq(pool.releasableOf(1, bob), 0);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolNothingToCollect.selector, 1, bob));
        pool.collectRelease(1, bob);
        // The late depositor bought at the reduced price and keeps what it paid; the release is Alice's.
        assertLe(pool.previewRedeem(bobShares), 50 ether);
        assertGe(pool.previewRedeem(bobShares), 50 ether - 1);
        assertEq(pool.collectRelease(1, alice), _part(pool.getClaim(1).released, aliceShares, aliceShares));
        assertGe(token.balanceOf(alice) + pool.previewRedeem(aliceShares), 100 ether - 2);
    }

    function test_collectRelease_staysWithTheHolderAtFilingWhenItsSharesMove() public {
        uint256 aliceShares = _deposit(alice, 100 ether);
        uint256 bobShares = _deposit(bob, 100 ether);
        _file(victim, 40 ether, REF);
        // Alice gives Bob every share after filing; Bob sends half of his on to the victim.
        _transfer(alice, bob, aliceShares);
        _transfer(bob, victim, bobShares / 2);
        _cancel(1);
        uint256 supply = aliceShares + bobShares;
        assertEq(pool.releasableOf(1, alice), _part(40 ether, aliceShares, supply));
        assertEq(pool.releasableOf(1, bob), _part(40 ether, bobShares, supply));
        assertEq(pool.releasableOf(1, victim), 0);
        assertEq(pool.collectRelease(1, alice), _part(40 ether, aliceShares, supply));
    }

    function test_collectRelease_paysAHolderWhoRedeemedWhileTheClaimRan() public {
        uint256 shares = _matured(alice, 100 ether);
        _deposit(bob, 100 ether);
        _file(victim, 50 ether, REF);
        vm.prank(alice);
        uint256 out = pool.redeem(shares, alice, alice);
        assertEq(pool.balanceOf(alice), 0);
        _cancel(1);
        uint256 part = pool.releasableOf(1, alice);
        assertEq(part, _part(50 ether, shares, pool.getClaim(1).supplyAtFiling));
        pool.collectRelease(1, alice);
        // Out at the reduced price, then its part of the release: what it had, less rounding.
        assertGe(out + part, 100 ether - 2);
        assertLe(out + part, 100 ether);
    }

    function test_sharesAtFiling_countsOnlyWhatWasHeldBeforeTheFilingInTheSameBlock() public {
        uint256 blockNumber = block.number;
        uint256 aliceShares = _deposit(alice, 100 ether);
        uint256 id = _file(victim, 10 ether, REF);
        // Same block, after the filing: neither Bob's deposit nor Alice's second one has a part.
        _deposit(bob, 100 ether);
        _deposit(alice, 100 ether);
        assertEq(block.number, blockNumber);
        assertEq(pool.sharesAtFiling(id, alice), aliceShares);
        assertEq(pool.sharesAtFiling(id, bob), 0);
        _cancel(id);
        assertEq(pool.releasableOf(id, bob), 0);
        assertEq(pool.releasableOf(id, alice), _part(10 ether, aliceShares, aliceShares));
    }

    function test_payClaim_inPartReleasesTheRestToTheHoldersAtFiling() public {
        uint256 shares = _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimPaid(1, victim, 10 ether, 20 ether, 20 ether);
        vm.prank(court);
        assertEq(pool.payClaim(1, 10 ether), 10 ether);
        vm.snapshotGasLastCall("InsurancePool", "payClaim");
        assertEq(token.balanceOf(victim), 10 ether);
        IInsurancePool.Claim memory claim = pool.getClaim(1);
        assertEq(uint8(claim.status), uint8(IInsurancePool.ClaimStatus.Paid));
        assertEq(claim.paid, 10 ether);
        assertEq(claim.released, 20 ether);
        uint256 part = _part(20 ether, shares, shares);
        assertEq(claim.uncollected, part);
        assertEq(pool.totalReleasable(), part);
        // Paying moves no price: the reservation had already left totalAssets.
        assertEq(pool.totalAssets(), 70 ether);
        assertEq(pool.releasableOf(1, alice), part);
        _assertBalanceSplits();
    }

    function test_payClaim_aboveTheReservationPaysTheReservationAndReleasesNothing() public {
        _deposit(alice, 10 ether);
        uint256 reservable = 10 ether - _priceFloor();
        _file(victim, 50 ether, REF);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimPaid(1, victim, reservable, 50 ether - reservable, 0);
        assertEq(_pay(1, 50 ether), reservable);
        assertEq(pool.getClaim(1).released, 0);
        assertEq(pool.releasableOf(1, alice), 0);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolNothingToCollect.selector, 1, alice));
        pool.collectRelease(1, alice);
    }

    function test_cancelClaim_onAPoolWithoutSharesReleasesToTotalUnowned() public {
        // Premiums paid before anyone deposited belong to the virtual shares, and so does a claim's release.
        _premium(5 ether);
        uint256 id = _file(victim, 3 ether, REF);
        assertEq(pool.getClaim(id).supplyAtFiling, 0);
        uint256 shares = _deposit(alice, 10 ether);
        _cancel(id);
        assertEq(pool.totalUnowned(), 3 ether);
        assertEq(pool.totalReleasable(), 0);
        assertEq(pool.getClaim(id).uncollected, 0);
        assertEq(pool.totalAssets(), 12 ether);
        assertEq(pool.releasableOf(id, alice), 0);
        // Alice, who came after the filing, neither gains nor loses by the release.
        assertLe(pool.previewRedeem(shares), 10 ether);
        assertGe(pool.previewRedeem(shares), 10 ether - 1e12);
        _assertBalanceSplits();
    }

    /// @dev The flaw this pool had: it released the virtual shares' part of a reservation to the
    ///  real holders. A holder of one token, alone in a pool whose 1,000 tokens of premiums sat
    ///  with the virtual shares, took them through a claim filed for the whole pool and cancelled
    ///  (a lapsed self-dispute does exactly that).
    function test_cancelClaim_leavesTheVirtualSharesPartToNobody() public {
        _premium(1000 ether);
        uint256 shares = _deposit(alice, 1 ether);
        uint256 value = pool.previewRedeem(shares);
        uint256 floor = _priceFloor();
        uint256 id = _file(victim, 2000 ether, REF);
        assertEq(pool.getClaim(id).reserved, 1001 ether - floor);
        _cancel(id);
        uint256 collected = pool.collectRelease(id, alice);
        assertLe(collected + pool.previewRedeem(shares), value, "the lone holder took the virtual shares' value");
        assertGe(collected + pool.previewRedeem(shares) + 2, value);
        assertGe(pool.totalUnowned(), 1000 ether);
        _assertBalanceSplits();
    }

    function test_collectRelease_sendsTheHolderItsPartWhoeverCalls() public {
        uint256 shares = _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        _cancel(1);
        uint256 part = _part(30 ether, shares, shares);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ReleaseCollected(1, alice, part);
        vm.prank(bob);
        assertEq(pool.collectRelease(1, alice), part);
        vm.snapshotGasLastCall("InsurancePool", "collectRelease");
        assertEq(token.balanceOf(alice), part);
        assertEq(token.balanceOf(bob), 0);
        assertEq(pool.releasableOf(1, alice), 0);
        assertEq(pool.getClaim(1).uncollected, 0);
        assertEq(pool.totalReleasable(), 0);
        _assertBalanceSplits();
    }

    function test_collectRelease_revertsWhileTheClaimIsPending() public {
        _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolClaimPending.selector, 1));
        pool.collectRelease(1, alice);
    }

    function test_collectRelease_revertsWhenCollectedTwice() public {
        _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        _cancel(1);
        pool.collectRelease(1, alice);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolNothingToCollect.selector, 1, alice));
        pool.collectRelease(1, alice);
    }

    function test_collectRelease_revertsForAnUnknownClaim() public {
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolUnknownClaim.selector, 1));
        pool.collectRelease(1, alice);
    }

    function test_collectRelease_revertsForAHolderWithoutSharesAtFiling() public {
        _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        _cancel(1);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolNothingToCollect.selector, 1, bob));
        pool.collectRelease(1, bob);
    }

    function test_collectRelease_refusesReentryThroughTheToken() public {
        ReentrantToken hooked = new ReentrantToken();
        InsurancePool hookedPool = new InsurancePool(hooked, admin, COOLDOWN);
        bytes32 role = hookedPool.CLAIMS_ROLE();
        vm.prank(admin);
        hookedPool.grantRole(role, court);
        hooked.mint(alice, 10 ether);
        vm.startPrank(alice);
        hooked.approve(address(hookedPool), 10 ether);
        hookedPool.deposit(10 ether, alice);
        vm.stopPrank();
        vm.startPrank(court);
        hookedPool.fileClaim(victim, 4 ether, REF);
        hookedPool.cancelClaim(1);
        vm.stopPrank();
        // The token calls back while sending Alice her part: the second collection is refused.
        hooked.arm(address(hookedPool), abi.encodeCall(IInsurancePool.collectRelease, (1, alice)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        hookedPool.collectRelease(1, alice);
    }

    function test_collectReleases_skipsClaimsWithNothingToCollect() public {
        _deposit(bob, 100 ether);
        uint256 before = _file(victim, 10 ether, keccak256("dispute:before"));
        uint256 shares = _deposit(alice, 100 ether);
        uint256 settled = _file(victim, 20 ether, REF);
        uint256 paidInFull = _file(victim, 5 ether, OTHER_REF);
        uint256 pending = _file(victim, 5 ether, keccak256("dispute:pending"));
        _cancel(before);
        uint256 supply = pool.getClaim(settled).supplyAtFiling;
        _cancel(settled);
        _pay(paidInFull, 5 ether);
        uint256[] memory ids = new uint256[](5);
        (ids[0], ids[1], ids[2], ids[3], ids[4]) = (before, settled, paidInFull, pending, settled);
        uint256 part = _part(20 ether, shares, supply);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ReleaseCollected(settled, alice, part);
        assertEq(pool.collectReleases(alice, ids), part);
        vm.snapshotGasLastCall("InsurancePool", "collectReleases");
        assertEq(token.balanceOf(alice), part);
        // Nothing left: the call succeeds, sends nothing and logs nothing.
        vm.record();
        assertEq(pool.collectReleases(alice, ids), 0);
        (, bytes32[] memory writes) = vm.accesses(address(pool));
        assertEq(writes.length, 0);
        assertEq(token.balanceOf(alice), part);
        // The pending claim's part is collectable once it settles.
        supply = pool.getClaim(pending).supplyAtFiling;
        _cancel(pending);
        assertEq(pool.collectReleases(alice, ids), _part(5 ether, shares, supply));
    }

    function test_collectReleases_revertsForAnUnknownClaim() public {
        _deposit(alice, 100 ether);
        _file(victim, 30 ether, REF);
        _cancel(1);
        uint256[] memory ids = new uint256[](2);
        (ids[0], ids[1]) = (1, 2);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolUnknownClaim.selector, 2));
        pool.collectReleases(alice, ids);
    }

    function testFuzz_transfer_afterFilingLeavesEveryPartWithTheHolderAtFiling(uint256 moved, uint256 amount) public {
        uint256 aliceShares = _deposit(alice, 100 ether);
        uint256 bobShares = _deposit(bob, 60 ether);
        uint256 id = _file(victim, bound(amount, 1, 160 ether), REF);
        _transfer(alice, bob, bound(moved, 1, aliceShares));
        _cancel(id);
        uint256 released = pool.getClaim(id).released;
        assertEq(pool.releasableOf(id, alice), _part(released, aliceShares, aliceShares + bobShares));
        assertEq(pool.releasableOf(id, bob), _part(released, bobShares, aliceShares + bobShares));
    }

    /// @dev Filing and cancelling moves no value between insurers, early or late: each ends with
    ///  what it had (less a few wei of rounding) whatever it did while the claim ran.
    function testFuzz_cancelClaim_movesNoValueBetweenInsurers(
        uint256 early,
        uint256 stays,
        uint256 late,
        uint256 amount,
        uint256 premium
    ) public {
        early = bound(early, 1, MAX_AMOUNT);
        stays = bound(stays, 1, MAX_AMOUNT);
        uint256 earlyShares = _matured(alice, early);
        uint256 staysShares = _deposit(bob, stays);
        // Premiums up to the deposits keep a share below a wei, so others' rounding gives a wei at most.
        _premium(bound(premium, 0, early + stays));
        uint256 earlyBefore = pool.previewRedeem(earlyShares);
        uint256 staysBefore = pool.previewRedeem(staysShares);
        uint256 id = _file(victim, bound(amount, 1, 2 * pool.totalAssets()), REF);
        // The early insurer leaves while the claim runs; a late one comes in at the reduced price.
        vm.prank(alice);
        uint256 out = pool.redeem(earlyShares, alice, alice);
        late = bound(late, 1, MAX_AMOUNT);
        address carol = makeAddr("carol");
        uint256 lateShares = _deposit(carol, late);
        _cancel(id);
        uint256[] memory ids = new uint256[](1);
        ids[0] = id;
        out += pool.collectReleases(alice, ids);
        uint256 staysAfter = pool.previewRedeem(staysShares) + pool.collectReleases(bob, ids);
        assertEq(pool.collectReleases(carol, ids), 0);
        assertLe(out, earlyBefore + 1);
        assertGe(out + 3, earlyBefore);
        // The stayer may gain the wei the late deposit and the early redemption rounded off.
        assertLe(staysAfter, staysBefore + 2);
        assertGe(staysAfter + 3, staysBefore);
        assertLe(pool.previewRedeem(lateShares), late);
        assertGe(pool.previewRedeem(lateShares) + 2, late);
        _assertBalanceSplits();
    }

    // ----------------------------------------------------------------- admin

    function test_setCooldown_appliesToNewRequestsOnly() public {
        uint256 shares = _deposit(alice, 10 ether);
        uint64 unlockAt = _request(alice, shares / 2);
        vm.expectEmit(address(pool));
        emit IInsurancePool.CooldownUpdated(COOLDOWN, 30 days);
        vm.prank(admin);
        pool.setCooldown(30 days);
        assertEq(pool.cooldown(), 30 days);
        assertEq(pool.redeemRequestOf(alice).unlockAt, unlockAt);
        vm.prank(admin);
        pool.setCooldown(0);
        assertEq(_request(alice, 1), block.timestamp);
    }

    function test_setCooldown_revertsAboveTheCap() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IInsurancePool.InsurancePoolCooldownTooLong.selector, 31 days, 30 days));
        pool.setCooldown(31 days);
    }

    function test_setCooldown_revertsForOthersThanTheAdmin() public {
        bytes32 role = pool.DEFAULT_ADMIN_ROLE();
        vm.prank(court);
        vm.expectRevert(_unauthorized(court, role));
        pool.setCooldown(1 days);
    }

    // ------------------------------------------------ ERC-4626 properties (fuzz)

    function testFuzz_deposit_matchesPreviewAndRoundsDown(uint256 seed, uint256 premium, uint256 assets) public {
        _deposit(bob, bound(seed, 1, MAX_AMOUNT));
        _premium(bound(premium, 0, MAX_AMOUNT));
        assets = bound(assets, 0, MAX_AMOUNT);
        uint256 preview = pool.previewDeposit(assets);
        assertLe(preview, pool.convertToShares(assets));
        uint256 shares = _deposit(alice, assets);
        assertEq(shares, preview);
        // Rounding favours the pool: the shares are never worth more than was paid.
        assertLe(pool.previewRedeem(shares), assets);
    }

    function testFuzz_mint_matchesPreviewAndRoundsUp(uint256 seed, uint256 premium, uint256 shares) public {
        _deposit(bob, bound(seed, 1, MAX_AMOUNT));
        _premium(bound(premium, 0, MAX_AMOUNT));
        shares = bound(shares, 0, MAX_AMOUNT * OFFSET);
        uint256 preview = pool.previewMint(shares);
        assertGe(preview, pool.convertToAssets(shares));
        token.mint(alice, preview);
        vm.startPrank(alice);
        token.approve(address(pool), preview);
        assertEq(pool.mint(shares, alice), preview);
        vm.stopPrank();
        assertEq(pool.balanceOf(alice), shares);
        assertGe(preview, pool.previewRedeem(shares));
    }

    function testFuzz_redeem_matchesPreviewAndRoundsDown(uint256 assets, uint256 premium, uint256 part) public {
        uint256 shares = _matured(alice, bound(assets, 1, MAX_AMOUNT));
        _deposit(bob, 1 ether);
        _premium(bound(premium, 0, MAX_AMOUNT));
        part = bound(part, 0, shares);
        uint256 preview = pool.previewRedeem(part);
        assertLe(preview, pool.convertToAssets(part));
        assertEq(pool.maxRedeem(alice), shares);
        vm.prank(alice);
        assertEq(pool.redeem(part, alice, alice), preview);
        assertEq(token.balanceOf(alice), preview);
    }

    function testFuzz_withdraw_matchesPreviewAndRoundsUp(uint256 assets, uint256 premium, uint256 part) public {
        _matured(alice, bound(assets, 1, MAX_AMOUNT));
        _deposit(bob, 1 ether);
        _premium(bound(premium, 0, MAX_AMOUNT));
        uint256 max = pool.maxWithdraw(alice);
        assertEq(max, pool.previewRedeem(pool.maxRedeem(alice)));
        part = bound(part, 0, max);
        uint256 preview = pool.previewWithdraw(part);
        assertGe(preview, pool.convertToShares(part));
        assertLe(preview, pool.maxRedeem(alice));
        vm.prank(alice);
        assertEq(pool.withdraw(part, alice, alice), preview);
        assertEq(token.balanceOf(alice), part);
    }

    function testFuzz_roundTrips_neverCreateValue(uint256 seed, uint256 premium, uint256 amount) public {
        _deposit(bob, bound(seed, 1, MAX_AMOUNT));
        _premium(bound(premium, 0, MAX_AMOUNT));
        amount = bound(amount, 0, MAX_AMOUNT);
        assertLe(pool.previewRedeem(pool.previewDeposit(amount)), amount);
        assertGe(pool.previewMint(pool.previewWithdraw(amount)), amount);
        assertLe(pool.convertToShares(pool.convertToAssets(amount)), amount);
        assertLe(pool.convertToAssets(pool.convertToShares(amount)), amount);
    }

    function testFuzz_maxFunctions_neverRevertAndNeverExceedTheFreeAssets(
        uint256 assets,
        uint256 claim,
        uint256 wait
    ) public {
        uint256 shares = _deposit(alice, bound(assets, 1, MAX_AMOUNT));
        _request(alice, shares);
        _file(victim, bound(claim, 1, 2 * MAX_AMOUNT), REF);
        vm.warp(block.timestamp + bound(wait, 0, 2 * COOLDOWN));
        uint256 maxRedeem = pool.maxRedeem(alice);
        assertEq(maxRedeem, block.timestamp >= pool.redeemRequestOf(alice).unlockAt ? shares : 0);
        assertLe(pool.maxWithdraw(alice), pool.totalAssets());
        assertLe(pool.previewRedeem(pool.totalSupply()), pool.totalAssets());
    }

    function testFuzz_fileClaim_aMaturedRequestBearsItsShareOfTheClaim(
        uint256 aliceAssets,
        uint256 bobAssets,
        uint256 amount
    ) public {
        aliceAssets = bound(aliceAssets, 1 ether, MAX_AMOUNT);
        bobAssets = bound(bobAssets, 1 ether, MAX_AMOUNT);
        uint256 shares = _matured(alice, aliceAssets);
        _deposit(bob, bobAssets);
        uint256 total = aliceAssets + bobAssets;
        amount = bound(amount, 1, total);
        uint256 id = _file(victim, amount, REF);
        uint256 reserved = pool.getClaim(id).reserved;
        vm.prank(alice);
        uint256 out = pool.redeem(shares, alice, alice);
        // Never more than her pro-rata part of what the claim leaves.
        assertLe(out, (aliceAssets * (total - reserved)) / total + 1);
    }

    function testFuzz_fileClaim_reservesTheLesserOfAmountAndFreeAssets(uint256 assets, uint256 amount) public {
        assets = bound(assets, 0, MAX_AMOUNT);
        if (assets != 0) _deposit(alice, assets);
        amount = bound(amount, 1, 2 * MAX_AMOUNT);
        uint256 reservable = assets - _priceFloor();
        uint256 id = _file(victim, amount, REF);
        uint256 reserved = amount < reservable ? amount : reservable;
        assertEq(pool.getClaim(id).reserved, reserved);
        assertEq(pool.totalAssets() + pool.totalReserved(), token.balanceOf(address(pool)));
        vm.prank(court);
        assertEq(pool.payClaim(id, amount), reserved);
        assertEq(token.balanceOf(victim), reserved);
    }
}
