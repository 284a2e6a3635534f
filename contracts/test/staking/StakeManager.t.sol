// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IStakeManager} from "../../src/interfaces/IStakeManager.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

contract StakeManagerTest is Test {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant UNBONDING_DELAY = 7 days;
    uint256 internal constant MAX_AMOUNT = 1e30;
    bytes32 internal constant REASON = keccak256("dispute:1");

    MockERC20 internal token;
    StakeManager internal manager;

    address internal admin;
    address internal locker;
    address internal otherLocker;
    address internal slasher;
    address internal alice;
    address internal bob;
    address internal recipient;

    function setUp() public {
        admin = makeAddr("admin");
        locker = makeAddr("locker");
        otherLocker = makeAddr("otherLocker");
        slasher = makeAddr("slasher");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        recipient = makeAddr("recipient");

        token = new MockERC20();
        manager = new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
        vm.startPrank(admin);
        manager.grantRole(manager.LOCKER_ROLE(), locker);
        manager.grantRole(manager.LOCKER_ROLE(), otherLocker);
        manager.grantRole(manager.SLASHER_ROLE(), slasher);
        vm.stopPrank();
        vm.warp(1_700_000_000);
    }

    function _deposit(address operator, uint256 amount) internal {
        token.mint(operator, amount);
        vm.startPrank(operator);
        token.approve(address(manager), amount);
        manager.deposit(amount);
        vm.stopPrank();
    }

    function _requestWithdrawal(address operator, uint256 amount) internal {
        vm.prank(operator);
        manager.requestWithdrawal(amount);
    }

    function _unauthorized(address caller, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, role);
    }

    // ------------------------------------------------------------ constructor

    function test_constructor_setsParametersAndAdmin() public view {
        assertEq(address(manager.stakeToken()), address(token));
        assertEq(manager.minimumStake(), MINIMUM_STAKE);
        assertEq(manager.unbondingDelay(), UNBONDING_DELAY);
        assertEq(manager.totalStaked(), 0);
        assertTrue(manager.hasRole(manager.DEFAULT_ADMIN_ROLE(), admin));
        assertEq(manager.LOCKER_ROLE(), keccak256("LOCKER_ROLE"));
        assertEq(manager.SLASHER_ROLE(), keccak256("SLASHER_ROLE"));
        assertEq(manager.MAX_UNBONDING_DELAY(), 90 days);
    }

    function test_constructor_emitsParameterEvents() public {
        vm.expectEmit(true, true, true, true);
        emit IStakeManager.MinimumStakeUpdated(0, MINIMUM_STAKE);
        vm.expectEmit(true, true, true, true);
        emit IStakeManager.UnbondingDelayUpdated(0, UNBONDING_DELAY);
        new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
    }

    function test_constructor_revertsWhenDelayTooLong() public {
        uint64 tooLong = 90 days + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerUnbondingDelayTooLong.selector, tooLong, 90 days)
        );
        new StakeManager(token, admin, MINIMUM_STAKE, tooLong);
    }

    // ---------------------------------------------------------------- deposit

    function test_deposit_creditsFreeStake() public {
        token.mint(alice, 150 ether);
        vm.startPrank(alice);
        token.approve(address(manager), 150 ether);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeDeposited(alice, 150 ether, 150 ether);
        manager.deposit(150 ether);
        vm.stopPrank();

        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 150 ether);
        assertEq(stake.locked, 0);
        assertEq(stake.unbonding, 0);
        assertEq(stake.unlockAt, 0);
        assertEq(manager.totalStaked(), 150 ether);
        assertEq(token.balanceOf(address(manager)), 150 ether);
        assertEq(token.balanceOf(alice), 0);
    }

    function test_deposit_accumulates() public {
        _deposit(alice, 40 ether);
        token.mint(alice, 60 ether);
        vm.startPrank(alice);
        token.approve(address(manager), 60 ether);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeDeposited(alice, 60 ether, 100 ether);
        manager.deposit(60 ether);
        vm.stopPrank();
        assertEq(manager.stakeOf(alice).free, 100 ether);
    }

    function test_deposit_revertsOnZero() public {
        vm.prank(alice);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        manager.deposit(0);
    }

    function test_deposit_revertsWithoutAllowance() public {
        token.mint(alice, 10 ether);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(manager), 0, 10 ether)
        );
        manager.deposit(10 ether);
    }

    function testFuzz_deposit(uint256 first, uint256 second) public {
        first = bound(first, 1, MAX_AMOUNT);
        second = bound(second, 1, MAX_AMOUNT);
        _deposit(alice, first);
        _deposit(bob, second);
        assertEq(manager.stakeOf(alice).free, first);
        assertEq(manager.stakeOf(bob).free, second);
        assertEq(manager.totalStaked(), first + second);
        assertEq(token.balanceOf(address(manager)), first + second);
    }

    // ----------------------------------------------------- requestWithdrawal

    function test_requestWithdrawal_movesFreeToUnbonding() public {
        _deposit(alice, 150 ether);
        uint64 unlockAt = uint64(block.timestamp) + UNBONDING_DELAY;
        vm.expectEmit(address(manager));
        emit IStakeManager.WithdrawalRequested(alice, 50 ether, 50 ether, unlockAt);
        _requestWithdrawal(alice, 50 ether);

        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 100 ether);
        assertEq(stake.unbonding, 50 ether);
        assertEq(stake.unlockAt, unlockAt);
        assertEq(manager.totalStaked(), 150 ether);
    }

    function test_requestWithdrawal_restartsClockForWholeBucket() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.warp(block.timestamp + 6 days);
        uint64 unlockAt = uint64(block.timestamp) + UNBONDING_DELAY;
        vm.expectEmit(address(manager));
        emit IStakeManager.WithdrawalRequested(alice, 10 ether, 60 ether, unlockAt);
        _requestWithdrawal(alice, 10 ether);
        assertEq(manager.stakeOf(alice).unlockAt, unlockAt);

        // The first request alone would have unlocked by now; the bucket as a whole has not.
        vm.warp(block.timestamp + 2 days);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerStillUnbonding.selector, alice, unlockAt));
        manager.withdraw(alice);
    }

    function test_requestWithdrawal_revertsOnZero() public {
        _deposit(alice, 150 ether);
        vm.prank(alice);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        manager.requestWithdrawal(0);
    }

    function test_requestWithdrawal_revertsAboveFreeStake() public {
        _deposit(alice, 150 ether);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakeManager.StakeManagerInsufficientFreeStake.selector,
                alice,
                150 ether,
                150 ether + 1
            )
        );
        manager.requestWithdrawal(150 ether + 1);
    }

    function test_requestWithdrawal_cannotTouchLockedStake() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        manager.lock(alice, 100 ether);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerInsufficientFreeStake.selector, alice, 50 ether, 51 ether)
        );
        manager.requestWithdrawal(51 ether);
    }

    function testFuzz_requestWithdrawal(uint256 deposited, uint256 requested) public {
        deposited = bound(deposited, 1, MAX_AMOUNT);
        requested = bound(requested, 1, deposited);
        _deposit(alice, deposited);
        _requestWithdrawal(alice, requested);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, deposited - requested);
        assertEq(stake.unbonding, requested);
        assertEq(stake.unlockAt, block.timestamp + UNBONDING_DELAY);
        assertEq(manager.totalStaked(), deposited);
    }

    // ------------------------------------------------------ cancelWithdrawal

    function test_cancelWithdrawal_movesUnbondingBackToFree() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 80 ether);
        vm.prank(alice);
        vm.expectEmit(address(manager));
        emit IStakeManager.WithdrawalCancelled(alice, 80 ether);
        manager.cancelWithdrawal();

        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 150 ether);
        assertEq(stake.unbonding, 0);
        assertEq(stake.unlockAt, 0);
    }

    function test_cancelWithdrawal_revertsWhenNothingUnbonding() public {
        _deposit(alice, 150 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNothingUnbonding.selector, alice));
        manager.cancelWithdrawal();
    }

    // --------------------------------------------------------------- withdraw

    function test_withdraw_sendsUnbondedStakeAtUnlock() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.warp(manager.stakeOf(alice).unlockAt);

        vm.prank(alice);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeWithdrawn(alice, recipient, 50 ether);
        uint256 amount = manager.withdraw(recipient);

        assertEq(amount, 50 ether);
        assertEq(token.balanceOf(recipient), 50 ether);
        assertEq(manager.totalStaked(), 100 ether);
        assertEq(token.balanceOf(address(manager)), 100 ether);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 100 ether);
        assertEq(stake.unbonding, 0);
        assertEq(stake.unlockAt, 0);
    }

    function test_withdraw_revertsOneSecondBeforeUnlock() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        uint64 unlockAt = manager.stakeOf(alice).unlockAt;
        vm.warp(unlockAt - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerStillUnbonding.selector, alice, unlockAt));
        manager.withdraw(alice);
    }

    function test_withdraw_revertsOnZeroRecipient() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.warp(manager.stakeOf(alice).unlockAt);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidRecipient.selector, address(0)));
        manager.withdraw(address(0));
    }

    function test_withdraw_revertsWhenRecipientIsTheManager() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.warp(manager.stakeOf(alice).unlockAt);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidRecipient.selector, address(manager)));
        manager.withdraw(address(manager));
    }

    function test_withdraw_revertsWhenNothingUnbonding() public {
        _deposit(alice, 150 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNothingUnbonding.selector, alice));
        manager.withdraw(alice);
    }

    function test_withdraw_revertsAfterCancel() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.prank(alice);
        manager.cancelWithdrawal();
        vm.warp(block.timestamp + UNBONDING_DELAY);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNothingUnbonding.selector, alice));
        manager.withdraw(alice);
    }

    function test_withdraw_keepsDelayOfRequestTime() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        uint64 unlockAt = manager.stakeOf(alice).unlockAt;
        vm.prank(admin);
        manager.setUnbondingDelay(90 days);
        assertEq(manager.stakeOf(alice).unlockAt, unlockAt);
        vm.warp(unlockAt);
        vm.prank(alice);
        assertEq(manager.withdraw(alice), 50 ether);
    }

    function test_withdraw_immediateWithZeroDelay() public {
        vm.prank(admin);
        manager.setUnbondingDelay(0);
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 150 ether);
        vm.prank(alice);
        assertEq(manager.withdraw(alice), 150 ether);
        assertEq(token.balanceOf(alice), 150 ether);
    }

    function testFuzz_withdraw_onlyFromUnlockAt(uint256 deposited, uint256 requested, uint256 wait) public {
        deposited = bound(deposited, 1, MAX_AMOUNT);
        requested = bound(requested, 1, deposited);
        wait = bound(wait, 0, 2 * UNBONDING_DELAY);
        _deposit(alice, deposited);
        _requestWithdrawal(alice, requested);
        uint64 unlockAt = manager.stakeOf(alice).unlockAt;
        vm.warp(block.timestamp + wait);
        vm.prank(alice);
        if (block.timestamp < unlockAt) {
            vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerStillUnbonding.selector, alice, unlockAt));
            manager.withdraw(alice);
        } else {
            assertEq(manager.withdraw(alice), requested);
            assertEq(token.balanceOf(alice), requested);
            assertEq(manager.totalStaked(), deposited - requested);
        }
    }

    // ------------------------------------------------------------------- lock

    function test_lock_movesFreeToLocked() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeLocked(locker, alice, 60 ether);
        manager.lock(alice, 60 ether);

        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 90 ether);
        assertEq(stake.locked, 60 ether);
        assertEq(manager.lockedBy(locker, alice), 60 ether);
        assertEq(manager.lockedBy(otherLocker, alice), 0);
        assertEq(manager.totalStaked(), 150 ether);
        assertFalse(manager.meetsMinimum(alice));
    }

    function test_lock_revertsOnZero() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        manager.lock(alice, 0);
    }

    function test_lock_revertsAboveFreeStake() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 100 ether);
        vm.prank(locker);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerInsufficientFreeStake.selector, alice, 50 ether, 60 ether)
        );
        manager.lock(alice, 60 ether);
    }

    function test_lock_revertsForNonLocker() public {
        _deposit(alice, 150 ether);
        bytes32 role = manager.LOCKER_ROLE();
        vm.prank(slasher);
        vm.expectRevert(_unauthorized(slasher, role));
        manager.lock(alice, 1 ether);
    }

    // ---------------------------------------------------------- lockSlashable

    function test_lockSlashable_takesFreeStakeThenUnbondingStake() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 100 ether);
        uint64 unlockAt = manager.stakeOf(alice).unlockAt;
        vm.prank(locker);
        vm.expectEmit(address(manager));
        emit IStakeManager.SlashableStakeLocked(locker, alice, 50 ether, 30 ether, unlockAt);
        assertEq(manager.lockSlashable(alice, 80 ether), 80 ether);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 0);
        assertEq(stake.unbonding, 70 ether);
        assertEq(stake.unlockAt, unlockAt, "the rest keeps unbonding on its clock");
        assertEq(stake.locked, 80 ether);
        assertEq(manager.lockedBy(locker, alice), 80 ether);
        assertEq(manager.totalStaked(), 150 ether);
        // Released, it comes back as free stake: the operator asks to withdraw it again.
        vm.prank(locker);
        manager.release(alice, 80 ether);
        assertEq(manager.stakeOf(alice).free, 80 ether);
    }

    function test_lockSlashable_locksWhatThereIsAndClearsAnEmptiedClock() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 150 ether);
        vm.prank(locker);
        vm.expectEmit(address(manager));
        emit IStakeManager.SlashableStakeLocked(locker, alice, 0, 150 ether, 0);
        assertEq(manager.lockSlashable(alice, 500 ether), 150 ether);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.unbonding, 0);
        assertEq(stake.unlockAt, 0);
        vm.warp(block.timestamp + UNBONDING_DELAY);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerNothingUnbonding.selector, alice));
        manager.withdraw(alice);
        // Nothing staked: nothing locked, and no revert.
        vm.prank(locker);
        assertEq(manager.lockSlashable(bob, 1 ether), 0);
    }

    function test_lockSlashable_revertsOnZeroOrForNonLocker() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        manager.lockSlashable(alice, 0);
        bytes32 role = manager.LOCKER_ROLE();
        vm.prank(slasher);
        vm.expectRevert(_unauthorized(slasher, role));
        manager.lockSlashable(alice, 1 ether);
    }

    function testFuzz_lockSlashable_takesWhatASlashWouldTake(uint96 free, uint96 unbonding, uint96 amount) public {
        uint256 total = uint256(free) + unbonding;
        vm.assume(total != 0 && amount != 0);
        _deposit(alice, total);
        if (unbonding != 0) _requestWithdrawal(alice, unbonding);
        vm.prank(locker);
        uint256 locked = manager.lockSlashable(alice, amount);
        assertEq(locked, amount < total ? amount : total);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free + stake.unbonding + stake.locked, total, "stake created or lost");
        if (locked > free) assertEq(stake.free, 0, "unbonding stake taken before free stake");
    }

    // ---------------------------------------------------------------- release

    function test_release_movesLockedBackToFree() public {
        _deposit(alice, 150 ether);
        vm.startPrank(locker);
        manager.lock(alice, 60 ether);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeReleased(locker, alice, 25 ether);
        manager.release(alice, 25 ether);
        vm.stopPrank();

        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 115 ether);
        assertEq(stake.locked, 35 ether);
        assertEq(manager.lockedBy(locker, alice), 35 ether);
    }

    function test_release_revertsOnZero() public {
        _deposit(alice, 150 ether);
        vm.startPrank(locker);
        manager.lock(alice, 60 ether);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        manager.release(alice, 0);
        vm.stopPrank();
    }

    function test_release_revertsAboveOwnLedger() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        manager.lock(alice, 60 ether);
        vm.prank(otherLocker);
        manager.lock(alice, 40 ether);

        // Alice has 100 locked in total, but `locker` may only release its own 60.
        vm.prank(locker);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakeManager.StakeManagerInsufficientLocked.selector,
                locker,
                alice,
                60 ether,
                61 ether
            )
        );
        manager.release(alice, 61 ether);
    }

    function test_release_revertsForLockerThatLockedNothing() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        manager.lock(alice, 60 ether);
        vm.prank(otherLocker);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerInsufficientLocked.selector, otherLocker, alice, 0, 1)
        );
        manager.release(alice, 1);
    }

    function test_release_revertsForNonLocker() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        manager.lock(alice, 60 ether);
        bytes32 role = manager.LOCKER_ROLE();
        vm.prank(alice);
        vm.expectRevert(_unauthorized(alice, role));
        manager.release(alice, 60 ether);
    }

    function test_release_revertsOnceLockerRoleRevoked() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        manager.lock(alice, 60 ether);
        bytes32 role = manager.LOCKER_ROLE();
        vm.prank(admin);
        manager.revokeRole(role, locker);
        // A revoked locker can no longer release: the collateral stays locked until the admin
        // grants the role back.
        vm.prank(locker);
        vm.expectRevert(_unauthorized(locker, role));
        manager.release(alice, 60 ether);
    }

    function testFuzz_lockRelease(uint256 deposited, uint256 locked, uint256 released) public {
        deposited = bound(deposited, 1, MAX_AMOUNT);
        locked = bound(locked, 1, deposited);
        released = bound(released, 1, locked);
        _deposit(alice, deposited);
        vm.startPrank(locker);
        manager.lock(alice, locked);
        manager.release(alice, released);
        vm.stopPrank();
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, deposited - locked + released);
        assertEq(stake.locked, locked - released);
        assertEq(manager.lockedBy(locker, alice), locked - released);
        assertEq(manager.totalStaked(), deposited);
    }

    // ------------------------------------------------------------------ slash

    function test_slash_takesFreeStakeFirst() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.prank(slasher);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeSlashed(alice, slasher, recipient, REASON, 70 ether, 70 ether, 0);
        uint256 slashed = manager.slash(alice, 70 ether, recipient, REASON);

        assertEq(slashed, 70 ether);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 30 ether);
        assertEq(stake.unbonding, 50 ether);
        assertEq(stake.unlockAt, block.timestamp + UNBONDING_DELAY);
        assertEq(token.balanceOf(recipient), 70 ether);
        assertEq(manager.totalStaked(), 80 ether);
    }

    function test_slash_thenTakesUnbondingStake() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.prank(slasher);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeSlashed(alice, slasher, recipient, REASON, 120 ether, 100 ether, 20 ether);
        uint256 slashed = manager.slash(alice, 120 ether, recipient, REASON);

        assertEq(slashed, 120 ether);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 0);
        assertEq(stake.unbonding, 30 ether);
        assertEq(stake.unlockAt, block.timestamp + UNBONDING_DELAY, "partial slash keeps the clock");
    }

    function test_slash_takesOnlyWhatExists() public {
        _deposit(alice, 150 ether);
        _requestWithdrawal(alice, 50 ether);
        vm.prank(slasher);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeSlashed(alice, slasher, recipient, REASON, 1_000 ether, 100 ether, 50 ether);
        uint256 slashed = manager.slash(alice, 1_000 ether, recipient, REASON);

        assertEq(slashed, 150 ether);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.free, 0);
        assertEq(stake.unbonding, 0);
        assertEq(stake.unlockAt, 0, "emptied unbonding clears the clock");
        assertEq(manager.totalStaked(), 0);
        assertEq(token.balanceOf(address(manager)), 0);
    }

    function test_slash_neverTouchesLockedStake() public {
        _deposit(alice, 150 ether);
        vm.prank(locker);
        manager.lock(alice, 100 ether);
        vm.prank(slasher);
        uint256 slashed = manager.slash(alice, 150 ether, recipient, REASON);
        assertEq(slashed, 50 ether);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        assertEq(stake.locked, 100 ether);
        assertEq(manager.lockedBy(locker, alice), 100 ether);

        // The locker can still release everything it locked.
        vm.prank(locker);
        manager.release(alice, 100 ether);
        assertEq(manager.stakeOf(alice).free, 100 ether);
    }

    function test_slash_operatorWithoutStakeTakesNothing() public {
        vm.prank(slasher);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeSlashed(bob, slasher, recipient, REASON, 10 ether, 0, 0);
        uint256 slashed = manager.slash(bob, 10 ether, recipient, REASON);
        assertEq(slashed, 0);
        assertEq(token.balanceOf(recipient), 0);
    }

    function test_slash_revertsOnZeroAmount() public {
        _deposit(alice, 150 ether);
        vm.prank(slasher);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        manager.slash(alice, 0, recipient, REASON);
    }

    function test_slash_revertsOnZeroRecipient() public {
        _deposit(alice, 150 ether);
        vm.prank(slasher);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidRecipient.selector, address(0)));
        manager.slash(alice, 1 ether, address(0), REASON);
    }

    function test_slash_revertsWhenRecipientIsTheManager() public {
        _deposit(alice, 150 ether);
        vm.prank(slasher);
        vm.expectRevert(abi.encodeWithSelector(IStakeManager.StakeManagerInvalidRecipient.selector, address(manager)));
        manager.slash(alice, 1 ether, address(manager), REASON);
    }

    function test_slash_revertsOnEmptyReason() public {
        _deposit(alice, 150 ether);
        vm.prank(slasher);
        vm.expectRevert(IStakeManager.StakeManagerEmptyReason.selector);
        manager.slash(alice, 1 ether, recipient, bytes32(0));
    }

    function test_slash_revertsForNonSlasher() public {
        _deposit(alice, 150 ether);
        bytes32 role = manager.SLASHER_ROLE();
        vm.prank(locker);
        vm.expectRevert(_unauthorized(locker, role));
        manager.slash(alice, 1 ether, recipient, REASON);
    }

    function testFuzz_slash(uint256 deposited, uint256 requested, uint256 locked, uint256 amount) public {
        deposited = bound(deposited, 1, MAX_AMOUNT);
        requested = bound(requested, 0, deposited);
        locked = bound(locked, 0, deposited - requested);
        amount = bound(amount, 1, 2 * MAX_AMOUNT);
        _deposit(alice, deposited);
        if (requested > 0) _requestWithdrawal(alice, requested);
        if (locked > 0) {
            vm.prank(locker);
            manager.lock(alice, locked);
        }
        IStakeManager.StakeBalance memory before = manager.stakeOf(alice);

        vm.prank(slasher);
        uint256 slashed = manager.slash(alice, amount, recipient, REASON);

        IStakeManager.StakeBalance memory stake = manager.stakeOf(alice);
        uint256 slashable = before.free + before.unbonding;
        assertEq(slashed, amount < slashable ? amount : slashable, "slashed");
        assertEq(before.free - stake.free + before.unbonding - stake.unbonding, slashed, "buckets");
        assertEq(stake.locked, locked, "locked untouched");
        assertEq(token.balanceOf(recipient), slashed, "recipient");
        assertEq(manager.totalStaked(), deposited - slashed, "total");
        assertEq(token.balanceOf(address(manager)), manager.totalStaked(), "balance");
        if (stake.unbonding == 0) assertEq(stake.unlockAt, 0, "clock cleared");
    }

    // ------------------------------------------------------------- parameters

    function test_setMinimumStake_updatesAndEmits() public {
        vm.prank(admin);
        vm.expectEmit(address(manager));
        emit IStakeManager.MinimumStakeUpdated(MINIMUM_STAKE, 5 ether);
        manager.setMinimumStake(5 ether);
        assertEq(manager.minimumStake(), 5 ether);
    }

    function test_setMinimumStake_revertsOnZero() public {
        vm.prank(admin);
        vm.expectRevert(IStakeManager.StakeManagerZeroMinimumStake.selector);
        manager.setMinimumStake(0);
    }

    function test_constructor_revertsOnZeroMinimumStake() public {
        vm.expectRevert(IStakeManager.StakeManagerZeroMinimumStake.selector);
        new StakeManager(token, admin, 0, UNBONDING_DELAY);
    }

    function test_setMinimumStake_revertsForNonAdmin() public {
        bytes32 role = manager.DEFAULT_ADMIN_ROLE();
        vm.prank(slasher);
        vm.expectRevert(_unauthorized(slasher, role));
        manager.setMinimumStake(5 ether);
    }

    function test_setUnbondingDelay_updatesAndEmits() public {
        vm.prank(admin);
        vm.expectEmit(address(manager));
        emit IStakeManager.UnbondingDelayUpdated(UNBONDING_DELAY, 90 days);
        manager.setUnbondingDelay(90 days);
        assertEq(manager.unbondingDelay(), 90 days);
    }

    function test_setUnbondingDelay_revertsAboveCap() public {
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeManager.StakeManagerUnbondingDelayTooLong.selector, 90 days + 1, 90 days)
        );
        manager.setUnbondingDelay(90 days + 1);
    }

    function test_setUnbondingDelay_revertsForNonAdmin() public {
        bytes32 role = manager.DEFAULT_ADMIN_ROLE();
        vm.prank(locker);
        vm.expectRevert(_unauthorized(locker, role));
        manager.setUnbondingDelay(1 days);
    }

    function testFuzz_setUnbondingDelay(uint64 delay) public {
        vm.prank(admin);
        if (delay > 90 days) {
            vm.expectRevert(
                abi.encodeWithSelector(IStakeManager.StakeManagerUnbondingDelayTooLong.selector, delay, 90 days)
            );
            manager.setUnbondingDelay(delay);
        } else {
            manager.setUnbondingDelay(delay);
            assertEq(manager.unbondingDelay(), delay);
        }
    }

    function testFuzz_meetsMinimum(uint256 minimum, uint256 deposited) public {
        minimum = bound(minimum, 1, MAX_AMOUNT);
        deposited = bound(deposited, 1, MAX_AMOUNT);
        vm.prank(admin);
        manager.setMinimumStake(minimum);
        _deposit(alice, deposited);
        assertEq(manager.meetsMinimum(alice), deposited >= minimum);
    }
}
