// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IArbitratorRegistry} from "../interfaces/IArbitratorRegistry.sol";
import {IDisputeCourt} from "../interfaces/IDisputeCourt.sol";
import {IInsurancePool} from "../interfaces/IInsurancePool.sol";
import {IJobEscrow} from "../interfaces/IJobEscrow.sol";
import {IReceiptAnchor} from "../interfaces/IReceiptAnchor.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";

/// @title DisputeCourt
/// @notice Disputes over submitted jobs, judged by panels of staked arbitrators (see IDisputeCourt).
/// @dev Token flows, all in the stake token, all accounted for:
///  - in: bonds (`openDispute`, `appeal`), non-reveal penalties (from the registry), slashes (from
///    the stake manager) and paid claims (from the pool);
///  - out: credits taken with `withdrawBalance`, and plain transfers to the insurance pool
///    (fees with no coherent voter, division dust).
///  Invariant: the court's token balance equals `totalBondsHeld() + totalOwed()` between calls.
///  Every function that moves tokens is nonReentrant and changes state before it calls out; the
///  contracts it calls are the protocol's own, fixed at construction.
contract DisputeCourt is IDisputeCourt, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc IDisputeCourt
    uint256 public constant APPEAL_BOND_MULTIPLIER = 2;
    /// @inheritdoc IDisputeCourt
    uint256 public constant MAX_CITED_RECEIPTS = 16;
    /// @inheritdoc IDisputeCourt
    uint256 public constant MAX_URI_BYTES = 16_384;

    uint256 private constant _BPS = 10_000;
    uint16 private constant _MAX_COMPENSATION_BPS = 20_000;
    uint8 private constant _MAX_FIRST_PANEL = 15;
    uint64 private constant _MAX_PERIOD = 30 days;
    uint8 private constant _LAST_ROUND = 1;

    IERC20 private immutable _stakeToken;
    IJobEscrow private immutable _escrow;
    IStakeManager private immutable _stakeManager;
    IInsurancePool private immutable _pool;
    IArbitratorRegistry private immutable _registry;
    IReceiptAnchor private immutable _anchor;

    Params private _params;
    uint256 private _disputeCount;
    uint256 private _totalBondsHeld;
    uint256 private _totalOwed;

    mapping(uint256 disputeId => Dispute) private _disputes;
    mapping(uint256 jobId => uint256 disputeId) private _disputeOfJob;
    mapping(uint256 disputeId => mapping(uint8 round => Round)) private _rounds;
    mapping(uint256 disputeId => mapping(uint8 round => address[])) private _panels;
    mapping(uint256 disputeId => mapping(uint8 round => mapping(address arbitrator => Vote))) private _votes;
    mapping(uint256 disputeId => mapping(uint8 round => mapping(address arbitrator => bool))) private _seated;
    mapping(address account => uint256) private _balances;
    mapping(uint256 ticket => uint256 disputeId) private _disputeOfTicket;

    /// @dev The stake manager and receipt anchor are read from the escrow, so the court cannot
    ///  disagree with it about them; the pool and the registry must hold the escrow's token.
    constructor(
        IJobEscrow escrow_,
        IInsurancePool pool_,
        IArbitratorRegistry registry_,
        address admin,
        Params memory params_
    ) {
        IERC20 token = escrow_.stakeToken();
        if (pool_.asset() != address(token) || address(registry_.stakeToken()) != address(token))
            revert DisputeCourtTokenMismatch();
        _stakeToken = token;
        _escrow = escrow_;
        _stakeManager = escrow_.stakeManager();
        _anchor = escrow_.receiptAnchor();
        _pool = pool_;
        _registry = registry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setParams(params_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDisputeCourt
    function stakeToken() external view returns (IERC20) {
        return _stakeToken;
    }

    /// @inheritdoc IDisputeCourt
    function jobEscrow() external view returns (IJobEscrow) {
        return _escrow;
    }

    /// @inheritdoc IDisputeCourt
    function stakeManager() external view returns (IStakeManager) {
        return _stakeManager;
    }

    /// @inheritdoc IDisputeCourt
    function insurancePool() external view returns (IInsurancePool) {
        return _pool;
    }

    /// @inheritdoc IDisputeCourt
    function arbitratorRegistry() external view returns (IArbitratorRegistry) {
        return _registry;
    }

    /// @inheritdoc IDisputeCourt
    function receiptAnchor() external view returns (IReceiptAnchor) {
        return _anchor;
    }

    /// @inheritdoc IDisputeCourt
    function params() external view returns (Params memory) {
        return _params;
    }

    /// @inheritdoc IDisputeCourt
    function bondFor(uint256 payment) public view returns (uint256) {
        uint256 proportional = (payment * _params.bondBps) / _BPS;
        uint256 minimum = _params.bondMinimum;
        return proportional > minimum ? proportional : minimum;
    }

    /// @inheritdoc IDisputeCourt
    function disputeCount() external view returns (uint256) {
        return _disputeCount;
    }

    /// @inheritdoc IDisputeCourt
    function disputeOfJob(uint256 jobId) external view returns (uint256) {
        return _disputeOfJob[jobId];
    }

    /// @inheritdoc IDisputeCourt
    function nextDraw() external view returns (uint256 disputeId, uint64 ticketSession) {
        uint256 ticket;
        (ticket, ticketSession) = _registry.nextTicket();
        disputeId = _disputeOfTicket[ticket];
    }

    /// @inheritdoc IDisputeCourt
    function getDispute(uint256 disputeId) external view returns (Dispute memory) {
        return _existing(disputeId);
    }

    /// @inheritdoc IDisputeCourt
    function getRound(uint256 disputeId, uint8 round) external view returns (Round memory) {
        _existing(disputeId);
        return _rounds[disputeId][round];
    }

    /// @inheritdoc IDisputeCourt
    function panelOf(uint256 disputeId, uint8 round) external view returns (address[] memory) {
        _existing(disputeId);
        return _panels[disputeId][round];
    }

    /// @inheritdoc IDisputeCourt
    function voteOf(uint256 disputeId, uint8 round, address arbitrator) external view returns (Vote memory) {
        _existing(disputeId);
        return _votes[disputeId][round][arbitrator];
    }

    /// @inheritdoc IDisputeCourt
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @inheritdoc IDisputeCourt
    function totalBondsHeld() external view returns (uint256) {
        return _totalBondsHeld;
    }

    /// @inheritdoc IDisputeCourt
    function totalOwed() external view returns (uint256) {
        return _totalOwed;
    }

    /// @inheritdoc IDisputeCourt
    function commitmentOf(
        uint256 disputeId,
        uint8 round,
        address arbitrator,
        Ruling vote,
        bytes32 salt
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(disputeId, round, arbitrator, vote, salt));
    }

    /// @inheritdoc IDisputeCourt
    function disputeRef(uint256 disputeId) public pure returns (bytes32) {
        return keccak256(abi.encode("leasehold.dispute", disputeId));
    }

    // --------------------------------------------------------------- parties

    /// @inheritdoc IDisputeCourt
    function openDispute(
        uint256 jobId,
        CitedReceipt[] calldata receipts,
        string calldata uri
    ) external nonReentrant returns (uint256 disputeId) {
        IJobEscrow.Job memory job = _escrow.getJob(jobId);
        if (msg.sender != job.client) revert DisputeCourtNotClient(jobId, msg.sender);
        uint256 existing = _disputeOfJob[jobId];
        if (existing != 0) revert DisputeCourtAlreadyDisputed(jobId, existing);
        _checkEvidence(receipts, uri);

        Params memory p = _params;
        uint256 bond = bondFor(job.payment);
        disputeId = ++_disputeCount;
        _disputeOfJob[jobId] = disputeId;
        Dispute storage d = _disputes[disputeId];
        d.jobId = jobId;
        d.client = job.client;
        d.operator = job.operator;
        d.agentId = job.agentId;
        d.payment = job.payment;
        // A client who is also the operator would be insuring itself against itself: it gets no
        // compensation, so neither the slash nor the pool can be farmed by self-dealing.
        uint256 compensation = job.client == job.operator ? 0 : (job.payment * p.compensationBps) / _BPS;
        d.compensation = compensation;
        d.openedAt = uint64(block.timestamp);
        d.firstPanelSize = p.firstPanelSize;
        d.panelFeeBps = p.panelFeeBps;
        d.nonRevealPenaltyBps = p.nonRevealPenaltyBps;
        d.drawTimeout = p.drawTimeout;
        d.commitPeriod = p.commitPeriod;
        d.revealPeriod = p.revealPeriod;
        d.appealPeriod = p.appealPeriod;
        _totalBondsHeld += bond;

        // Freezing checks the job is Submitted and inside its challenge window.
        _escrow.freeze(jobId);
        _backCompensation(disputeId, d, compensation, job.collateral);

        emit DisputeOpened(
            disputeId,
            jobId,
            job.client,
            job.operator,
            job.agentId,
            bond,
            compensation,
            d.operatorLock,
            d.claimId
        );
        _emitEvidence(disputeId, receipts, uri);
        _startRound(disputeId, d, 0, msg.sender, bond);
        _pullExact(msg.sender, bond);
    }

    /// @inheritdoc IDisputeCourt
    function submitEvidence(uint256 disputeId, CitedReceipt[] calldata receipts, string calldata uri) external {
        Dispute storage d = _existing(disputeId);
        if (msg.sender != d.client && msg.sender != d.operator) revert DisputeCourtNotParty(disputeId, msg.sender);
        Round storage r = _rounds[disputeId][d.round];
        bool open = d.phase == Phase.Drawing || (d.phase == Phase.Voting && block.timestamp < r.commitEndsAt);
        if (!open) revert DisputeCourtWrongPhase(disputeId, d.phase);
        _checkEvidence(receipts, uri);
        _emitEvidence(disputeId, receipts, uri);
    }

    /// @inheritdoc IDisputeCourt
    function appeal(uint256 disputeId) external nonReentrant {
        Dispute storage d = _existing(disputeId);
        _requirePhase(disputeId, d, Phase.Ruled);
        Round storage first = _rounds[disputeId][0];
        if (d.round != 0 || first.lapsed || block.timestamp >= first.appealEndsAt) {
            revert DisputeCourtAppealClosed(disputeId);
        }
        address loser = first.ruling == Ruling.Agent ? d.client : d.operator;
        if (msg.sender != loser) revert DisputeCourtNotAppellant(disputeId, msg.sender);
        uint256 bond = first.bond * APPEAL_BOND_MULTIPLIER;
        _totalBondsHeld += bond;
        d.round = _LAST_ROUND;
        emit DisputeAppealed(disputeId, msg.sender, bond);
        _startRound(disputeId, d, _LAST_ROUND, msg.sender, bond);
        _pullExact(msg.sender, bond);
    }

    // --------------------------------------------------------------- drawing

    /// @inheritdoc IDisputeCourt
    function draw(uint256 disputeId) external nonReentrant {
        Dispute storage d = _existing(disputeId);
        _requirePhase(disputeId, d, Phase.Drawing);
        uint8 round = d.round;
        Round storage r = _rounds[disputeId][round];
        uint64 ticket = r.drawTicket;
        // The registry checks the session and the ticket order (reverting otherwise).
        (address[] memory panel, uint256 lockPerSeat) = _registry.draw(
            ticket,
            _seats(d, round),
            _excluded(disputeId, d, round)
        );
        if (panel.length == 0) {
            // Too few arbitrators could sit: wait in line for a later session.
            uint64 newTicket = _takeTicket(disputeId, r);
            emit DrawDeferred(disputeId, round, ticket, newTicket);
            return;
        }
        address[] storage stored = _panels[disputeId][round];
        mapping(address => bool) storage seated = _seated[disputeId][round];
        for (uint256 i = 0; i < panel.length; ++i) {
            stored.push(panel[i]);
            seated[panel[i]] = true;
        }
        r.lockPerSeat = lockPerSeat;
        r.commitEndsAt = uint64(block.timestamp) + d.commitPeriod;
        r.revealEndsAt = r.commitEndsAt + d.revealPeriod;
        d.phase = Phase.Voting;
        emit PanelDrawn(disputeId, round, panel, lockPerSeat, r.commitEndsAt, r.revealEndsAt);
    }

    /// @inheritdoc IDisputeCourt
    function lapse(uint256 disputeId) external nonReentrant {
        Dispute storage d = _existing(disputeId);
        _requirePhase(disputeId, d, Phase.Drawing);
        uint8 round = d.round;
        Round storage r = _rounds[disputeId][round];
        if (block.timestamp <= r.drawDeadline) revert DisputeCourtDrawDeadlineNotPassed(disputeId, r.drawDeadline);
        _registry.cancelDraw(r.drawTicket);
        r.lapsed = true;
        // Round 0 without a panel dismisses the dispute; an appeal without one leaves round 0's ruling.
        r.ruling = round == 0 ? Ruling.Agent : _rounds[disputeId][0].ruling;
        r.appealEndsAt = uint64(block.timestamp);
        d.phase = Phase.Ruled;
        emit RoundRuled(disputeId, round, r.ruling, true, 0, 0, 0, 0, 0, r.appealEndsAt);
    }

    // ---------------------------------------------------------------- voting

    /// @inheritdoc IDisputeCourt
    function commitVote(uint256 disputeId, bytes32 commitment) external {
        Dispute storage d = _existing(disputeId);
        _requirePhase(disputeId, d, Phase.Voting);
        uint8 round = d.round;
        Round storage r = _rounds[disputeId][round];
        if (!_seated[disputeId][round][msg.sender]) revert DisputeCourtNotPanelist(disputeId, round, msg.sender);
        if (block.timestamp >= r.commitEndsAt) revert DisputeCourtCommitClosed(disputeId, r.commitEndsAt);
        if (commitment == bytes32(0)) revert DisputeCourtZeroCommitment();
        Vote storage vote = _votes[disputeId][round][msg.sender];
        if (vote.commitment != bytes32(0)) revert DisputeCourtAlreadyCommitted(disputeId, msg.sender);
        vote.commitment = commitment;
        ++r.commits;
        emit VoteCommitted(disputeId, round, msg.sender);
    }

    /// @inheritdoc IDisputeCourt
    function revealVote(uint256 disputeId, Ruling vote, bytes32 salt) external {
        Dispute storage d = _existing(disputeId);
        _requirePhase(disputeId, d, Phase.Voting);
        uint8 round = d.round;
        Round storage r = _rounds[disputeId][round];
        if (!_seated[disputeId][round][msg.sender]) revert DisputeCourtNotPanelist(disputeId, round, msg.sender);
        if (block.timestamp < r.commitEndsAt && r.commits < _panels[disputeId][round].length) {
            revert DisputeCourtRevealNotOpen(disputeId, r.commitEndsAt);
        }
        if (block.timestamp >= r.revealEndsAt) revert DisputeCourtRevealClosed(disputeId, r.revealEndsAt);
        Vote storage stored = _votes[disputeId][round][msg.sender];
        if (stored.commitment == bytes32(0) || stored.revealed != Ruling.None) {
            revert DisputeCourtNothingToReveal(disputeId, msg.sender);
        }
        if (vote != Ruling.Client && vote != Ruling.Agent) revert DisputeCourtInvalidVote(vote);
        if (commitmentOf(disputeId, round, msg.sender, vote, salt) != stored.commitment) {
            revert DisputeCourtCommitmentMismatch(disputeId, msg.sender);
        }
        stored.revealed = vote;
        ++r.reveals;
        if (vote == Ruling.Client) ++r.votesForClient;
        else ++r.votesForAgent;
        emit VoteRevealed(disputeId, round, msg.sender, vote);
    }

    /// @inheritdoc IDisputeCourt
    function closeRound(uint256 disputeId) external nonReentrant {
        Dispute storage d = _existing(disputeId);
        _requirePhase(disputeId, d, Phase.Voting);
        uint8 round = d.round;
        Round storage r = _rounds[disputeId][round];
        address[] storage panel = _panels[disputeId][round];
        if (block.timestamp < r.revealEndsAt && r.reveals < panel.length) {
            revert DisputeCourtVotingNotOver(disputeId, r.revealEndsAt);
        }
        // The majority of revealed votes; a tie or silence leaves the receipt standing.
        Ruling ruling = r.votesForClient > r.votesForAgent ? Ruling.Client : Ruling.Agent;
        uint256 fee = (r.bond * d.panelFeeBps) / _BPS;
        r.ruling = ruling;
        r.feePaid = fee;
        r.appealEndsAt = round == 0 ? uint64(block.timestamp) + d.appealPeriod : uint64(block.timestamp);
        d.phase = Phase.Ruled;
        _totalBondsHeld -= fee;

        (uint256 penalties, address[] memory coherent) = _settleSeats(disputeId, d, round, ruling);
        emit RoundRuled(
            disputeId,
            round,
            ruling,
            false,
            r.votesForClient,
            r.votesForAgent,
            fee,
            penalties,
            coherent.length,
            r.appealEndsAt
        );
        _share(disputeId, fee + penalties, coherent);
    }

    // ------------------------------------------------------------- execution

    /// @inheritdoc IDisputeCourt
    function execute(uint256 disputeId) external nonReentrant {
        Dispute storage d = _existing(disputeId);
        _requirePhase(disputeId, d, Phase.Ruled);
        uint8 lastRound = d.round;
        Round storage last = _rounds[disputeId][lastRound];
        if (lastRound == 0 && block.timestamp < last.appealEndsAt) {
            revert DisputeCourtAppealWindowOpen(disputeId, last.appealEndsAt);
        }
        Ruling ruling = last.ruling;
        d.phase = Phase.Executed;
        d.ruling = ruling;

        Settlement memory s;
        address winner = ruling == Ruling.Client ? d.client : d.operator;
        // Bonds: a lapsed round's bond goes back whole to its poster; every other round's
        // remainder (after its panel fee) goes to the final winner, poster or not.
        uint256 clientFeesPaid;
        for (uint8 i = 0; i <= lastRound; ++i) {
            Round storage r = _rounds[disputeId][i];
            uint256 rest = r.bond - r.feePaid;
            _totalBondsHeld -= rest;
            address payee = r.lapsed ? r.bondPoster : winner;
            if (payee == d.client) s.toClient += rest;
            else s.toOperator += rest;
            if (r.bondPoster == d.client) clientFeesPaid += r.feePaid;
        }

        uint256 lock = d.operatorLock;
        if (lock != 0) _stakeManager.release(d.operator, lock);
        if (_escrow.getJob(d.jobId).status != IJobEscrow.JobStatus.Frozen) {
            // The escrow released the job by its own timeout (see IDisputeCourt): only the bonds move.
            if (d.claimId != 0) _pool.cancelClaim(d.claimId);
        } else if (ruling == Ruling.Client) {
            _escrow.settleDisputed(d.jobId, false);
            _compensate(disputeId, d, clientFeesPaid, s);
        } else {
            _escrow.settleDisputed(d.jobId, true);
            if (d.claimId != 0) _pool.cancelClaim(d.claimId);
        }

        _credit(disputeId, d.client, s.toClient);
        _credit(disputeId, d.operator, s.toOperator);
        emit RulingExecuted(disputeId, d.jobId, ruling, s.slashed, s.insured, s.toClient, s.toOperator);
    }

    /// @inheritdoc IDisputeCourt
    function withdrawBalance(address recipient) external nonReentrant returns (uint256 amount) {
        if (recipient == address(0) || recipient == address(this)) revert DisputeCourtInvalidRecipient(recipient);
        amount = _balances[msg.sender];
        if (amount == 0) revert DisputeCourtNothingOwed(msg.sender);
        _balances[msg.sender] = 0;
        _totalOwed -= amount;
        emit BalanceWithdrawn(msg.sender, recipient, amount);
        _stakeToken.safeTransfer(recipient, amount);
    }

    // ----------------------------------------------------------------- admin

    /// @inheritdoc IDisputeCourt
    function setParams(Params calldata newParams) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParams(newParams);
    }

    // -------------------------------------------------------------- internals

    /// @dev What a ruling moves, gathered to keep `execute` within the stack.
    struct Settlement {
        uint256 slashed;
        uint256 insured;
        uint256 toClient;
        uint256 toOperator;
    }

    /// @dev Back `compensation` beyond the job's `collateral`: lock what the operator's free and
    ///  unbonding stake can give, and file an insurance claim for the rest (see IDisputeCourt, "Backing the
    ///  compensation"). The claim is filed now, not at the ruling: it reserves pool assets at once,
    ///  so insurers cannot leave at the pre-claim share price while the dispute runs.
    function _backCompensation(uint256 disputeId, Dispute storage d, uint256 compensation, uint256 collateral) private {
        if (compensation <= collateral) return;
        uint256 uncovered;
        // Safe: compensation > collateral just checked.
        unchecked {
            uncovered = compensation - collateral;
        }
        // Free stake first, then unbonding stake: both are slashable, and an operator who started
        // unbonding just before the dispute opened must not leave with it while the dispute runs.
        uint256 lock = _stakeManager.lockSlashable(d.operator, uncovered);
        d.operatorLock = lock;
        // Safe: lockSlashable never locks more than asked.
        unchecked {
            uncovered -= lock;
        }
        if (uncovered != 0) d.claimId = _pool.fileClaim(address(this), uncovered, disputeRef(disputeId));
    }

    /// @dev The client won: slash the operator for the compensation and the client's panel fees,
    ///  and take from the claim what the slash left of the compensation; the pool releases the
    ///  rest of the claim's reservation to its insurers.
    function _compensate(uint256 disputeId, Dispute storage d, uint256 clientFeesPaid, Settlement memory s) private {
        uint256 compensation = d.compensation;
        uint256 owed = compensation + clientFeesPaid;
        if (owed != 0) s.slashed = _stakeManager.slash(d.operator, owed, address(this), disputeRef(disputeId));
        uint256 fromSlash = s.slashed < compensation ? s.slashed : compensation;
        s.toClient += s.slashed;
        uint256 claimId = d.claimId;
        if (claimId == 0) return;
        if (fromSlash == compensation) {
            _pool.cancelClaim(claimId);
            return;
        }
        // Safe: fromSlash < compensation.
        unchecked {
            s.insured = _pool.payClaim(claimId, compensation - fromSlash);
        }
        s.toClient += s.insured;
    }

    /// @dev Releases the seats of revealers, penalizes the others, and lists the coherent voters.
    function _settleSeats(
        uint256 disputeId,
        Dispute storage d,
        uint8 round,
        Ruling ruling
    ) private returns (uint256 penalties, address[] memory coherent) {
        address[] storage panel = _panels[disputeId][round];
        mapping(address => Vote) storage votes = _votes[disputeId][round];
        uint256 seats = panel.length;
        uint256 lock = _rounds[disputeId][round].lockPerSeat;
        uint256 penalty = (lock * d.nonRevealPenaltyBps) / _BPS;
        uint256 coherentCount;
        for (uint256 i = 0; i < seats; ++i) {
            Ruling vote = votes[panel[i]].revealed;
            if (vote == Ruling.None) {
                penalties += penalty;
                _penalize(disputeId, round, panel[i], lock, penalty);
            } else {
                if (vote == ruling) ++coherentCount;
                _registry.releaseSeat(panel[i], lock);
            }
        }
        coherent = new address[](coherentCount);
        uint256 next;
        for (uint256 i = 0; i < seats && next < coherentCount; ++i) {
            if (votes[panel[i]].revealed == ruling) {
                coherent[next] = panel[i];
                ++next;
            }
        }
    }

    /// @dev A seat that did not reveal loses `penalty` of its `lock` to the court, which shares it out.
    function _penalize(uint256 disputeId, uint8 round, address arbitrator, uint256 lock, uint256 penalty) private {
        emit ArbitratorPenalized(disputeId, round, arbitrator, penalty);
        _registry.penalizeSeat(arbitrator, lock, penalty, address(this));
    }

    /// @dev Shares `pot` equally among `voters`; dust, or all of it when nobody voted coherently,
    ///  goes to the insurance pool.
    function _share(uint256 disputeId, uint256 pot, address[] memory voters) private {
        uint256 count = voters.length;
        uint256 each = count == 0 ? 0 : pot / count;
        for (uint256 i = 0; i < count; ++i) _credit(disputeId, voters[i], each);
        uint256 rest = pot - each * count;
        if (rest != 0) _stakeToken.safeTransfer(address(_pool), rest);
    }

    function _credit(uint256 disputeId, address account, uint256 amount) private {
        if (amount == 0) return;
        _balances[account] += amount;
        _totalOwed += amount;
        emit BalanceCredited(disputeId, account, amount);
    }

    function _startRound(uint256 disputeId, Dispute storage d, uint8 round, address poster, uint256 bond) private {
        Round storage r = _rounds[disputeId][round];
        r.bondPoster = poster;
        r.bond = bond;
        r.drawDeadline = uint64(block.timestamp) + d.drawTimeout;
        d.phase = Phase.Drawing;
        uint64 ticket = _takeTicket(disputeId, r);
        emit RoundStarted(disputeId, round, poster, bond, _seats(d, round), ticket, r.drawDeadline);
    }

    /// @dev Take the registry's next draw ticket for the round.
    function _takeTicket(uint256 disputeId, Round storage r) private returns (uint64 ticket) {
        // Tickets are counted from 1 by the registry; 2**64 of them is beyond any chain's life.
        ticket = uint64(_registry.requestDraw());
        r.drawTicket = ticket;
        _disputeOfTicket[ticket] = disputeId;
    }

    function _seats(Dispute storage d, uint8 round) private view returns (uint256) {
        uint256 first = d.firstPanelSize;
        return round == 0 ? first : 2 * first + 1;
    }

    /// @dev The parties never judge their own dispute; the appeal panel is all new arbitrators.
    function _excluded(uint256 disputeId, Dispute storage d, uint8 round) private view returns (address[] memory list) {
        address[] storage earlier = _panels[disputeId][0];
        uint256 extra = round == 0 ? 0 : earlier.length;
        list = new address[](2 + extra);
        list[0] = d.client;
        list[1] = d.operator;
        for (uint256 i = 0; i < extra; ++i) list[2 + i] = earlier[i];
    }

    function _checkEvidence(CitedReceipt[] calldata receipts, string calldata uri) private view {
        uint256 uriBytes = bytes(uri).length;
        if (receipts.length > MAX_CITED_RECEIPTS || uriBytes > MAX_URI_BYTES) {
            revert DisputeCourtEvidenceTooLarge(receipts.length, uriBytes);
        }
        if (receipts.length == 0 && uriBytes == 0) revert DisputeCourtEmptyEvidence();
        for (uint256 i = 0; i < receipts.length; ++i) {
            CitedReceipt calldata cited = receipts[i];
            if (!_anchor.verifyInclusion(cited.batchId, cited.receiptDigest, cited.proof)) {
                revert DisputeCourtReceiptNotIncluded(cited.batchId, cited.receiptDigest);
            }
        }
    }

    function _emitEvidence(uint256 disputeId, CitedReceipt[] calldata receipts, string calldata uri) private {
        bytes32[] memory batchIds = new bytes32[](receipts.length);
        bytes32[] memory digests = new bytes32[](receipts.length);
        for (uint256 i = 0; i < receipts.length; ++i) {
            batchIds[i] = receipts[i].batchId;
            digests[i] = receipts[i].receiptDigest;
        }
        emit EvidenceSubmitted(disputeId, msg.sender, batchIds, digests, uri);
    }

    /// @dev Pulls exactly `amount` from `from`, refusing tokens that deliver less (fees on transfer).
    function _pullExact(address from, uint256 amount) private {
        uint256 before = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(from, address(this), amount);
        uint256 received = _stakeToken.balanceOf(address(this)) - before;
        if (received != amount) revert DisputeCourtTransferAmountMismatch(amount, received);
    }

    function _existing(uint256 disputeId) private view returns (Dispute storage d) {
        d = _disputes[disputeId];
        if (d.phase == Phase.None) revert DisputeCourtUnknownDispute(disputeId);
    }

    function _requirePhase(uint256 disputeId, Dispute storage d, Phase expected) private view {
        if (d.phase != expected) revert DisputeCourtWrongPhase(disputeId, d.phase);
    }

    function _setParams(Params memory p) private {
        if (p.bondMinimum == 0) revert DisputeCourtInvalidParam("bondMinimum");
        if (p.bondBps > _BPS) revert DisputeCourtInvalidParam("bondBps");
        if (p.compensationBps > _MAX_COMPENSATION_BPS) revert DisputeCourtInvalidParam("compensationBps");
        if (p.panelFeeBps > _BPS) revert DisputeCourtInvalidParam("panelFeeBps");
        if (p.nonRevealPenaltyBps > _BPS) revert DisputeCourtInvalidParam("nonRevealPenaltyBps");
        if (p.firstPanelSize == 0 || p.firstPanelSize % 2 == 0 || p.firstPanelSize > _MAX_FIRST_PANEL) {
            revert DisputeCourtInvalidParam("firstPanelSize");
        }
        if (!_periodInRange(p.drawTimeout)) revert DisputeCourtInvalidParam("drawTimeout");
        if (!_periodInRange(p.commitPeriod)) revert DisputeCourtInvalidParam("commitPeriod");
        if (!_periodInRange(p.revealPeriod)) revert DisputeCourtInvalidParam("revealPeriod");
        if (!_periodInRange(p.appealPeriod)) revert DisputeCourtInvalidParam("appealPeriod");
        _params = p;
        emit ParamsUpdated(p);
    }

    function _periodInRange(uint64 period) private pure returns (bool) {
        return period != 0 && period <= _MAX_PERIOD;
    }
}
