// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IArbitratorRegistry
/// @notice The court's bench: arbitrators stake the stake token to sit, are drawn onto dispute
///  panels with probability proportional to their drawable stake, and leave after a delay.
/// @dev Each arbitrator's stake sits in three buckets:
///  - free: drawable while it is at least `minimumStake` (below it, the arbitrator's weight is 0);
///  - locked: one `seatLock` per seat on a live dispute, taken from free stake when drawn and given
///    back (`releaseSeat`) or partly taken (`penalizeSeat`, for not revealing a vote) by the court;
///  - leaving: requested with `requestLeave`, no longer drawable, withdrawable once `leaveDelay`
///    has passed since the latest request and while the arbitrator holds no seat.
///  So an arbitrator drawn on a live dispute cannot take its stake and run: the seat's lock stays
///  until the court releases it, and `withdraw` waits until every seat is released.
///
///  Weights and slots. Drawable weights live in a Fenwick (binary indexed) tree of
///  MAX_ARBITRATORS slots, so a draw and every weight change cost O(log MAX_ARBITRATORS) storage
///  operations. An arbitrator holds a slot exactly while its weight is non-zero, that is while
///  its free stake is at least `minimumStake`: a slot costs the minimum stake and is handed back
///  the moment the stake falls below it, so nobody can squat slots with dust and the slots run
///  out only when MAX_ARBITRATORS arbitrators each stake the minimum. A deposit that would make
///  an arbitrator drawable while every slot is taken reverts (ArbitratorRegistryFull); stake
///  that regains the minimum through the court (a released seat) while the tree is full, or
///  after `setMinimumStake` lowered the minimum, becomes drawable through `sync`.
///
///  Draw sessions. A panel's randomness must not be known while anyone can still change the
///  weights it samples, nor the order of the draws that share it. So draws run in sessions,
///  as the phases of a sortition module:
///  - Staking: weights change freely (deposits, leave requests and cancellations, the court's
///    seat releases and penalties, the minimum stake, the randomness source). The court asks
///    for draws with `requestDraw`, which hands out tickets in order.
///  - Generating: `passPhase` (anyone, once `minStakingTime` has passed and a ticket waits)
///    opens a new session and requests one random value from `randomnessSource()`. From here
///    until Staking returns, every weight change above reverts (ArbitratorRegistryStakesFrozen):
///    the weights are fixed before the value is requested.
///  - Drawing: `passPhase` stores the value once the source has it. The court then draws the
///    tickets of this and earlier sessions strictly in ticket order, each from
///    keccak256(abi.encode(value, chainid, registry, ticket)); a draw's seat locks change the
///    weights only for the tickets after it, which were fixed too. Tickets asked for after the
///    request wait for the next session.
///    Nor can a ticket this session may draw be cancelled until the session ends
///    (ArbitratorRegistryStakesFrozen): whether it is drawn changes the weights the tickets after
///    it see, so cancelling it once the value is known would be a lever like a stake change.
///  - back to Staking: `passPhase` once every ticket of the session is drawn or cancelled, or
///    `maxDrawingTime` after Drawing began. Generating also falls back to Staking after
///    `maxDrawingTime` without a value (its tickets wait for the next session), whatever the
///    source does (a source that reverts or answers garbage counts as not answering); an Expired
///    request is simply made again.
///  Seat i of a draw uses uint256(keccak256(abi.encode(seed, i))) modulo the drawable weight
///  left. Nobody gets two seats in one draw, and the excluded addresses (the dispute's parties,
///  an earlier panel) are never drawn. A ticket that cannot seat enough arbitrators is consumed
///  and returns an empty panel; the court asks for a new one.
interface IArbitratorRegistry {
    /// @notice An arbitrator's stake.
    struct Arbitrator {
        /// @dev Drawable while at least `minimumStake`.
        uint256 free;
        /// @dev Locked by seats on live disputes.
        uint256 locked;
        /// @dev Requested to leave; withdrawable from `unlockAt` when `seats` is 0.
        uint256 leaving;
        /// @dev When the leaving stake unlocks; 0 when nothing is leaving.
        uint64 unlockAt;
        /// @dev Seats held on live disputes.
        uint32 seats;
    }

    /// @notice Where the registry's draw session is (see the interface's NatSpec).
    enum Phase {
        Staking,
        Generating,
        Drawing
    }

    /// @notice A ticket for one draw, handed out by `requestDraw` in order.
    struct DrawTicket {
        /// @dev The first session whose randomness may draw it.
        uint64 session;
        /// @dev Still waiting to be drawn or cancelled.
        bool open;
    }

    /// @notice Zero amounts are refused.
    error ArbitratorRegistryZeroAmount();
    /// @notice Every slot of the drawing tree is taken.
    error ArbitratorRegistryFull(uint256 maxArbitrators);
    /// @notice The arbitrator has `free` free stake, less than `requested`.
    error ArbitratorRegistryInsufficientFree(address arbitrator, uint256 free, uint256 requested);
    /// @notice The arbitrator has nothing leaving.
    error ArbitratorRegistryNothingLeaving(address arbitrator);
    /// @notice The leave delay has not passed yet.
    error ArbitratorRegistryStillLeaving(address arbitrator, uint64 unlockAt);
    /// @notice The arbitrator holds `seats` seats on live disputes and cannot withdraw yet.
    error ArbitratorRegistrySeated(address arbitrator, uint32 seats);
    /// @notice The court asked to release or penalize more than the arbitrator has locked, or a seat it does not hold.
    error ArbitratorRegistryInsufficientLocked(address arbitrator, uint256 locked, uint256 requested);
    /// @notice A penalty above the seat's lock.
    error ArbitratorRegistryPenaltyAboveLock(uint256 penalty, uint256 seatLock);
    /// @notice Funds must leave to a real address other than the registry.
    error ArbitratorRegistryInvalidRecipient(address recipient);
    /// @notice A zero minimum stake would make every address drawable.
    error ArbitratorRegistryZeroMinimumStake();
    /// @notice The leave delay is above MAX_LEAVE_DELAY, which keeps an admin from freezing exits.
    error ArbitratorRegistryLeaveDelayTooLong(uint64 delay, uint64 maxDelay);
    /// @notice A draw asks for no seats or more than MAX_SEATS.
    error ArbitratorRegistryInvalidSeatCount(uint256 seats, uint256 maxSeats);
    /// @notice Weights, and the line of the session's tickets, are frozen while a draw session runs
    ///  (`phase` is not Staking).
    error ArbitratorRegistryStakesFrozen(Phase phase);
    /// @notice The registry is not in the phase this needs.
    error ArbitratorRegistryWrongPhase(Phase phase);
    /// @notice `passPhase` cannot move on before `readyAt`, and has nothing to do before then.
    error ArbitratorRegistryPhaseNotOver(Phase phase, uint64 readyAt);
    /// @notice No ticket waits for a draw, so no session starts.
    error ArbitratorRegistryNothingToDraw();
    /// @notice The randomness source has not answered request `requestId` yet.
    error ArbitratorRegistryRandomnessPending(uint256 requestId);
    /// @notice Tickets are drawn in order: `ticket` is not the next one, `next` is.
    error ArbitratorRegistryDrawOutOfOrder(uint256 ticket, uint256 next);
    /// @notice `ticket` waits for session `session`, after the current one.
    error ArbitratorRegistryTicketNotInSession(uint256 ticket, uint64 session);
    /// @notice `ticket` is not open, or its `court` still holds COURT_ROLE and may cancel it itself.
    error ArbitratorRegistryTicketNotOrphaned(uint256 ticket, address court);
    /// @notice `ticket` was never handed out, or was already drawn or cancelled.
    error ArbitratorRegistryTicketNotOpen(uint256 ticket);
    /// @notice A draw-session duration is zero or above MAX_PHASE_TIME.
    error ArbitratorRegistryInvalidPhaseTime(uint64 time, uint64 maxTime);
    /// @notice The randomness source must be a contract.
    error ArbitratorRegistryInvalidRandomnessSource(address source);

    /// @notice `arbitrator` deposited `amount`; its free stake is now `freeAfter`.
    event ArbitratorStaked(address indexed arbitrator, uint256 amount, uint256 freeAfter);
    /// @notice `arbitrator` moved `amount` to leaving; all of its `leavingAfter` unlocks at `unlockAt`.
    event LeaveRequested(address indexed arbitrator, uint256 amount, uint256 leavingAfter, uint64 unlockAt);
    /// @notice `arbitrator` moved its leaving stake (`amount`) back to free stake.
    event LeaveCancelled(address indexed arbitrator, uint256 amount);
    /// @notice `arbitrator` withdrew `amount` to `recipient`.
    event ArbitratorWithdrawn(address indexed arbitrator, address indexed recipient, uint256 amount);
    /// @notice `arbitrator` was drawn by `court` for `ticket` and `seatLock` of its stake locked.
    event SeatLocked(address indexed court, address indexed arbitrator, uint256 indexed ticket, uint256 seatLock);
    /// @notice The court released `amount` of `arbitrator`'s locked stake back to free stake.
    event SeatReleased(address indexed court, address indexed arbitrator, uint256 amount);
    /// @notice The court took `penalty` of a seat's lock to `recipient` and released `released`.
    event SeatPenalized(
        address indexed court,
        address indexed arbitrator,
        address indexed recipient,
        uint256 penalty,
        uint256 released
    );
    /// @notice The minimum free stake to be drawable (and the lock per seat) changed.
    event MinimumStakeUpdated(uint256 oldMinimum, uint256 newMinimum);
    /// @notice The leave delay changed; it applies to requests made from now on.
    event LeaveDelayUpdated(uint64 oldDelay, uint64 newDelay);
    /// @notice `arbitrator`'s drawing weight changed to `weight`.
    event WeightChanged(address indexed arbitrator, uint256 weight);
    /// @notice The court asked for a draw: `ticket` may be drawn from session `session` on.
    event DrawRequested(address indexed court, uint256 indexed ticket, uint64 session);
    /// @notice The court drew `ticket` (an empty panel when too few arbitrators could sit).
    event TicketDrawn(address indexed court, uint256 indexed ticket, uint256 seats);
    /// @notice The court cancelled `ticket`.
    event DrawCancelled(address indexed court, uint256 indexed ticket);
    /// @notice The registry moved to `phase` in session `session`; `requestId` is the session's
    ///  randomness request (Generating), `randomness` its value (Drawing).
    event PhasePassed(Phase indexed phase, uint64 indexed session, uint256 requestId, uint256 randomness);
    /// @notice The randomness source changed (from the next session on).
    event RandomnessSourceUpdated(address oldSource, address newSource);
    /// @notice The draw-session durations changed.
    event DrawScheduleUpdated(uint64 minStakingTime, uint64 maxDrawingTime);

    /// @notice Role allowed to draw panels and release or penalize seats (the dispute court).
    function COURT_ROLE() external view returns (bytes32);

    /// @notice Slots of the drawing tree: at most this many arbitrators are drawable at once.
    function MAX_ARBITRATORS() external view returns (uint256);

    /// @notice Most seats one draw may fill.
    function MAX_SEATS() external view returns (uint256);

    /// @notice Upper bound on the leave delay any admin can set.
    function MAX_LEAVE_DELAY() external view returns (uint64);

    /// @notice Upper bound on `minStakingTime` and `maxDrawingTime`, which keeps an admin from
    ///  freezing stakes for long.
    function MAX_PHASE_TIME() external view returns (uint64);

    /// @notice The token arbitrators stake.
    function stakeToken() external view returns (IERC20);

    /// @notice Minimum free stake to be drawable; also the stake each seat locks (`seatLock`).
    function minimumStake() external view returns (uint256);

    /// @notice The stake a seat drawn now locks (equal to `minimumStake`).
    function seatLock() external view returns (uint256);

    /// @notice Delay between a leave request and the moment it can be withdrawn.
    function leaveDelay() external view returns (uint64);

    /// @notice `arbitrator`'s stake.
    function arbitratorOf(address arbitrator) external view returns (Arbitrator memory);

    /// @notice `arbitrator`'s drawing weight: its free stake if at least `minimumStake` and it
    ///  holds a slot, else 0.
    function weightOf(address arbitrator) external view returns (uint256);

    /// @notice Sum of every arbitrator's drawing weight.
    function totalWeight() external view returns (uint256);

    /// @notice Number of arbitrators with a non-zero drawing weight (each holds one slot).
    function drawableCount() external view returns (uint256);

    /// @notice Where the draw session is.
    function phase() external view returns (Phase);

    /// @notice The current (or last) session's number; sessions count from 1.
    function session() external view returns (uint64);

    /// @notice When the current phase began.
    function phaseStartedAt() external view returns (uint64);

    /// @notice The shortest Staking phase before a session may start, and the longest a session
    ///  may wait for its randomness or draw before stakes thaw.
    function drawSchedule() external view returns (uint64 minStakingTime, uint64 maxDrawingTime);

    /// @notice Where sessions get their randomness.
    function randomnessSource() external view returns (address);

    /// @notice The current session's randomness request (Generating) and value (Drawing; 0 before).
    function sessionRandomness() external view returns (uint256 requestId, uint256 value);

    /// @notice Ticket `ticket`.
    function ticketOf(uint256 ticket) external view returns (DrawTicket memory);

    /// @notice The next open ticket in order (0 when none) and the session it waits for.
    function nextTicket() external view returns (uint256 ticket, uint64 ticketSession);

    /// @notice Number of tickets neither drawn nor cancelled.
    function openTickets() external view returns (uint256);

    /// @notice Sum of every arbitrator's free, locked and leaving stake (what the registry holds).
    function totalStaked() external view returns (uint256);

    /// @notice Stake `amount` (pre-approved) as free stake of the caller. During Staking only.
    function deposit(uint256 amount) external;

    /// @notice Move `amount` of free stake to leaving (no longer drawable). Restarts the delay for
    ///  the whole leaving bucket, so no stake can skip it by joining an older request. During
    ///  Staking only. Never refused for want of a slot: an arbitrator without one stays undrawable
    ///  until `sync`.
    function requestLeave(uint256 amount) external;

    /// @notice Move all leaving stake back to free stake. During Staking only.
    function cancelLeave() external;

    /// @notice Bring `arbitrator`'s weight in line with its free stake (taking a slot if it
    ///  regained the minimum while none was free, or after the minimum was lowered). Anyone may,
    ///  during Staking.
    function sync(address arbitrator) external;

    /// @notice Move the draw session to its next phase when its time has come. Anyone may.
    function passPhase() external;

    /// @notice Send all leaving stake to `recipient` once the delay has passed and no seat is held.
    function withdraw(address recipient) external returns (uint256 amount);

    /// @notice Ask for a draw. Court role only.
    /// @return ticket The draw's place in line; it may be drawn from the next session on.
    function requestDraw() external returns (uint256 ticket);

    /// @notice Withdraw open ticket `ticket` from the line. Court role only, and only the court
    ///  that asked for it. A ticket the running session may draw (of this session or an earlier
    ///  one) stays in line until the session is back to Staking.
    function cancelDraw(uint256 ticket) external;

    /// @notice Withdraw open ticket `ticket` whose court no longer holds COURT_ROLE (governance
    ///  replaced or removed it), so a court's lost role never holds every later ticket back. Anyone
    ///  may, under the same session rule as `cancelDraw`.
    function cancelOrphanedDraw(uint256 ticket) external;

    /// @notice Draw ticket `ticket`, the next open one, during Drawing: `seats` distinct
    ///  arbitrators by drawable weight from the session's randomness, never one of `excluded`, and
    ///  lock `seatLock()` of each one's free stake. Consumes the ticket; returns an empty panel
    ///  when fewer than `seats` arbitrators can sit. Court role only.
    /// @return panel The drawn arbitrators, in seat order (empty if the ticket could not be seated).
    /// @return lockPerSeat The stake locked per seat (to pass back to `releaseSeat`/`penalizeSeat`).
    function draw(
        uint256 ticket,
        uint256 seats,
        address[] calldata excluded
    ) external returns (address[] memory panel, uint256 lockPerSeat);

    /// @notice Release a seat's `lockAmount` back to `arbitrator`'s free stake. Court role only,
    ///  during Staking.
    function releaseSeat(address arbitrator, uint256 lockAmount) external;

    /// @notice Close a seat of `lockAmount`, taking `penalty` (at most `lockAmount`) to `recipient`
    ///  and releasing the rest to free stake. Court role only, during Staking.
    function penalizeSeat(address arbitrator, uint256 lockAmount, uint256 penalty, address recipient) external;

    /// @notice Set the minimum stake (never zero). Admin role only, during Staking.
    function setMinimumStake(uint256 newMinimum) external;

    /// @notice Set where sessions get their randomness. Admin role only, during Staking.
    function setRandomnessSource(address newSource) external;

    /// @notice Set the draw-session durations (each in 1..MAX_PHASE_TIME). Admin role only, during
    ///  Staking.
    function setDrawSchedule(uint64 minStakingTime, uint64 maxDrawingTime) external;

    /// @notice Set the leave delay (at most MAX_LEAVE_DELAY). Admin role only.
    function setLeaveDelay(uint64 newDelay) external;
}
