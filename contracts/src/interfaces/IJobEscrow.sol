// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAgentRegistry} from "./IAgentRegistry.sol";
import {ILeaseRegistry} from "./ILeaseRegistry.sol";
import {IReceiptAnchor} from "./IReceiptAnchor.sol";
import {IStakeManager} from "./IStakeManager.sol";

/// @title IJobEscrow
/// @notice Jobs under leases: the client's payment in escrow, the agent's collateral locked, one
///  receipt, a challenge window, then payment (less an insurance premium) or a refund.
/// @dev Jobs have sequential ids from 1 and move through these states:
///
///      openJob       acceptJob          submitReceipt             finalize (window passed)
///     ───────► Open ──────────► Accepted ─────────────► Submitted ───────────────────────► Paid
///               │                 │                         │
///               │ cancel          │ submitReceipt:          │ freeze (DISPUTE_ROLE, inside the window)
///               ▼                 ├─► Voided  (policy hash  ▼
///           Cancelled             │   differs from the job) Frozen ──settleDisputed──► Paid     (agent wins)
///                                 └─► Refused (outcome         │                  └──► Rejected (client wins)
///                                     Refused)                 └──releaseFrozen (FROZEN_TIMEOUT after the
///                                                                 window, no ruling)──► Paid
///     Open or Accepted ──refundExpired (deadline passed, no receipt)──► Expired
///
///  Money: the payment is pulled from the client at `openJob` (what actually arrives is what is
///  escrowed) and leaves exactly once: to the operator and the insurance address (Paid), or back
///  to the client (every other terminal state). Collateral, payment × collateralBps / 10 000 at
///  acceptance, is locked in the StakeManager through this contract's LOCKER_ROLE and released
///  at every terminal state after acceptance; the court slashes separately, after release.
///  A job's receipt is submitted once, by anyone holding it, while Accepted and no later than
///  the deadline; a receipt whose policy hash differs from the job's voids the job at once, with
///  no arbitration. Parameters are read when they apply: the collateral rate at acceptance, the
///  challenge window at submission, the premium rate and insurance address at payment.
///
///  Two rules bound what other contracts can do to a job's money:
///  - A frozen job waits for the court at most FROZEN_TIMEOUT after its challenge window: then
///    anyone may `releaseFrozen` it, and it is paid as a dispute that nobody could judge is (the
///    burden of proof is on the disputer). The timeout is longer than any dispute the court's
///    parameter bounds allow, so it only ever ends a dispute the court can no longer settle
///    (say, governance revoked its DISPUTE_ROLE mid-dispute).
///  - Collateral comes only from stake above the minimum: accepting a job needs the operator's
///    free stake to cover the collateral and still leave `minimumStake` free, so an active
///    agent's operator always has the minimum free and slashable besides every job's collateral.
interface IJobEscrow {
    enum JobStatus {
        None,
        /// @dev Payment escrowed; waiting for the agent.
        Open,
        /// @dev Collateral locked; the agent is working.
        Accepted,
        /// @dev Receipt accepted; the challenge window runs until `challengeEndsAt`.
        Submitted,
        /// @dev Disputed inside the window; only DISPUTE_ROLE can settle it.
        Frozen,
        /// @dev The operator was paid (after the window, or the dispute went the agent's way).
        Paid,
        /// @dev The client cancelled before acceptance and was refunded.
        Cancelled,
        /// @dev The deadline passed with no receipt; the client was refunded.
        Expired,
        /// @dev The receipt says the worker refused to run; the client was refunded.
        Refused,
        /// @dev The receipt's policy hash differed from the job's; the client was refunded.
        Voided,
        /// @dev The dispute went the client's way; the client was refunded.
        Rejected
    }

    struct Job {
        address client;
        uint64 deadline;
        JobStatus status;
        /// @dev The agent's operator, set at acceptance: whose stake is locked and who is paid.
        address operator;
        /// @dev Most fuel the receipt may report.
        uint64 budget;
        /// @dev End of the challenge window, set when a receipt moves the job to Submitted.
        uint64 challengeEndsAt;
        uint256 leaseId;
        uint256 agentId;
        /// @dev Escrowed amount, in stake-token units.
        uint256 payment;
        /// @dev Stake locked at acceptance.
        uint256 collateral;
        /// @dev The intent the job must serve; a receipt with another one voids the job.
        bytes32 policyHash;
        /// @dev EIP-712 digest of the submitted receipt, 0 before submission (evidence for the court).
        bytes32 receiptDigest;
    }

    /// @notice No job with this id exists.
    error JobEscrowUnknownJob(uint256 jobId);
    /// @notice The job is not in a state that allows this.
    error JobEscrowInvalidStatus(uint256 jobId, JobStatus status);
    /// @notice Only the lease's owner may open jobs under it.
    error JobEscrowNotLeaseOwner(uint256 leaseId, address caller);
    /// @notice The lease is revoked or expired.
    error JobEscrowLeaseNotLive(uint256 leaseId);
    /// @notice A job needs a payment (or the token delivered nothing).
    error JobEscrowZeroPayment();
    /// @notice The payment exceeds the lease's per-job cap.
    error JobEscrowPaymentAboveFee(uint256 payment, uint256 fee);
    /// @notice A job needs a policy hash.
    error JobEscrowZeroPolicyHash();
    /// @notice A job needs a fuel budget.
    error JobEscrowZeroBudget();
    /// @notice The deadline is not in the future.
    error JobEscrowDeadlineNotInFuture(uint64 deadline, uint256 timestamp);
    /// @notice The deadline falls after the lease expires.
    error JobEscrowDeadlineAfterLeaseExpiry(uint64 deadline, uint64 leaseExpiry);
    /// @notice Only the job's client may do this.
    error JobEscrowNotClient(uint256 jobId, address caller);
    /// @notice Only the agent's operator or current identity may do this.
    error JobEscrowNotAgent(uint256 jobId, address caller);
    /// @notice The agent is retired or its operator's free stake is below the minimum.
    error JobEscrowAgentNotActive(uint256 agentId);
    /// @notice The job's deadline has passed.
    error JobEscrowDeadlinePassed(uint256 jobId, uint64 deadline);
    /// @notice The job's deadline has not passed yet.
    error JobEscrowDeadlineNotPassed(uint256 jobId, uint64 deadline);
    /// @notice The job already has its receipt; there is one per job.
    error JobEscrowReceiptAlreadySubmitted(uint256 jobId, bytes32 receiptDigest);
    /// @notice The receipt is for another job.
    error JobEscrowReceiptForOtherJob(uint256 jobId, uint256 receiptJobId);
    /// @notice The receipt is for another agent.
    error JobEscrowReceiptForOtherAgent(uint256 agentId, uint256 receiptAgentId);
    /// @notice The batch was anchored for another agent than the job's.
    error JobEscrowBatchOfOtherAgent(bytes32 batchId, uint256 batchAgentId, uint256 agentId);
    /// @notice The proof does not lead from the receipt to the batch's root.
    error JobEscrowReceiptNotIncluded(bytes32 batchId, bytes32 receiptDigest);
    /// @notice The receipt reports more fuel than the job's budget.
    error JobEscrowFuelAboveBudget(uint64 fuelUsed, uint64 budget);
    /// @notice The receipt's outcome is none of the known ones.
    error JobEscrowUnknownOutcome(uint8 outcome);
    /// @notice The challenge window is still open.
    error JobEscrowChallengeWindowOpen(uint256 jobId, uint64 challengeEndsAt);
    /// @notice The challenge window has closed.
    error JobEscrowChallengeWindowClosed(uint256 jobId, uint64 challengeEndsAt);
    /// @notice The challenge window is zero or above MAX_CHALLENGE_WINDOW.
    error JobEscrowChallengeWindowOutOfRange(uint64 window, uint64 maxWindow);
    /// @notice The collateral rate is above MAX_COLLATERAL_BPS.
    error JobEscrowCollateralBpsTooHigh(uint16 bps, uint16 maxBps);
    /// @notice The premium rate is above MAX_PREMIUM_BPS.
    error JobEscrowPremiumBpsTooHigh(uint16 bps, uint16 maxBps);
    /// @notice Premiums must go somewhere real.
    error JobEscrowZeroInsurance();
    /// @notice The lease registry and the receipt anchor name different agent registries.
    error JobEscrowRegistryMismatch(IAgentRegistry leaseAgentRegistry, IAgentRegistry anchorAgentRegistry);
    /// @notice The operator's `free` stake cannot give `collateral` and keep `minimum` free.
    error JobEscrowCollateralBelowMinimum(address operator, uint256 free, uint256 collateral, uint256 minimum);
    /// @notice The frozen job waits for the court until `releasableAt`.
    error JobEscrowFrozenTimeoutNotPassed(uint256 jobId, uint64 releasableAt);

    /// @notice `client` opened job `jobId` under lease `leaseId`, escrowing `payment`.
    event JobOpened(
        uint256 indexed jobId,
        uint256 indexed agentId,
        address indexed client,
        uint256 leaseId,
        uint256 payment,
        bytes32 policyHash,
        uint64 budget,
        uint64 deadline
    );
    /// @notice The agent accepted the job; `collateral` of `operator`'s stake is locked.
    event JobAccepted(uint256 indexed jobId, uint256 indexed agentId, address indexed operator, uint256 collateral);
    /// @notice The job's receipt (`receiptDigest`, included in batch `batchId`) was accepted.
    /// @dev `challengeEndsAt` is 0 when the receipt settled the job at once (Voided or Refused,
    ///  followed by JobSettled); otherwise the job is Submitted until then.
    event ReceiptSubmitted(
        uint256 indexed jobId,
        uint256 indexed agentId,
        bytes32 indexed batchId,
        bytes32 receiptDigest,
        bytes32 policyHash,
        uint8 outcome,
        uint64 fuelUsed,
        uint64 challengeEndsAt
    );
    /// @notice `by` (DISPUTE_ROLE) froze the job for a dispute.
    event JobFrozen(uint256 indexed jobId, uint256 indexed agentId, address indexed by);
    /// @notice `by` (DISPUTE_ROLE) ruled on the frozen job: for the agent (`agentWins`) or the client.
    ///  Emitted just before the JobSettled that says where the money went, so the admin log names
    ///  who settled, which JobSettled alone does not.
    event JobDisputeSettled(uint256 indexed jobId, uint256 indexed agentId, address indexed by, bool agentWins);
    /// @notice Frozen job `jobId` waited FROZEN_TIMEOUT with no ruling and was released by `by` (and paid).
    event FrozenJobReleased(uint256 indexed jobId, uint256 indexed agentId, address indexed by);
    /// @notice The job reached the terminal `status`. Where its money went: `payout` to `operator`,
    ///  `premium` to `insurance`, `refund` to `client`; `collateralReleased` back to the operator's free stake.
    event JobSettled(
        uint256 indexed jobId,
        uint256 indexed agentId,
        JobStatus indexed status,
        address client,
        address operator,
        address insurance,
        uint256 payout,
        uint256 premium,
        uint256 refund,
        uint256 collateralReleased
    );
    /// @notice The challenge window for receipts submitted from now on changed.
    event ChallengeWindowUpdated(uint64 oldWindow, uint64 newWindow);
    /// @notice The collateral rate for jobs accepted from now on changed.
    event CollateralBpsUpdated(uint16 oldBps, uint16 newBps);
    /// @notice The premium rate for jobs paid from now on changed.
    event PremiumBpsUpdated(uint16 oldBps, uint16 newBps);
    /// @notice Premiums go to `newInsurance` from now on.
    event InsuranceUpdated(address indexed oldInsurance, address indexed newInsurance);

    /// @notice Role allowed to freeze a job in its window and settle it (the dispute court).
    function DISPUTE_ROLE() external view returns (bytes32);

    /// @notice How long after its challenge window a frozen job waits for the court at most.
    function FROZEN_TIMEOUT() external view returns (uint64);

    /// @notice Upper bound on the challenge window any admin can set.
    function MAX_CHALLENGE_WINDOW() external view returns (uint64);

    /// @notice Upper bound on the collateral rate, in basis points of the payment.
    function MAX_COLLATERAL_BPS() external view returns (uint16);

    /// @notice Upper bound on the premium rate, in basis points of the payment.
    function MAX_PREMIUM_BPS() external view returns (uint16);

    /// @notice The token payments are escrowed in: the stake manager's stake token.
    function stakeToken() external view returns (IERC20);

    /// @notice The stake manager collateral is locked in (this contract holds its LOCKER_ROLE).
    function stakeManager() external view returns (IStakeManager);

    /// @notice The registry of the agents jobs are for.
    function agentRegistry() external view returns (IAgentRegistry);

    /// @notice The registry of the leases jobs are opened under.
    function leaseRegistry() external view returns (ILeaseRegistry);

    /// @notice The anchor receipts are verified and proven included against.
    function receiptAnchor() external view returns (IReceiptAnchor);

    /// @notice Seconds after submission during which a job can be frozen for a dispute.
    function challengeWindow() external view returns (uint64);

    /// @notice Collateral locked at acceptance, in basis points of the payment.
    function collateralBps() external view returns (uint16);

    /// @notice Insurance premium taken from every payment, in basis points of the payment.
    function premiumBps() external view returns (uint16);

    /// @notice Where premiums go (the insurance pool, once it exists).
    function insurance() external view returns (address);

    /// @notice Number of jobs ever opened (also the id of the newest one).
    function jobCount() external view returns (uint256);

    /// @notice The job's record. Reverts for unknown ids.
    function getJob(uint256 jobId) external view returns (Job memory);

    /// @notice Open a job under live lease `leaseId`, which the caller owns, escrowing `payment`
    ///  (pre-approved, at most the lease's fee) until `deadline` (in the future, not after the lease expires).
    function openJob(
        uint256 leaseId,
        uint256 payment,
        bytes32 policyHash,
        uint64 budget,
        uint64 deadline
    ) external returns (uint256 jobId);

    /// @notice Accept an Open job before its deadline, as the agent's operator or current identity,
    ///  while the agent is active and the lease live; locks the operator's collateral.
    function acceptJob(uint256 jobId) external;

    /// @notice Cancel an Open job and take the payment back. Client only.
    function cancel(uint256 jobId) external;

    /// @notice Submit the job's receipt, included in batch `batchId` with `proof`. Anyone may.
    function submitReceipt(
        uint256 jobId,
        IReceiptAnchor.SignedReceipt calldata signed,
        bytes32 batchId,
        bytes32[] calldata proof
    ) external;

    /// @notice Pay a Submitted job once its challenge window has passed. Anyone may.
    function finalize(uint256 jobId) external;

    /// @notice Refund an Open or Accepted job whose deadline passed without a receipt. Anyone may.
    function refundExpired(uint256 jobId) external;

    /// @notice Freeze a Submitted job inside its challenge window. DISPUTE_ROLE only.
    function freeze(uint256 jobId) external;

    /// @notice Settle a Frozen job: pay the operator as `finalize` would, or refund the client. DISPUTE_ROLE only.
    function settleDisputed(uint256 jobId, bool agentWins) external;

    /// @notice Pay a job frozen since before FROZEN_TIMEOUT after its challenge window, which no
    ///  ruling settled. Anyone may.
    function releaseFrozen(uint256 jobId) external;

    /// @notice Set the challenge window (1 second to MAX_CHALLENGE_WINDOW). Admin role only.
    function setChallengeWindow(uint64 newWindow) external;

    /// @notice Set the collateral rate (at most MAX_COLLATERAL_BPS). Admin role only.
    function setCollateralBps(uint16 newBps) external;

    /// @notice Set the premium rate (at most MAX_PREMIUM_BPS). Admin role only.
    function setPremiumBps(uint16 newBps) external;

    /// @notice Set where premiums go. Admin role only.
    function setInsurance(address newInsurance) external;
}
