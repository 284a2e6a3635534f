// SPDX-License-Identifier: MIT
// The draw-gas tests (one contract per bench size) share this file with the unit tests.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {IInsurancePool} from "../../src/interfaces/IInsurancePool.sol";
import {IJobEscrow} from "../../src/interfaces/IJobEscrow.sol";
import {IStakeManager} from "../../src/interfaces/IStakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {CourtFixture} from "../utils/CourtFixture.sol";

/// @notice DisputeCourt on the real contracts: how the compensation is backed at opening, the
///  draw sessions a round waits in line for, whole disputes and the money each ruling moves, the
///  parameter bounds, and the gas of every step (written under snapshots/ by `--snapshot`).
/// @dev The fixture's collateral is half the payment and the compensation the whole payment, so
///  a job here leaves an uncovered half that the court locks or insures; tests of the deploy's
///  defaults (collateral equal to the payment) set the rate first.
contract DisputeCourtTest is CourtFixture {
    uint256 internal constant BPS = 10_000;
    /// @dev With the fixture's 500-token stake, this job's collateral (400) leaves exactly the
    ///  minimum (100) free: the court can lock 100 of the 400 uncovered and insures the other 300.
    uint256 internal constant LARGE_PAYMENT = 800 ether;
    uint256 internal constant COVER = 1_000 ether;

    uint256 internal agentId;
    address internal insurer;

    function setUp() public {
        _deployCourt(new MockERC20(), _defaultCourtParams());
        _seatArbitrators(20, ARBITRATOR_STAKE);
        agentId = _registerAgent(IDENTITY_KEY);
        insurer = makeAddr("insurer");
    }

    // ----------------------------------------------------------------- helpers

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

    /// @notice A job the operator opens as its own client, under its own lease, disputed by itself.
    function _selfDisputed(uint256 payment) internal returns (uint256 jobId, uint256 disputeId) {
        vm.prank(operator);
        uint256 leaseId = leases.grant(agentId, SCOPE, CONTEXT, uint64(block.timestamp) + MAX_TTL, payment);
        _mint(operator, payment + disputeCourt.bondFor(payment));
        vm.startPrank(operator);
        stakeToken.approve(address(escrow), payment);
        jobId = escrow.openJob(leaseId, payment, POLICY, BUDGET, uint64(block.timestamp) + 1 days);
        escrow.acceptJob(jobId);
        vm.stopPrank();
        IDisputeCourt.CitedReceipt[] memory cited = _submitCited(jobId, agentId);
        vm.startPrank(operator);
        stakeToken.approve(address(disputeCourt), disputeCourt.bondFor(payment));
        disputeId = disputeCourt.openDispute(jobId, cited, "ipfs://self");
        vm.stopPrank();
    }

    function _withFirstPanel(uint8 seats) internal {
        IDisputeCourt.Params memory p = _defaultCourtParams();
        p.firstPanelSize = seats;
        vm.prank(admin);
        disputeCourt.setParams(p);
    }

    /// @notice The deploy's default: collateral equal to the payment, so it covers the compensation.
    function _withDeployCollateral() internal {
        vm.prank(admin);
        escrow.setCollateralBps(10_000);
    }

    /// @notice Draw, let the whole panel vote `vote`, close round 0 and wait out its appeal window.
    function _rule(uint256 disputeId, IDisputeCourt.Ruling vote) internal {
        _draw(disputeId);
        _voteAll(disputeId, vote);
        disputeCourt.closeRound(disputeId);
        _passAppealWindow(disputeId);
    }

    function _claimOf(uint256 disputeId) internal view returns (IInsurancePool.Claim memory) {
        return pool.getClaim(disputeCourt.getDispute(disputeId).claimId);
    }

    function _bondRest(uint256 disputeId, uint8 round) internal view returns (uint256) {
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, round);
        return r.bond - r.feePaid;
    }

    function _assertCourtLedger() internal view {
        assertEq(
            stakeToken.balanceOf(address(disputeCourt)),
            disputeCourt.totalBondsHeld() + disputeCourt.totalOwed(),
            "court balance != bonds held + owed"
        );
    }

    function _expectRevert(bytes4 selector, bytes memory args) internal {
        vm.expectRevert(bytes.concat(selector, args));
    }

    function _expectStakesFrozen(IArbitratorRegistry.Phase phase) internal {
        _expectRevert(IArbitratorRegistry.ArbitratorRegistryStakesFrozen.selector, abi.encode(phase));
    }

    /// @notice Start a session and stop in Generating (its randomness requested, not yet known).
    function _startGenerating() internal {
        uint64 readyAt = arbitratorRegistry.phaseStartedAt() + MIN_STAKING_TIME;
        if (block.timestamp < readyAt) vm.warp(readyAt);
        arbitratorRegistry.passPhase();
    }

    // ------------------------------------------ openDispute: backing the compensation

    /// @notice The deploy's default: the job's collateral backs the whole compensation.
    function test_openDispute_collateralCoversCompensation_noLockNoClaim() public {
        _withDeployCollateral();
        _insure(insurer, COVER);
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(PAYMENT);
        uint256 bond = disputeCourt.bondFor(PAYMENT);
        _mint(client, bond);
        vm.prank(client);
        stakeToken.approve(address(disputeCourt), bond);
        uint256 freeBefore = manager.stakeOf(operator).free;

        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.DisputeOpened(1, jobId, client, operator, agentId, bond, PAYMENT, 0, 0);
        vm.prank(client);
        uint256 disputeId = disputeCourt.openDispute(jobId, cited, "ipfs://evidence");
        vm.snapshotGasLastCall("DisputeCourt", "openDispute");

        assertEq(disputeId, 1);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Frozen, "job not frozen");
        assertEq(disputeCourt.disputeOfJob(jobId), disputeId);
        assertEq(disputeCourt.totalBondsHeld(), bond);
        assertEq(stakeToken.balanceOf(address(disputeCourt)), bond);
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        assertEq(d.compensation, PAYMENT);
        assertEq(d.operatorLock, 0);
        assertEq(d.claimId, 0);
        assertEq(manager.lockedBy(address(disputeCourt), operator), 0);
        assertEq(manager.stakeOf(operator).free, freeBefore, "the court locked stake");
        assertEq(pool.claimCount(), 0, "a claim was filed");
        assertEq(pool.totalReserved(), 0);
    }

    /// @notice What the collateral leaves uncovered, the operator's free stake backs by a lock.
    function test_openDispute_locksFreeStakeForTheUncoveredPart() public {
        _insure(insurer, COVER);
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(PAYMENT);
        uint256 collateral = (PAYMENT * COLLATERAL_BPS) / BPS;
        uint256 uncovered = PAYMENT - collateral;
        uint256 bond = disputeCourt.bondFor(PAYMENT);
        _mint(client, bond);
        vm.prank(client);
        stakeToken.approve(address(disputeCourt), bond);
        uint256 freeBefore = manager.stakeOf(operator).free;

        vm.expectEmit(address(manager));
        emit IStakeManager.SlashableStakeLocked(address(disputeCourt), operator, uncovered, 0, 0);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.DisputeOpened(1, jobId, client, operator, agentId, bond, PAYMENT, uncovered, 0);
        vm.prank(client);
        uint256 disputeId = disputeCourt.openDispute(jobId, cited, "ipfs://evidence");
        vm.snapshotGasLastCall("DisputeCourt", "openDispute_lock");

        assertEq(disputeCourt.getDispute(disputeId).operatorLock, uncovered);
        assertEq(manager.lockedBy(address(disputeCourt), operator), uncovered);
        assertEq(manager.stakeOf(operator).free, freeBefore - uncovered);
        assertEq(manager.stakeOf(operator).locked, collateral + uncovered);
        assertEq(disputeCourt.getDispute(disputeId).claimId, 0, "a claim was filed for a covered gap");
        assertEq(pool.claimCount(), 0);
    }

    /// @notice The lock takes what free stake there is; the claim reserves the insured gap only.
    function test_openDispute_claimsOnlyTheGapBeyondCollateralAndLock() public {
        _insure(insurer, COVER);
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(LARGE_PAYMENT);
        uint256 collateral = escrow.getJob(jobId).collateral;
        uint256 free = manager.stakeOf(operator).free;
        assertEq(collateral, 400 ether);
        assertEq(free, MINIMUM_STAKE, "acceptance left exactly the minimum free");
        uint256 gap = LARGE_PAYMENT - collateral - free;
        uint256 bond = disputeCourt.bondFor(LARGE_PAYMENT);
        _mint(client, bond);
        vm.prank(client);
        stakeToken.approve(address(disputeCourt), bond);

        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimFiled(
            1,
            address(disputeCourt),
            disputeCourt.disputeRef(1),
            gap,
            gap,
            address(disputeCourt)
        );
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.DisputeOpened(1, jobId, client, operator, agentId, bond, LARGE_PAYMENT, free, 1);
        vm.prank(client);
        uint256 disputeId = disputeCourt.openDispute(jobId, cited, "ipfs://evidence");
        vm.snapshotGasLastCall("DisputeCourt", "openDispute_lockAndClaim");

        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        assertEq(d.operatorLock, free);
        assertEq(manager.stakeOf(operator).free, 0, "free stake left beside the lock");
        IInsurancePool.Claim memory claim = pool.getClaim(d.claimId);
        assertEq(claim.amount, gap);
        assertEq(claim.reserved, gap);
        assertEq(claim.ref, disputeCourt.disputeRef(disputeId));
        assertEq(pool.totalReserved(), gap);
        assertEq(pool.totalAssets(), COVER - gap, "the reservation stayed in the share price");
    }

    /// @notice An empty pool reserves nothing: the claim records the gap as its shortfall.
    function test_openDispute_emptyPoolReservesNothing() public {
        (, uint256 disputeId) = _disputed(LARGE_PAYMENT);
        IInsurancePool.Claim memory claim = _claimOf(disputeId);
        assertEq(claim.amount, 300 ether);
        assertEq(claim.reserved, 0);
    }

    /// @notice A client who is also the operator insures itself against itself: nothing is owed,
    ///  locked or claimed, even where another client's job would leave an insured gap.
    function test_openDispute_selfDealing_nothingOwedLockedOrClaimed() public {
        _insure(insurer, COVER);
        (uint256 jobId, uint256 disputeId) = _selfDisputed(LARGE_PAYMENT);
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        assertEq(d.client, operator);
        assertEq(d.operator, operator);
        assertEq(d.compensation, 0);
        assertEq(d.operatorLock, 0);
        assertEq(d.claimId, 0);
        assertEq(manager.lockedBy(address(disputeCourt), operator), 0);
        assertEq(manager.stakeOf(operator).locked, escrow.getJob(jobId).collateral, "more than the collateral locked");
        assertEq(pool.claimCount(), 0);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Frozen);
    }

    /// @notice Whatever the rates and the operator's free stake, the three layers add up to the
    ///  compensation exactly: collateral, then a lock of at most the free stake, then a claim only
    ///  for what both leave, reserving at most the pool's assets.
    function testFuzz_openDispute_backsCompensationInLayers(
        uint96 payment,
        uint16 collateralBps,
        uint16 compensationBps,
        uint96 spare,
        uint96 unbonding,
        uint96 cover
    ) public {
        payment = uint96(bound(payment, 1, 1_000 ether));
        cover = uint96(bound(cover, 0, 2_000 ether));
        uint256 compensation = _setRates(payment, collateralBps, compensationBps);
        if (cover != 0) _insure(insurer, cover);
        uint256 collateral = (uint256(payment) * escrow.collateralBps()) / BPS;
        // Enough to accept (collateral plus the minimum free) and `spare` more.
        uint256 extra = collateral + bound(spare, 0, 1_000 ether);
        if (extra != 0) _deposit(operator, extra);
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(payment);
        // Part of the free stake starts unbonding before the dispute: the lock takes it after
        // the free stake (both are slashable).
        uint256 free = manager.stakeOf(operator).free;
        uint256 leaving = bound(unbonding, 0, free);
        if (leaving != 0) {
            vm.prank(operator);
            manager.requestWithdrawal(leaving);
        }
        // What a claim may reserve: the pool's assets but one unit per 10**12 shares (IInsurancePool).
        uint256 floor = Math.ceilDiv(pool.totalSupply(), 1e12);
        uint256 reservable = pool.totalAssets() > floor ? pool.totalAssets() - floor : 0;
        uint256 disputeId = _openDispute(jobId, cited);
        _assertLayers(disputeId, compensation, collateral, free, reservable);
    }

    /// @dev Sets the escrow's collateral rate and the court's compensation rate (each bounded to
    ///  0..20 000 bps); returns the compensation a dispute over `payment` will owe.
    function _setRates(uint256 payment, uint16 collateralBps, uint16 compensationBps) internal returns (uint256) {
        IDisputeCourt.Params memory p = _defaultCourtParams();
        p.compensationBps = uint16(bound(compensationBps, 0, 20_000));
        vm.startPrank(admin);
        disputeCourt.setParams(p);
        escrow.setCollateralBps(uint16(bound(collateralBps, 0, 20_000)));
        vm.stopPrank();
        return (payment * p.compensationBps) / BPS;
    }

    function _assertLayers(
        uint256 disputeId,
        uint256 compensation,
        uint256 collateral,
        uint256 free,
        uint256 reservable
    ) internal view {
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        assertEq(d.compensation, compensation);
        if (compensation <= collateral) {
            assertEq(d.operatorLock, 0, "locked although the collateral covers");
            assertEq(d.claimId, 0, "claimed although the collateral covers");
            return;
        }
        uint256 uncovered = compensation - collateral;
        // `free` is the free and unbonding stake together: the lock takes the one, then the other.
        uint256 lock = free < uncovered ? free : uncovered;
        assertEq(d.operatorLock, lock, "lock");
        assertEq(manager.lockedBy(address(disputeCourt), operator), lock);
        IStakeManager.StakeBalance memory stake = manager.stakeOf(operator);
        assertEq(stake.free + stake.unbonding, free - lock);
        if (lock == uncovered) {
            assertEq(d.claimId, 0, "claimed what the stake covers");
            return;
        }
        IInsurancePool.Claim memory claim = pool.getClaim(d.claimId);
        assertEq(collateral + lock + claim.amount, compensation, "layers do not add up");
        assertEq(claim.reserved, claim.amount < reservable ? claim.amount : reservable, "reservation");
    }

    // ------------------------------------------------------------------- draw

    function test_draw_revertsOutsideTheDrawingPhase() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        _expectRevert(
            IArbitratorRegistry.ArbitratorRegistryWrongPhase.selector,
            abi.encode(IArbitratorRegistry.Phase.Staking)
        );
        disputeCourt.draw(disputeId);
        _startGenerating();
        _expectRevert(
            IArbitratorRegistry.ArbitratorRegistryWrongPhase.selector,
            abi.encode(IArbitratorRegistry.Phase.Generating)
        );
        disputeCourt.draw(disputeId);
        assertTrue(disputeCourt.getDispute(disputeId).phase == IDisputeCourt.Phase.Drawing);
    }

    /// @notice Tickets are drawn in the order they were taken; `nextDraw` names the only dispute
    ///  `draw` accepts, and a ticket taken during a session waits for the next one.
    function test_draw_onlyInTicketOrder() public {
        (, uint256 first) = _disputed(PAYMENT);
        (, uint256 second) = _disputed(PAYMENT);
        uint64 firstTicket = disputeCourt.getRound(first, 0).drawTicket;
        uint64 secondTicket = disputeCourt.getRound(second, 0).drawTicket;
        assertEq(secondTicket, firstTicket + 1);
        (uint256 next, uint64 session) = disputeCourt.nextDraw();
        assertEq(next, first);
        assertEq(session, 1);

        _startDrawing();
        _expectRevert(
            IArbitratorRegistry.ArbitratorRegistryDrawOutOfOrder.selector,
            abi.encode(secondTicket, firstTicket)
        );
        disputeCourt.draw(second);
        // A dispute opened now takes a ticket of the next session.
        (, uint256 late) = _disputed(PAYMENT);
        uint64 lateTicket = disputeCourt.getRound(late, 0).drawTicket;
        assertEq(arbitratorRegistry.ticketOf(lateTicket).session, 2);

        disputeCourt.draw(first);
        disputeCourt.draw(second);
        (next, session) = disputeCourt.nextDraw();
        assertEq(next, late);
        assertEq(session, 2);
        _expectRevert(
            IArbitratorRegistry.ArbitratorRegistryTicketNotInSession.selector,
            abi.encode(lateTicket, uint64(2))
        );
        disputeCourt.draw(late);
        _endDrawing();
        assertTrue(arbitratorRegistry.phase() == IArbitratorRegistry.Phase.Staking, "session did not end");
        assertEq(_draw(late).length, 3);
    }

    function test_draw_seatsDistinctArbitratorsWhoAreNotParties() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        _startDrawing();
        vm.expectEmit(true, true, false, false, address(disputeCourt));
        emit IDisputeCourt.PanelDrawn(disputeId, 0, new address[](0), 0, 0, 0);
        disputeCourt.draw(disputeId);
        address[] memory panel = disputeCourt.panelOf(disputeId, 0);
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        assertEq(panel.length, 3);
        assertEq(r.lockPerSeat, ARBITRATOR_MINIMUM);
        assertEq(r.commitEndsAt, block.timestamp + _defaultCourtParams().commitPeriod);
        assertEq(r.revealEndsAt, r.commitEndsAt + _defaultCourtParams().revealPeriod);
        for (uint256 i = 0; i < panel.length; ++i) {
            assertTrue(panel[i] != client && panel[i] != operator, "a party sits");
            for (uint256 j = 0; j < i; ++j) assertTrue(panel[i] != panel[j], "two seats");
            assertEq(arbitratorRegistry.arbitratorOf(panel[i]).locked, ARBITRATOR_MINIMUM);
        }
        assertFalse(arbitratorRegistry.ticketOf(r.drawTicket).open, "ticket still open");
        assertTrue(disputeCourt.getDispute(disputeId).phase == IDisputeCourt.Phase.Voting);
    }

    /// @notice A ticket that cannot seat a panel is replaced by one of the next session; the round
    ///  keeps its draw deadline.
    function test_draw_deferredWhenTooFewArbitratorsCanSit() public {
        for (uint256 i = 2; i < 20; ++i) {
            vm.prank(_arbitrator(i));
            arbitratorRegistry.requestLeave(ARBITRATOR_STAKE);
        }
        (, uint256 disputeId) = _disputed(PAYMENT);
        IDisputeCourt.Round memory before = disputeCourt.getRound(disputeId, 0);
        _startDrawing();
        uint64 session = arbitratorRegistry.session();
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.DrawDeferred(disputeId, 0, before.drawTicket, before.drawTicket + 1);
        disputeCourt.draw(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "draw_deferred");

        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        assertEq(r.drawTicket, before.drawTicket + 1);
        assertEq(r.drawDeadline, before.drawDeadline, "the deadline moved");
        assertFalse(arbitratorRegistry.ticketOf(before.drawTicket).open);
        assertEq(arbitratorRegistry.ticketOf(r.drawTicket).session, session + 1);
        assertTrue(disputeCourt.getDispute(disputeId).phase == IDisputeCourt.Phase.Drawing);
        (uint256 next, uint64 nextSession) = disputeCourt.nextDraw();
        assertEq(next, disputeId);
        assertEq(nextSession, session + 1);

        // The arbitrators come back between sessions: the next session seats the panel.
        _endDrawing();
        for (uint256 i = 2; i < 20; ++i) {
            vm.prank(_arbitrator(i));
            arbitratorRegistry.cancelLeave();
        }
        assertEq(_draw(disputeId).length, 3);
    }

    // ------------------------------------------------------------------ lapse

    /// @notice Past its deadline without a panel, round 0 lapses between sessions: the ticket is
    ///  cancelled, the dispute dismissed, the bond returned whole and the lock and claim undone.
    function test_lapse_cancelsTheTicketAndDismisses() public {
        _insure(insurer, COVER);
        (uint256 jobId, uint256 disputeId) = _disputed(LARGE_PAYMENT);
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        _expectRevert(IDisputeCourt.DisputeCourtDrawDeadlineNotPassed.selector, abi.encode(disputeId, r.drawDeadline));
        disputeCourt.lapse(disputeId);
        vm.warp(uint256(r.drawDeadline) + 1);
        vm.expectEmit(address(arbitratorRegistry));
        emit IArbitratorRegistry.DrawCancelled(address(disputeCourt), r.drawTicket);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.RoundRuled(
            disputeId,
            0,
            IDisputeCourt.Ruling.Agent,
            true,
            0,
            0,
            0,
            0,
            0,
            uint64(block.timestamp)
        );
        disputeCourt.lapse(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "lapse");
        assertFalse(arbitratorRegistry.ticketOf(r.drawTicket).open, "ticket still open");
        assertEq(arbitratorRegistry.openTickets(), 0);
        (uint256 next, ) = disputeCourt.nextDraw();
        assertEq(next, 0);

        uint256 bond = disputeCourt.bondFor(LARGE_PAYMENT);
        disputeCourt.execute(disputeId);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid, "job not paid");
        assertEq(disputeCourt.balanceOf(client), bond, "bond not returned whole");
        assertEq(manager.lockedBy(address(disputeCourt), operator), 0, "lock not released");
        assertTrue(_claimOf(disputeId).status == IInsurancePool.ClaimStatus.Cancelled, "claim not cancelled");
        assertEq(pool.totalReserved(), 0);
        _assertCourtLedger();
    }

    /// @notice While a session may draw the round's ticket, its fate is fixed: it cannot lapse
    ///  (whether it is drawn changes the weights of the tickets after it, and the session's
    ///  randomness may be known), and anyone may still draw it past its deadline.
    function test_lapse_refusedWhileTheSessionMayDrawTheTicket() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        vm.warp(uint256(disputeCourt.getRound(disputeId, 0).drawDeadline) + 1);
        _startGenerating();
        _expectStakesFrozen(IArbitratorRegistry.Phase.Generating);
        disputeCourt.lapse(disputeId);
        _startDrawing();
        _expectStakesFrozen(IArbitratorRegistry.Phase.Drawing);
        disputeCourt.lapse(disputeId);
        disputeCourt.draw(disputeId);
        assertTrue(disputeCourt.getDispute(disputeId).phase == IDisputeCourt.Phase.Voting, "not drawn");
    }

    /// @notice Left undrawn, the session ends after its longest drawing time and the round lapses.
    function test_lapse_afterTheSessionGaveUp() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        vm.warp(uint256(disputeCourt.getRound(disputeId, 0).drawDeadline) + 1);
        _startDrawing();
        vm.warp(block.timestamp + MAX_DRAWING_TIME);
        arbitratorRegistry.passPhase();
        disputeCourt.lapse(disputeId);
        assertTrue(disputeCourt.getRound(disputeId, 0).lapsed);
    }

    // --------------------------------------------------------------- voting

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

    /// @notice A round's seat releases change weights, which a running session freezes: the round
    ///  closes only once the registry is back to Staking, whatever the votes.
    function test_closeRound_refusedDuringADrawSession() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Client);
        // Another dispute waits for a panel: a session starts.
        (, uint256 other) = _disputed(PAYMENT);
        _startGenerating();
        _expectStakesFrozen(IArbitratorRegistry.Phase.Generating);
        disputeCourt.closeRound(disputeId);
        _startDrawing();
        _expectStakesFrozen(IArbitratorRegistry.Phase.Drawing);
        disputeCourt.closeRound(disputeId);
        disputeCourt.draw(other);
        _endDrawing();
        disputeCourt.closeRound(disputeId);
        assertTrue(disputeCourt.getDispute(disputeId).phase == IDisputeCourt.Phase.Ruled);
    }

    // ----------------------------------------------------------------- appeal

    function test_gas_appeal_byTheOperatorTakesANewTicket() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Client);
        disputeCourt.closeRound(disputeId);
        uint64 firstTicket = disputeCourt.getRound(disputeId, 0).drawTicket;
        uint256 bond = disputeCourt.getRound(disputeId, 0).bond * disputeCourt.APPEAL_BOND_MULTIPLIER();
        _mint(operator, bond);
        vm.prank(operator);
        stakeToken.approve(address(disputeCourt), bond);
        uint64 deadline = uint64(block.timestamp) + _defaultCourtParams().drawTimeout;
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.RoundStarted(disputeId, 1, operator, bond, 7, firstTicket + 1, deadline);
        vm.prank(operator);
        disputeCourt.appeal(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "appeal");
        assertEq(disputeCourt.getRound(disputeId, 1).drawTicket, firstTicket + 1);
        (uint256 next, uint64 session) = disputeCourt.nextDraw();
        assertEq(next, disputeId);
        assertEq(session, arbitratorRegistry.session() + 1);

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
        assertEq(disputeCourt.balanceOf(operator), _bondRest(disputeId, 0) + _bondRest(disputeId, 1));
        _assertCourtLedger();
    }

    /// @notice An appeal that cannot seat its larger panel is deferred like any draw, then lapses
    ///  between sessions: round 0's ruling stands and the appellant's bond comes back whole.
    function test_appeal_deferredThenLapsedKeepsTheFirstRuling() public {
        (uint256 jobId, uint256 disputeId) = _disputed(PAYMENT);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Agent);
        disputeCourt.closeRound(disputeId);
        // Eleven of the 17 arbitrators not on round 0 leave: six are left for seven seats.
        address[] memory first = disputeCourt.panelOf(disputeId, 0);
        uint256 left;
        for (uint256 i = 0; i < 20 && left < 11; ++i) {
            address who = _arbitrator(i);
            if (who == first[0] || who == first[1] || who == first[2]) continue;
            vm.prank(who);
            arbitratorRegistry.requestLeave(ARBITRATOR_STAKE);
            ++left;
        }
        uint256 appealBond = disputeCourt.getRound(disputeId, 0).bond * 2;
        _mint(client, appealBond);
        vm.prank(client);
        stakeToken.approve(address(disputeCourt), appealBond);
        vm.prank(client);
        disputeCourt.appeal(disputeId);
        uint64 ticket = disputeCourt.getRound(disputeId, 1).drawTicket;
        _startDrawing();
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.DrawDeferred(disputeId, 1, ticket, ticket + 1);
        disputeCourt.draw(disputeId);
        _endDrawing();
        vm.warp(uint256(disputeCourt.getRound(disputeId, 1).drawDeadline) + 1);
        disputeCourt.lapse(disputeId);
        assertFalse(arbitratorRegistry.ticketOf(ticket + 1).open);
        disputeCourt.execute(disputeId);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid, "round 0's ruling lost");
        assertEq(disputeCourt.balanceOf(client), appealBond, "appeal bond not returned whole");
        assertEq(disputeCourt.balanceOf(operator), _bondRest(disputeId, 0));
        _assertCourtLedger();
    }

    // ---------------------------------------------------------------- execute

    /// @notice The deploy's defaults: the slash takes compensation and the client's fees from the
    ///  stake the collateral's release made free again; no pool is involved.
    function test_gas_execute_clientWinsFromCollateral() public {
        _withDeployCollateral();
        _insure(insurer, COVER);
        (uint256 jobId, uint256 disputeId) = _disputed(PAYMENT);
        _rule(disputeId, IDisputeCourt.Ruling.Client);
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        uint256 stakeBefore = manager.stakeOf(operator).free + manager.stakeOf(operator).locked;
        uint256 owed = PAYMENT + r.feePaid;
        uint256 clientBefore = stakeToken.balanceOf(client);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.RulingExecuted(
            disputeId,
            jobId,
            IDisputeCourt.Ruling.Client,
            owed,
            0,
            r.bond - r.feePaid + owed,
            0
        );
        disputeCourt.execute(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "execute_clientWins");

        assertEq(stakeToken.balanceOf(client) - clientBefore, PAYMENT, "payment not refunded");
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Rejected, "job not rejected");
        assertEq(manager.stakeOf(operator).free, stakeBefore - owed);
        assertEq(manager.stakeOf(operator).locked, 0);
        assertEq(pool.claimCount(), 0, "the pool was claimed from");
        _assertCourtLedger();
        _executeAgainFailsThenWithdraw(disputeId);
    }

    /// @notice The court's lock goes back to free stake before the slash, which then takes it.
    function test_execute_clientWinsReleasesTheLockBeforeTheSlash() public {
        (uint256 jobId, uint256 disputeId) = _disputed(PAYMENT);
        uint256 lock = disputeCourt.getDispute(disputeId).operatorLock;
        assertGt(lock, 0);
        _rule(disputeId, IDisputeCourt.Ruling.Client);
        uint256 fee = disputeCourt.getRound(disputeId, 0).feePaid;
        uint256 stakeBefore = manager.stakeOf(operator).free + manager.stakeOf(operator).locked;
        vm.expectEmit(address(manager));
        emit IStakeManager.StakeReleased(address(disputeCourt), operator, lock);
        disputeCourt.execute(disputeId);
        assertEq(manager.lockedBy(address(disputeCourt), operator), 0, "lock kept");
        assertEq(manager.stakeOf(operator).locked, 0);
        assertEq(manager.stakeOf(operator).free, stakeBefore - PAYMENT - fee);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Rejected);
        assertEq(disputeCourt.getDispute(disputeId).claimId, 0);
        _assertCourtLedger();
    }

    /// @notice The agent wins: the lock and the collateral come back whole, the job is paid, the
    ///  claim is cancelled and its reservation released to the insurers at filing.
    function test_gas_execute_agentWinsReleasesLockAndCancelsClaim() public {
        _insure(insurer, COVER);
        (uint256 jobId, uint256 disputeId) = _disputed(LARGE_PAYMENT);
        uint256 lock = disputeCourt.getDispute(disputeId).operatorLock;
        uint256 reserved = _claimOf(disputeId).reserved;
        assertGt(reserved, 0);
        _rule(disputeId, IDisputeCourt.Ruling.Agent);
        uint256 operatorBefore = stakeToken.balanceOf(operator);
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimCancelled(disputeCourt.getDispute(disputeId).claimId, reserved);
        disputeCourt.execute(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "execute_agentWins");

        uint256 premium = (LARGE_PAYMENT * PREMIUM_BPS) / BPS;
        assertEq(stakeToken.balanceOf(operator) - operatorBefore, LARGE_PAYMENT - premium);
        assertEq(disputeCourt.balanceOf(operator), _bondRest(disputeId, 0));
        assertEq(disputeCourt.balanceOf(client), 0);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid, "job not paid");
        assertEq(manager.stakeOf(operator).locked, 0, "collateral or lock kept");
        assertEq(manager.stakeOf(operator).free, OPERATOR_STAKE, "stake not whole");
        assertGt(lock, 0);
        assertEq(pool.totalReserved(), 0);
        // The insurer's whole reservation comes back to it, less the virtual shares' part.
        uint256 releasable = pool.releasableOf(disputeCourt.getDispute(disputeId).claimId, insurer);
        assertLe(reserved - releasable, 1, "release lost more than rounding");
        _assertCourtLedger();
    }

    /// @notice Stake the operator adds while the dispute runs is slashable at execution too: the
    ///  claim pays only what the slash left of the compensation and releases the rest of its
    ///  reservation to the insurers at filing.
    function test_gas_execute_clientWinsPartialClaimPayment() public {
        _insure(insurer, COVER);
        _deposit(operator, 200 ether);
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(LARGE_PAYMENT);
        vm.prank(operator);
        manager.requestWithdrawal(300 ether);
        uint256 disputeId = _openDispute(jobId, cited);
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        // The lock took the unbonding stake (the free stake was all unbonding): 400 uncovered, 300 locked.
        assertEq(d.operatorLock, 300 ether, "unbonding stake left out of the lock");
        assertEq(_claimOf(disputeId).reserved, 100 ether);
        _deposit(operator, 60 ether);
        _rule(disputeId, IDisputeCourt.Ruling.Client);

        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        // Collateral (400), the lock (300) and the stake added since (60) fall short of
        // compensation and fees (840): the claim pays the last 40 of the compensation.
        uint256 slashed = 760 ether;
        uint256 insured = LARGE_PAYMENT - slashed;
        vm.expectEmit(address(pool));
        emit IInsurancePool.ClaimPaid(
            d.claimId,
            address(disputeCourt),
            insured,
            100 ether - insured,
            100 ether - insured
        );
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.RulingExecuted(
            disputeId,
            jobId,
            IDisputeCourt.Ruling.Client,
            slashed,
            insured,
            r.bond - r.feePaid + slashed + insured,
            0
        );
        disputeCourt.execute(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "execute_clientWinsSlashAndClaim");

        IInsurancePool.Claim memory claim = pool.getClaim(d.claimId);
        assertTrue(claim.status == IInsurancePool.ClaimStatus.Paid, "claim not paid");
        assertEq(claim.paid, insured);
        assertEq(claim.released, 100 ether - insured);
        assertEq(manager.totalStaked(), 0);
        uint256 releasable = pool.releasableOf(d.claimId, insurer);
        assertLe(100 ether - insured - releasable, 1, "release lost more than rounding");
        vm.prank(insurer);
        pool.collectRelease(d.claimId, insurer);
        assertEq(stakeToken.balanceOf(insurer), releasable);
        _assertCourtLedger();
        _executeAgainFailsThenWithdraw(disputeId);
    }

    /// @notice An operator that moves its free stake to unbonding as the dispute opens (it saw it
    ///  coming, or front-ran it) cannot take it out while the dispute runs: the lock holds it, and
    ///  the claim pays only what the operator never had.
    ///  (With the deploy's defaults there is no gap: see test_gas_execute_clientWinsFromCollateral.)
    function test_execute_unbondingStakeStaysLockedAndTheClaimPaysOnlyTheRest() public {
        _insure(insurer, COVER);
        (uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) = _submittedJob(LARGE_PAYMENT);
        vm.prank(operator);
        manager.requestWithdrawal(MINIMUM_STAKE);
        uint256 disputeId = _openDispute(jobId, cited);
        assertEq(disputeCourt.getDispute(disputeId).operatorLock, MINIMUM_STAKE);
        vm.warp(block.timestamp + UNBONDING_DELAY);
        _expectRevert(IStakeManager.StakeManagerNothingUnbonding.selector, abi.encode(operator));
        vm.prank(operator);
        manager.withdraw(operator);
        _rule(disputeId, IDisputeCourt.Ruling.Client);
        disputeCourt.execute(disputeId);
        uint256 collateral = LARGE_PAYMENT / 2;
        IInsurancePool.Claim memory claim = _claimOf(disputeId);
        assertEq(claim.paid, LARGE_PAYMENT - collateral - MINIMUM_STAKE);
        assertEq(claim.released, 0);
        assertEq(disputeCourt.balanceOf(client), _bondRest(disputeId, 0) + LARGE_PAYMENT, "compensation not whole");
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Rejected);
        _assertCourtLedger();
    }

    /// @notice An empty pool pays nothing: the client gets what the stake covers.
    function test_execute_clientWinsWithEmptyPoolGetsTheSlashOnly() public {
        (, uint256 disputeId) = _disputed(LARGE_PAYMENT);
        _rule(disputeId, IDisputeCourt.Ruling.Client);
        disputeCourt.execute(disputeId);
        assertEq(disputeCourt.balanceOf(client), _bondRest(disputeId, 0) + OPERATOR_STAKE);
        assertTrue(_claimOf(disputeId).status == IInsurancePool.ClaimStatus.Paid);
        assertEq(_claimOf(disputeId).paid, 0);
        _assertCourtLedger();
    }

    /// @notice Self-dealing: a client who is its own operator is owed nothing; a ruling for it
    ///  only hands its own stake back for the panel fee it paid.
    function test_execute_selfDealingClientWinsOnlyItsOwnFeeBack() public {
        _insure(insurer, COVER);
        (uint256 jobId, uint256 disputeId) = _selfDisputed(LARGE_PAYMENT);
        uint256 stakeBefore = manager.stakeOf(operator).free + manager.stakeOf(operator).locked;
        _rule(disputeId, IDisputeCourt.Ruling.Client);
        IDisputeCourt.Round memory r = disputeCourt.getRound(disputeId, 0);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.RulingExecuted(disputeId, jobId, IDisputeCourt.Ruling.Client, r.feePaid, 0, r.bond, 0);
        disputeCourt.execute(disputeId);
        assertEq(disputeCourt.balanceOf(operator), r.bond, "more than its own bond");
        assertEq(manager.stakeOf(operator).free, stakeBefore - r.feePaid);
        assertEq(pool.claimCount(), 0, "the pool was claimed from");
        _assertCourtLedger();
    }

    /// @notice Governance revoked the court's dispute role mid-dispute: the ruling cannot settle
    ///  the job, which the escrow releases by its own timeout; execute then moves only the bonds,
    ///  releases the lock and cancels the claim.
    function test_gas_execute_afterReleaseFrozenMovesOnlyTheBonds() public {
        _insure(insurer, COVER);
        (uint256 jobId, uint256 disputeId) = _disputed(LARGE_PAYMENT);
        vm.startPrank(admin);
        escrow.revokeRole(escrow.DISPUTE_ROLE(), address(disputeCourt));
        vm.stopPrank();
        _rule(disputeId, IDisputeCourt.Ruling.Client);
        _expectRevert(
            IAccessControl.AccessControlUnauthorizedAccount.selector,
            abi.encode(address(disputeCourt), escrow.DISPUTE_ROLE())
        );
        disputeCourt.execute(disputeId);

        uint64 releasableAt = escrow.getJob(jobId).challengeEndsAt + escrow.FROZEN_TIMEOUT();
        vm.warp(releasableAt);
        vm.prank(makeAddr("anyone"));
        escrow.releaseFrozen(jobId);
        uint256 rest = _bondRest(disputeId, 0);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.RulingExecuted(disputeId, jobId, IDisputeCourt.Ruling.Client, 0, 0, rest, 0);
        disputeCourt.execute(disputeId);
        vm.snapshotGasLastCall("DisputeCourt", "execute_afterReleaseFrozen");

        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid);
        assertEq(disputeCourt.balanceOf(client), rest);
        assertEq(disputeCourt.balanceOf(operator), 0);
        assertEq(manager.lockedBy(address(disputeCourt), operator), 0, "lock kept");
        assertEq(manager.stakeOf(operator).free, OPERATOR_STAKE, "operator slashed without a settled ruling");
        assertTrue(_claimOf(disputeId).status == IInsurancePool.ClaimStatus.Cancelled, "claim not cancelled");
        assertEq(pool.totalReserved(), 0);
        _assertCourtLedger();
    }

    /// @notice The limit of the escrow's timeout, stated: a ruling nobody executes for
    ///  FROZEN_TIMEOUT after the challenge window can be overtaken by `releaseFrozen`.
    function test_execute_aYearLateLosesTheJobToReleaseFrozen() public {
        (uint256 jobId, uint256 disputeId) = _disputed(PAYMENT);
        _rule(disputeId, IDisputeCourt.Ruling.Client);
        vm.warp(escrow.getJob(jobId).challengeEndsAt + escrow.FROZEN_TIMEOUT());
        vm.prank(operator);
        escrow.releaseFrozen(jobId);
        disputeCourt.execute(disputeId);
        assertTrue(escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid);
        assertEq(disputeCourt.balanceOf(client), _bondRest(disputeId, 0), "only the bond comes back");
        assertEq(manager.lockedBy(address(disputeCourt), operator), 0);
    }

    /// @dev A second execution fails; the client takes its credit.
    function _executeAgainFailsThenWithdraw(uint256 disputeId) internal {
        _expectRevert(
            IDisputeCourt.DisputeCourtWrongPhase.selector,
            abi.encode(disputeId, IDisputeCourt.Phase.Executed)
        );
        disputeCourt.execute(disputeId);

        uint256 owed = disputeCourt.balanceOf(client);
        vm.expectEmit(address(disputeCourt));
        emit IDisputeCourt.BalanceWithdrawn(client, client, owed);
        vm.prank(client);
        disputeCourt.withdrawBalance(client);
        vm.snapshotGasLastCall("DisputeCourt", "withdrawBalance");
        assertEq(stakeToken.balanceOf(address(disputeCourt)), disputeCourt.totalOwed());
    }

    // ---------------------------------------------------------- revert paths

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

    function test_lapseAndEvidence_revertPaths() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        uint64 deadline = disputeCourt.getRound(disputeId, 0).drawDeadline;
        _expectRevert(IDisputeCourt.DisputeCourtDrawDeadlineNotPassed.selector, abi.encode(disputeId, deadline));
        disputeCourt.lapse(disputeId);
        vm.prank(makeAddr("stranger"));
        _expectRevert(IDisputeCourt.DisputeCourtNotParty.selector, abi.encode(disputeId, makeAddr("stranger")));
        disputeCourt.submitEvidence(disputeId, new IDisputeCourt.CitedReceipt[](0), "uri");
        vm.prank(operator);
        disputeCourt.submitEvidence(disputeId, new IDisputeCourt.CitedReceipt[](0), "ipfs://answer");

        _draw(disputeId);
        _expectRevert(IDisputeCourt.DisputeCourtWrongPhase.selector, abi.encode(disputeId, IDisputeCourt.Phase.Voting));
        disputeCourt.draw(disputeId);
        _expectRevert(IDisputeCourt.DisputeCourtWrongPhase.selector, abi.encode(disputeId, IDisputeCourt.Phase.Voting));
        disputeCourt.lapse(disputeId);
        vm.warp(disputeCourt.getRound(disputeId, 0).commitEndsAt);
        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtWrongPhase.selector, abi.encode(disputeId, IDisputeCourt.Phase.Voting));
        disputeCourt.submitEvidence(disputeId, new IDisputeCourt.CitedReceipt[](0), "uri");
        _expectRevert(IDisputeCourt.DisputeCourtUnknownDispute.selector, abi.encode(99));
        disputeCourt.getDispute(99);
        _expectRevert(IDisputeCourt.DisputeCourtUnknownDispute.selector, abi.encode(99));
        disputeCourt.draw(99);
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
        vm.prank(stranger);
        _expectRevert(IDisputeCourt.DisputeCourtNotPanelist.selector, abi.encode(disputeId, 0, stranger));
        disputeCourt.revealVote(disputeId, IDisputeCourt.Ruling.Client, bytes32(0));

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
        vm.prank(client);
        _expectRevert(
            IDisputeCourt.DisputeCourtWrongPhase.selector,
            abi.encode(disputeId, IDisputeCourt.Phase.Drawing)
        );
        disputeCourt.appeal(disputeId);
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

    /// @notice No appeal of an appeal, nor of a lapsed round.
    function test_appeal_closedAfterRoundOneAndAfterALapse() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Agent);
        disputeCourt.closeRound(disputeId);
        uint256 bond = disputeCourt.getRound(disputeId, 0).bond * 2;
        _mint(client, bond);
        vm.startPrank(client);
        stakeToken.approve(address(disputeCourt), bond);
        disputeCourt.appeal(disputeId);
        vm.stopPrank();
        _draw(disputeId);
        _voteAll(disputeId, IDisputeCourt.Ruling.Client);
        disputeCourt.closeRound(disputeId);
        vm.prank(operator);
        _expectRevert(IDisputeCourt.DisputeCourtAppealClosed.selector, abi.encode(disputeId));
        disputeCourt.appeal(disputeId);

        (, uint256 lapsed) = _disputed(PAYMENT);
        vm.warp(uint256(disputeCourt.getRound(lapsed, 0).drawDeadline) + 1);
        disputeCourt.lapse(lapsed);
        vm.prank(client);
        _expectRevert(IDisputeCourt.DisputeCourtAppealClosed.selector, abi.encode(lapsed));
        disputeCourt.appeal(lapsed);
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

    /// @notice Parameters are snapshotted at opening: a change never alters a running dispute.
    function test_setParams_leavesRunningDisputesAlone() public {
        (, uint256 disputeId) = _disputed(PAYMENT);
        IDisputeCourt.Params memory p = _defaultCourtParams();
        p.compensationBps = 20_000;
        p.firstPanelSize = 5;
        p.commitPeriod = 1 days;
        vm.prank(admin);
        disputeCourt.setParams(p);
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        assertEq(d.compensation, PAYMENT);
        assertEq(d.firstPanelSize, 3);
        assertEq(_draw(disputeId).length, 3);
        assertEq(
            disputeCourt.getRound(disputeId, 0).commitEndsAt,
            block.timestamp + _defaultCourtParams().commitPeriod
        );
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
        _startDrawing();
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
