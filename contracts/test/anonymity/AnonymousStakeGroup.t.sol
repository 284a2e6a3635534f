// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {IAnonymousStakeGroup} from "../../src/interfaces/IAnonymousStakeGroup.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockStakeMembershipVerifier} from "../mocks/MockStakeMembershipVerifier.sol";
import {StakeTreeReference} from "../utils/StakeTreeReference.sol";
import {Test} from "../utils/Test.sol";

contract AnonymousStakeGroupTest is Test {
    uint96 internal constant MINIMUM = 10 ether;
    uint64 internal constant DELAY = 7 days;
    uint64 internal constant VALIDITY = 1 hours;
    uint16 internal constant REWARD_BPS = 1_000;
    uint256 internal constant DEPTH = 20;
    bytes32 internal constant SALT = keccak256("salt");

    MockERC20 internal token;
    MockStakeMembershipVerifier internal verifier;
    AnonymousStakeGroup internal group;
    address internal depositor;
    address internal sink;
    address internal slasher;
    address internal recipient;
    uint256[] internal leaves;
    Groth16Proof internal proof;

    function setUp() public {
        depositor = makeAddr("depositor");
        sink = makeAddr("sink");
        slasher = makeAddr("slasher");
        recipient = makeAddr("recipient");
        vm.warp(1_700_000_000);
        vm.roll(100);
        token = new MockERC20();
        verifier = new MockStakeMembershipVerifier();
        group = new AnonymousStakeGroup(token, verifier, sink, MINIMUM, DELAY, VALIDITY, REWARD_BPS);
        token.mint(depositor, 1_000_000 ether);
        vm.prank(depositor);
        token.approve(address(group), type(uint256).max);
    }

    // ---------------------------------------------------------------- helpers

    function _commitment(uint256 secret) internal pure returns (uint256) {
        return PoseidonT2.hash([secret]);
    }

    function _deposit(uint256 secret, uint96 amount) internal returns (uint256 index) {
        uint256 commitment = _commitment(secret);
        vm.prank(depositor);
        index = group.deposit(commitment, amount);
        leaves.push(PoseidonT3.hash([commitment, uint256(amount)]));
    }

    function _siblings(uint256 index) internal view returns (uint256[] memory) {
        return StakeTreeReference.siblings(leaves, DEPTH, index);
    }

    function _requestWithdrawal(uint256 secret) internal {
        uint256 commitment = _commitment(secret);
        uint256 index = group.identityOf(commitment).leafIndex;
        group.requestWithdrawal(commitment, recipient, 1, 2, proof, _siblings(index));
        leaves[index] = 0;
    }

    function _commitSlash(address who, uint256 secret) internal {
        bytes32 hash = group.slashCommitment(who, secret, SALT);
        vm.prank(who);
        group.commitSlash(hash);
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- deposit

    function test_deposit_appendsTheLeafAndMatchesTheFullRecomputation() public {
        _deposit(1, MINIMUM);
        _deposit(2, 20 ether);
        uint256 commitment = _commitment(3);
        vm.prank(depositor);
        uint256 index = group.deposit(commitment, 30 ether);
        vm.snapshotGasLastCall("AnonymousStakeGroup", "deposit");
        leaves.push(PoseidonT3.hash([commitment, uint256(30 ether)]));
        assertEq(index, 2);
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH));
        assertEq(group.size(), 3);
        assertEq(group.totalLive(), 60 ether);
        assertEq(token.balanceOf(address(group)), 60 ether);
        IAnonymousStakeGroup.Identity memory identity = group.identityOf(_commitment(3));
        assertEq(uint256(identity.status), uint256(IAnonymousStakeGroup.IdentityStatus.Active));
        assertEq(identity.amount, 30 ether);
        assertEq(identity.leafIndex, 2);
    }

    function test_deposit_refusesAReusedCommitmentEvenAfterWithdrawal() public {
        _deposit(1, MINIMUM);
        _requestWithdrawal(1);
        vm.warp(block.timestamp + DELAY);
        uint256 commitment = _commitment(1);
        group.withdraw(commitment);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupCommitmentUsed.selector,
                commitment,
                IAnonymousStakeGroup.IdentityStatus.Withdrawn
            )
        );
        vm.prank(depositor);
        group.deposit(commitment, MINIMUM);
    }

    // ------------------------------------------------------------- withdrawal

    function test_requestWithdrawal_asksTheVerifierAboutTheSingletonRootScopeAndRecipient() public {
        _deposit(1, MINIMUM);
        _deposit(2, 20 ether);
        uint256 commitment = _commitment(2);
        uint256 leaf = PoseidonT3.hash([commitment, uint256(20 ether)]);
        uint256[] memory single = new uint256[](1);
        single[0] = leaf;
        assertEq(group.singletonRoot(leaf), StakeTreeReference.root(single, DEPTH));
        verifier.expect(
            [
                uint256(5),
                6,
                group.singletonRoot(leaf),
                0,
                group.withdrawalScope(commitment),
                uint256(keccak256(abi.encode(recipient))) >> 8
            ]
        );
        uint256[] memory path = _siblings(1);
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidProof.selector);
        group.requestWithdrawal(commitment, recipient, 5, 7, proof, path);
        group.requestWithdrawal(commitment, recipient, 5, 6, proof, path);
        vm.snapshotGasLastCall("AnonymousStakeGroup", "requestWithdrawal (mock verifier)");
        leaves[1] = 0;
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH));
        assertEq(group.totalLive(), MINIMUM);
        assertEq(group.totalPending(), 20 ether);
    }

    function test_withdraw_paysTheRecipientAfterTheDelay() public {
        _deposit(1, MINIMUM);
        _requestWithdrawal(1);
        uint256 commitment = _commitment(1);
        uint64 unlockAt = group.identityOf(commitment).unlockAt;
        assertEq(unlockAt, block.timestamp + DELAY);
        vm.warp(unlockAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupWithdrawalLocked.selector,
                commitment,
                unlockAt
            )
        );
        group.withdraw(commitment);
        vm.warp(unlockAt);
        group.withdraw(commitment);
        vm.snapshotGasLastCall("AnonymousStakeGroup", "withdraw");
        assertEq(token.balanceOf(recipient), MINIMUM);
        assertEq(token.balanceOf(address(group)), 0);
        assertEq(group.totalPending(), 0);
    }

    // ---------------------------------------------------------------- slash

    function test_slash_paysRewardAndSinkAndZeroesTheLeaf() public {
        _deposit(1, MINIMUM);
        _deposit(2, 100 ether);
        _deposit(3, 20 ether);
        bytes32 hash = group.slashCommitment(slasher, 2, SALT);
        vm.prank(slasher);
        group.commitSlash(hash);
        vm.snapshotGasLastCall("AnonymousStakeGroup", "commitSlash");
        vm.roll(block.number + 1);
        uint256[] memory path = _siblings(1);
        vm.prank(slasher);
        group.slash(2, SALT, path);
        vm.snapshotGasLastCall("AnonymousStakeGroup", "slash");
        leaves[1] = 0;
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH));
        assertEq(token.balanceOf(slasher), 10 ether);
        assertEq(token.balanceOf(sink), 90 ether);
        assertEq(group.totalLive(), 30 ether);
        assertEq(group.slashCommittedAt(hash), 0);
    }

    function test_slash_revertsInTheBlockOfTheCommit() public {
        _deposit(1, MINIMUM);
        bytes32 hash = group.slashCommitment(slasher, 1, SALT);
        vm.startPrank(slasher);
        group.commitSlash(hash);
        uint256[] memory path = _siblings(0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupSlashCommitTooRecent.selector,
                hash,
                block.number
            )
        );
        group.slash(1, SALT, path);
        vm.stopPrank();
    }

    function test_slash_bindsTheRewardToTheCommittingAccount() public {
        _deposit(1, MINIMUM);
        _commitSlash(slasher, 1);
        uint256[] memory path = _siblings(0);
        address thief = makeAddr("thief");
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupSlashNotCommitted.selector,
                group.slashCommitment(thief, 1, SALT)
            )
        );
        vm.prank(thief);
        group.slash(1, SALT, path);
    }

    function test_slash_takesAPendingWithdrawal() public {
        _deposit(1, MINIMUM);
        _deposit(2, 50 ether);
        _requestWithdrawal(2);
        uint256 root = group.root();
        _commitSlash(slasher, 2);
        vm.prank(slasher);
        group.slash(2, SALT, new uint256[](0));
        assertEq(group.root(), root);
        assertEq(group.totalPending(), 0);
        assertEq(token.balanceOf(slasher), 5 ether);
        assertEq(token.balanceOf(sink), 45 ether);
        assertEq(token.balanceOf(address(group)), MINIMUM);
    }

    /// @dev The circuit accepts secret 0, so its identity can signal and must be slashable.
    function test_slash_acceptsTheSecretZero() public {
        _deposit(0, MINIMUM);
        _commitSlash(slasher, 0);
        uint256[] memory path = _siblings(0);
        vm.prank(slasher);
        group.slash(0, SALT, path);
        assertEq(
            uint256(group.identityOf(_commitment(0)).status),
            uint256(IAnonymousStakeGroup.IdentityStatus.Slashed)
        );
    }

    // ------------------------------------------------------------- root history

    function testFuzz_isValidRoot_forTheWindowAfterReplacement(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * uint256(VALIDITY));
        uint256 empty = group.root();
        _deposit(1, MINIMUM);
        uint256 first = group.root();
        assertEq(group.rootReplacedAt(empty), block.timestamp);
        vm.warp(block.timestamp + elapsed);
        assertEq(group.isValidRoot(empty), elapsed <= VALIDITY);
        assertTrue(group.isValidRoot(first));
        _deposit(2, MINIMUM);
        assertTrue(group.isValidRoot(first));
        assertEq(group.rootReplacedAt(first), block.timestamp);
    }
}
