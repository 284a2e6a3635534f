// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {DisputeCourt} from "../../src/court/DisputeCourt.sol";
import {InsurancePool} from "../../src/insurance/InsurancePool.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {BlockhashRandomness} from "../../src/randomness/BlockhashRandomness.sol";
import {LeaseholdFixture} from "./LeaseholdFixture.sol";

/// @title CourtFixture
/// @notice LeaseholdFixture plus the insurance pool, the arbitrator registry and the dispute court,
///  with the court holding exactly the roles the deploy step gives it (DISPUTE_ROLE, SLASHER_ROLE,
///  CLAIMS_ROLE, COURT_ROLE) and the escrow paying its premiums into the pool; and the steps of a
///  dispute as small helpers (the Solidity twin of the flows in contracts/test/DisputeCourt.test.ts).
abstract contract CourtFixture is LeaseholdFixture {
    uint256 internal constant ARBITRATOR_MINIMUM = 100 ether;
    uint64 internal constant LEAVE_DELAY = 14 days;
    uint64 internal constant POOL_COOLDOWN = 7 days;
    uint256 internal constant ARBITRATOR_STAKE = 250 ether;
    uint64 internal constant RANDOMNESS_DELAY_BLOCKS = 2;
    uint64 internal constant MIN_STAKING_TIME = 1 hours;
    uint64 internal constant MAX_DRAWING_TIME = 1 days;

    BlockhashRandomness internal randomness;
    InsurancePool internal pool;
    ArbitratorRegistry internal arbitratorRegistry;
    DisputeCourt internal disputeCourt;

    /// @notice The deploy step's defaults (scripts/deploy/deploy-leasehold.ts).
    function _defaultCourtParams() internal pure returns (IDisputeCourt.Params memory) {
        return
            IDisputeCourt.Params({
                bondMinimum: 10 ether,
                bondBps: 1_000,
                compensationBps: 10_000,
                panelFeeBps: 5_000,
                nonRevealPenaltyBps: 2_000,
                firstPanelSize: 3,
                drawTimeout: 7 days,
                commitPeriod: 3 days,
                revealPeriod: 2 days,
                appealPeriod: 3 days
            });
    }

    function _deployCourt(IERC20 token, IDisputeCourt.Params memory params) internal {
        _deployStack(token);
        pool = new InsurancePool(token, admin, POOL_COOLDOWN);
        randomness = new BlockhashRandomness(RANDOMNESS_DELAY_BLOCKS);
        arbitratorRegistry = new ArbitratorRegistry(
            token,
            admin,
            ARBITRATOR_MINIMUM,
            LEAVE_DELAY,
            address(randomness),
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
        disputeCourt = new DisputeCourt(escrow, pool, arbitratorRegistry, admin, params);
        vm.startPrank(admin);
        escrow.setInsurance(address(pool));
        // LeaseholdFixture gave the dispute role to a plain account; the court takes its place.
        escrow.revokeRole(escrow.DISPUTE_ROLE(), court);
        court = address(disputeCourt);
        insurance = address(pool);
        escrow.grantRole(escrow.DISPUTE_ROLE(), court);
        manager.grantRole(manager.SLASHER_ROLE(), court);
        manager.grantRole(manager.LOCKER_ROLE(), court);
        pool.grantRole(pool.CLAIMS_ROLE(), court);
        arbitratorRegistry.grantRole(arbitratorRegistry.COURT_ROLE(), court);
        vm.stopPrank();
    }

    function _arbitrator(uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("arbitrator", i)))));
    }

    /// @notice Arbitrators 0..count-1 each stake `stake`.
    function _seatArbitrators(uint256 count, uint256 stake) internal {
        for (uint256 i = 0; i < count; ++i) {
            address who = _arbitrator(i);
            _mint(who, stake);
            vm.startPrank(who);
            stakeToken.approve(address(arbitratorRegistry), stake);
            arbitratorRegistry.deposit(stake);
            vm.stopPrank();
        }
    }

    function _insure(address insurer, uint256 assets) internal {
        _mint(insurer, assets);
        vm.startPrank(insurer);
        stakeToken.approve(address(pool), assets);
        pool.deposit(assets, insurer);
        vm.stopPrank();
    }

    /// @notice Submit a Completed receipt for accepted job `jobId`; returns it as evidence to cite.
    function _submitCited(uint256 jobId, uint256 agentId) internal returns (IDisputeCourt.CitedReceipt[] memory cited) {
        IReceiptAnchor.SignedReceipt memory signed = _signedReceipt(
            jobId,
            agentId,
            POLICY,
            uint8(IReceiptAnchor.Outcome.Completed)
        );
        (bytes32 batchId, bytes32[] memory proof) = _anchorReceipt(agentId, signed);
        escrow.submitReceipt(jobId, signed, batchId, proof);
        cited = new IDisputeCourt.CitedReceipt[](1);
        cited[0] = IDisputeCourt.CitedReceipt({
            batchId: batchId,
            receiptDigest: anchor.receiptDigest(signed.receipt),
            proof: proof
        });
    }

    /// @notice Post the bond as the client (minted and approved here) and open the dispute.
    function _openDispute(uint256 jobId, IDisputeCourt.CitedReceipt[] memory cited) internal returns (uint256) {
        uint256 bond = disputeCourt.bondFor(escrow.getJob(jobId).payment);
        _mint(client, bond);
        vm.prank(client);
        stakeToken.approve(address(disputeCourt), bond);
        vm.prank(client);
        return disputeCourt.openDispute(jobId, cited, "ipfs://evidence");
    }

    /// @notice Take the registry to its Drawing phase as keepers would: wait out the Staking
    ///  phase, start the session, mine past the randomness block and reveal it.
    function _startDrawing() internal {
        if (arbitratorRegistry.phase() == IArbitratorRegistry.Phase.Staking) {
            uint64 readyAt = arbitratorRegistry.phaseStartedAt() + MIN_STAKING_TIME;
            if (block.timestamp < readyAt) vm.warp(readyAt);
            arbitratorRegistry.passPhase();
        }
        if (arbitratorRegistry.phase() == IArbitratorRegistry.Phase.Generating) {
            (uint256 requestId, ) = arbitratorRegistry.sessionRandomness();
            uint64 target = randomness.targetBlockOf(requestId);
            if (block.number <= target) vm.roll(uint256(target) + 1);
            arbitratorRegistry.passPhase();
        }
    }

    /// @notice Back to Staking once the session has nothing left to draw (as keepers would).
    function _endDrawing() internal {
        if (arbitratorRegistry.phase() != IArbitratorRegistry.Phase.Drawing) return;
        (uint256 ticket, uint64 ticketSession) = arbitratorRegistry.nextTicket();
        if (ticket == 0 || ticketSession > arbitratorRegistry.session()) arbitratorRegistry.passPhase();
    }

    /// @notice Seat the current round's panel: run a draw session, drawing in ticket order every
    ///  dispute ahead of this one, then end the session if nothing else waits in it.
    function _draw(uint256 disputeId) internal returns (address[] memory panel) {
        uint8 round = disputeCourt.getDispute(disputeId).round;
        _startDrawing();
        while (true) {
            (uint256 next, ) = disputeCourt.nextDraw();
            disputeCourt.draw(next);
            if (next == disputeId) break;
        }
        _endDrawing();
        return disputeCourt.panelOf(disputeId, round);
    }

    function _salt(address arbitrator, uint256 disputeId) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", arbitrator, disputeId));
    }

    function _commit(uint256 disputeId, address arbitrator, IDisputeCourt.Ruling vote) internal {
        uint8 round = disputeCourt.getDispute(disputeId).round;
        bytes32 commitment = disputeCourt.commitmentOf(
            disputeId,
            round,
            arbitrator,
            vote,
            _salt(arbitrator, disputeId)
        );
        vm.prank(arbitrator);
        disputeCourt.commitVote(disputeId, commitment);
    }

    function _reveal(uint256 disputeId, address arbitrator, IDisputeCourt.Ruling vote) internal {
        vm.prank(arbitrator);
        disputeCourt.revealVote(disputeId, vote, _salt(arbitrator, disputeId));
    }

    /// @notice Every seat of the current round commits and reveals `vote`.
    function _voteAll(uint256 disputeId, IDisputeCourt.Ruling vote) internal {
        uint8 round = disputeCourt.getDispute(disputeId).round;
        address[] memory panel = disputeCourt.panelOf(disputeId, round);
        for (uint256 i = 0; i < panel.length; ++i) _commit(disputeId, panel[i], vote);
        for (uint256 i = 0; i < panel.length; ++i) _reveal(disputeId, panel[i], vote);
    }

    function _passAppealWindow(uint256 disputeId) internal {
        uint8 round = disputeCourt.getDispute(disputeId).round;
        uint64 appealEndsAt = disputeCourt.getRound(disputeId, round).appealEndsAt;
        if (block.timestamp < appealEndsAt) vm.warp(appealEndsAt);
    }
}
