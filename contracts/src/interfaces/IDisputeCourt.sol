// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IArbitratorRegistry} from "./IArbitratorRegistry.sol";
import {IInsurancePool} from "./IInsurancePool.sol";
import {IJobEscrow} from "./IJobEscrow.sol";
import {IReceiptAnchor} from "./IReceiptAnchor.sol";
import {IStakeManager} from "./IStakeManager.sol";

/// @title IDisputeCourt
/// @notice Disputes over submitted jobs: the client posts a bond and evidence inside the job's
///  challenge window, which freezes the job; a panel of staked arbitrators votes by commit and
///  reveal; the ruling is executed by the escrow, the stake manager and the insurance pool. One
///  appeal round, to a larger panel with a higher bond.
/// @dev A dispute has one or two rounds (0, and 1 after an appeal). Each round goes through:
///
///      Drawing ──draw──► Voting (commit until commitEndsAt, then reveal until revealEndsAt) ──closeRound──► Ruled
///         │                                                                                                │
///         └──lapse (drawDeadline passed, no panel could be seated)──► Ruled (see below)                     │
///                                                            round 0: appeal before appealEndsAt ──► round 1 Drawing
///                                                            otherwise execute ──► Executed (once)
///
///  Timeouts, so no state holds funds forever: every phase ends at a fixed time or by a call
///  anyone may make.
///  - Drawing: a round starts by taking a draw ticket from the arbitrator registry; `draw` seats
///    its panel once the registry's draw session reaches the ticket (see below). A ticket that
///    could not seat enough arbitrators is replaced by a new one, for the next session. If no
///    panel has been seated by `drawDeadline` (too few arbitrators, or nobody called `draw`:
///    the disputer has every reason to), anyone may `lapse` the round: in round 0 the
///    dispute is dismissed (the client's bond comes back whole and the job is paid as if never
///    disputed, since nobody ruled against the agent); in round 1 the appeal is dismissed (the
///    appellant's bond comes back whole) and round 0's ruling stands. Lapsing cancels the
///    round's ticket, so it waits while the registry's running session may still draw that
///    ticket (the registry's ArbitratorRegistryStakesFrozen): once the session's randomness may
///    be known, whether the ticket is drawn would choose between panels for the tickets after it.
///  - Voting: commits until `commitEndsAt`, reveals until `revealEndsAt` (reveals may start as
///    soon as every seat has committed). `closeRound` may be called after `revealEndsAt`, or as
///    soon as every seat has revealed, while the registry is in its Staking phase (a round's
///    seat releases change weights, which a running draw session freezes).
///  - Ruled: the losing party of round 0 may appeal until `appealEndsAt`; after that (or after
///    round 1) anyone may `execute`.
///
///  Votes and the ruling. A seat commits keccak256(abi.encode(disputeId, round, arbitrator,
///  vote, salt)) and reveals (vote, salt). The ruling is the majority of revealed votes; a tie or
///  no revealed vote rules for the agent: the burden of proof is on the disputer, and the job's
///  receipt already passed every on-chain check. Seats that do not reveal lose
///  `nonRevealPenaltyBps` of their seat lock.
///
///  Money. Amounts are snapshotted at opening, so a parameter change never alters a live dispute.
///  - Each round has a bond, posted by whoever started the round (the client for round 0, the
///    appellant for round 1, `APPEAL_BOND_MULTIPLIER` times round 0's bond). At `closeRound`,
///    `panelFeeBps` of the round's bond and the round's non-reveal penalties are shared equally
///    by the round's coherent voters (those who voted the round's ruling); with none, they go to
///    the insurance pool. The rest of each bond waits for the final ruling: it goes back to its
///    poster if the poster's side won, and to the winner otherwise.
///  - Backing the compensation. At opening the compensation (`compensationBps` of the payment;
///    zero when the client is the job's operator) is backed in three layers, so that no stake can
///    leave while the dispute runs and the pool only ever covers what the operator never had:
///    the job's collateral (locked by the escrow since acceptance), then the operator's free and
///    then unbonding stake (slashable either way), which the court locks (StakeManager
///    LOCKER_ROLE, `lockSlashable`) up to what the collateral leaves uncovered, then an insurance
///    claim for the rest (the insured gap), which reserves pool assets at once. With collateral at least the compensation (the deploy's defaults) no claim
///    is ever filed.
///  - Client wins: the court's lock is released; the escrow refunds the payment (and releases
///    the collateral); the operator is slashed for the compensation plus the panel fees the
///    client paid; the claim pays what the slash could not cover of the compensation (never of
///    the fees), and the pool releases the rest of its reservation to the insurers who held
///    shares when it was filed.
///  - Agent wins: the court's lock is released; the escrow pays the operator; the claim is
///    cancelled (released the same way).
///  - If the escrow released the frozen job by its own timeout before the ruling executed (the
///    court lacked its roles for that long), the ruling moves only the bonds: the lock is
///    released and the claim cancelled.
///  The court pays by credit: every payout is added to the payee's balance here and taken with
///  `withdrawBalance`, so a payee that cannot receive tokens cannot block a ruling.
///
///  Randomness and its limits. Panels are drawn by the arbitrator registry in draw sessions
///  (IArbitratorRegistry): every weight change freezes before a session requests its random
///  value, and the session draws its tickets strictly in the order they were taken, so neither
///  an arbitrator (by moving stake), nor a client (by choosing when to open), nor whoever calls
///  `draw` (by choosing the order) can steer a panel once the value is known. The value comes
///  from the registry's randomness source, chosen at deploy: a future block hash on local chains
///  (its producer can bias it, and it expires after 256 blocks unread), or Chainlink VRF v2.5
///  (verifiable, at the cost of an oracle and a funded subscription).
///
///  Roles it needs: JobEscrow's DISPUTE_ROLE, StakeManager's SLASHER_ROLE and LOCKER_ROLE, InsurancePool's
///  CLAIMS_ROLE and ArbitratorRegistry's COURT_ROLE.
interface IDisputeCourt {
    /// @notice A vote and a ruling: for the client (the job is rejected) or for the agent (it is paid).
    enum Ruling {
        None,
        Client,
        Agent
    }

    /// @notice Where a dispute is.
    enum Phase {
        None,
        /// @dev The current round waits for its panel.
        Drawing,
        /// @dev The current round's panel commits, then reveals.
        Voting,
        /// @dev The current round has its ruling; round 0 may be appealed until `appealEndsAt`.
        Ruled,
        /// @dev The final ruling was executed (exactly once).
        Executed
    }

    /// @notice Parameters, set by the admin within bounds and snapshotted by each dispute at opening.
    struct Params {
        /// @dev Round 0's bond is max(bondMinimum, payment × bondBps / 10 000).
        uint256 bondMinimum;
        uint16 bondBps;
        /// @dev Compensation the operator owes a client who wins, in basis points of the payment.
        uint16 compensationBps;
        /// @dev Share of each round's bond paid to the round's coherent voters.
        uint16 panelFeeBps;
        /// @dev Share of a seat's lock taken from an arbitrator who does not reveal.
        uint16 nonRevealPenaltyBps;
        /// @dev Seats in round 0 (odd); round 1 has 2 × firstPanelSize + 1.
        uint8 firstPanelSize;
        /// @dev Time from a round's start to the moment `lapse` may end it without a panel.
        uint64 drawTimeout;
        uint64 commitPeriod;
        uint64 revealPeriod;
        uint64 appealPeriod;
    }

    /// @notice A receipt cited as evidence: included in anchored batch `batchId` by `proof`.
    struct CitedReceipt {
        bytes32 batchId;
        bytes32 receiptDigest;
        bytes32[] proof;
    }

    /// @notice A dispute's record (fields ordered to pack into few slots).
    struct Dispute {
        uint256 jobId;
        address client;
        uint64 openedAt;
        /// @dev The current round: 0, or 1 after an appeal.
        uint8 round;
        Phase phase;
        /// @dev The final ruling, once executed.
        Ruling ruling;
        /// @dev Seats of round 0 (round 1 has twice as many plus one).
        uint8 firstPanelSize;
        address operator;
        uint16 panelFeeBps;
        uint16 nonRevealPenaltyBps;
        uint64 drawTimeout;
        uint256 agentId;
        /// @dev The job's escrowed payment.
        uint256 payment;
        /// @dev What the operator owes the client if the client wins (before fees).
        uint256 compensation;
        /// @dev The operator's stake (free, then unbonding) the court locked at opening to back the compensation.
        uint256 operatorLock;
        /// @dev The insurance claim filed at opening for the insured gap (0 if none was filed).
        uint256 claimId;
        uint64 commitPeriod;
        uint64 revealPeriod;
        uint64 appealPeriod;
    }

    /// @notice A round of a dispute (fields ordered to pack into few slots).
    struct Round {
        /// @dev Who posted the round's bond: the client (round 0) or the appellant (round 1).
        address bondPoster;
        /// @dev The registry's ticket for the round's draw (the last one taken).
        uint64 drawTicket;
        uint16 commits;
        uint16 reveals;
        /// @dev The round's bond.
        uint256 bond;
        /// @dev Stake each seat locked in the arbitrator registry.
        uint256 lockPerSeat;
        /// @dev Panel fees the round paid to its coherent voters (or to the pool).
        uint256 feePaid;
        /// @dev After this, `lapse` may end the round if no panel was seated.
        uint64 drawDeadline;
        uint64 commitEndsAt;
        uint64 revealEndsAt;
        /// @dev End of the appeal window (round 0); set when the round is ruled.
        uint64 appealEndsAt;
        /// @dev The round's ruling once ruled; None while it runs.
        Ruling ruling;
        /// @dev Whether the round ended by `lapse` (no panel): its bond is returned whole.
        bool lapsed;
        uint16 votesForClient;
        uint16 votesForAgent;
    }

    /// @notice A seat's vote.
    struct Vote {
        bytes32 commitment;
        Ruling revealed;
    }

    /// @notice No dispute has this id.
    error DisputeCourtUnknownDispute(uint256 disputeId);
    /// @notice Only the job's client may dispute it.
    error DisputeCourtNotClient(uint256 jobId, address caller);
    /// @notice Only the dispute's client or operator may do this.
    error DisputeCourtNotParty(uint256 disputeId, address caller);
    /// @notice The job has already been disputed.
    error DisputeCourtAlreadyDisputed(uint256 jobId, uint256 disputeId);
    /// @notice The dispute is not in the phase this needs.
    error DisputeCourtWrongPhase(uint256 disputeId, Phase phase);
    /// @notice Too many receipts cited at once, or a URI too long.
    error DisputeCourtEvidenceTooLarge(uint256 receipts, uint256 uriBytes);
    /// @notice Evidence must cite at least a receipt or a URI.
    error DisputeCourtEmptyEvidence();
    /// @notice A cited receipt is not included in the batch it names.
    error DisputeCourtReceiptNotIncluded(bytes32 batchId, bytes32 receiptDigest);
    /// @notice The bond transfer delivered `received` instead of `expected`.
    error DisputeCourtTransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice The round's draw deadline has not passed.
    error DisputeCourtDrawDeadlineNotPassed(uint256 disputeId, uint64 drawDeadline);
    /// @notice The caller holds no seat in the round.
    error DisputeCourtNotPanelist(uint256 disputeId, uint8 round, address caller);
    /// @notice The commit period is over.
    error DisputeCourtCommitClosed(uint256 disputeId, uint64 commitEndsAt);
    /// @notice The seat already committed.
    error DisputeCourtAlreadyCommitted(uint256 disputeId, address arbitrator);
    /// @notice A commitment must not be zero.
    error DisputeCourtZeroCommitment();
    /// @notice Reveals have not started: the commit period runs and not every seat has committed.
    error DisputeCourtRevealNotOpen(uint256 disputeId, uint64 commitEndsAt);
    /// @notice The reveal period is over.
    error DisputeCourtRevealClosed(uint256 disputeId, uint64 revealEndsAt);
    /// @notice The seat never committed, or already revealed.
    error DisputeCourtNothingToReveal(uint256 disputeId, address arbitrator);
    /// @notice The vote is neither Client nor Agent.
    error DisputeCourtInvalidVote(Ruling vote);
    /// @notice The revealed vote and salt do not match the commitment.
    error DisputeCourtCommitmentMismatch(uint256 disputeId, address arbitrator);
    /// @notice Voting still runs: the reveal period is open and not every seat has revealed.
    error DisputeCourtVotingNotOver(uint256 disputeId, uint64 revealEndsAt);
    /// @notice Only the losing party of round 0 may appeal.
    error DisputeCourtNotAppellant(uint256 disputeId, address caller);
    /// @notice The appeal window is closed, or there is no further round.
    error DisputeCourtAppealClosed(uint256 disputeId);
    /// @notice The appeal window is still open.
    error DisputeCourtAppealWindowOpen(uint256 disputeId, uint64 appealEndsAt);
    /// @notice Nothing to withdraw.
    error DisputeCourtNothingOwed(address account);
    /// @notice Payouts go to a real address other than the court.
    error DisputeCourtInvalidRecipient(address recipient);
    /// @notice A parameter is out of its bounds (`which` names it).
    error DisputeCourtInvalidParam(bytes32 which);
    /// @notice The contracts passed to the constructor disagree about the stake token.
    error DisputeCourtTokenMismatch();

    /// @notice `client` disputed job `jobId`, posting `bond`; the job is frozen. `compensation` is
    ///  backed by the job's collateral, `operatorLock` of the operator's stake and claim `claimId`.
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed jobId,
        address indexed client,
        address operator,
        uint256 agentId,
        uint256 bond,
        uint256 compensation,
        uint256 operatorLock,
        uint256 claimId
    );
    /// @notice `party` cited receipts (batch, digest) and a URI as evidence.
    event EvidenceSubmitted(
        uint256 indexed disputeId,
        address indexed party,
        bytes32[] batchIds,
        bytes32[] receiptDigests,
        string uri
    );
    /// @notice Round `round` starts; its panel is drawn with the registry's ticket `drawTicket`.
    event RoundStarted(
        uint256 indexed disputeId,
        uint8 indexed round,
        address indexed bondPoster,
        uint256 bond,
        uint256 seats,
        uint64 drawTicket,
        uint64 drawDeadline
    );
    /// @notice Too few arbitrators could sit when ticket `oldTicket` was drawn; the round waits for
    ///  `newTicket`, in a later session.
    event DrawDeferred(uint256 indexed disputeId, uint8 indexed round, uint64 oldTicket, uint64 newTicket);
    /// @notice Round `round`'s panel was seated; votes commit until `commitEndsAt`, reveal until `revealEndsAt`.
    event PanelDrawn(
        uint256 indexed disputeId,
        uint8 indexed round,
        address[] panel,
        uint256 lockPerSeat,
        uint64 commitEndsAt,
        uint64 revealEndsAt
    );
    /// @notice `arbitrator` committed its vote.
    event VoteCommitted(uint256 indexed disputeId, uint8 indexed round, address indexed arbitrator);
    /// @notice `arbitrator` revealed `vote`.
    event VoteRevealed(uint256 indexed disputeId, uint8 indexed round, address indexed arbitrator, Ruling vote);
    /// @notice Round `round` was ruled `ruling` (`lapsed` when no panel could be seated); `fee`
    ///  plus `penalties` went to `coherentVoters` voters (or to the pool when there were none).
    event RoundRuled(
        uint256 indexed disputeId,
        uint8 indexed round,
        Ruling ruling,
        bool lapsed,
        uint16 votesForClient,
        uint16 votesForAgent,
        uint256 fee,
        uint256 penalties,
        uint256 coherentVoters,
        uint64 appealEndsAt
    );
    /// @notice A seat that did not reveal lost `penalty` of its lock.
    event ArbitratorPenalized(
        uint256 indexed disputeId,
        uint8 indexed round,
        address indexed arbitrator,
        uint256 penalty
    );
    /// @notice `appellant` appealed round 0's ruling.
    event DisputeAppealed(uint256 indexed disputeId, address indexed appellant, uint256 bond);
    /// @notice The final `ruling` was executed: `slashed` from the operator, `insured` from the
    ///  pool, `toClient` and `toOperator` credited (bond remainders, compensation, reimbursed fees).
    event RulingExecuted(
        uint256 indexed disputeId,
        uint256 indexed jobId,
        Ruling ruling,
        uint256 slashed,
        uint256 insured,
        uint256 toClient,
        uint256 toOperator
    );
    /// @notice `account` was credited `amount` (take it with `withdrawBalance`).
    event BalanceCredited(uint256 indexed disputeId, address indexed account, uint256 amount);
    /// @notice `account` withdrew `amount` to `recipient`.
    event BalanceWithdrawn(address indexed account, address indexed recipient, uint256 amount);
    /// @notice The parameters for disputes opened from now on changed.
    event ParamsUpdated(Params params);

    /// @notice Round 1's bond, as a multiple of round 0's.
    function APPEAL_BOND_MULTIPLIER() external view returns (uint256);

    /// @notice Most receipts one evidence submission may cite.
    function MAX_CITED_RECEIPTS() external view returns (uint256);

    /// @notice Longest evidence URI, in bytes.
    function MAX_URI_BYTES() external view returns (uint256);

    /// @notice The token of bonds, stakes, payments and the pool (the escrow's).
    function stakeToken() external view returns (IERC20);

    /// @notice The escrow whose jobs the court freezes and settles (DISPUTE_ROLE).
    function jobEscrow() external view returns (IJobEscrow);

    /// @notice The stake manager the court slashes operators in (SLASHER_ROLE).
    function stakeManager() external view returns (IStakeManager);

    /// @notice The pool the court files, pays and cancels claims in (CLAIMS_ROLE).
    function insurancePool() external view returns (IInsurancePool);

    /// @notice The registry panels are drawn from (COURT_ROLE).
    function arbitratorRegistry() external view returns (IArbitratorRegistry);

    /// @notice The anchor cited receipts are proven included against.
    function receiptAnchor() external view returns (IReceiptAnchor);

    /// @notice Parameters for disputes opened from now on.
    function params() external view returns (Params memory);

    /// @notice Round 0's bond for a job paying `payment`.
    function bondFor(uint256 payment) external view returns (uint256);

    /// @notice Number of disputes ever opened; ids run from 1.
    function disputeCount() external view returns (uint256);

    /// @notice The dispute opened over `jobId`, or 0.
    function disputeOfJob(uint256 jobId) external view returns (uint256);

    /// @notice The dispute whose round holds the registry's next open ticket (0 when none), and
    ///  the session that ticket waits for: the only dispute `draw` accepts next.
    function nextDraw() external view returns (uint256 disputeId, uint64 ticketSession);

    /// @notice Dispute `disputeId`; reverts with DisputeCourtUnknownDispute for an id never used.
    function getDispute(uint256 disputeId) external view returns (Dispute memory);

    /// @notice Round `round` of the dispute (zero fields for a round not started).
    function getRound(uint256 disputeId, uint8 round) external view returns (Round memory);

    /// @notice The arbitrators seated in round `round`, in seat order (empty before the draw).
    function panelOf(uint256 disputeId, uint8 round) external view returns (address[] memory);

    /// @notice `arbitrator`'s commitment and revealed vote in round `round`.
    function voteOf(uint256 disputeId, uint8 round, address arbitrator) external view returns (Vote memory);

    /// @notice What `account` may withdraw.
    function balanceOf(address account) external view returns (uint256);

    /// @notice Bonds of live rounds held by the court (not yet shared out or credited).
    function totalBondsHeld() external view returns (uint256);

    /// @notice Sum of every account's balance.
    function totalOwed() external view returns (uint256);

    /// @notice The commitment an arbitrator submits for `vote` with `salt`.
    function commitmentOf(
        uint256 disputeId,
        uint8 round,
        address arbitrator,
        Ruling vote,
        bytes32 salt
    ) external pure returns (bytes32);

    /// @notice The reference of the dispute's insurance claim and of its slash.
    function disputeRef(uint256 disputeId) external pure returns (bytes32);

    /// @notice Dispute Submitted job `jobId` inside its challenge window: post round 0's bond
    ///  (pre-approved) and cite evidence. Freezes the job and files the insurance claim. Client only.
    function openDispute(
        uint256 jobId,
        CitedReceipt[] calldata receipts,
        string calldata uri
    ) external returns (uint256 disputeId);

    /// @notice Add evidence while the current round is drawing or committing. Parties only.
    function submitEvidence(uint256 disputeId, CitedReceipt[] calldata receipts, string calldata uri) external;

    /// @notice Seat the current round's panel with its ticket, during the registry's Drawing phase
    ///  and in ticket order (see `nextDraw`); when too few arbitrators can sit, take a new ticket
    ///  for a later session instead. Anyone may.
    function draw(uint256 disputeId) external;

    /// @notice End a round that could not seat a panel by its draw deadline, cancelling its ticket;
    ///  not while the registry's running session may still draw that ticket. Anyone may.
    function lapse(uint256 disputeId) external;

    /// @notice Commit a vote for the current round. Panelists only, before `commitEndsAt`.
    function commitVote(uint256 disputeId, bytes32 commitment) external;

    /// @notice Reveal a committed vote. Panelists only.
    function revealVote(uint256 disputeId, Ruling vote, bytes32 salt) external;

    /// @notice Tally the current round, settle its seats and pay its fees. Anyone may.
    function closeRound(uint256 disputeId) external;

    /// @notice Appeal round 0's ruling with `APPEAL_BOND_MULTIPLIER` times its bond (pre-approved).
    ///  The losing party only, before `appealEndsAt`.
    function appeal(uint256 disputeId) external;

    /// @notice Execute the final ruling. Anyone may, once.
    function execute(uint256 disputeId) external;

    /// @notice Send the caller's whole balance to `recipient`.
    function withdrawBalance(address recipient) external returns (uint256 amount);

    /// @notice Set the parameters for disputes opened from now on. Admin role only.
    function setParams(Params calldata newParams) external;
}
