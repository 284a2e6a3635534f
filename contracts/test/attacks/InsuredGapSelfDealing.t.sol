// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {CourtFixture} from "../utils/CourtFixture.sol";

/// @notice One actor is a job's client and, under another address, its operator: it takes out
///  every token of its operator's stake but what accepting the job needs (the collateral and the
///  minimum), disputes its own job and wins a ruling for its client (the operator "confesses").
///  The court's lock takes the minimum it had to keep (free or unbonding, both are slashable);
///  the pool covers the rest of the gap. What it ends with, by configuration:
///  - at the deploy's rates (collateral = compensation = the payment) nothing but a loss of the
///    panel fee: the collateral alone backs the compensation and no claim is ever filed;
///  - with an insured gap (the fixture's collateral of half the payment), exactly the gap less
///    the locked minimum and the panel fee, paid by the pool, and only for a panel ruling for its client: a ruling for
///    the agent or a lapse leaves it poorer. This is the limit docs/THREAT-MODEL.md states ("an
///    insured gap relies on the panel"); these figures pin it.
contract InsuredGapSelfDealingTest is CourtFixture {
    uint256 internal constant JOB_PAYMENT = 400 ether;
    uint256 internal constant COVER = 10_000 ether;

    address internal honest;
    uint256 internal agentId;

    function setUp() public {
        _deployCourt(new MockERC20(), _defaultCourtParams());
        _seatArbitrators(5, ARBITRATOR_STAKE);
        honest = makeAddr("honest insurer");
        _insure(honest, COVER);
        // The fixture's operator is the actor's operator, the fixture's client its client.
        agentId = _registerAgent(IDENTITY_KEY);
    }

    /// @dev Everything the actor's two addresses hold or are owed, in stake tokens.
    function _wealth() internal view returns (uint256 wealth) {
        wealth = stakeToken.balanceOf(client) + stakeToken.balanceOf(operator);
        wealth += disputeCourt.balanceOf(client) + disputeCourt.balanceOf(operator);
        wealth += manager.stakeOf(operator).free + manager.stakeOf(operator).locked;
        wealth += manager.stakeOf(operator).unbonding;
    }

    /// @dev The operator's free stake brought to exactly what accepting the job needs: the actor
    ///  takes the rest out beforehand (the unbonding delay is longer than a challenge window, and
    ///  the court's lock takes unbonding stake too), or tops it up (the actor's money in).
    function _stakeOnlyWhatAcceptingNeeds() internal {
        uint256 needed = (JOB_PAYMENT * escrow.collateralBps()) / 10_000 + MINIMUM_STAKE;
        uint256 free = manager.stakeOf(operator).free;
        if (free < needed) _deposit(operator, needed - free);
        if (free <= needed) return;
        vm.prank(operator);
        manager.requestWithdrawal(free - needed);
        vm.warp(block.timestamp + UNBONDING_DELAY);
        vm.prank(operator);
        manager.withdraw(operator);
    }

    /// @dev The actor's job, its operator staking only what accepting needs, disputed by its client.
    function _selfDispute() internal returns (uint256 jobId, uint256 disputeId) {
        _stakeOnlyWhatAcceptingNeeds();
        _mint(client, JOB_PAYMENT + disputeCourt.bondFor(JOB_PAYMENT));
        uint256 leaseId = _grantLease(agentId, JOB_PAYMENT);
        vm.prank(client);
        stakeToken.approve(address(escrow), JOB_PAYMENT);
        vm.prank(client);
        jobId = escrow.openJob(leaseId, JOB_PAYMENT, POLICY, BUDGET, uint64(block.timestamp) + 1 days);
        vm.prank(operator);
        escrow.acceptJob(jobId);
        IDisputeCourt.CitedReceipt[] memory cited = _submitCited(jobId, agentId);
        // Moving the minimum to unbonding now would not help: the lock takes unbonding stake too.
        vm.prank(operator);
        manager.requestWithdrawal(MINIMUM_STAKE);
        uint256 bond = disputeCourt.bondFor(JOB_PAYMENT);
        vm.prank(client);
        stakeToken.approve(address(disputeCourt), bond);
        vm.prank(client);
        disputeId = disputeCourt.openDispute(jobId, cited, "ipfs://confession");
    }

    /// @dev The actor's panel votes `ruling` (or, with Ruling.None, no panel sits and the round
    ///  lapses); the ruling is executed and the client's credit withdrawn.
    function _settle(uint256 disputeId, IDisputeCourt.Ruling ruling) internal {
        if (ruling == IDisputeCourt.Ruling.None) {
            vm.warp(uint256(disputeCourt.getRound(disputeId, 0).drawDeadline) + 1);
            disputeCourt.lapse(disputeId);
        } else {
            _draw(disputeId);
            _voteAll(disputeId, ruling);
            disputeCourt.closeRound(disputeId);
            _passAppealWindow(disputeId);
        }
        disputeCourt.execute(disputeId);
    }

    function _withDeployRates() internal {
        vm.prank(admin);
        escrow.setCollateralBps(10_000);
    }

    function test_attack_insuredGapSelfDealing_deployRatesLeaveThePairOnlyTheFeeLost() public {
        _withDeployRates();
        uint256 before = _wealth() + JOB_PAYMENT + disputeCourt.bondFor(JOB_PAYMENT);
        (, uint256 disputeId) = _selfDispute();
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        assertEq(d.operatorLock + d.claimId, 0, "the collateral covers: no lock, no claim");
        _settle(disputeId, IDisputeCourt.Ruling.Client);

        uint256 fee = disputeCourt.getRound(disputeId, 0).feePaid;
        assertEq(_wealth() + fee, before, "the pair gained, or lost other than the fee");
        assertEq(pool.claimCount(), 0);
        assertGe(pool.previewRedeem(pool.balanceOf(honest)), COVER, "the insurer lost");
    }

    function test_attack_insuredGapSelfDealing_gapTakenOnlyByARulingForTheClient() public {
        uint256 before = _wealth() + JOB_PAYMENT + disputeCourt.bondFor(JOB_PAYMENT);
        (, uint256 disputeId) = _selfDispute();
        IDisputeCourt.Dispute memory d = disputeCourt.getDispute(disputeId);
        uint256 gap = JOB_PAYMENT - (JOB_PAYMENT * COLLATERAL_BPS) / 10_000;
        assertEq(d.operatorLock, MINIMUM_STAKE, "the lock missed the unbonding minimum");
        uint256 insured = gap - MINIMUM_STAKE;
        assertEq(pool.getClaim(d.claimId).reserved, insured);
        _settle(disputeId, IDisputeCourt.Ruling.Client);

        // 400 paid, 200 collateral, 100 locked: the pool pays the other 100 of the gap; the panel
        // took 20 of the 40 bond.
        uint256 fee = disputeCourt.getRound(disputeId, 0).feePaid;
        assertEq(insured, 100 ether);
        assertEq(fee, 20 ether);
        assertEq(pool.getClaim(d.claimId).paid, insured);
        assertEq(_wealth(), before + insured - fee, "the pair took other than the insured gap less the fee");
        // The honest insurer, alone at filing, bore the whole insured gap (but for rounding).
        uint256 loss = COVER - pool.previewRedeem(pool.balanceOf(honest));
        assertLe(loss, insured, "the insurer lost more than the insured gap");
        assertGe(loss + 2, insured, "the insurer lost less than the insured gap");
    }

    function test_attack_insuredGapSelfDealing_noGainWithoutARulingForTheClient() public {
        uint256 before = _wealth() + JOB_PAYMENT + disputeCourt.bondFor(JOB_PAYMENT);
        (, uint256 disputeId) = _selfDispute();
        _settle(disputeId, IDisputeCourt.Ruling.Agent);
        uint256 premium = (JOB_PAYMENT * PREMIUM_BPS) / 10_000;
        uint256 fee = disputeCourt.getRound(disputeId, 0).feePaid;
        assertEq(_wealth(), before - premium - fee, "a ruling for the agent paid the pair");
        assertEq(pool.getClaim(disputeCourt.getDispute(disputeId).claimId).paid, 0);

        before = _wealth() + JOB_PAYMENT + disputeCourt.bondFor(JOB_PAYMENT);
        (, uint256 lapsed) = _selfDispute();
        _settle(lapsed, IDisputeCourt.Ruling.None);
        assertEq(_wealth(), before - premium, "a lapse paid the pair");
        assertEq(pool.getClaim(disputeCourt.getDispute(lapsed).claimId).paid, 0);
    }
}
