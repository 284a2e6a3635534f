// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IStakeManager} from "../../src/interfaces/IStakeManager.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {FalseReturningToken} from "../mocks/FalseReturningToken.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {Test} from "../utils/Test.sol";

/// @notice StakeManager against stake tokens that do not behave like a plain ERC-20.
contract StakeManagerTokensTest is Test {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant UNBONDING_DELAY = 7 days;
    uint256 internal constant FEE_BPS = 100; // 1%

    address internal admin;
    address internal alice;

    function setUp() public {
        admin = makeAddr("admin");
        alice = makeAddr("alice");
    }

    // ------------------------------------------------------ fee on transfer

    function _feeSetUp() internal returns (FeeOnTransferToken token, StakeManager manager) {
        token = new FeeOnTransferToken(FEE_BPS);
        manager = new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
    }

    function test_deposit_feeOnTransferCreditsWhatArrived() public {
        (FeeOnTransferToken token, StakeManager manager) = _feeSetUp();
        token.mint(alice, 1_000 ether);
        vm.startPrank(alice);
        token.approve(address(manager), 1_000 ether);
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeDeposited(alice, 990 ether, 990 ether);
        manager.deposit(1_000 ether);
        vm.stopPrank();

        assertEq(manager.stakeOf(alice).free, 990 ether);
        assertEq(manager.totalStaked(), 990 ether);
        assertEq(token.balanceOf(address(manager)), manager.totalStaked());
    }

    function test_deposit_feeOnTransferRevertsWhenNothingArrives() public {
        FeeOnTransferToken token = new FeeOnTransferToken(10_000);
        StakeManager manager = new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
        token.mint(alice, 10 ether);
        vm.startPrank(alice);
        token.approve(address(manager), 10 ether);
        vm.expectRevert(IStakeManager.StakeManagerZeroAmount.selector);
        manager.deposit(10 ether);
        vm.stopPrank();
    }

    function testFuzz_deposit_feeOnTransferKeepsBooksEqualToBalance(uint256 amount, uint256 withdrawn) public {
        (FeeOnTransferToken token, StakeManager manager) = _feeSetUp();
        amount = bound(amount, 100, 1e30);
        token.mint(alice, amount);
        vm.startPrank(alice);
        token.approve(address(manager), amount);
        manager.deposit(amount);
        uint256 credited = amount - token.feeOn(amount);
        assertEq(manager.stakeOf(alice).free, credited, "credited");
        assertEq(token.balanceOf(address(manager)), manager.totalStaked(), "after deposit");

        withdrawn = bound(withdrawn, 1, credited);
        manager.requestWithdrawal(withdrawn);
        vm.warp(block.timestamp + UNBONDING_DELAY);
        manager.withdraw(alice);
        vm.stopPrank();
        assertEq(token.balanceOf(address(manager)), manager.totalStaked(), "after withdraw");
        assertEq(token.balanceOf(alice), withdrawn - token.feeOn(withdrawn), "alice");
    }

    // ------------------------------------------------------------ reentrancy

    function test_deposit_rejectsReentrancyFromToken() public {
        ReentrantToken token = new ReentrantToken();
        StakeManager manager = new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
        token.mint(alice, 10 ether);
        vm.prank(alice);
        token.approve(address(manager), 10 ether);
        token.arm(address(manager), abi.encodeCall(StakeManager.deposit, (1 ether)));

        vm.prank(alice);
        vm.expectRevert(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);
        manager.deposit(10 ether);
    }

    function test_withdraw_rejectsReentrancyFromToken() public {
        ReentrantToken token = new ReentrantToken();
        StakeManager manager = new StakeManager(token, admin, MINIMUM_STAKE, 0);
        token.mint(alice, 10 ether);
        vm.startPrank(alice);
        token.approve(address(manager), 10 ether);
        manager.deposit(10 ether);
        manager.requestWithdrawal(10 ether);
        vm.stopPrank();
        token.arm(address(manager), abi.encodeCall(StakeManager.withdraw, (alice)));

        vm.prank(alice);
        vm.expectRevert(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);
        manager.withdraw(alice);
    }

    // --------------------------------------------------- false-returning token

    function test_deposit_revertsWhenTransferFromReturnsFalse() public {
        FalseReturningToken token = new FalseReturningToken();
        StakeManager manager = new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
        token.mint(alice, 10 ether);
        vm.prank(alice);
        token.approve(address(manager), 10 ether);
        token.setTransfersFail(true);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(token)));
        manager.deposit(10 ether);
    }

    function test_withdraw_revertsWhenTransferReturnsFalse() public {
        FalseReturningToken token = new FalseReturningToken();
        StakeManager manager = new StakeManager(token, admin, MINIMUM_STAKE, 0);
        token.mint(alice, 10 ether);
        vm.startPrank(alice);
        token.approve(address(manager), 10 ether);
        manager.deposit(10 ether);
        manager.requestWithdrawal(10 ether);
        vm.stopPrank();
        token.setTransfersFail(true);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(token)));
        manager.withdraw(alice);
        // Nothing was lost: the request is still there once the token works again.
        assertEq(manager.stakeOf(alice).unbonding, 10 ether);
    }
}
