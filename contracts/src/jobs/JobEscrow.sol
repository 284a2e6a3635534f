// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IJobEscrow} from "../interfaces/IJobEscrow.sol";
import {ILeaseRegistry} from "../interfaces/ILeaseRegistry.sol";
import {IReceiptAnchor} from "../interfaces/IReceiptAnchor.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";
import {EscrowLibrary} from "../libraries/EscrowLibrary.sol";

/// @title JobEscrow
/// @notice Escrowed jobs under leases, from opening to payment or refund.
/// @dev Needs LOCKER_ROLE on the StakeManager to lock and release collateral. The default admin
///  role sets the parameters and grants DISPUTE_ROLE (to the court, later); governance takes it
///  over. Every state-changing job function is nonReentrant and moves funds only after its
///  state change and event.
contract JobEscrow is IJobEscrow, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc IJobEscrow
    bytes32 public constant DISPUTE_ROLE = keccak256("DISPUTE_ROLE");
    /// @inheritdoc IJobEscrow
    /// @dev Above the longest dispute the court's bounds allow (two rounds of draw, commit and
    ///  reveal periods and one appeal period, each at most 30 days: 210 days) plus the registry's
    ///  longest draw session.
    uint64 public constant FROZEN_TIMEOUT = 365 days;
    /// @inheritdoc IJobEscrow
    uint64 public constant MAX_CHALLENGE_WINDOW = 30 days;
    /// @inheritdoc IJobEscrow
    uint16 public constant MAX_COLLATERAL_BPS = 50_000;
    /// @inheritdoc IJobEscrow
    uint16 public constant MAX_PREMIUM_BPS = 2_000;

    IERC20 private immutable _stakeToken;
    IStakeManager private immutable _stakeManager;
    IAgentRegistry private immutable _agentRegistry;
    ILeaseRegistry private immutable _leaseRegistry;
    IReceiptAnchor private immutable _receiptAnchor;

    // The four parameters share one slot.
    uint64 private _challengeWindow;
    uint16 private _collateralBps;
    uint16 private _premiumBps;
    address private _insurance;

    uint256 private _jobCount;
    mapping(uint256 jobId => Job) private _jobs;

    /// @dev The agent registry, stake manager and token are read from the lease registry, so the
    ///  contracts cannot disagree about them; the receipt anchor must name the same agent registry.
    constructor(
        ILeaseRegistry leaseRegistry_,
        IReceiptAnchor receiptAnchor_,
        address admin,
        uint64 challengeWindow_,
        uint16 collateralBps_,
        uint16 premiumBps_,
        address insurance_
    ) {
        IAgentRegistry registry = leaseRegistry_.agentRegistry();
        IAgentRegistry anchorRegistry = receiptAnchor_.agentRegistry();
        if (address(anchorRegistry) != address(registry)) revert JobEscrowRegistryMismatch(registry, anchorRegistry);
        _leaseRegistry = leaseRegistry_;
        _receiptAnchor = receiptAnchor_;
        _agentRegistry = registry;
        _stakeManager = registry.stakeManager();
        _stakeToken = _stakeManager.stakeToken();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setChallengeWindow(challengeWindow_);
        _setCollateralBps(collateralBps_);
        _setPremiumBps(premiumBps_);
        _setInsurance(insurance_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IJobEscrow
    function stakeToken() external view returns (IERC20) {
        return _stakeToken;
    }

    /// @inheritdoc IJobEscrow
    function stakeManager() external view returns (IStakeManager) {
        return _stakeManager;
    }

    /// @inheritdoc IJobEscrow
    function agentRegistry() external view returns (IAgentRegistry) {
        return _agentRegistry;
    }

    /// @inheritdoc IJobEscrow
    function leaseRegistry() external view returns (ILeaseRegistry) {
        return _leaseRegistry;
    }

    /// @inheritdoc IJobEscrow
    function receiptAnchor() external view returns (IReceiptAnchor) {
        return _receiptAnchor;
    }

    /// @inheritdoc IJobEscrow
    function challengeWindow() external view returns (uint64) {
        return _challengeWindow;
    }

    /// @inheritdoc IJobEscrow
    function collateralBps() external view returns (uint16) {
        return _collateralBps;
    }

    /// @inheritdoc IJobEscrow
    function premiumBps() external view returns (uint16) {
        return _premiumBps;
    }

    /// @inheritdoc IJobEscrow
    function insurance() external view returns (address) {
        return _insurance;
    }

    /// @inheritdoc IJobEscrow
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    /// @inheritdoc IJobEscrow
    function getJob(uint256 jobId) external view returns (Job memory) {
        return _existingJob(jobId);
    }

    // --------------------------------------------------------------- client

    /// @inheritdoc IJobEscrow
    function openJob(
        uint256 leaseId,
        uint256 payment,
        bytes32 policyHash,
        uint64 budget,
        uint64 deadline
    ) external nonReentrant returns (uint256 jobId) {
        // Reverts with LeaseRegistryUnknownLease for an unknown id.
        ILeaseRegistry.Lease memory lease = _leaseRegistry.getLease(leaseId);
        if (lease.owner != msg.sender) revert JobEscrowNotLeaseOwner(leaseId, msg.sender);
        if (!_leaseRegistry.isLive(leaseId, lease.scopeHash)) revert JobEscrowLeaseNotLive(leaseId);
        if (payment == 0) revert JobEscrowZeroPayment();
        if (payment > lease.fee) revert JobEscrowPaymentAboveFee(payment, lease.fee);
        if (policyHash == bytes32(0)) revert JobEscrowZeroPolicyHash();
        if (budget == 0) revert JobEscrowZeroBudget();
        if (deadline <= block.timestamp) revert JobEscrowDeadlineNotInFuture(deadline, block.timestamp);
        if (deadline > lease.expiry) revert JobEscrowDeadlineAfterLeaseExpiry(deadline, lease.expiry);

        jobId = ++_jobCount;
        Job storage job = _jobs[jobId];
        job.client = msg.sender;
        job.deadline = deadline;
        job.status = JobStatus.Open;
        job.budget = budget;
        job.leaseId = leaseId;
        job.agentId = lease.agentId;
        job.payment = payment;
        job.policyHash = policyHash;

        // Escrow what actually arrived (as the StakeManager credits deposits), so that a token
        // charging a transfer fee cannot leave the escrow owing more than it holds.
        uint256 balanceBefore = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(msg.sender, address(this), payment);
        uint256 received = _stakeToken.balanceOf(address(this)) - balanceBefore;
        if (received == 0) revert JobEscrowZeroPayment();
        if (received != payment) job.payment = received;
        emit JobOpened(jobId, lease.agentId, msg.sender, leaseId, received, policyHash, budget, deadline);
    }

    /// @inheritdoc IJobEscrow
    function cancel(uint256 jobId) external nonReentrant {
        Job storage job = _existingJob(jobId);
        if (job.client != msg.sender) revert JobEscrowNotClient(jobId, msg.sender);
        _requireStatus(jobId, job, JobStatus.Open);
        _refund(jobId, job, JobStatus.Cancelled);
    }

    // ---------------------------------------------------------------- agent

    /// @inheritdoc IJobEscrow
    function acceptJob(uint256 jobId) external nonReentrant {
        Job storage job = _existingJob(jobId);
        _requireStatus(jobId, job, JobStatus.Open);
        uint64 deadline = job.deadline;
        if (block.timestamp > deadline) revert JobEscrowDeadlinePassed(jobId, deadline);
        uint256 agentId = job.agentId;
        IAgentRegistry.Agent memory agent = _agentRegistry.getAgent(agentId);
        if (msg.sender != agent.operator && msg.sender != agent.identity) revert JobEscrowNotAgent(jobId, msg.sender);
        if (!_agentRegistry.isActive(agentId)) revert JobEscrowAgentNotActive(agentId);
        uint256 leaseId = job.leaseId;
        if (!_leaseRegistry.isLive(leaseId, _leaseRegistry.getLease(leaseId).scopeHash)) {
            revert JobEscrowLeaseNotLive(leaseId);
        }

        uint256 collateral = EscrowLibrary.collateralFor(job.payment, _collateralBps);
        _checkCollateral(agent.operator, collateral);
        job.status = JobStatus.Accepted;
        job.operator = agent.operator;
        job.collateral = collateral;
        emit JobAccepted(jobId, agentId, agent.operator, collateral);
        // Reverts with StakeManagerInsufficientFreeStake when the operator's free stake is short.
        if (collateral != 0) _stakeManager.lock(agent.operator, collateral);
    }

    // --------------------------------------------------------------- anyone

    /// @inheritdoc IJobEscrow
    function submitReceipt(
        uint256 jobId,
        IReceiptAnchor.SignedReceipt calldata signed,
        bytes32 batchId,
        bytes32[] calldata proof
    ) external nonReentrant {
        Job storage job = _existingJob(jobId);
        bytes32 digest = _checkReceipt(jobId, job, signed, batchId, proof);
        IReceiptAnchor.Receipt calldata receipt = signed.receipt;
        job.receiptDigest = digest;
        // A receipt for another intent than the job's voids it at once, with no arbitration; a
        // refusal refunds it at once; any other outcome waits out the challenge window.
        bool voided = receipt.policyHash != job.policyHash;
        bool refused = receipt.outcome == uint8(IReceiptAnchor.Outcome.Refused);
        uint64 challengeEndsAt;
        if (!voided && !refused) {
            challengeEndsAt = uint64(block.timestamp) + _challengeWindow;
            job.status = JobStatus.Submitted;
            job.challengeEndsAt = challengeEndsAt;
        }
        emit ReceiptSubmitted(
            jobId,
            job.agentId,
            batchId,
            digest,
            receipt.policyHash,
            receipt.outcome,
            receipt.fuelUsed,
            challengeEndsAt
        );
        if (voided) _refund(jobId, job, JobStatus.Voided);
        else if (refused) _refund(jobId, job, JobStatus.Refused);
    }

    /// @inheritdoc IJobEscrow
    function finalize(uint256 jobId) external nonReentrant {
        Job storage job = _existingJob(jobId);
        _requireStatus(jobId, job, JobStatus.Submitted);
        uint64 challengeEndsAt = job.challengeEndsAt;
        if (block.timestamp < challengeEndsAt) revert JobEscrowChallengeWindowOpen(jobId, challengeEndsAt);
        _pay(jobId, job);
    }

    /// @inheritdoc IJobEscrow
    function refundExpired(uint256 jobId) external nonReentrant {
        Job storage job = _existingJob(jobId);
        JobStatus status = job.status;
        if (status != JobStatus.Open && status != JobStatus.Accepted) revert JobEscrowInvalidStatus(jobId, status);
        uint64 deadline = job.deadline;
        if (block.timestamp <= deadline) revert JobEscrowDeadlineNotPassed(jobId, deadline);
        _refund(jobId, job, JobStatus.Expired);
    }

    // ---------------------------------------------------------------- court

    /// @inheritdoc IJobEscrow
    function freeze(uint256 jobId) external onlyRole(DISPUTE_ROLE) {
        Job storage job = _existingJob(jobId);
        _requireStatus(jobId, job, JobStatus.Submitted);
        uint64 challengeEndsAt = job.challengeEndsAt;
        if (block.timestamp >= challengeEndsAt) revert JobEscrowChallengeWindowClosed(jobId, challengeEndsAt);
        job.status = JobStatus.Frozen;
        emit JobFrozen(jobId, job.agentId, msg.sender);
    }

    /// @inheritdoc IJobEscrow
    function settleDisputed(uint256 jobId, bool agentWins) external onlyRole(DISPUTE_ROLE) nonReentrant {
        Job storage job = _existingJob(jobId);
        _requireStatus(jobId, job, JobStatus.Frozen);
        emit JobDisputeSettled(jobId, job.agentId, msg.sender, agentWins);
        if (agentWins) _pay(jobId, job);
        else _refund(jobId, job, JobStatus.Rejected);
    }

    /// @inheritdoc IJobEscrow
    function releaseFrozen(uint256 jobId) external nonReentrant {
        Job storage job = _existingJob(jobId);
        _requireStatus(jobId, job, JobStatus.Frozen);
        uint64 releasableAt = job.challengeEndsAt + FROZEN_TIMEOUT;
        if (block.timestamp < releasableAt) revert JobEscrowFrozenTimeoutNotPassed(jobId, releasableAt);
        emit FrozenJobReleased(jobId, job.agentId, msg.sender);
        _pay(jobId, job);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IJobEscrow
    function setChallengeWindow(uint64 newWindow) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setChallengeWindow(newWindow);
    }

    /// @inheritdoc IJobEscrow
    function setCollateralBps(uint16 newBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCollateralBps(newBps);
    }

    /// @inheritdoc IJobEscrow
    function setPremiumBps(uint16 newBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPremiumBps(newBps);
    }

    /// @inheritdoc IJobEscrow
    function setInsurance(address newInsurance) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setInsurance(newInsurance);
    }

    // -------------------------------------------------------------- private

    function _existingJob(uint256 jobId) private view returns (Job storage job) {
        job = _jobs[jobId];
        if (job.status == JobStatus.None) revert JobEscrowUnknownJob(jobId);
    }

    function _requireStatus(uint256 jobId, Job storage job, JobStatus expected) private view {
        JobStatus status = job.status;
        if (status != expected) revert JobEscrowInvalidStatus(jobId, status);
    }

    /// @dev Collateral comes only from stake above the minimum (see IJobEscrow).
    function _checkCollateral(address operator, uint256 collateral) private view {
        uint256 free = _stakeManager.stakeOf(operator).free;
        uint256 minimum = _stakeManager.minimumStake();
        if (free < collateral || free - collateral < minimum) {
            revert JobEscrowCollateralBelowMinimum(operator, free, collateral, minimum);
        }
    }

    /// @dev Every condition for accepting `signed` as the job's one receipt; returns its digest.
    function _checkReceipt(
        uint256 jobId,
        Job storage job,
        IReceiptAnchor.SignedReceipt calldata signed,
        bytes32 batchId,
        bytes32[] calldata proof
    ) private view returns (bytes32 digest) {
        bytes32 submitted = job.receiptDigest;
        if (submitted != bytes32(0)) revert JobEscrowReceiptAlreadySubmitted(jobId, submitted);
        _requireStatus(jobId, job, JobStatus.Accepted);
        uint64 deadline = job.deadline;
        if (block.timestamp > deadline) revert JobEscrowDeadlinePassed(jobId, deadline);
        IReceiptAnchor.Receipt calldata receipt = signed.receipt;
        uint256 agentId = job.agentId;
        if (receipt.jobId != jobId) revert JobEscrowReceiptForOtherJob(jobId, receipt.jobId);
        if (receipt.agentId != agentId) revert JobEscrowReceiptForOtherAgent(agentId, receipt.agentId);
        if (receipt.fuelUsed > job.budget) revert JobEscrowFuelAboveBudget(receipt.fuelUsed, job.budget);
        if (receipt.outcome > uint8(type(IReceiptAnchor.Outcome).max)) revert JobEscrowUnknownOutcome(receipt.outcome);
        // The three verification steps of docs/RECEIPTS.md; reverts with the anchor's errors.
        digest = _receiptAnchor.verifyReceipt(signed);
        // Reverts with ReceiptAnchorUnknownBatch for a batch never anchored.
        uint256 batchAgentId = _receiptAnchor.getBatch(batchId).agentId;
        if (batchAgentId != agentId) revert JobEscrowBatchOfOtherAgent(batchId, batchAgentId, agentId);
        if (!_receiptAnchor.verifyInclusion(batchId, digest, proof))
            revert JobEscrowReceiptNotIncluded(batchId, digest);
    }

    /// @dev Pays the operator (less the premium) and releases its collateral.
    function _pay(uint256 jobId, Job storage job) private {
        uint256 payment = job.payment;
        address operator = job.operator;
        uint256 collateral = job.collateral;
        address insurance_ = _insurance;
        (uint256 payout, uint256 premium) = EscrowLibrary.split(payment, _premiumBps);
        job.status = JobStatus.Paid;
        emit JobSettled(
            jobId,
            job.agentId,
            JobStatus.Paid,
            job.client,
            operator,
            insurance_,
            payout,
            premium,
            0,
            collateral
        );
        if (collateral != 0) _stakeManager.release(operator, collateral);
        if (payout != 0) _stakeToken.safeTransfer(operator, payout);
        if (premium != 0) _stakeToken.safeTransfer(insurance_, premium);
    }

    /// @dev Refunds the client and releases the collateral, if any was locked; `status` says why.
    function _refund(uint256 jobId, Job storage job, JobStatus status) private {
        uint256 payment = job.payment;
        address client = job.client;
        address operator = job.operator;
        uint256 collateral = job.collateral;
        job.status = status;
        emit JobSettled(jobId, job.agentId, status, client, operator, address(0), 0, 0, payment, collateral);
        if (collateral != 0) _stakeManager.release(operator, collateral);
        _stakeToken.safeTransfer(client, payment);
    }

    function _setChallengeWindow(uint64 newWindow) private {
        if (newWindow == 0 || newWindow > MAX_CHALLENGE_WINDOW) {
            revert JobEscrowChallengeWindowOutOfRange(newWindow, MAX_CHALLENGE_WINDOW);
        }
        uint64 oldWindow = _challengeWindow;
        _challengeWindow = newWindow;
        emit ChallengeWindowUpdated(oldWindow, newWindow);
    }

    function _setCollateralBps(uint16 newBps) private {
        if (newBps > MAX_COLLATERAL_BPS) revert JobEscrowCollateralBpsTooHigh(newBps, MAX_COLLATERAL_BPS);
        uint16 oldBps = _collateralBps;
        _collateralBps = newBps;
        emit CollateralBpsUpdated(oldBps, newBps);
    }

    function _setPremiumBps(uint16 newBps) private {
        if (newBps > MAX_PREMIUM_BPS) revert JobEscrowPremiumBpsTooHigh(newBps, MAX_PREMIUM_BPS);
        uint16 oldBps = _premiumBps;
        _premiumBps = newBps;
        emit PremiumBpsUpdated(oldBps, newBps);
    }

    function _setInsurance(address newInsurance) private {
        if (newInsurance == address(0)) revert JobEscrowZeroInsurance();
        address oldInsurance = _insurance;
        _insurance = newInsurance;
        emit InsuranceUpdated(oldInsurance, newInsurance);
    }
}
