// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {IAnonymousStakeGroup} from "../../src/interfaces/IAnonymousStakeGroup.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {StakeTreeLibrary} from "../../src/libraries/StakeTreeLibrary.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockStakeMembershipVerifier} from "../mocks/MockStakeMembershipVerifier.sol";
import {StakeTreeReference} from "../utils/StakeTreeReference.sol";
import {Test} from "../utils/Test.sol";

contract AnonymousStakeGroupTest is Test {
    uint96 internal constant MINIMUM = 10 ether;
    uint64 internal constant DELAY = 7 days;
    uint64 internal constant VALIDITY = 1 hours;
    uint256 internal constant DEPTH = 20;

    MockERC20 internal token;
    MockStakeMembershipVerifier internal verifier;
    AnonymousStakeGroup internal group;
    address internal depositor;
    address internal sink;
    address internal slasher;
    address internal recipient;
    address internal endorsements;
    uint256[] internal leaves;
    Groth16Proof internal proof;

    function setUp() public {
        depositor = makeAddr("depositor");
        sink = makeAddr("sink");
        slasher = makeAddr("slasher");
        recipient = makeAddr("recipient");
        endorsements = makeAddr("endorsements");
        vm.warp(1_700_000_000);
        vm.roll(100);
        token = new MockERC20();
        verifier = new MockStakeMembershipVerifier();
        group = new AnonymousStakeGroup(token, verifier, sink, endorsements, MINIMUM, DELAY, VALIDITY);
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

    function _requestWithdrawal(uint256 secret, uint96 fee) internal {
        uint256 commitment = _commitment(secret);
        uint256 index = group.identityOf(commitment).leafIndex;
        group.requestWithdrawal(commitment, recipient, fee, 1, 2, proof);
        leaves[index] = 0;
    }

    // ------------------------------------------------------------ constructor

    function testFuzz_constructor_refusesAWithdrawalDelayNotAboveTheRootValidity(uint64 delay, uint64 validity) public {
        if (delay <= validity) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAnonymousStakeGroup.AnonymousStakeGroupWithdrawalDelayTooShort.selector,
                    delay,
                    validity
                )
            );
        }
        AnonymousStakeGroup created = new AnonymousStakeGroup(
            token,
            verifier,
            sink,
            endorsements,
            MINIMUM,
            delay,
            validity
        );
        if (delay > validity) assertEq(created.withdrawalDelay(), delay);
    }

    function test_constructor_refusesAZeroEndorsementsAddress() public {
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupZeroAddress.selector);
        new AnonymousStakeGroup(token, verifier, sink, address(0), MINIMUM, DELAY, VALIDITY);
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

    function test_deposit_refusesTheCommitmentOfTheSecretZero() public {
        uint256 commitment = _commitment(0);
        assertEq(commitment, 19014214495641488759237505126948346942972912379615652741039992445865937985820);
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupZeroSecretCommitment.selector);
        vm.prank(depositor);
        group.deposit(commitment, MINIMUM);
        assertEq(group.size(), 0);
    }

    function test_deposit_refusesAReusedCommitmentEvenAfterWithdrawal() public {
        _deposit(1, MINIMUM);
        _requestWithdrawal(1, 0);
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
                group.withdrawalScope(commitment, recipient, 2 ether),
                uint256(keccak256(abi.encode(recipient))) >> 8
            ]
        );
        assertEq(
            group.withdrawalScope(commitment, recipient, 2 ether),
            uint256(
                keccak256(
                    abi.encode(
                        block.chainid,
                        address(group),
                        keccak256("leasehold.withdraw"),
                        commitment,
                        recipient,
                        uint96(2 ether)
                    )
                )
            ) >> 8
        );
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidProof.selector);
        group.requestWithdrawal(commitment, recipient, 2 ether, 5, 7, proof);
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidProof.selector);
        group.requestWithdrawal(commitment, recipient, 3 ether, 5, 6, proof);
        group.requestWithdrawal(commitment, recipient, 2 ether, 5, 6, proof);
        vm.snapshotGasLastCall("AnonymousStakeGroup", "requestWithdrawal (mock verifier)");
        leaves[1] = 0;
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH));
        assertEq(group.totalLive(), MINIMUM);
        assertEq(group.totalPending(), 20 ether);
        assertEq(group.identityOf(commitment).relayer, address(this));
        assertEq(group.identityOf(commitment).relayerFee, 2 ether);
    }

    function test_requestWithdrawal_refusesAFeeAboveTheStake() public {
        _deposit(1, MINIMUM);
        uint256 commitment = _commitment(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupRelayerFeeTooHigh.selector,
                MINIMUM + 1,
                MINIMUM
            )
        );
        group.requestWithdrawal(commitment, recipient, MINIMUM + 1, 1, 2, proof);
        assertEq(uint256(group.identityOf(commitment).status), uint256(IAnonymousStakeGroup.IdentityStatus.Active));
    }

    /// @dev Removals read their Merkle path from the tree: deposits just before, in the same
    ///  block, and removals of other leaves change nothing for them.
    function test_requestWithdrawal_landsAfterDepositsAndRemovalsInTheSameBlock() public {
        for (uint256 secret = 1; secret <= 5; ++secret) _deposit(secret, MINIMUM);
        _requestWithdrawal(4, 0);
        _deposit(6, MINIMUM);
        group.slash(2);
        leaves[1] = 0;
        _deposit(7, MINIMUM);
        _requestWithdrawal(3, 0);
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH));
    }

    function test_withdraw_paysTheRecipientAndTheRelayerAfterTheDelay() public {
        _deposit(1, MINIMUM);
        address relayer = makeAddr("relayer");
        uint256 commitment = _commitment(1);
        vm.prank(relayer);
        group.requestWithdrawal(commitment, recipient, 1 ether, 1, 2, proof);
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
        assertEq(token.balanceOf(recipient), MINIMUM - 1 ether);
        assertEq(token.balanceOf(relayer), 1 ether);
        assertEq(token.balanceOf(address(group)), 0);
        assertEq(group.totalPending(), 0);
    }

    // ---------------------------------------------------------------- slash

    function test_slash_sendsTheWholeStakeToTheSinkAndZeroesTheLeaf() public {
        _deposit(1, MINIMUM);
        _deposit(2, 100 ether);
        _deposit(3, 20 ether);
        vm.prank(slasher);
        group.slash(2);
        vm.snapshotGasLastCall("AnonymousStakeGroup", "slash");
        leaves[1] = 0;
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH));
        assertEq(token.balanceOf(slasher), 0);
        assertEq(token.balanceOf(sink), 100 ether);
        assertEq(group.totalLive(), 30 ether);
    }

    function test_slash_takesAPendingWithdrawal() public {
        _deposit(1, MINIMUM);
        _deposit(2, 50 ether);
        _requestWithdrawal(2, 1 ether);
        uint256 root = group.root();
        vm.prank(slasher);
        group.slash(2);
        assertEq(group.root(), root);
        assertEq(group.totalPending(), 0);
        assertEq(token.balanceOf(slasher), 0);
        assertEq(token.balanceOf(sink), 50 ether);
        assertEq(token.balanceOf(address(group)), MINIMUM);
    }

    /// @dev The sdk refuses the secret 0 too (identity.ts); nothing can be deposited behind it.
    function test_slash_refusesTheSecretZeroAndNonFieldSecrets() public {
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidSecret.selector);
        group.slash(0);
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidSecret.selector);
        group.slash(StakeTreeLibrary.SNARK_SCALAR_FIELD);
    }

    function test_slash_refusesAnIdentityNotActiveOrWithdrawing() public {
        uint256 commitment = _commitment(9);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupWrongStatus.selector,
                commitment,
                IAnonymousStakeGroup.IdentityStatus.None
            )
        );
        group.slash(9);
    }

    function test_slashDoubleSignal_onlyFromTheEndorsementsAndNeverRevertsForStatus() public {
        _deposit(1, MINIMUM);
        vm.expectRevert(
            abi.encodeWithSelector(IAnonymousStakeGroup.AnonymousStakeGroupNotEndorsements.selector, slasher)
        );
        vm.prank(slasher);
        group.slashDoubleSignal(1);
        vm.startPrank(endorsements);
        assertEq(group.slashDoubleSignal(1), MINIMUM);
        assertEq(group.slashDoubleSignal(1), 0, "already slashed");
        assertEq(group.slashDoubleSignal(9), 0, "no such identity");
        assertEq(group.slashDoubleSignal(0), 0, "the secret 0");
        vm.stopPrank();
        assertEq(token.balanceOf(sink), MINIMUM);
        assertEq(token.balanceOf(endorsements), 0);
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
