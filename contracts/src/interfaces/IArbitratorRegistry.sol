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
///  Drawing (`draw`, COURT_ROLE only) is a weighted sample without replacement over the drawable
///  weights, kept in a Fenwick (binary indexed) tree of MAX_ARBITRATORS slots, so a draw and every
///  weight change cost O(log MAX_ARBITRATORS) storage operations whatever the number of
///  arbitrators. Seat i of a draw uses uint256(keccak256(abi.encode(seed, i))) modulo the drawable
///  weight left; the court supplies the seed (see IDisputeCourt for its randomness and limits).
///  Nobody gets two seats in one draw, and the excluded addresses (the dispute's parties, an
///  earlier panel) are never drawn.
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
    /// @notice Only `available` arbitrators can be drawn, fewer than the `seats` asked for.
    error ArbitratorRegistryNotEnoughArbitrators(uint256 available, uint256 seats);
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

    /// @notice `arbitrator` deposited `amount`; its free stake is now `freeAfter`.
    event ArbitratorStaked(address indexed arbitrator, uint256 amount, uint256 freeAfter);
    /// @notice `arbitrator` moved `amount` to leaving; all of its `leavingAfter` unlocks at `unlockAt`.
    event LeaveRequested(address indexed arbitrator, uint256 amount, uint256 leavingAfter, uint64 unlockAt);
    /// @notice `arbitrator` moved its leaving stake (`amount`) back to free stake.
    event LeaveCancelled(address indexed arbitrator, uint256 amount);
    /// @notice `arbitrator` withdrew `amount` to `recipient`.
    event ArbitratorWithdrawn(address indexed arbitrator, address indexed recipient, uint256 amount);
    /// @notice `arbitrator` was drawn by `court` (seed `seed`) and `seatLock` of its stake locked.
    event SeatLocked(address indexed court, address indexed arbitrator, bytes32 indexed seed, uint256 seatLock);
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

    /// @notice Role allowed to draw panels and release or penalize seats (the dispute court).
    function COURT_ROLE() external view returns (bytes32);

    /// @notice Slots of the drawing tree: at most this many addresses hold stake at once.
    function MAX_ARBITRATORS() external view returns (uint256);

    /// @notice Most seats one draw may fill.
    function MAX_SEATS() external view returns (uint256);

    /// @notice Upper bound on the leave delay any admin can set.
    function MAX_LEAVE_DELAY() external view returns (uint64);

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

    /// @notice `arbitrator`'s current drawing weight: its free stake if at least `minimumStake`, else 0.
    function weightOf(address arbitrator) external view returns (uint256);

    /// @notice Sum of every arbitrator's drawing weight.
    function totalWeight() external view returns (uint256);

    /// @notice Number of arbitrators with a non-zero drawing weight.
    function drawableCount() external view returns (uint256);

    /// @notice Sum of every arbitrator's free, locked and leaving stake (what the registry holds).
    function totalStaked() external view returns (uint256);

    /// @notice Stake `amount` (pre-approved) as free stake of the caller.
    function deposit(uint256 amount) external;

    /// @notice Move `amount` of free stake to leaving (no longer drawable). Restarts the delay for
    ///  the whole leaving bucket, so no stake can skip it by joining an older request.
    function requestLeave(uint256 amount) external;

    /// @notice Move all leaving stake back to free stake.
    function cancelLeave() external;

    /// @notice Send all leaving stake to `recipient` once the delay has passed and no seat is held.
    function withdraw(address recipient) external returns (uint256 amount);

    /// @notice Draw `seats` distinct arbitrators by drawable weight from `seed`, never one of
    ///  `excluded`, and lock `seatLock()` of each one's free stake. Court role only.
    /// @return panel The drawn arbitrators, in seat order.
    /// @return lockPerSeat The stake locked per seat (to pass back to `releaseSeat`/`penalizeSeat`).
    function draw(
        bytes32 seed,
        uint256 seats,
        address[] calldata excluded
    ) external returns (address[] memory panel, uint256 lockPerSeat);

    /// @notice Release a seat's `lockAmount` back to `arbitrator`'s free stake. Court role only.
    function releaseSeat(address arbitrator, uint256 lockAmount) external;

    /// @notice Close a seat of `lockAmount`, taking `penalty` (at most `lockAmount`) to `recipient`
    ///  and releasing the rest to free stake. Court role only.
    function penalizeSeat(address arbitrator, uint256 lockAmount, uint256 penalty, address recipient) external;

    /// @notice Set the minimum stake (never zero). Admin role only.
    function setMinimumStake(uint256 newMinimum) external;

    /// @notice Set the leave delay (at most MAX_LEAVE_DELAY). Admin role only.
    function setLeaveDelay(uint64 newDelay) external;
}
