// SPDX-License-Identifier: MIT
// The reentering payee is only this test's.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {Endorsements} from "../../src/anonymity/Endorsements.sol";
import {IEndorsements} from "../../src/interfaces/IEndorsements.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockStakeMembershipVerifier} from "../mocks/MockStakeMembershipVerifier.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {Test} from "../utils/Test.sol";

/// @notice A payee that tries to claim again while it is being paid.
contract ReenteringPayee {
    Endorsements private immutable _endorsements;

    constructor(Endorsements endorsements_) {
        _endorsements = endorsements_;
    }

    receive() external payable {
        _endorsements.claimRelayFees(payable(address(this)));
    }
}

/// @title EndorsementRelayRefundsTest
/// @notice The relay budget pays endorsements' senders for their gas, so that an endorser never
///  sends from its own address. The attacker is a member (many identities), a relayer and the
///  block's producer at once, and sees the mempool. It must not turn the sponsors' budget into
///  profit, burn it faster than the per-epoch cap, or take a refund twice. Proofs are the mock
///  verifier's (the circuit is not under test here): each nullifier stands for one identity's
///  endorsement.
contract EndorsementRelayRefundsTest is Test {
    uint64 internal constant EPOCH = 1 days;
    uint96 internal constant THRESHOLD = 80 ether;
    uint256 internal constant TIP_CAP = 2 gwei;
    uint256 internal constant SPEND_PER_EPOCH = 0.05 ether;
    bytes32 internal constant SIGNAL = keccak256("review: reliable");

    Endorsements internal endorsements;
    AnonymousStakeGroup internal group;
    uint256 internal agentId;
    uint256 internal epoch;
    address internal attacker;
    Groth16Proof internal proof;

    function setUp() public {
        vm.warp(1_700_000_000);
        attacker = makeAddr("attacker");
        MockERC20 token = new MockERC20();
        StakeManager manager = new StakeManager(token, makeAddr("admin"), 100 ether, 7 days);
        AgentRegistry registry = new AgentRegistry(manager);
        group = new AnonymousStakeGroup(
            token,
            new MockStakeMembershipVerifier(),
            makeAddr("sink"),
            nextCreateAddress(1),
            10 ether,
            7 days,
            1 hours
        );
        endorsements = new Endorsements(group, registry, EPOCH, THRESHOLD, TIP_CAP, SPEND_PER_EPOCH);
        address operator = makeAddr("operator");
        token.mint(operator, 100 ether);
        vm.startPrank(operator);
        token.approve(address(manager), 100 ether);
        manager.deposit(100 ether);
        vm.stopPrank();
        agentId = IdentityProofs.register(registry, 0xA11CE, operator, keccak256("code"), "ipfs://agent");
        epoch = endorsements.currentEpoch();
        // An honest sponsor's budget.
        endorsements.fundRelay{value: 10 ether}();
    }

    function _endorseAs(address sender, uint256 nullifier) internal {
        uint256 root = group.root();
        vm.prank(sender);
        endorsements.endorse(agentId, epoch, SIGNAL, root, 11, nullifier, proof);
    }

    /// @dev The attacker produces the block, so the priority part of its gas price comes back to
    ///  it: its real cost is gas * basefee. Paid at tx.gasprice, each self-relayed endorsement
    ///  would print (gasprice - basefee) * gas from the budget.
    function test_attack_blockProducerSelfRelaysAtAnInflatedGasPrice() public {
        vm.fee(10 gwei);
        vm.txGasPrice(5_000 gwei);
        uint256 gasBefore = gasleft();
        _endorseAs(attacker, 1);
        uint256 gasUsed = gasBefore - gasleft();
        uint256 refund = endorsements.relayFeesOf(attacker);
        // The refund is priced at base fee + tip cap, never at the attacker's price...
        assertEq(refund % (10 gwei + TIP_CAP), 0, "priced at basefee + tip cap");
        // ...so beyond its real cost (gas at the base fee, with the fixed costs a call inside this
        // test does not pay) the attacker keeps at most the tip cap on each unit of gas.
        uint256 refundedGas = refund / (10 gwei + TIP_CAP);
        assertLt(refundedGas, gasUsed + 21_000 + 16 * 600 + 2 * 17_100 + 40_000, "no gas refunded twice");
        assertLe(refund, refundedGas * 10 gwei + refundedGas * TIP_CAP);
        assertLt(refund, 1_000_000 * 12 gwei, "far from what tx.gasprice would have paid");
    }

    /// @dev Endorsing costs a member nothing once refunded, so it could endorse every agent in
    ///  every epoch with every identity, spending the whole budget at once. The cap bounds it.
    function test_attack_membersBurnTheBudgetWithinOneEpoch() public {
        vm.fee(100 gwei);
        vm.txGasPrice(100 gwei);
        for (uint256 nullifier = 1; nullifier <= 40; ++nullifier) {
            _endorseAs(attacker, nullifier);
        }
        assertEq(endorsements.relaySpent(epoch), SPEND_PER_EPOCH, "capped at the epoch's allowance");
        assertEq(endorsements.relayFeesOf(attacker), SPEND_PER_EPOCH);
        assertEq(endorsements.relayBudget(), 10 ether - SPEND_PER_EPOCH, "the rest of the budget is untouched");
        assertEq(endorsements.endorsementCount(agentId, epoch), 40, "endorsements beyond the cap still count");
    }

    /// @dev A mempool watcher copies a relayer's pending endorsement and lands it first: it is
    ///  refunded for its own gas (no more), and the copied original reverts as a replay before the
    ///  pairing and before any refund, so one endorsement is never refunded twice.
    function test_attack_frontRunnerCopiesARelayedEndorsement() public {
        vm.fee(10 gwei);
        vm.txGasPrice(10 gwei);
        address relayer = makeAddr("relayer");
        _endorseAs(attacker, 7);
        uint256 refund = endorsements.relayFeesOf(attacker);
        assertGt(refund, 0);
        uint256 root = group.root();
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEndorsements.EndorsementsReplayed.selector,
                7,
                endorsements.messageOf(agentId, epoch, SIGNAL)
            )
        );
        endorsements.endorse(agentId, epoch, SIGNAL, root, 11, 7, proof);
        assertEq(endorsements.relayFeesOf(relayer), 0);
        assertEq(endorsements.relayBudget(), 10 ether - refund);
    }

    /// @dev A relayer withholds an endorser's proof (claims it failed), waits for the endorser to
    ///  prove again and send another way, then lands the withheld proof. Had the message bound a
    ///  fee (the relayer's quote, which moves with gas prices), the retry would be a second
    ///  message in the same scope: a double signal, and the endorser's whole stake slashed. The
    ///  message is the endorsement alone, so the late copy is a replay and reverts.
    function test_attack_relayerWithholdsAProofToSlashTheRetry() public {
        // Real shares: the retry and the withheld proof carry the same (x, y), as the circuit
        // makes them from one secret, scope and message.
        uint256 x = endorsements.messageOf(agentId, epoch, SIGNAL);
        uint256 y = 0xabcdef;
        uint256 nullifier = 0x1234;
        uint256 root = group.root();
        // The endorser's retry, sent from its wallet or another relayer, lands first.
        endorsements.endorse(agentId, epoch, SIGNAL, root, y, nullifier, proof);
        // The withheld proof: same signals, so a replay, not a second share.
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IEndorsements.EndorsementsReplayed.selector, nullifier, x));
        endorsements.endorse(agentId, epoch, SIGNAL, root, y, nullifier, proof);
        (, IEndorsements.Share memory second) = endorsements.sharesOf(nullifier);
        assertEq(second.x, 0, "no second share: nothing to recover a secret from");
        assertEq(endorsements.endorsementCount(agentId, epoch), 1);
    }

    /// @dev Claiming pays before nothing else is left to change, and a payee that claims again
    ///  while being paid finds its credit already zero and the guard closed.
    function test_attack_payeeReentersClaimRelayFees() public {
        vm.fee(10 gwei);
        vm.txGasPrice(10 gwei);
        ReenteringPayee payee = new ReenteringPayee(endorsements);
        _endorseAs(address(payee), 9);
        uint256 credit = endorsements.relayFeesOf(address(payee));
        vm.prank(address(payee));
        vm.expectRevert(
            abi.encodeWithSelector(IEndorsements.EndorsementsRelayFeeTransferFailed.selector, address(payee), credit)
        );
        endorsements.claimRelayFees(payable(address(payee)));
        assertEq(endorsements.relayFeesOf(address(payee)), credit, "the failed claim changed nothing");
        assertEq(address(endorsements).balance, 10 ether, "no ether left the contract");
    }
}
