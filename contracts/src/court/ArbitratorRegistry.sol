// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IArbitratorRegistry} from "../interfaces/IArbitratorRegistry.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";
import {FenwickTree} from "../libraries/FenwickTree.sol";

/// @title ArbitratorRegistry
/// @notice The court's bench: stake to sit, weighted draws onto panels in draw sessions, seat
///  locks, leave delay (see IArbitratorRegistry for the rules).
/// @dev The default admin role sets parameters and grants COURT_ROLE (to the dispute court).
///
///  Weights. A slot of the Fenwick tree of MAX_ARBITRATORS slots is taken when an arbitrator's
///  weight becomes non-zero and handed back the moment it returns to zero, so the stored weight of
///  a slot is always exactly its holder's free stake, which is at least the current minimum.
///  Handed-back slots are bits of a four-word free map (the lowest is reused first, before a slot
///  never used); handing one back sets its bit and nothing else, so `_slotOf` and `_holderOf`
///  may keep stale entries: an arbitrator holds slot s exactly when `_slotOf` names s, s is not
///  free and `_holderOf[s]` names it back (`_slotHeldBy`). `setMinimumStake` rewrites the weights
///  of every slot whose weight the new minimum changes, in one O(MAX_ARBITRATORS) pass over memory
///  that writes each changed tree node once (tree nodes never return to zero, see FenwickTree) and
///  each word of the free map once. With all 1024 slots taken and every holder dropping out it
///  measured about 12.3M gas cold, inside the 2**24 transaction gas cap of EIP-7825; a stack of
///  free slots, with the two mapping entries cleared per holder, cost 43M there, more than any
///  block, so governance could not have raised the minimum over a court filled at the minimum.
///  A drawn arbitrator always has free stake of at least the current `seatLock`: no redraw is
///  ever needed (the lock's checked subtraction would revert otherwise).
///
///  Draws. Seats are sampled without replacement without writing the tree: the excluded
///  arbitrators and those already drawn are passed to the tree search as ignored slots, whose
///  weights it subtracts from every node covering them. Only after every seat is chosen are the
///  seat locks taken, which lower the drawn arbitrators' free stake (and weights) for good.
///
///  Sessions. Tickets are numbered from 1 in the order the court asks for them, and the open ones
///  form a doubly linked line in that order, so finding the next open ticket and closing any
///  ticket cost O(1) however many tickets were cancelled: a line that had to be scanned past its
///  closed tickets could be made too long to scan in one transaction (tickets cancelled in bulk by
///  lapsed disputes) and stop every draw and every return to Staking for good. The source's
///  answer is read without trusting it to answer at all, so a source that reverts or returns
///  garbage can delay a session but never hold the stakes frozen past `maxDrawingTime`.
contract ArbitratorRegistry is IArbitratorRegistry, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using FenwickTree for FenwickTree.Tree;

    /// @inheritdoc IArbitratorRegistry
    bytes32 public constant COURT_ROLE = keccak256("COURT_ROLE");
    /// @inheritdoc IArbitratorRegistry
    /// @dev A power of two, as FenwickTree requires.
    uint256 public constant MAX_ARBITRATORS = 1024;
    /// @inheritdoc IArbitratorRegistry
    uint256 public constant MAX_SEATS = 31;
    /// @inheritdoc IArbitratorRegistry
    uint64 public constant MAX_LEAVE_DELAY = 90 days;
    /// @inheritdoc IArbitratorRegistry
    uint64 public constant MAX_PHASE_TIME = 7 days;

    /// @dev Words of the free-slot map: one bit per slot.
    uint256 private constant _FREE_MAP_WORDS = MAX_ARBITRATORS / 256;

    IERC20 private immutable _stakeToken;

    uint256 private _minimumStake;
    uint64 private _leaveDelay;
    uint256 private _totalStaked;
    uint256 private _drawableCount;

    // The session's state and schedule (two slots).
    Phase private _phase;
    uint64 private _session;
    uint64 private _phaseStartedAt;
    uint64 private _minStakingTime;
    uint64 private _maxDrawingTime;
    IRandomnessSource private _randomnessSource;
    uint256 private _requestId;
    uint256 private _randomness;

    uint256 private _ticketCount;
    /// @dev The first and the last open ticket (0 when none).
    uint256 private _headTicket;
    uint256 private _tailTicket;
    uint256 private _openTickets;
    mapping(uint256 ticket => Ticket) private _tickets;
    mapping(uint256 ticket => Links) private _links;

    mapping(address arbitrator => Arbitrator) private _arbitrators;
    /// @dev Both may be stale once a slot is handed back: see `_slotHeldBy`.
    mapping(address arbitrator => uint256 slot) private _slotOf;
    mapping(uint256 slot => address arbitrator) private _holderOf;
    /// @dev Bit (s - 1) is set while slot s was handed back and not reused; reused before new ones.
    uint256[_FREE_MAP_WORDS] private _freeMap;
    /// @dev Slots 1.._slotsUsed have been handed out at least once.
    uint256 private _slotsUsed;
    FenwickTree.Tree private _weights;

    /// @dev A ticket and the court that holds it, in one slot.
    struct Ticket {
        uint64 session;
        bool open;
        address court;
    }

    /// @dev An open ticket's neighbours in the line (0 at either end). Tickets fit in 64 bits: the
    ///  court keeps them as uint64, and 2**64 requests are beyond any chain's life.
    struct Links {
        uint64 prev;
        uint64 next;
    }

    /// @dev What the randomness source said about a request, as far as the registry trusts it.
    enum Answer {
        Ready,
        Pending,
        Expired,
        Failed
    }

    constructor(
        IERC20 stakeToken_,
        address admin,
        uint256 minimumStake_,
        uint64 leaveDelay_,
        address randomnessSource_,
        uint64 minStakingTime_,
        uint64 maxDrawingTime_
    ) {
        _stakeToken = stakeToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setMinimumStake(minimumStake_);
        _setLeaveDelay(leaveDelay_);
        _setRandomnessSource(randomnessSource_);
        _setDrawSchedule(minStakingTime_, maxDrawingTime_);
        _phaseStartedAt = uint64(block.timestamp);
    }

    modifier duringStaking() {
        Phase current = _phase;
        if (current != Phase.Staking) revert ArbitratorRegistryStakesFrozen(current);
        _;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IArbitratorRegistry
    function stakeToken() external view returns (IERC20) {
        return _stakeToken;
    }

    /// @inheritdoc IArbitratorRegistry
    function minimumStake() external view returns (uint256) {
        return _minimumStake;
    }

    /// @inheritdoc IArbitratorRegistry
    function seatLock() external view returns (uint256) {
        return _minimumStake;
    }

    /// @inheritdoc IArbitratorRegistry
    function leaveDelay() external view returns (uint64) {
        return _leaveDelay;
    }

    /// @inheritdoc IArbitratorRegistry
    function arbitratorOf(address arbitrator) external view returns (Arbitrator memory) {
        return _arbitrators[arbitrator];
    }

    /// @inheritdoc IArbitratorRegistry
    function weightOf(address arbitrator) public view returns (uint256) {
        if (_slotHeldBy(arbitrator) == 0) return 0;
        return _weight(_arbitrators[arbitrator].free, _minimumStake);
    }

    /// @inheritdoc IArbitratorRegistry
    function totalWeight() external view returns (uint256) {
        return _weights.total(MAX_ARBITRATORS);
    }

    /// @inheritdoc IArbitratorRegistry
    function drawableCount() external view returns (uint256) {
        return _drawableCount;
    }

    /// @inheritdoc IArbitratorRegistry
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IArbitratorRegistry
    function phase() external view returns (Phase) {
        return _phase;
    }

    /// @inheritdoc IArbitratorRegistry
    function session() external view returns (uint64) {
        return _session;
    }

    /// @inheritdoc IArbitratorRegistry
    function phaseStartedAt() external view returns (uint64) {
        return _phaseStartedAt;
    }

    /// @inheritdoc IArbitratorRegistry
    function drawSchedule() external view returns (uint64 minStakingTime, uint64 maxDrawingTime) {
        return (_minStakingTime, _maxDrawingTime);
    }

    /// @inheritdoc IArbitratorRegistry
    function randomnessSource() external view returns (address) {
        return address(_randomnessSource);
    }

    /// @inheritdoc IArbitratorRegistry
    function sessionRandomness() external view returns (uint256 requestId, uint256 value) {
        return (_requestId, _randomness);
    }

    /// @inheritdoc IArbitratorRegistry
    function ticketOf(uint256 ticket) external view returns (DrawTicket memory) {
        Ticket storage stored = _tickets[ticket];
        return DrawTicket({session: stored.session, open: stored.open});
    }

    /// @inheritdoc IArbitratorRegistry
    function nextTicket() public view returns (uint256 ticket, uint64 ticketSession) {
        ticket = _headTicket;
        if (ticket != 0) ticketSession = _tickets[ticket].session;
    }

    /// @inheritdoc IArbitratorRegistry
    function openTickets() external view returns (uint256) {
        return _openTickets;
    }

    // ---------------------------------------------------------- arbitrators

    /// @inheritdoc IArbitratorRegistry
    function deposit(uint256 amount) external nonReentrant duringStaking {
        if (amount == 0) revert ArbitratorRegistryZeroAmount();
        // Pull first and credit what actually arrived, so a token that charges a transfer fee
        // cannot make the books claim more than the registry holds.
        uint256 balanceBefore = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _stakeToken.balanceOf(address(this)) - balanceBefore;
        if (received == 0) revert ArbitratorRegistryZeroAmount();
        Arbitrator storage stake = _arbitrators[msg.sender];
        uint256 free = stake.free;
        _totalStaked += received;
        emit ArbitratorStaked(msg.sender, received, free + received);
        _setFree(msg.sender, stake, free + received, true);
    }

    /// @inheritdoc IArbitratorRegistry
    function requestLeave(uint256 amount) external duringStaking {
        if (amount == 0) revert ArbitratorRegistryZeroAmount();
        Arbitrator storage stake = _arbitrators[msg.sender];
        uint256 free = stake.free;
        if (free < amount) revert ArbitratorRegistryInsufficientFree(msg.sender, free, amount);
        uint256 leaving = stake.leaving + amount;
        uint64 unlockAt = uint64(block.timestamp) + _leaveDelay;
        stake.leaving = leaving;
        stake.unlockAt = unlockAt;
        emit LeaveRequested(msg.sender, amount, leaving, unlockAt);
        // Safe: checked above. Not strict: leaving never needs a slot, so an arbitrator left
        // slotless by a full tree (see `sync`) can still leave part of its stake.
        unchecked {
            _setFree(msg.sender, stake, free - amount, false);
        }
    }

    /// @inheritdoc IArbitratorRegistry
    function cancelLeave() external duringStaking {
        Arbitrator storage stake = _arbitrators[msg.sender];
        uint256 amount = stake.leaving;
        if (amount == 0) revert ArbitratorRegistryNothingLeaving(msg.sender);
        stake.leaving = 0;
        stake.unlockAt = 0;
        emit LeaveCancelled(msg.sender, amount);
        _setFree(msg.sender, stake, stake.free + amount, true);
    }

    /// @inheritdoc IArbitratorRegistry
    function sync(address arbitrator) external duringStaking {
        Arbitrator storage stake = _arbitrators[arbitrator];
        _setFree(arbitrator, stake, stake.free, true);
    }

    // ------------------------------------------------------------- sessions

    /// @inheritdoc IArbitratorRegistry
    function passPhase() external nonReentrant {
        Phase current = _phase;
        uint64 session_ = _session;
        if (current == Phase.Staking) {
            uint64 readyAt = _phaseStartedAt + _minStakingTime;
            if (block.timestamp < readyAt) revert ArbitratorRegistryPhaseNotOver(current, readyAt);
            if (_openTickets == 0) revert ArbitratorRegistryNothingToDraw();
            _session = ++session_;
            _randomness = 0;
            _enter(Phase.Generating);
            _requestRandomness(session_);
        } else if (current == Phase.Generating) {
            uint256 requestId = _requestId;
            (Answer answer, uint256 value) = _readRandomness(requestId);
            if (answer == Answer.Ready) {
                _randomness = value;
                _enter(Phase.Drawing);
                emit PhasePassed(Phase.Drawing, session_, requestId, value);
            } else if (block.timestamp >= _phaseStartedAt + _maxDrawingTime) {
                // No randomness in time: stakes thaw, and the tickets wait for the next session.
                _enter(Phase.Staking);
                emit PhasePassed(Phase.Staking, session_, requestId, 0);
            } else if (answer == Answer.Expired) {
                // Expired (or unknown to the source): ask again; the weights are still frozen.
                _requestRandomness(session_);
            } else {
                // Pending, or a source that failed to answer: wait (at most until the timeout).
                revert ArbitratorRegistryRandomnessPending(requestId);
            }
        } else {
            (uint256 next, uint64 nextSession) = nextTicket();
            uint64 readyAt = _phaseStartedAt + _maxDrawingTime;
            bool drawn = next == 0 || nextSession > session_;
            if (!drawn && block.timestamp < readyAt) revert ArbitratorRegistryPhaseNotOver(current, readyAt);
            _enter(Phase.Staking);
            emit PhasePassed(Phase.Staking, session_, _requestId, _randomness);
        }
    }

    /// @inheritdoc IArbitratorRegistry
    function withdraw(address recipient) external nonReentrant returns (uint256 amount) {
        _checkRecipient(recipient);
        Arbitrator storage stake = _arbitrators[msg.sender];
        amount = stake.leaving;
        if (amount == 0) revert ArbitratorRegistryNothingLeaving(msg.sender);
        uint64 unlockAt = stake.unlockAt;
        if (block.timestamp < unlockAt) revert ArbitratorRegistryStillLeaving(msg.sender, unlockAt);
        uint32 seats = stake.seats;
        if (seats != 0) revert ArbitratorRegistrySeated(msg.sender, seats);
        stake.leaving = 0;
        stake.unlockAt = 0;
        _totalStaked -= amount;
        emit ArbitratorWithdrawn(msg.sender, recipient, amount);
        _stakeToken.safeTransfer(recipient, amount);
    }

    // ---------------------------------------------------------------- court

    /// @inheritdoc IArbitratorRegistry
    function requestDraw() external onlyRole(COURT_ROLE) returns (uint256 ticket) {
        ticket = ++_ticketCount;
        // Asked for now, it may use only a value requested from now on: the next session's.
        uint64 ticketSession = _session + 1;
        _tickets[ticket] = Ticket({session: ticketSession, open: true, court: msg.sender});
        ++_openTickets;
        // Join the end of the line.
        uint256 tail = _tailTicket;
        if (tail == 0) _headTicket = ticket;
        else {
            _links[ticket].prev = uint64(tail);
            _links[tail].next = uint64(ticket);
        }
        _tailTicket = ticket;
        emit DrawRequested(msg.sender, ticket, ticketSession);
    }

    /// @inheritdoc IArbitratorRegistry
    function cancelDraw(uint256 ticket) external onlyRole(COURT_ROLE) {
        _checkTicket(ticket);
        _requireCancellable(ticket);
        _closeTicket(ticket);
        emit DrawCancelled(msg.sender, ticket);
    }

    /// @inheritdoc IArbitratorRegistry
    function cancelOrphanedDraw(uint256 ticket) external {
        Ticket storage stored = _tickets[ticket];
        address court = stored.court;
        if (!stored.open || hasRole(COURT_ROLE, court)) revert ArbitratorRegistryTicketNotOrphaned(ticket, court);
        _requireCancellable(ticket);
        _closeTicket(ticket);
        emit DrawCancelled(court, ticket);
    }

    /// @inheritdoc IArbitratorRegistry
    function draw(
        uint256 ticket,
        uint256 seats,
        address[] calldata excluded
    ) external onlyRole(COURT_ROLE) returns (address[] memory panel, uint256 lockPerSeat) {
        if (seats == 0 || seats > MAX_SEATS) revert ArbitratorRegistryInvalidSeatCount(seats, MAX_SEATS);
        bytes32 seed = _consumeTicket(ticket);
        lockPerSeat = _minimumStake;
        panel = _sample(seed, seats, excluded);
        emit TicketDrawn(msg.sender, ticket, panel.length);
        _lockSeats(panel, ticket, lockPerSeat);
    }

    /// @inheritdoc IArbitratorRegistry
    function releaseSeat(address arbitrator, uint256 lockAmount) external onlyRole(COURT_ROLE) duringStaking {
        Arbitrator storage stake = _closeSeat(arbitrator, lockAmount);
        emit SeatReleased(msg.sender, arbitrator, lockAmount);
        // Not strict: a ruling never waits for a slot (see `sync`).
        _setFree(arbitrator, stake, stake.free + lockAmount, false);
    }

    /// @inheritdoc IArbitratorRegistry
    /// @dev A zero penalty is allowed and closes the seat like `releaseSeat` (nothing is sent).
    function penalizeSeat(
        address arbitrator,
        uint256 lockAmount,
        uint256 penalty,
        address recipient
    ) external onlyRole(COURT_ROLE) nonReentrant duringStaking {
        _checkRecipient(recipient);
        if (penalty > lockAmount) revert ArbitratorRegistryPenaltyAboveLock(penalty, lockAmount);
        Arbitrator storage stake = _closeSeat(arbitrator, lockAmount);
        uint256 released;
        // Safe: penalty <= lockAmount checked above.
        unchecked {
            released = lockAmount - penalty;
        }
        _totalStaked -= penalty;
        emit SeatPenalized(msg.sender, arbitrator, recipient, penalty, released);
        _setFree(arbitrator, stake, stake.free + released, false);
        if (penalty != 0) _stakeToken.safeTransfer(recipient, penalty);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IArbitratorRegistry
    /// @dev Rewrites every weight the new minimum changes (see the contract's NatSpec), so its
    ///  cost grows with the number of slots in use, up to MAX_ARBITRATORS.
    function setMinimumStake(uint256 newMinimum) external onlyRole(DEFAULT_ADMIN_ROLE) duringStaking {
        _setMinimumStake(newMinimum);
    }

    /// @inheritdoc IArbitratorRegistry
    function setLeaveDelay(uint64 newDelay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLeaveDelay(newDelay);
    }

    /// @inheritdoc IArbitratorRegistry
    function setRandomnessSource(address newSource) external onlyRole(DEFAULT_ADMIN_ROLE) duringStaking {
        _setRandomnessSource(newSource);
    }

    /// @inheritdoc IArbitratorRegistry
    function setDrawSchedule(
        uint64 minStakingTime,
        uint64 maxDrawingTime
    ) external onlyRole(DEFAULT_ADMIN_ROLE) duringStaking {
        _setDrawSchedule(minStakingTime, maxDrawingTime);
    }

    // -------------------------------------------------------------- private

    /// @dev The drawing weight of `free` stake under `minimum`.
    function _weight(uint256 free, uint256 minimum) private pure returns (uint256) {
        return free >= minimum ? free : 0;
    }

    /// @dev Set `arbitrator`'s free stake to `newFree` and its weight to match: a slot is taken when
    ///  the weight becomes non-zero and handed back when it returns to zero. When every slot is
    ///  taken, `strict` callers revert and the others leave the arbitrator undrawable until `sync`.
    function _setFree(address arbitrator, Arbitrator storage stake, uint256 newFree, bool strict) private {
        uint256 slot = _slotHeldBy(arbitrator);
        // A slot's weight is exactly its holder's free stake (see the contract's NatSpec).
        uint256 oldWeight = slot == 0 ? 0 : stake.free;
        uint256 newWeight = _weight(newFree, _minimumStake);
        stake.free = newFree;
        if (newWeight != 0 && slot == 0) {
            slot = _takeSlot(arbitrator, strict);
            if (slot == 0) newWeight = 0;
        }
        if (oldWeight == newWeight) return;
        // Safe: each subtraction follows the comparison that orders its operands.
        unchecked {
            if (newWeight > oldWeight) _weights.add(MAX_ARBITRATORS, slot, newWeight - oldWeight);
            else _weights.sub(MAX_ARBITRATORS, slot, oldWeight - newWeight);
        }
        if (oldWeight == 0) ++_drawableCount;
        else if (newWeight == 0) {
            --_drawableCount;
            _returnSlot(slot);
        }
        emit WeightChanged(arbitrator, newWeight);
    }

    /// @dev Check a seat of `lockAmount` exists and close it: locked stake and seat count drop.
    function _closeSeat(address arbitrator, uint256 lockAmount) private returns (Arbitrator storage stake) {
        if (lockAmount == 0) revert ArbitratorRegistryZeroAmount();
        stake = _arbitrators[arbitrator];
        uint256 locked = stake.locked;
        if (stake.seats == 0 || locked < lockAmount) {
            revert ArbitratorRegistryInsufficientLocked(arbitrator, locked, lockAmount);
        }
        // Safe: both checked just above.
        unchecked {
            stake.locked = locked - lockAmount;
            --stake.seats;
        }
    }

    /// @dev Lock `lockPerSeat` of each panel member's free stake for its new seat.
    function _lockSeats(address[] memory panel, uint256 ticket, uint256 lockPerSeat) private {
        for (uint256 i = 0; i < panel.length; ++i) {
            address arbitrator = panel[i];
            Arbitrator storage stake = _arbitrators[arbitrator];
            stake.locked += lockPerSeat;
            ++stake.seats;
            emit SeatLocked(msg.sender, arbitrator, ticket, lockPerSeat);
            // Checked: a drawn arbitrator's weight is non-zero, so free >= minimumStake == lockPerSeat.
            // Lower weights never need a slot, so this cannot revert on a full tree.
            _setFree(arbitrator, stake, stake.free - lockPerSeat, true);
        }
    }

    /// @dev Give `arbitrator` a slot of the tree, the lowest handed back or else a new one; 0 (or a
    ///  revert, when `strict`) when all are taken.
    function _takeSlot(address arbitrator, bool strict) private returns (uint256 slot) {
        for (uint256 w = 0; w < _FREE_MAP_WORDS; ++w) {
            uint256 word = _freeMap[w];
            if (word == 0) continue;
            // Safe: two's complement negation isolates the lowest set bit of a non-zero word.
            uint256 lowest;
            unchecked {
                lowest = word & (~word + 1);
            }
            _freeMap[w] = word ^ lowest;
            slot = w * 256 + _bitIndex(lowest) + 1;
            break;
        }
        if (slot == 0) {
            if (_slotsUsed == MAX_ARBITRATORS) {
                if (strict) revert ArbitratorRegistryFull(MAX_ARBITRATORS);
                return 0;
            }
            slot = ++_slotsUsed;
            // Once per slot: its tree nodes are written now so that no later weight change (nor
            // a minimum change rewriting every weight) pays for writing a zero storage slot.
            _weights.reserve(MAX_ARBITRATORS, slot);
        }
        _slotOf[arbitrator] = slot;
        _holderOf[slot] = arbitrator;
    }

    /// @dev Hand `slot` back; its weight in the tree is already 0. Its holder's entries go stale.
    function _returnSlot(uint256 slot) private {
        // Safe: slots are 1..MAX_ARBITRATORS.
        unchecked {
            _freeMap[(slot - 1) >> 8] |= 1 << ((slot - 1) & 255);
        }
    }

    /// @dev The slot `arbitrator` holds, or 0: its entry in `_slotOf` counts only while the slot is
    ///  not free and `_holderOf` names it back.
    function _slotHeldBy(address arbitrator) private view returns (uint256 slot) {
        slot = _slotOf[arbitrator];
        if (slot == 0) return 0;
        // Safe: slots are 1..MAX_ARBITRATORS.
        unchecked {
            if ((_freeMap[(slot - 1) >> 8] >> ((slot - 1) & 255)) & 1 == 1) return 0;
        }
        if (_holderOf[slot] != arbitrator) return 0;
    }

    /// @dev The index of the only set bit of `bit`.
    function _bitIndex(uint256 bit) private pure returns (uint256 index) {
        for (uint256 shift = 128; shift != 0; shift >>= 1) {
            if (bit >> shift != 0) {
                bit >>= shift;
                index += shift;
            }
        }
    }

    /// @dev Check `ticket` may be drawn now (Drawing phase, next in line, of this session or an
    ///  earlier one), close it and return its seed.
    function _consumeTicket(uint256 ticket) private returns (bytes32) {
        Phase current = _phase;
        if (current != Phase.Drawing) revert ArbitratorRegistryWrongPhase(current);
        uint256 next = _headTicket;
        if (ticket != next) revert ArbitratorRegistryDrawOutOfOrder(ticket, next);
        _checkTicket(ticket);
        uint64 ticketSession = _tickets[ticket].session;
        if (ticketSession > _session) revert ArbitratorRegistryTicketNotInSession(ticket, ticketSession);
        _closeTicket(ticket);
        return keccak256(abi.encode(_randomness, block.chainid, address(this), ticket));
    }

    /// @dev `seats` distinct arbitrators by weight from `seed`, none of `excluded`; empty when
    ///  fewer than `seats` can sit. Writes nothing.
    function _sample(
        bytes32 seed,
        uint256 seats,
        address[] calldata excluded
    ) private view returns (address[] memory panel) {
        // Slots left out of the search: the excluded arbitrators first, then each one drawn.
        uint256[] memory ignoredSlots = new uint256[](excluded.length + seats);
        uint256[] memory ignoredWeights = new uint256[](excluded.length + seats);
        uint256 ignoredCount = 0;
        uint256 ignoredWeight = 0;
        for (uint256 e = 0; e < excluded.length; ++e) {
            uint256 slot = _slotHeldBy(excluded[e]);
            if (slot == 0 || _contains(ignoredSlots, ignoredCount, slot)) continue;
            // A slot holder's weight is its free stake.
            uint256 weight = _arbitrators[excluded[e]].free;
            ignoredSlots[ignoredCount] = slot;
            ignoredWeights[ignoredCount] = weight;
            ++ignoredCount;
            ignoredWeight += weight;
        }
        // Safe: every ignored slot so far is a distinct slot with a non-zero weight.
        uint256 remaining;
        unchecked {
            if (_drawableCount - ignoredCount < seats) return new address[](0);
            remaining = _weights.total(MAX_ARBITRATORS) - ignoredWeight;
        }
        panel = new address[](seats);
        for (uint256 i = 0; i < seats; ++i) {
            // remaining > 0: at least seats - i drawable arbitrators are still not ignored.
            uint256 target = uint256(keccak256(abi.encode(seed, i))) % remaining;
            uint256 slot = _weights.search(MAX_ARBITRATORS, target, ignoredSlots, ignoredWeights, ignoredCount);
            address arbitrator = _holderOf[slot];
            uint256 weight = _arbitrators[arbitrator].free;
            panel[i] = arbitrator;
            ignoredSlots[ignoredCount] = slot;
            ignoredWeights[ignoredCount] = weight;
            ++ignoredCount;
            // Safe: weight is part of remaining (the slot was not ignored).
            unchecked {
                remaining -= weight;
            }
        }
    }

    /// @dev Only the court that asked for an open ticket may close it.
    function _checkTicket(uint256 ticket) private view {
        Ticket storage stored = _tickets[ticket];
        if (!stored.open || stored.court != msg.sender) revert ArbitratorRegistryTicketNotOpen(ticket);
    }

    /// @dev Whether a ticket of the running session is drawn changes the weights its later tickets
    ///  are drawn from, and the session's randomness may be known: it stays in line until the
    ///  session ends. Tickets of later sessions may leave at any time.
    function _requireCancellable(uint256 ticket) private view {
        Phase current = _phase;
        if (current != Phase.Staking && _tickets[ticket].session <= _session) {
            revert ArbitratorRegistryStakesFrozen(current);
        }
    }

    /// @dev Open ticket `ticket` leaves the line: its neighbours are linked to each other.
    function _closeTicket(uint256 ticket) private {
        _tickets[ticket].open = false;
        --_openTickets;
        Links memory links = _links[ticket];
        if (links.prev == 0) _headTicket = links.next;
        else _links[links.prev].next = links.next;
        if (links.next == 0) _tailTicket = links.prev;
        else _links[links.next].prev = links.prev;
        delete _links[ticket];
    }

    function _enter(Phase next) private {
        _phase = next;
        _phaseStartedAt = uint64(block.timestamp);
    }

    /// @dev The source's answer for `requestId`, read so that a source that reverts or returns
    ///  something else than (status, value) counts as Failed instead of reverting `passPhase`. A
    ///  request the source does not know (None) is asked again, like an Expired one.
    function _readRandomness(uint256 requestId) private view returns (Answer answer, uint256 value) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory returned) = address(_randomnessSource).staticcall(
            abi.encodeCall(IRandomnessSource.randomnessOf, (requestId))
        );
        if (!ok || returned.length < 64) return (Answer.Failed, 0);
        uint256 status;
        (status, value) = abi.decode(returned, (uint256, uint256));
        if (status == uint256(IRandomnessSource.RequestStatus.Ready)) return (Answer.Ready, value);
        if (status == uint256(IRandomnessSource.RequestStatus.Pending)) return (Answer.Pending, 0);
        if (status <= uint256(type(IRandomnessSource.RequestStatus).max)) return (Answer.Expired, 0);
        return (Answer.Failed, 0);
    }

    function _requestRandomness(uint64 session_) private {
        uint256 requestId = _randomnessSource.requestRandomness();
        _requestId = requestId;
        emit PhasePassed(Phase.Generating, session_, requestId, 0);
    }

    function _checkRecipient(address recipient) private view {
        if (recipient == address(0) || recipient == address(this)) {
            revert ArbitratorRegistryInvalidRecipient(recipient);
        }
    }

    function _contains(uint256[] memory slots, uint256 count, uint256 slot) private pure returns (bool) {
        for (uint256 k = 0; k < count; ++k) {
            if (slots[k] == slot) return true;
        }
        return false;
    }

    function _setMinimumStake(uint256 newMinimum) private {
        if (newMinimum == 0) revert ArbitratorRegistryZeroMinimumStake();
        uint256 oldMinimum = _minimumStake;
        _minimumStake = newMinimum;
        if (newMinimum > oldMinimum) _reweigh(newMinimum);
        emit MinimumStakeUpdated(oldMinimum, newMinimum);
    }

    /// @dev Rewrite the weights a raised minimum changes: slot holders whose free stake is below
    ///  `newMinimum` drop to 0 and hand their slot back. (A lowered minimum changes no holder's
    ///  weight; arbitrators without a slot whose free stake reaches it become drawable through
    ///  `sync`.) Reads each used slot's holder and free stake once and writes each changed word of
    ///  the free map once.
    function _reweigh(uint256 newMinimum) private {
        uint256 used = _slotsUsed;
        if (used == 0) return;
        uint256[] memory deltas = new uint256[](MAX_ARBITRATORS + 1);
        uint256[_FREE_MAP_WORDS] memory freeMap = _freeMap;
        uint256 dropped = 0;
        for (uint256 slot = 1; slot <= used; ++slot) {
            uint256 word = (slot - 1) >> 8;
            uint256 bit = 1 << ((slot - 1) & 255);
            // A free slot's holder entry is stale.
            if (freeMap[word] & bit != 0) continue;
            address arbitrator = _holderOf[slot];
            uint256 free = _arbitrators[arbitrator].free;
            if (free >= newMinimum) continue;
            // The holder's weight was its whole free stake and drops to 0 with its slot. Safe: the
            // wrapped delta is what FenwickTree.applyDeltas expects.
            unchecked {
                deltas[slot] = 0 - free;
                ++dropped;
            }
            freeMap[word] |= bit;
            emit WeightChanged(arbitrator, 0);
        }
        if (dropped == 0) return;
        for (uint256 w = 0; w < _FREE_MAP_WORDS; ++w) {
            if (freeMap[w] != _freeMap[w]) _freeMap[w] = freeMap[w];
        }
        _drawableCount -= dropped;
        _weights.applyDeltas(MAX_ARBITRATORS, deltas);
    }

    function _setRandomnessSource(address newSource) private {
        if (newSource.code.length == 0) revert ArbitratorRegistryInvalidRandomnessSource(newSource);
        address oldSource = address(_randomnessSource);
        _randomnessSource = IRandomnessSource(newSource);
        emit RandomnessSourceUpdated(oldSource, newSource);
    }

    function _setDrawSchedule(uint64 minStakingTime, uint64 maxDrawingTime) private {
        if (minStakingTime == 0 || minStakingTime > MAX_PHASE_TIME) {
            revert ArbitratorRegistryInvalidPhaseTime(minStakingTime, MAX_PHASE_TIME);
        }
        if (maxDrawingTime == 0 || maxDrawingTime > MAX_PHASE_TIME) {
            revert ArbitratorRegistryInvalidPhaseTime(maxDrawingTime, MAX_PHASE_TIME);
        }
        _minStakingTime = minStakingTime;
        _maxDrawingTime = maxDrawingTime;
        emit DrawScheduleUpdated(minStakingTime, maxDrawingTime);
    }

    function _setLeaveDelay(uint64 newDelay) private {
        if (newDelay > MAX_LEAVE_DELAY) revert ArbitratorRegistryLeaveDelayTooLong(newDelay, MAX_LEAVE_DELAY);
        uint64 oldDelay = _leaveDelay;
        _leaveDelay = newDelay;
        emit LeaveDelayUpdated(oldDelay, newDelay);
    }
}
