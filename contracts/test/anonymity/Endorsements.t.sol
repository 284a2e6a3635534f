// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {Endorsements} from "../../src/anonymity/Endorsements.sol";
import {IAnonymousStakeGroup} from "../../src/interfaces/IAnonymousStakeGroup.sol";
import {IEndorsements} from "../../src/interfaces/IEndorsements.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {RlnShareLibrary} from "../../src/libraries/RlnShareLibrary.sol";
import {StakeTreeLibrary} from "../../src/libraries/StakeTreeLibrary.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {StakeMembershipVerifier} from "../../src/zk/StakeMembershipVerifier.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockStakeMembershipVerifier} from "../mocks/MockStakeMembershipVerifier.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {StakeProofFixture} from "../utils/StakeProofFixture.sol";
import {Test} from "../utils/Test.sol";

contract EndorsementsTest is Test {
    uint64 internal constant EPOCH = 1 days;
    uint96 internal constant THRESHOLD = 80 ether;
    bytes32 internal constant SIGNAL = keccak256("review: reliable");
    bytes32 internal constant OTHER_SIGNAL = keccak256("review: exfiltrates");

    MockERC20 internal token;
    MockStakeMembershipVerifier internal verifier;
    AnonymousStakeGroup internal group;
    AgentRegistry internal registry;
    Endorsements internal endorsements;
    uint256 internal agentId;
    uint256 internal epoch;
    Groth16Proof internal proof;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new MockERC20();
        verifier = new MockStakeMembershipVerifier();
        StakeManager manager = new StakeManager(token, makeAddr("admin"), 100 ether, 7 days);
        registry = new AgentRegistry(manager);
        // The group names the endorsements contract created right after it.
        group = new AnonymousStakeGroup(
            token,
            verifier,
            makeAddr("sink"),
            nextCreateAddress(1),
            10 ether,
            7 days,
            1 hours
        );
        endorsements = new Endorsements(group, registry, EPOCH, THRESHOLD, 2 gwei, 1 ether);

        address operator = makeAddr("operator");
        token.mint(operator, 100 ether);
        vm.startPrank(operator);
        token.approve(address(manager), 100 ether);
        manager.deposit(100 ether);
        vm.stopPrank();
        agentId = IdentityProofs.register(registry, 0xA11CE, operator, keccak256("code"), "ipfs://agent");
        epoch = endorsements.currentEpoch();
    }

    function _expect(uint256 y, uint256 nullifier, bytes32 signal) internal {
        verifier.expect(
            [
                y,
                nullifier,
                group.root(),
                uint256(THRESHOLD),
                endorsements.scopeOf(agentId, epoch),
                endorsements.messageOf(agentId, epoch, signal)
            ]
        );
    }

    function test_endorse_asksTheVerifierWithTheContractsThresholdScopeAndMessage() public {
        uint256 root = group.root();
        _expect(11, 22, SIGNAL);
        vm.expectRevert(IEndorsements.EndorsementsInvalidProof.selector);
        endorsements.endorse(agentId, epoch, OTHER_SIGNAL, root, 11, 22, proof);
        endorsements.endorse(agentId, epoch, SIGNAL, root, 11, 22, proof);
        vm.snapshotGasLastCall("Endorsements", "endorse (mock verifier)");
        assertEq(endorsements.endorsementCount(agentId, epoch), 1);
        assertEq(
            endorsements.scopeOf(agentId, epoch),
            uint256(
                keccak256(
                    abi.encode(block.chainid, address(endorsements), keccak256("leasehold.endorse"), agentId, epoch)
                )
            ) >> 8
        );
    }

    function test_endorse_storesBothSharesOfADoubleSignal() public {
        uint256 root = group.root();
        endorsements.endorse(agentId, epoch, SIGNAL, root, 11, 22, proof);
        endorsements.endorse(agentId, epoch, OTHER_SIGNAL, root, 33, 22, proof);
        vm.snapshotGasLastCall("Endorsements", "endorse double signal (mock verifier)");
        (IEndorsements.Share memory first, IEndorsements.Share memory second) = endorsements.sharesOf(22);
        assertEq(first.x, endorsements.messageOf(agentId, epoch, SIGNAL));
        assertEq(first.y, 11);
        assertEq(second.x, endorsements.messageOf(agentId, epoch, OTHER_SIGNAL));
        assertEq(second.y, 33);
        assertEq(endorsements.endorsementCount(agentId, epoch), 0);
    }

    function test_constructor_refusesAGroupThatNamesAnotherEndorsementsContract() public {
        vm.expectRevert(
            abi.encodeWithSelector(IEndorsements.EndorsementsNotTheGroupsEndorsements.selector, address(endorsements))
        );
        new Endorsements(group, registry, EPOCH, THRESHOLD, 2 gwei, 1 ether);
    }

    function test_endorse_slashesTheDoubleSignallerInTheSameTransaction() public {
        uint256 secret = 0x5ec12e7;
        uint256 commitment = PoseidonT2.hash([secret]);
        token.mint(address(this), 100 ether);
        token.approve(address(group), 100 ether);
        group.deposit(commitment, 100 ether);
        uint256 root = group.root();
        uint256 scope = endorsements.scopeOf(agentId, epoch);
        uint256 a1 = PoseidonT3.hash([secret, scope]);
        uint256 x1 = endorsements.messageOf(agentId, epoch, SIGNAL);
        uint256 x2 = endorsements.messageOf(agentId, epoch, OTHER_SIGNAL);
        uint256 y1 = addmod(secret, mulmod(a1, x1, RlnShareLibrary.FIELD), RlnShareLibrary.FIELD);
        uint256 y2 = addmod(secret, mulmod(a1, x2, RlnShareLibrary.FIELD), RlnShareLibrary.FIELD);
        endorsements.endorse(agentId, epoch, SIGNAL, root, y1, 22, proof);
        endorsements.endorse(agentId, epoch, OTHER_SIGNAL, root, y2, 22, proof);
        vm.snapshotGasLastCall("Endorsements", "endorse double signal and slash (mock verifier)");
        assertEq(uint256(group.identityOf(commitment).status), uint256(IAnonymousStakeGroup.IdentityStatus.Slashed));
        assertEq(token.balanceOf(makeAddr("sink")), 100 ether);
        assertEq(group.root(), StakeTreeLibrary.zero(20), "the only leaf is zeroed");
        assertEq(group.totalLive(), 0);
    }

    function testFuzz_endorse_acceptsOnlyTheCurrentAndPreviousEpoch(uint256 claimed, uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 10 * uint256(EPOCH));
        claimed = bound(claimed, 0, epoch + 20);
        vm.warp(block.timestamp + elapsed);
        uint256 current = endorsements.currentEpoch();
        uint256 root = group.root();
        if (claimed == current || claimed + 1 == current) {
            endorsements.endorse(agentId, claimed, SIGNAL, root, 11, 22, proof);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(IEndorsements.EndorsementsEpochNotAccepted.selector, claimed, current)
            );
            endorsements.endorse(agentId, claimed, SIGNAL, root, 11, 22, proof);
        }
    }

    function test_verifyProof_acceptsTheFixtureAndRejectsAnyAlteredSignal() public {
        StakeMembershipVerifier real = new StakeMembershipVerifier();
        Groth16Proof memory fixture = StakeProofFixture.proof();
        uint256[6] memory signals = StakeProofFixture.publicSignals();
        assertTrue(real.verifyProof(fixture.a, fixture.b, fixture.c, signals));
        vm.snapshotGasLastCall("StakeMembershipVerifier", "verifyProof");
        for (uint256 i = 0; i < 6; ++i) {
            uint256[6] memory altered = signals;
            ++altered[i];
            assertFalse(real.verifyProof(fixture.a, fixture.b, fixture.c, altered));
        }
    }

    // ---------------------------------------------------------------- relay refunds

    address internal constant RELAYER = address(0x4E1A7E4);

    /// @dev Funds the relay budget and sends one endorsement from RELAYER at `gasPrice` over a base fee of `baseFee`.
    function _relay(uint256 budget, uint256 baseFee, uint256 gasPrice) internal {
        if (budget != 0) endorsements.fundRelay{value: budget}();
        vm.fee(baseFee);
        vm.txGasPrice(gasPrice);
        uint256 root = group.root();
        vm.prank(RELAYER);
        endorsements.endorse(agentId, epoch, SIGNAL, root, 11, 22, proof);
    }

    function test_endorse_refundsTheSameWhateverCalldataTheSenderAppends() public {
        endorsements.fundRelay{value: 1 ether}();
        vm.fee(10 gwei);
        vm.txGasPrice(10 gwei);
        bytes memory call = abi.encodeCall(Endorsements.endorse, (agentId, epoch, SIGNAL, group.root(), 11, 22, proof));
        uint256 state = vm.snapshotState();
        vm.prank(RELAYER);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = address(endorsements).call(call);
        assertTrue(ok);
        uint256 wellFormed = endorsements.relayFeesOf(RELAYER);
        vm.revertToState(state);
        // Bytes past the arguments are ignored by the decoder but paid by the sender: they must
        // not buy a bigger refund (the overhead prices a well-formed call's 452 bytes).
        vm.prank(RELAYER);
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ) = address(endorsements).call(bytes.concat(call, new bytes(4_096)));
        assertTrue(ok);
        assertEq(endorsements.relayFeesOf(RELAYER), wellFormed);
        assertEq(call.length, 452);
    }

    function test_endorse_creditsTheSenderItsGasAtTheTransactionsPrice() public {
        _relay(1 ether, 10 gwei, 11 gwei);
        uint256 fee = endorsements.relayFeesOf(RELAYER);
        // Gas so far plus the fixed overhead, at 11 gwei: between the overhead and a generous ceiling.
        assertGt(fee, endorsements.RELAY_GAS_OVERHEAD() * 11 gwei, "more than the overhead alone");
        assertLt(fee, 400_000 * 11 gwei, "no more than the gas an endorsement can use");
        assertEq(fee % 11 gwei, 0, "priced at the transaction's gas price");
        assertEq(endorsements.relayBudget(), 1 ether - fee);
        assertEq(endorsements.relaySpent(epoch), fee);
    }

    function test_endorse_pricesTheRefundAtMostTheTipCapAboveTheBaseFee() public {
        // A sender that also produces the block gets its priority fee back: paying tx.gasprice
        // uncapped would let it print money from the budget.
        _relay(1 ether, 10 gwei, 500 gwei);
        uint256 fee = endorsements.relayFeesOf(RELAYER);
        assertGt(fee, 0);
        assertEq(fee % 12 gwei, 0, "priced at base fee + tip cap (10 + 2 gwei)");
        assertLt(fee, 400_000 * 12 gwei);
    }

    function test_endorse_refundsWhatIsLeftOfTheBudgetAndStillEndorses() public {
        _relay(5_000 gwei, 10 gwei, 10 gwei);
        assertEq(endorsements.relayFeesOf(RELAYER), 5_000 gwei);
        assertEq(endorsements.relayBudget(), 0);
        assertEq(endorsements.endorsementCount(agentId, epoch), 1, "an empty budget never blocks an endorsement");
    }

    function test_endorse_refundsNoMoreThanTheEpochsSpendingCap() public {
        Endorsements capped = _endorsementsWithCap(30_000 gwei);
        capped.fundRelay{value: 1 ether}();
        vm.fee(10 gwei);
        vm.txGasPrice(10 gwei);
        uint256 root = group.root();
        vm.prank(RELAYER);
        capped.endorse(agentId, epoch, SIGNAL, root, 11, 22, proof);
        vm.prank(RELAYER);
        capped.endorse(agentId, epoch, SIGNAL, root, 11, 23, proof);
        assertEq(capped.relaySpent(epoch), 30_000 gwei, "two endorsements cost more than the cap: the second is cut");
        assertEq(capped.relayFeesOf(RELAYER), 30_000 gwei);
        // The next epoch has its own allowance.
        vm.warp(block.timestamp + EPOCH);
        uint256 next = capped.currentEpoch();
        vm.prank(RELAYER);
        capped.endorse(agentId, next, SIGNAL, root, 11, 24, proof);
        assertGt(capped.relaySpent(next), 0);
    }

    function test_fundRelay_refusesZeroAndEmitsTheFunder() public {
        vm.expectRevert(IEndorsements.EndorsementsZeroFunding.selector);
        endorsements.fundRelay();
        vm.expectEmit(address(endorsements));
        emit IEndorsements.RelayFunded(address(this), 1 ether);
        endorsements.fundRelay{value: 1 ether}();
        assertEq(address(endorsements).balance, 1 ether);
    }

    function test_claimRelayFees_paysTheCallerOnceToTheAddressItNames() public {
        _relay(1 ether, 10 gwei, 10 gwei);
        uint256 fee = endorsements.relayFeesOf(RELAYER);
        address payable payee = payable(makeAddr("payee"));
        vm.prank(RELAYER);
        endorsements.claimRelayFees(payee);
        assertEq(payee.balance, fee);
        assertEq(endorsements.relayFeesOf(RELAYER), 0);
        vm.prank(RELAYER);
        vm.expectRevert(abi.encodeWithSelector(IEndorsements.EndorsementsNoRelayFees.selector, RELAYER));
        endorsements.claimRelayFees(payee);
        // Nobody else can take the relayer's credit.
        vm.expectRevert(abi.encodeWithSelector(IEndorsements.EndorsementsNoRelayFees.selector, address(this)));
        endorsements.claimRelayFees(payee);
    }

    function test_claimRelayFees_keepsTheCreditWhenThePayeeRefusesEther() public {
        _relay(1 ether, 10 gwei, 10 gwei);
        uint256 fee = endorsements.relayFeesOf(RELAYER);
        address payable refuser = payable(address(new MockERC20()));
        vm.prank(RELAYER);
        vm.expectRevert(
            abi.encodeWithSelector(IEndorsements.EndorsementsRelayFeeTransferFailed.selector, refuser, fee)
        );
        endorsements.claimRelayFees(refuser);
        assertEq(endorsements.relayFeesOf(RELAYER), fee);
        vm.prank(RELAYER);
        vm.expectRevert(IEndorsements.EndorsementsZeroAddress.selector);
        endorsements.claimRelayFees(payable(address(0)));
    }

    /// @dev A second Endorsements for the same group cannot be built (the group names one), so
    ///  the cap test deploys a fresh group and contract with the given spending cap.
    function _endorsementsWithCap(uint256 cap) internal returns (Endorsements capped) {
        AnonymousStakeGroup fresh = new AnonymousStakeGroup(
            token,
            verifier,
            makeAddr("sink"),
            nextCreateAddress(1),
            10 ether,
            7 days,
            1 hours
        );
        capped = new Endorsements(fresh, registry, EPOCH, THRESHOLD, 2 gwei, cap);
        group = fresh;
    }
}
