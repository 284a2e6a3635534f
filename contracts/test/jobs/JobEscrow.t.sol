// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

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
