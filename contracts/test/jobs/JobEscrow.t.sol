// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IAgentRegistry} from "../../src/interfaces/IAgentRegistry.sol";
import {IJobEscrow} from "../../src/interfaces/IJobEscrow.sol";
import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {JobEscrow} from "../../src/jobs/JobEscrow.sol";
import {ReceiptAnchor} from "../../src/receipts/ReceiptAnchor.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {LeaseholdFixture} from "../utils/LeaseholdFixture.sol";

contract JobEscrowTest is LeaseholdFixture {
    uint8 internal constant COMPLETED = uint8(IReceiptAnchor.Outcome.Completed);
    uint8 internal constant REFUSED = uint8(IReceiptAnchor.Outcome.Refused);

    function setUp() public {
        _deployStack(new MockERC20());
    }

    function _status(uint256 jobId) internal view returns (IJobEscrow.JobStatus) {
        return escrow.getJob(jobId).status;
    }

    // ------------------------------------------------------------ constructor

    function test_constructor_wiresContractsAndEmitsParameters() public {
        assertEq(address(escrow.stakeToken()), address(stakeToken));
        assertEq(address(escrow.stakeManager()), address(manager));
        assertEq(address(escrow.agentRegistry()), address(registry));
        assertEq(address(escrow.leaseRegistry()), address(leases));
        assertEq(address(escrow.receiptAnchor()), address(anchor));
        assertTrue(escrow.hasRole(escrow.DEFAULT_ADMIN_ROLE(), admin));

        vm.expectEmit(true, true, true, true);
        emit IJobEscrow.ChallengeWindowUpdated(0, CHALLENGE_WINDOW);
        vm.expectEmit(true, true, true, true);
        emit IJobEscrow.CollateralBpsUpdated(0, COLLATERAL_BPS);
        vm.expectEmit(true, true, true, true);
        emit IJobEscrow.PremiumBpsUpdated(0, PREMIUM_BPS);
        vm.expectEmit(true, true, true, true);
        emit IJobEscrow.InsuranceUpdated(address(0), insurance);
        new JobEscrow(leases, anchor, admin, CHALLENGE_WINDOW, COLLATERAL_BPS, PREMIUM_BPS, insurance);
    }

    function test_constructor_revertsOnMismatchedRegistries() public {
        AgentRegistry otherRegistry = new AgentRegistry(manager);
        ReceiptAnchor otherAnchor = new ReceiptAnchor(otherRegistry);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobEscrow.JobEscrowRegistryMismatch.selector,
                IAgentRegistry(address(registry)),
                IAgentRegistry(address(otherRegistry))
            )
        );
        new JobEscrow(leases, otherAnchor, admin, CHALLENGE_WINDOW, COLLATERAL_BPS, PREMIUM_BPS, insurance);
    }

    function test_constructor_revertsOnZeroInsurance() public {
        vm.expectRevert(IJobEscrow.JobEscrowZeroInsurance.selector);
        new JobEscrow(leases, anchor, admin, CHALLENGE_WINDOW, COLLATERAL_BPS, PREMIUM_BPS, address(0));
    }

    // -------------------------------------------------------------- lifecycle

    function test_lifecycle_gasOfEachStep() public {
        uint256 agentId = _registerAgent(IDENTITY_KEY);
        uint256 leaseId = _grantLease(agentId, FEE);
        _mint(client, PAYMENT);
        vm.prank(client);
        stakeToken.approve(address(escrow), PAYMENT);

        vm.prank(client);
        uint256 jobId = escrow.openJob(leaseId, PAYMENT, POLICY, BUDGET, uint64(block.timestamp) + 1 days);
        vm.snapshotGasLastCall("JobEscrow", "openJob");

        vm.prank(operator);
        escrow.acceptJob(jobId);
        vm.snapshotGasLastCall("JobEscrow", "acceptJob");

        IReceiptAnchor.SignedReceipt memory signed = _signedReceipt(jobId, agentId, POLICY, COMPLETED);
        (bytes32 batchId, bytes32[] memory proof) = _anchorReceipt(agentId, signed);
        escrow.submitReceipt(jobId, signed, batchId, proof);
        vm.snapshotGasLastCall("JobEscrow", "submitReceipt");

        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        escrow.finalize(jobId);
        vm.snapshotGasLastCall("JobEscrow", "finalize");
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Paid));
    }

    function test_lifecycle_paysTheOperatorAndInsuranceExactlyThePayment() public {
        (uint256 agentId, uint256 jobId) = _acceptedJob(PAYMENT);
        uint256 collateral = (PAYMENT * COLLATERAL_BPS) / 10_000;
        assertEq(manager.lockedBy(address(escrow), operator), collateral);

        _submit(jobId, agentId, POLICY, COMPLETED);
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        assertEq(uint8(job.status), uint8(IJobEscrow.JobStatus.Submitted));
        assertEq(job.challengeEndsAt, block.timestamp + CHALLENGE_WINDOW);

        vm.warp(job.challengeEndsAt);
        uint256 premium = (PAYMENT * PREMIUM_BPS) / 10_000;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobSettled(
            jobId,
            agentId,
            IJobEscrow.JobStatus.Paid,
            client,
            operator,
            insurance,
            PAYMENT - premium,
            premium,
            0,
            collateral
        );
        escrow.finalize(jobId);
        assertEq(stakeToken.balanceOf(operator), PAYMENT - premium);
        assertEq(stakeToken.balanceOf(insurance), premium);
        assertEq(stakeToken.balanceOf(address(escrow)), 0);
        assertEq(manager.lockedBy(address(escrow), operator), 0);
        assertEq(manager.stakeOf(operator).free, OPERATOR_STAKE);
    }

    function testFuzz_lifecycle_moneyIsConserved(uint96 payment, uint16 collateralBps, uint16 premiumBps) public {
        payment = uint96(bound(payment, 1, 50 ether));
        collateralBps = uint16(bound(collateralBps, 0, escrow.MAX_COLLATERAL_BPS()));
        premiumBps = uint16(bound(premiumBps, 0, escrow.MAX_PREMIUM_BPS()));
        vm.startPrank(admin);
        escrow.setCollateralBps(collateralBps);
        escrow.setPremiumBps(premiumBps);
        vm.stopPrank();

        (uint256 agentId, uint256 jobId) = _acceptedJob(payment);
        assertEq(escrow.getJob(jobId).collateral, (uint256(payment) * collateralBps) / 10_000);
        _submit(jobId, agentId, POLICY, COMPLETED);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        escrow.finalize(jobId);

        assertEq(stakeToken.balanceOf(operator) + stakeToken.balanceOf(insurance), payment, "payment split");
        assertEq(stakeToken.balanceOf(insurance), (uint256(payment) * premiumBps) / 10_000, "premium");
        assertEq(manager.stakeOf(operator).locked, 0, "collateral still locked");
        assertEq(stakeToken.balanceOf(address(escrow)), 0, "escrow kept something");
    }

    // ------------------------------------------------------------- submitReceipt

    function testFuzz_submitReceipt_voidsForAnyOtherPolicy(bytes32 policyHash, uint8 outcome) public {
        vm.assume(policyHash != POLICY);
        outcome = uint8(bound(outcome, 0, 3));
        (uint256 agentId, uint256 jobId) = _acceptedJob(PAYMENT);
        _submit(jobId, agentId, policyHash, outcome);
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Voided));
        assertEq(stakeToken.balanceOf(client), PAYMENT);
        assertEq(manager.stakeOf(operator).locked, 0);
    }

    function test_submitReceipt_refusedRefundsAtOnce() public {
        (uint256 agentId, uint256 jobId) = _acceptedJob(PAYMENT);
        _submit(jobId, agentId, POLICY, REFUSED);
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Refused));
        assertEq(stakeToken.balanceOf(client), PAYMENT);
        assertEq(manager.stakeOf(operator).locked, 0);
    }

    function test_submitReceipt_secondReceiptReverts() public {
        (uint256 agentId, uint256 jobId) = _acceptedJob(PAYMENT);
        IReceiptAnchor.SignedReceipt memory signed = _signedReceipt(jobId, agentId, POLICY, COMPLETED);
        (bytes32 batchId, bytes32[] memory proof) = _anchorReceipt(agentId, signed);
        escrow.submitReceipt(jobId, signed, batchId, proof);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobEscrow.JobEscrowReceiptAlreadySubmitted.selector,
                jobId,
                anchor.receiptDigest(signed.receipt)
            )
        );
        escrow.submitReceipt(jobId, signed, batchId, proof);
    }

    // ---------------------------------------------------------------- disputes

    function test_freeze_lastSecondOfTheWindow() public {
        (uint256 agentId, uint256 jobId) = _acceptedJob(PAYMENT);
        _submit(jobId, agentId, POLICY, COMPLETED);
        uint64 endsAt = escrow.getJob(jobId).challengeEndsAt;
        vm.warp(endsAt - 1);
        vm.prank(court);
        escrow.freeze(jobId);
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Frozen));
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobDisputeSettled(jobId, agentId, court, false);
        vm.prank(court);
        escrow.settleDisputed(jobId, false);
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Rejected));
        assertEq(stakeToken.balanceOf(client), PAYMENT);
    }

    // ------------------------------------------------------------- acceptJob

    /// @notice The operator's free stake at `free`, by depositing or starting a withdrawal.
    function _setFree(uint256 free) internal {
        uint256 current = manager.stakeOf(operator).free;
        if (free > current) _deposit(operator, free - current);
        else if (free < current) {
            vm.prank(operator);
            manager.requestWithdrawal(current - free);
        }
    }

    function _openOn(uint256 agentId, uint256 payment) internal returns (uint256 jobId) {
        uint256 leaseId = _grantLease(agentId, payment);
        jobId = _openJob(leaseId, payment, uint64(block.timestamp) + 1 days);
    }

    /// @notice Collateral comes only from stake above the minimum: exactly the collateral plus the
    ///  minimum free is enough, a wei less is refused with both figures and the minimum.
    function test_acceptJob_collateralAboveTheMinimumAtTheExactBoundary() public {
        uint256 agentId = _registerAgent(IDENTITY_KEY);
        uint256 collateral = (PAYMENT * COLLATERAL_BPS) / 10_000;
        uint256 refused = _openOn(agentId, PAYMENT);
        _setFree(collateral + MINIMUM_STAKE - 1);
        assertTrue(registry.isActive(agentId), "agent inactive above the minimum");
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobEscrow.JobEscrowCollateralBelowMinimum.selector,
                operator,
                collateral + MINIMUM_STAKE - 1,
                collateral,
                MINIMUM_STAKE
            )
        );
        escrow.acceptJob(refused);

        vm.prank(operator);
        manager.cancelWithdrawal();
        _setFree(collateral + MINIMUM_STAKE);
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobAccepted(refused, agentId, operator, collateral);
        vm.prank(operator);
        escrow.acceptJob(refused);
        assertEq(manager.stakeOf(operator).free, MINIMUM_STAKE, "the minimum did not stay free");
        assertEq(manager.lockedBy(address(escrow), operator), collateral);
        assertTrue(registry.isActive(agentId), "accepting deactivated the agent");
    }

    /// @notice A collateral above the free stake is refused by the same rule, never by an underflow.
    function test_acceptJob_collateralAboveFreeStake() public {
        uint256 agentId = _registerAgent(IDENTITY_KEY);
        uint256 payment = 2 * OPERATOR_STAKE + 2 ether;
        uint256 jobId = _openOn(agentId, payment);
        uint256 collateral = (payment * COLLATERAL_BPS) / 10_000;
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobEscrow.JobEscrowCollateralBelowMinimum.selector,
                operator,
                OPERATOR_STAKE,
                collateral,
                MINIMUM_STAKE
            )
        );
        escrow.acceptJob(jobId);
    }

    /// @notice Whatever the rate and the free stake (of an active agent), acceptance succeeds exactly
    ///  when the free stake covers the collateral and the minimum, and leaves the minimum free.
    function testFuzz_acceptJob_collateralAboveTheMinimum(uint96 payment, uint16 collateralBps, uint96 free) public {
        payment = uint96(bound(payment, 1, 1_000 ether));
        collateralBps = uint16(bound(collateralBps, 0, escrow.MAX_COLLATERAL_BPS()));
        uint256 agentId = _registerAgent(IDENTITY_KEY);
        vm.prank(admin);
        escrow.setCollateralBps(collateralBps);
        uint256 jobId = _openOn(agentId, payment);
        uint256 collateral = (uint256(payment) * collateralBps) / 10_000;
        free = uint96(bound(free, MINIMUM_STAKE, collateral + 2 * MINIMUM_STAKE));
        _setFree(free);
        bool enough = free >= collateral + MINIMUM_STAKE;
        if (!enough) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IJobEscrow.JobEscrowCollateralBelowMinimum.selector,
                    operator,
                    uint256(free),
                    collateral,
                    MINIMUM_STAKE
                )
            );
        }
        vm.prank(operator);
        escrow.acceptJob(jobId);
        if (!enough) return;
        assertEq(manager.stakeOf(operator).free, free - collateral);
        assertGe(manager.stakeOf(operator).free, MINIMUM_STAKE, "below the minimum after acceptance");
        assertEq(escrow.getJob(jobId).collateral, collateral);
    }

    /// @notice The rule reads the minimum when the job is accepted: a raised minimum refuses what
    ///  the old one allowed.
    function test_acceptJob_readsTheMinimumAtAcceptance() public {
        uint256 agentId = _registerAgent(IDENTITY_KEY);
        uint256 jobId = _openOn(agentId, PAYMENT);
        uint256 collateral = (PAYMENT * COLLATERAL_BPS) / 10_000;
        uint256 raised = OPERATOR_STAKE - collateral + 1;
        vm.prank(admin);
        manager.setMinimumStake(raised);
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobEscrow.JobEscrowCollateralBelowMinimum.selector,
                operator,
                OPERATOR_STAKE,
                collateral,
                raised
            )
        );
        escrow.acceptJob(jobId);
        vm.prank(admin);
        manager.setMinimumStake(raised - 1);
        vm.prank(operator);
        escrow.acceptJob(jobId);
        assertEq(manager.stakeOf(operator).free, raised - 1);
    }

    // ---------------------------------------------------------- releaseFrozen

    /// @notice A job frozen by the court, its window over.
    function _frozenJob() internal returns (uint256 agentId, uint256 jobId) {
        (agentId, jobId) = _acceptedJob(PAYMENT);
        _submit(jobId, agentId, POLICY, COMPLETED);
        vm.prank(court);
        escrow.freeze(jobId);
    }

    function _releasableAt(uint256 jobId) internal view returns (uint64) {
        return escrow.getJob(jobId).challengeEndsAt + escrow.FROZEN_TIMEOUT();
    }

    function test_releaseFrozen_refusedBeforeTheTimeout() public {
        (, uint256 jobId) = _frozenJob();
        uint64 releasableAt = _releasableAt(jobId);
        assertEq(escrow.FROZEN_TIMEOUT(), 365 days);
        vm.warp(releasableAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowFrozenTimeoutNotPassed.selector, jobId, releasableAt)
        );
        escrow.releaseFrozen(jobId);
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Frozen));
    }

    /// @notice From the timeout on, anyone releases the job and it is paid as an undisputed job is:
    ///  the operator less the premium, the collateral back.
    function test_releaseFrozen_atTheTimeoutPaysAsIfUndisputed() public {
        (uint256 agentId, uint256 jobId) = _frozenJob();
        vm.warp(_releasableAt(jobId));
        address anyone = makeAddr("anyone");
        uint256 premium = (PAYMENT * PREMIUM_BPS) / 10_000;
        uint256 collateral = (PAYMENT * COLLATERAL_BPS) / 10_000;
        vm.expectEmit(address(escrow));
        emit IJobEscrow.FrozenJobReleased(jobId, agentId, anyone);
        vm.expectEmit(address(escrow));
        emit IJobEscrow.JobSettled(
            jobId,
            agentId,
            IJobEscrow.JobStatus.Paid,
            client,
            operator,
            insurance,
            PAYMENT - premium,
            premium,
            0,
            collateral
        );
        vm.prank(anyone);
        escrow.releaseFrozen(jobId);
        vm.snapshotGasLastCall("JobEscrow", "releaseFrozen");
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Paid));
        assertEq(stakeToken.balanceOf(operator), PAYMENT - premium);
        assertEq(stakeToken.balanceOf(insurance), premium);
        assertEq(manager.stakeOf(operator).locked, 0);
        assertEq(stakeToken.balanceOf(address(escrow)), 0);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowInvalidStatus.selector, jobId, IJobEscrow.JobStatus.Paid)
        );
        escrow.releaseFrozen(jobId);
    }

    function testFuzz_releaseFrozen_onlyFromTheTimeout(uint64 wait) public {
        (, uint256 jobId) = _frozenJob();
        uint64 challengeEndsAt = escrow.getJob(jobId).challengeEndsAt;
        wait = uint64(bound(wait, 0, 2 * uint256(escrow.FROZEN_TIMEOUT())));
        vm.warp(uint256(challengeEndsAt) + wait);
        if (wait < escrow.FROZEN_TIMEOUT()) {
            vm.expectRevert(
                abi.encodeWithSelector(IJobEscrow.JobEscrowFrozenTimeoutNotPassed.selector, jobId, _releasableAt(jobId))
            );
        }
        escrow.releaseFrozen(jobId);
    }

    /// @notice Only a Frozen job can be released: not one still in its window, nor one settled.
    function test_releaseFrozen_wrongStatus() public {
        (uint256 agentId, uint256 jobId) = _acceptedJob(PAYMENT);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowInvalidStatus.selector, jobId, IJobEscrow.JobStatus.Accepted)
        );
        escrow.releaseFrozen(jobId);
        _submit(jobId, agentId, POLICY, COMPLETED);
        vm.warp(block.timestamp + escrow.FROZEN_TIMEOUT() + CHALLENGE_WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowInvalidStatus.selector, jobId, IJobEscrow.JobStatus.Submitted)
        );
        escrow.releaseFrozen(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowUnknownJob.selector, 99));
        escrow.releaseFrozen(99);
    }

    /// @notice Governance revokes the court's role mid-dispute: the court can no longer settle the
    ///  job, which anyone releases at the timeout; a court with its role back finds it settled.
    function test_releaseFrozen_afterTheCourtLostItsRole() public {
        (, uint256 jobId) = _frozenJob();
        bytes32 role = escrow.DISPUTE_ROLE();
        vm.prank(admin);
        escrow.revokeRole(role, court);
        vm.prank(court);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, court, role));
        escrow.settleDisputed(jobId, false);

        vm.warp(_releasableAt(jobId));
        vm.prank(makeAddr("anyone"));
        escrow.releaseFrozen(jobId);
        assertEq(uint8(_status(jobId)), uint8(IJobEscrow.JobStatus.Paid));

        vm.prank(admin);
        escrow.grantRole(role, court);
        vm.prank(court);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowInvalidStatus.selector, jobId, IJobEscrow.JobStatus.Paid)
        );
        escrow.settleDisputed(jobId, false);
    }

    /// @notice A ruling that arrives before the timeout settles the job for good: nothing is left to release.
    function test_releaseFrozen_nothingLeftAfterARuling() public {
        (, uint256 jobId) = _frozenJob();
        vm.prank(court);
        escrow.settleDisputed(jobId, false);
        vm.warp(_releasableAt(jobId));
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowInvalidStatus.selector, jobId, IJobEscrow.JobStatus.Rejected)
        );
        escrow.releaseFrozen(jobId);
        assertEq(stakeToken.balanceOf(client), PAYMENT, "refund lost");
    }

    // ------------------------------------------------------------------ tokens

    function test_finalize_aReentrantTokenCannotPayTwice() public {
        ReentrantToken token = new ReentrantToken();
        _deployStack(token);
        (uint256 agentId, uint256 jobId) = _acceptedJob(PAYMENT);
        _submit(jobId, agentId, POLICY, COMPLETED);
        vm.warp(block.timestamp + CHALLENGE_WINDOW);

        token.arm(address(escrow), abi.encodeCall(IJobEscrow.finalize, (jobId)));
        vm.expectRevert(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);
        escrow.finalize(jobId);

        token.arm(address(0), "");
        escrow.finalize(jobId);
        assertEq(stakeToken.balanceOf(operator) + stakeToken.balanceOf(insurance), PAYMENT);
    }
}
