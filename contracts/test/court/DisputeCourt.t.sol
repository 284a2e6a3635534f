// SPDX-License-Identifier: MIT
// The draw-gas tests (one contract per bench size) share this file with the unit tests.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {IJobEscrow} from "../../src/interfaces/IJobEscrow.sol";
import {IInsurancePool} from "../../src/interfaces/IInsurancePool.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {CourtFixture} from "../utils/CourtFixture.sol";

/// @notice DisputeCourt on the real contracts: whole disputes, the money each ruling moves, the
///  parameter bounds, and the gas of every step (written under snapshots/ by `--snapshot`).
contract DisputeCourtTest is CourtFixture {
    uint256 internal constant BPS = 10_000;

    uint256 internal agentId;

    function setUp() public {
        _deployCourt(new MockERC20(), _defaultCourtParams());
        _seatArbitrators(20, ARBITRATOR_STAKE);
        agentId = _registerAgent(IDENTITY_KEY);
    }

    /// @notice A job of the registered agent paying `payment`, accepted and submitted; returns it
    ///  with its receipt to cite.
    function _submittedJob(
        uint256 payment
    ) internal returns (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) {
        uint256 leaseId = _grantLease(agentId, payment);
        jobId = _openJob(leaseId, payment, uint64(block.timestamp) + 1 days);
        vm.prank(operator);
        escrow.acceptJob(jobId);
        cited = _submitCited(jobId, agentId);
    }

    function _disputed(uint256 payment) internal returns (uint256 jobId, uint256 disputeId) {
        IDisputeCourt.CitedReceipt[] memory cited;
        (jobId, cited) = _submittedJob(payment);
        disputeId = _openDispute(jobId, cited);
    }

    function _withFirstPanel(uint8 seats) internal {
        IDisputeCourt.Params memory p = _defaultCourtParams();
        p.firstPanelSize = seats;
        vm.prank(admin);
        disputeCourt.setParams(p);
    }

    // ------------------------------------------------------------- openDispute

    function test_openDispute_freezesHoldsBondAndFilesClaim() public {
        _insure(makeAddr("insurer"), 100 ether);
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(PAYMENT);
        uint256 bond = disputeCourt.bondFor(PAYMENT);
        _mint(client, bond);
        vm.prank(client);
        stakeToken.approve(address(disputeCourt), bond);
        vm.prank(client);
        uint256 disputeId = disputeCourt.openDispute(jobId, cited, "ipfs://evidence");
        vm.snapshotGasLastCall("DisputeCourt", "openDispute");

        assertEq(disputeId, 1);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Frozen, "job not frozen");
        assertEq(disputeCourt.totalBondsHeld(), bond);
        assertEq(stakeToken.balanceOf(address(disputeCourt)), bond);
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        assertEq(d.compensation, PAYMENT);
        assertEq(pool.getClaim(d.claimId).reserved, PAYMENT);
        assertEq(pool.totalReserved(), PAYMENT);
    }

    // -------------------------------------------------------------------- draw

    function test_draw_retargetsWhenTheHashAgedOut() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        vm.roll(block.number + 300);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.DrawRetargeted(disputeId, 0, uint64(block.number) + disputeCourt.DRAW_DELAY_BLOCKS());
        disputeCourt.draw(disputeId);
        assertTrue(disputeCourt.getDispute(disputeId).phase == IDisputeCourt.Phase.Drawing, "drew anyway");
        assertEq(_draw(disputeId).length, 3);
    }

    // ----------------------------------------------------------------- voting

    function test_gas_commitRevealClose_3Seats() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        address[] memory panel = _draw(disputeId);
        bytes32 commitment = disputeCourt.commitmentOf(
            disputeId,
            0,
            panel[0],
            IDisputeCourt.Ruling.Client,
            _salt(panel[0], disputeId)
        );
        vm.prank(panel[0]);
        disputeCourt.commitVote(disputeId, commitment);
        vm.snapshotGasLastCall("DisputeCourt", "commitVote");
        _commit(disputeId, panel[1], IDisputeCourt.Ruling.Client);
        _commit(disputeId, panel[2], IDisputeCourt.Ruling.Agent);
        vm.prank(panel[0]);
        disputeCourt.revealVote(disputeId, IDisputeCourt.Ruling.Client, _salt(panel[0], disputeId));
        vm.snapshotGasLastCall("DisputeCourt", "revealVote");
        _reveal(disputeId, panel[1], IDisputeCourt.Ruling.Client);
        _reveal(disputeId, panel[2], IDisputeCourt.Ruling.Agent);
        disputeCourt.closeRound(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "closeRound3");
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        assertTrue(r.ruling == IDisputeCourt.Ruling.Client, "majority not followed");
        // Two coherent voters share half the bond.
        assertEq(disputeCourt.balanceOf(panel[0]), r.feePaid / 2);
        assertEq(disputeCourt.balanceOf(panel[2]), 0);
    }

    function test_gas_closeRound_7SeatsWithSilentSeats() public {
        _withFirstPanel(7);
        (, uint256 disputeId) = _disputed(PAYMENT);
        address[] memory panel = _draw(disputeId);
        for (uint256 i = 0; i < 5; ++i) _commit(disputeId, panel[i], IDisputeCourt.Ruling.Agent);
        vm.warp(disputeCourt.getRound(disputeId, 0).commitEndsAt);
        for (uint256 i = 0; i < 4; ++i) _reveal(disputeId, panel[i], IDisputeCourt.Ruling.Agent);
        vm.warp(disputeCourt.getRound(disputeId, 0).revealEndsAt);
        disputeCourt.closeRound(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "closeRound7");
        // Three seats did not reveal (two silent, one commit-only): each lost its penalty.
        uint256 penalty = (ARBITRATOR_MINIMUM * _defaultCourtParams().nonRevealPenaltyBps) / BPS;
        for (uint256 i = 4; i < 7; ++i) {
            assertEq(arbitratorRegistry.arbitratorOf(panel[i]).free, ARBITRATOR_STAKE - penalty);
        }
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        assertEq(disputeCourt.balanceOf(panel[0]), (r.feePaid + 3 * penalty) / 4);
        _assertCourtLedger();
    }

    // ----------------------------------------------------------------- appeal

    function test_gas_appeal_byTheOperator() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Client);
        disputeCourt.closeRound(disputeId);
        uint256 bond = disputeCourt.getRound(disputeId, 0).bond * disputeCourt.APPEAL_BOND_MULTIPLIER();
        _mint(operator, bond);
        vm.prank(operator);
        stakeToken.approve(address(disputeCourt), bond);
        vm.prank(operator);
        disputeCourt.appeal(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "appeal");
        // The appeal panel is all new: 7 seats drawn from the 17 arbitrators not on round 0.
        address[] memory first = disputeCourt.panelOf(disputeId, 0);
        address[] memory second = _draw(disputeId);
        assertEq(second.length, 7);
        for (uint256 i = 0; i < second.length; ++i) {
            for (uint256 j = 0; j < first.length; ++j) assertTrue(second[i] != first[j], "reseated");
        }
        _voteAll(disputeId, IDisputeCourt.Ruling.Agent);
        disputeCourt.closeRound(disputeId);
        disputeCourt.execute(disputeId);
        // The operator won on appeal: both bonds (less their fees) are its.
        IDisputeCourt.Round memory r0 = disputeCourt.getRound(disputeId, 0);
        IDisputeCourt.Round memory r1 = disputeCourt.getRound(disputeId, 1);
        assertEq(disputeCourt.balanceOf(operator), r0.bond - r0.feePaid + r1.bond - r1.feePaid);
        _assertCourtLedger();
    }

    // ---------------------------------------------------------------- execute

    /// @notice The operator's stake covers part of the compensation, the pool's reservation the rest.
    function test_gas_execute_clientWinsWithSlashAndClaim() public {
        uint256 payment = 800 ether;
        _insure(makeAddr("insurer"), 200 ether);
        (uint256 jobId, uint256 disputeId) = _disputed(payment);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Client);
        disputeCourt.closeRound(disputeId);
        _passAppealWindow(disputeId);

        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        uint256 slashable = manager.stakeOf(operator).free + escrow.getJob(jobId).collateral;
        uint256 reserved = pool.getClaim(disputeCourt.getDispute(disputeId).claimId).reserved;
        uint256 clientBefore = stakeToken.balanceOf(client);
        // The slash (500) falls short of compensation plus fees (800 + 40); the pool adds its 200.
        assertEq(slashable, 500 ether);
        assertEq(reserved, 200 ether);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.RulingExecuted(
            disputeId,
            jobId,
            IDisputeCourt.Ruling.Client,
            slashable,
            reserved,
            r.bond - r.feePaid + slashable + reserved,
            0,
            0
        );
        disputeCourt.execute(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "execute_clientWinsSlashAndClaim");

        assertEq(stakeToken.balanceOf(client) - clientBefore, payment, "payment not refunded");
        assertEq(disputeCourt.balanceOf(client), r.bond - r.feePaid + slashable + reserved);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Rejected, "job not rejected");
        assertTrue(
            pool.getClaim(disputeCourt.getDispute(disputeId).claimId).status == IInsurancePool.ClaimStatus.Paid,
            "claim not paid"
        );
        assertEq(manager.totalStaked(), 0);
        _assertCourtLedger();

        _executeAgainFailsThenWithdraw(disputeId);
    }

    /// @dev A second execution fails; the client takes its credit.
    function _executeAgainFailsThenWithdraw(uint256 disputeId) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.DisputeCourtWrongPhase.selector,
                disputeId,
                IDisputeCourt.Phase.Executed
            )
        );
        disputeCourt.execute(disputeId);

        vm.prank(client);
        disputeCourt.withdrawBalance(client);
        vm.snapshotGasLastCall("DisputeCourt", "withdrawBalance");
        assertEq(stakeToken.balanceOf(address(disputeCourt)), disputeCourt.totalOwed());
    }

    function test_gas_execute_agentWins() public {
        _insure(makeAddr("insurer"), 100 ether);
        (uint256 jobId, uint256 disputeId) = _disputed(PAYMENT);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Agent);
        disputeCourt.closeRound(disputeId);
        _passAppealWindow(disputeId);
        uint256 operatorBefore = stakeToken.balanceOf(operator);
        disputeCourt.execute(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "execute_agentWins");

        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        uint256 premium = (PAYMENT * PREMIUM_BPS) / BPS;
        assertEq(stakeToken.balanceOf(operator) - operatorBefore, PAYMENT - premium);
        assertEq(disputeCourt.balanceOf(operator), r.bond - r.feePaid);
        assertEq(disputeCourt.balanceOf(client), 0);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid, "job not paid");
        assertEq(pool.totalReserved(), 0);
        _assertCourtLedger();
    }

    function test_lapse_dismissesWithoutPanelAndReturnsTheBond() public {
        // Every arbitrator leaves: no panel can be seated.
        for (uint256 i = 0; i < 20; ++i) {
            vm.prank(_arbitrator(i));
            arbitratorRegistry.requestLeave(ARBITRATOR_STAKE);
        }
        (uint256 jobId, uint256 disputeId) = _disputed(PAYMENT);
        vm.roll(block.number + 3);
        vm.expectRevert();
        disputeCourt.draw(disputeId);
        vm.warp(block.timestamp + _defaultCourtParams().drawTimeout + 1);
        disputeCourt.lapse(disputeId);
        disputeCourt.execute(disputeId);
        assertEq(disputeCourt.balanceOf(client), disputeCourt.bondFor(PAYMENT));
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid, "job not paid");
        _assertCourtLedger();
    }

    function _assertCourtLedger() internal view {
        assertEq(
            stakeToken.balanceOf(address(disputeCourt)),
            disputeCourt.totalBondsHeld() + disputeCourt.totalOwed(),
            "court balance != bonds held + owed"
        );
    }

    // ---------------------------------------------------------- revert paths

    function _expectRevert(bytes4 selector, bytes memory args) internal {
        vm.expectRevert(bytes.concat(selector, args));
    }

    function test_openDispute_revertPaths() public {
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(PAYMENT);
        vm.prank(operator);
        _expectRevert(IDisputeCourt.DisputeCourtNotClient.selector, abi.encode(jobId, operator));
        disputeCourt.openDispute(jobId, cited, "");

        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtEmptyEvidence.selector, "");
        disputeCourt.openDispute(jobId, new IDisputeCourt.CitedReceipt[](0), "");

        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtEvidenceTooLarge.selector, abi.encode(17, 0));
        disputeCourt.openDispute(jobId, new IDisputeCourt.CitedReceipt[](17), "");

        IDisputeCourt.CitedReceipt[] memory forged = new IDisputeCourt.CitedReceipt[](1);
        forged[0] = IDisputeCourt.CitedReceipt(cited[0].batchId, keccak256("forged"), cited[0].proof);
        vm.prank(client);
        _expectRevert(
            IDisputeCourt.DisputeCourtReceiptNotIncluded.selector,
            abi.encode(cited[0].batchId, keccak256("forged"))
        );
        disputeCourt.openDispute(jobId, forged, "");

        uint256 disputeId = _openDispute(jobId, cited);
        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtAlreadyDisputed.selector, abi.encode(jobId, disputeId));
        disputeCourt.openDispute(jobId, cited, "again");
    }

    function test_drawAndEvidence_revertPaths() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        uint64 drawBlock = disputeCourt.getRound(disputeId, 0).drawBlock;
        _expectRevert(IDisputeCourt.DisputeCourtDrawTooEarly.selector, abi.encode(disputeId, drawBlock));
        disputeCourt.draw(disputeId);
        uint64 deadline = disputeCourt.getRound(disputeId, 0).drawDeadline;
        _expectRevert(IDisputeCourt.DisputeCourtDrawDeadlineNotPassed.selector, abi.encode(disputeId, deadline));
        disputeCourt.lapse(disputeId);
        vm.prank(makeAddr("stranger"));
        _expectRevert(IDisputeCourt.DisputeCourtNotParty.selector, abi.encode(disputeId, makeAddr("stranger")));
        disputeCourt.submitEvidence(disputeId, new IDisputeCourt.CitedReceipt[](0), "uri");

        _draw(disputeId);
        _expectRevert(IDisputeCourt.DisputeCourtWrongPhase.selector, abi.encode(disputeId, IDisputeCourt.Phase.Voting));
        disputeCourt.draw(disputeId);
        vm.warp(disputeCourt.getRound(disputeId, 0).commitEndsAt);
        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtWrongPhase.selector, abi.encode(disputeId, IDisputeCourt.Phase.Voting));
        disputeCourt.submitEvidence(disputeId, new IDisputeCourt.CitedReceipt[](0), "uri");
        _expectRevert(IDisputeCourt.DisputeCourtUnknownDispute.selector, abi.encode(99));
        disputeCourt.getDispute(99);
    }

    function test_voting_revertPaths() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        address[] memory panel = _draw(disputeId);
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        _expectRevert(IDisputeCourt.DisputeCourtNotPanelist.selector, abi.encode(disputeId, 0, stranger));
        disputeCourt.commitVote(disputeId, keccak256("c"));
        vm.prank(panel[0]);
        _expectRevert(IDisputeCourt.DisputeCourtZeroCommitment.selector, "");
        disputeCourt.commitVote(disputeId, bytes32(0));
        _commit(disputeId, panel[0], IDisputeCourt.Ruling.Client);
        vm.prank(panel[0]);
        _expectRevert(IDisputeCourt.DisputeCourtAlreadyCommitted.selector, abi.encode(disputeId, panel[0]));
        disputeCourt.commitVote(disputeId, keccak256("c"));
        vm.prank(panel[0]);
        _expectRevert(IDisputeCourt.DisputeCourtRevealNotOpen.selector, abi.encode(disputeId, r.commitEndsAt));
        disputeCourt.revealVote(disputeId, IDisputeCourt.Ruling.Client, _salt(panel[0], disputeId));
        _expectRevert(IDisputeCourt.DisputeCourtVotingNotOver.selector, abi.encode(disputeId, r.revealEndsAt));
        disputeCourt.closeRound(disputeId);

        vm.warp(r.commitEndsAt);
        vm.prank(panel[1]);
        _expectRevert(IDisputeCourt.DisputeCourtCommitClosed.selector, abi.encode(disputeId, r.commitEndsAt));
        disputeCourt.commitVote(disputeId, keccak256("c"));
        vm.prank(panel[1]);
        _expectRevert(IDisputeCourt.DisputeCourtNothingToReveal.selector, abi.encode(disputeId, panel[1]));
        disputeCourt.revealVote(disputeId, IDisputeCourt.Ruling.Client, bytes32(0));
        vm.prank(panel[0]);
        _expectRevert(IDisputeCourt.DisputeCourtInvalidVote.selector, abi.encode(IDisputeCourt.Ruling.None));
        disputeCourt.revealVote(disputeId, IDisputeCourt.Ruling.None, _salt(panel[0], disputeId));
        vm.prank(panel[0]);
        _expectRevert(IDisputeCourt.DisputeCourtCommitmentMismatch.selector, abi.encode(disputeId, panel[0]));
        disputeCourt.revealVote(disputeId, IDisputeCourt.Ruling.Agent, _salt(panel[0], disputeId));
        vm.warp(r.revealEndsAt);
        vm.prank(panel[0]);
        _expectRevert(IDisputeCourt.DisputeCourtRevealClosed.selector, abi.encode(disputeId, r.revealEndsAt));
        disputeCourt.revealVote(disputeId, IDisputeCourt.Ruling.Client, _salt(panel[0], disputeId));
    }

    function test_appealExecuteWithdraw_revertPaths() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        _expectRevert(
            IDisputeCourt.DisputeCourtWrongPhase.selector,
            abi.encode(disputeId, IDisputeCourt.Phase.Drawing)
        );
        disputeCourt.execute(disputeId);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Agent);
        disputeCourt.closeRound(disputeId);
        uint64 appealEndsAt = disputeCourt.getRound(disputeId, 0).appealEndsAt;
        // The agent won: only the client may appeal.
        vm.prank(operator);
        _expectRevert(IDisputeCourt.DisputeCourtNotAppellant.selector, abi.encode(disputeId, operator));
        disputeCourt.appeal(disputeId);
        _expectRevert(IDisputeCourt.DisputeCourtAppealWindowOpen.selector, abi.encode(disputeId, appealEndsAt));
        disputeCourt.execute(disputeId);
        vm.warp(appealEndsAt);
        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtAppealClosed.selector, abi.encode(disputeId));
        disputeCourt.appeal(disputeId);
        disputeCourt.execute(disputeId);

        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtNothingOwed.selector, abi.encode(client));
        disputeCourt.withdrawBalance(client);
        vm.prank(operator);
        _expectRevert(IDisputeCourt.DisputeCourtInvalidRecipient.selector, abi.encode(address(0)));
        disputeCourt.withdrawBalance(address(0));
        vm.prank(operator);
        _expectRevert(IDisputeCourt.DisputeCourtInvalidRecipient.selector, abi.encode(address(disputeCourt)));
        disputeCourt.withdrawBalance(address(disputeCourt));
    }

    // ----------------------------------------------------------------- params

    function testFuzz_bondFor(uint256 payment, uint16 bondBps, uint256 bondMinimum) public {
        payment = bound(payment, 0, 1e36);
        bondBps = uint16(bound(bondBps, 0, BPS));
        bondMinimum = bound(bondMinimum, 1, 1e36);
        IDisputeCourt.Params memory p = _defaultCourtParams();
        p.bondBps = bondBps;
        p.bondMinimum = bondMinimum;
        vm.prank(admin);
        disputeCourt.setParams(p);
        uint256 proportional = (payment * bondBps) / BPS;
        uint256 bond = disputeCourt.bondFor(payment);
        assertEq(bond, proportional > bondMinimum ? proportional : bondMinimum);
        assertGe(bond, bondMinimum);
    }

    /// @notice Each parameter is refused just outside its bounds (naming it) and kept inside them.
    function testFuzz_setParams_bounds(uint8 which, uint256 value) public {
        which = uint8(bound(which, 0, 9));
        IDisputeCourt.Params memory p = _defaultCourtParams();
        bytes32 name;
        bool valid;
        if (which == 0) {
            p.bondMinimum = bound(value, 0, 1e30);
            (name, valid) = ("bondMinimum", p.bondMinimum != 0);
        } else if (which == 1) {
            p.bondBps = uint16(bound(value, 0, type(uint16).max));
            (name, valid) = ("bondBps", p.bondBps <= BPS);
        } else if (which == 2) {
            p.compensationBps = uint16(bound(value, 0, type(uint16).max));
            (name, valid) = ("compensationBps", p.compensationBps <= 20_000);
        } else if (which == 3) {
            p.panelFeeBps = uint16(bound(value, 0, type(uint16).max));
            (name, valid) = ("panelFeeBps", p.panelFeeBps <= BPS);
        } else if (which == 4) {
            p.nonRevealPenaltyBps = uint16(bound(value, 0, type(uint16).max));
            (name, valid) = ("nonRevealPenaltyBps", p.nonRevealPenaltyBps <= BPS);
        } else if (which == 5) {
            p.firstPanelSize = uint8(bound(value, 0, type(uint8).max));
            uint8 seats = p.firstPanelSize;
            (name, valid) = ("firstPanelSize", seats != 0 && seats % 2 == 1 && seats <= 15);
        } else {
            uint64 period = uint64(bound(value, 0, 60 days));
            valid = period != 0 && period <= 30 days;
            if (which == 6) (p.drawTimeout, name) = (period, "drawTimeout");
            else if (which == 7) (p.commitPeriod, name) = (period, "commitPeriod");
            else if (which == 8) (p.revealPeriod, name) = (period, "revealPeriod");
            else (p.appealPeriod, name) = (period, "appealPeriod");
        }
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.DisputeCourtInvalidParam.selector, name));
        vm.prank(admin);
        disputeCourt.setParams(p);
        if (valid) assertEq(keccak256(abi.encode(disputeCourt.params())), keccak256(abi.encode(p)));
    }
}

/// @notice The gas of `draw` for 3 and 7 seats over a bench of `_benchSize()` arbitrators, each
///  measured in its own test so that no earlier draw in the same transaction has warmed the tree.
abstract contract DisputeCourtDrawGasTest is CourtFixture {
    uint256 internal agentId;
    uint256 internal disputeId;

    function _benchSize() internal pure virtual returns (uint256);

    function setUp() public {
        _deployCourt(new MockERC20(), _defaultCourtParams());
        _seatArbitrators(_benchSize(), ARBITRATOR_STAKE);
        agentId = _registerAgent(IDENTITY_KEY);
    }

    function _measureDraw(uint8 seats) internal {
        IDisputeCourt.Params memory p = _defaultCourtParams();
        p.firstPanelSize = seats;
        vm.prank(admin);
        disputeCourt.setParams(p);
        uint256 leaseId = _grantLease(agentId, PAYMENT);
        uint256 jobId = _openJob(leaseId, PAYMENT, uint64(block.timestamp) + 1 days);
        vm.prank(operator);
        escrow.acceptJob(jobId);
        disputeId = _openDispute(jobId, _submitCited(jobId, agentId));
        vm.roll(block.number + disputeCourt.DRAW_DELAY_BLOCKS() + 1);
        disputeCourt.draw(disputeId);
        vm.snapshotGasLastCall(
            "DisputeCourt",
            string.concat("draw", vm.toString(uint256(seats)), "_", vm.toString(_benchSize()))
        );
        assertEq(disputeCourt.panelOf(disputeId, 0).length, seats);
    }

    function test_gas_draw3() public {
        _measureDraw(3);
    }

    function test_gas_draw7() public {
        _measureDraw(7);
    }
}

contract DisputeCourtDrawGas20Test is DisputeCourtDrawGasTest {
    function _benchSize() internal pure override returns (uint256) {
        return 20;
    }
}

contract DisputeCourtDrawGas300Test is DisputeCourtDrawGasTest {
    function _benchSize() internal pure override returns (uint256) {
        return 300;
    }
}
