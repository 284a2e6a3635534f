// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IArbitratorRegistry} from "../interfaces/IArbitratorRegistry.sol";
import {FenwickTree} from "../libraries/FenwickTree.sol";

/// @title ArbitratorRegistry
/// @notice The court's bench: stake to sit, weighted draws onto panels, seat locks, leave delay.
/// @dev The default admin role sets parameters and grants COURT_ROLE (to the dispute court).
///
///  Weights. Every address holding stake owns one slot of a Fenwick tree of MAX_ARBITRATORS
///  slots, taken at its first deposit and handed back (to a stack of free slots, reused first)
///  once its free, locked and leaving stake are all 0 and it holds no seat. The weight stored for
///  a slot is always exactly `free >= minimumStake ? free : 0` for the current minimum: every
///  change of a free bucket updates the tree, and `setMinimumStake` rewrites the weights of every
///  slot whose weight the new minimum changes, in one O(MAX_ARBITRATORS) pass over memory that
///  writes each changed tree node once. Tree nodes never return to zero (see FenwickTree), so
///  that pass never writes a zero storage slot: with all 1024 slots taken and every weight
///  changing it measured about 10.7M gas, inside the 2**24 transaction gas cap of EIP-7825. So `totalWeight`, `weightOf` and `drawableCount` are
///  exact at all times, and a drawn arbitrator always has free stake of at least the current
///  `seatLock`: no redraw is ever needed (the lock's checked subtraction would revert otherwise).
///
///  Draws. Seats are sampled without replacement without writing the tree: the excluded
///  arbitrators and those already drawn are passed to the tree search as ignored slots, whose
///  weights it subtracts from every node covering them. Only after every seat is chosen are the
///  seat locks taken, which lower the drawn arbitrators' free stake (and weights) for good.
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

    IERC20 private immutable _stakeToken;

    uint256 private _minimumStake;
    uint64 private _leaveDelay;
    uint256 private _totalStaked;
    uint256 private _drawableCount;

    mapping(address arbitrator => Arbitrator) private _arbitrators;
    mapping(address arbitrator => uint256 slot) private _slotOf;
    mapping(uint256 slot => address arbitrator) private _holderOf;
    /// @dev Slots handed back, reused before new ones.
    uint256[] private _freeSlots;
    /// @dev Slots 1.._slotsUsed have been handed out at least once.
    uint256 private _slotsUsed;
    FenwickTree.Tree private _weights;

    constructor(IERC20 stakeToken_, address admin, uint256 minimumStake_, uint64 leaveDelay_) {
        _stakeToken = stakeToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setMinimumStake(minimumStake_);
        _setLeaveDelay(leaveDelay_);
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
    function weightOf(address arbitrator) external view returns (uint256) {
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

    // ---------------------------------------------------------- arbitrators

    /// @inheritdoc IArbitratorRegistry
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert ArbitratorRegistryZeroAmount();
        _takeSlot(msg.sender);
        // Pull first and credit what actually arrived, so a token that charges a transfer fee
        // cannot make the books claim more than the registry holds.
        uint256 balanceBefore = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _stakeToken.balanceOf(address(this)) - balanceBefore;
        if (received == 0) revert ArbitratorRegistryZeroAmount();
        Arbitrator storage stake = _arbitrators[msg.sender];
        uint256 free = stake.free;
        _setFree(msg.sender, stake, free, free + received);
        _totalStaked += received;
        emit ArbitratorStaked(msg.sender, received, stake.free);
    }

    /// @inheritdoc IArbitratorRegistry
    function requestLeave(uint256 amount) external {
        if (amount == 0) revert ArbitratorRegistryZeroAmount();
        Arbitrator storage stake = _arbitrators[msg.sender];
        uint256 free = stake.free;
        if (free < amount) revert ArbitratorRegistryInsufficientFree(msg.sender, free, amount);
        // Safe: checked just above.
        unchecked {
            _setFree(msg.sender, stake, free, free - amount);
        }
        uint256 leaving = stake.leaving + amount;
        uint64 unlockAt = uint64(block.timestamp) + _leaveDelay;
        stake.leaving = leaving;
        stake.unlockAt = unlockAt;
        emit LeaveRequested(msg.sender, amount, leaving, unlockAt);
    }

    /// @inheritdoc IArbitratorRegistry
    function cancelLeave() external {
        Arbitrator storage stake = _arbitrators[msg.sender];
        uint256 amount = stake.leaving;
        if (amount == 0) revert ArbitratorRegistryNothingLeaving(msg.sender);
        stake.leaving = 0;
        stake.unlockAt = 0;
        uint256 free = stake.free;
        _setFree(msg.sender, stake, free, free + amount);
        emit LeaveCancelled(msg.sender, amount);
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
        _returnSlotIfEmpty(msg.sender, stake);
        emit ArbitratorWithdrawn(msg.sender, recipient, amount);
        _stakeToken.safeTransfer(recipient, amount);
    }

    // ---------------------------------------------------------------- court

    /// @inheritdoc IArbitratorRegistry
    function draw(
        bytes32 seed,
        uint256 seats,
        address[] calldata excluded
    ) external onlyRole(COURT_ROLE) returns (address[] memory panel, uint256 lockPerSeat) {
        if (seats == 0 || seats > MAX_SEATS) revert ArbitratorRegistryInvalidSeatCount(seats, MAX_SEATS);
        lockPerSeat = _minimumStake;

        // Slots left out of the search: the excluded arbitrators first, then each one drawn.
        uint256[] memory ignoredSlots = new uint256[](excluded.length + seats);
        uint256[] memory ignoredWeights = new uint256[](excluded.length + seats);
        uint256 ignoredCount = 0;
        uint256 ignoredWeight = 0;
        for (uint256 e = 0; e < excluded.length; ++e) {
            uint256 slot = _slotOf[excluded[e]];
            if (slot == 0) continue;
            uint256 weight = _weight(_arbitrators[excluded[e]].free, lockPerSeat);
            if (weight == 0 || _contains(ignoredSlots, ignoredCount, slot)) continue;
            ignoredSlots[ignoredCount] = slot;
            ignoredWeights[ignoredCount] = weight;
            ++ignoredCount;
            ignoredWeight += weight;
        }
        // Safe: every ignored slot so far is a distinct slot with a non-zero weight.
        uint256 available;
        uint256 remaining;
        unchecked {
            available = _drawableCount - ignoredCount;
            remaining = _weights.total(MAX_ARBITRATORS) - ignoredWeight;
        }
        if (available < seats) revert ArbitratorRegistryNotEnoughArbitrators(available, seats);

        panel = new address[](seats);
        for (uint256 i = 0; i < seats; ++i) {
            // remaining > 0: at least seats - i drawable arbitrators are still not ignored.
            uint256 target = uint256(keccak256(abi.encode(seed, i))) % remaining;
            uint256 slot = _weights.search(MAX_ARBITRATORS, target, ignoredSlots, ignoredWeights, ignoredCount);
            address arbitrator = _holderOf[slot];
            uint256 weight = _weight(_arbitrators[arbitrator].free, lockPerSeat);
            panel[i] = arbitrator;
            ignoredSlots[ignoredCount] = slot;
            ignoredWeights[ignoredCount] = weight;
            ++ignoredCount;
            // Safe: weight is part of remaining (the slot was not ignored).
            unchecked {
                remaining -= weight;
            }
        }

        _lockSeats(panel, seed, lockPerSeat);
    }

    /// @inheritdoc IArbitratorRegistry
    function releaseSeat(address arbitrator, uint256 lockAmount) external onlyRole(COURT_ROLE) {
        Arbitrator storage stake = _closeSeat(arbitrator, lockAmount);
        uint256 free = stake.free;
        _setFree(arbitrator, stake, free, free + lockAmount);
        emit SeatReleased(msg.sender, arbitrator, lockAmount);
    }

    /// @inheritdoc IArbitratorRegistry
    /// @dev A zero penalty is allowed and closes the seat like `releaseSeat` (nothing is sent).
    function penalizeSeat(
        address arbitrator,
        uint256 lockAmount,
        uint256 penalty,
        address recipient
    ) external onlyRole(COURT_ROLE) nonReentrant {
        _checkRecipient(recipient);
        if (penalty > lockAmount) revert ArbitratorRegistryPenaltyAboveLock(penalty, lockAmount);
        Arbitrator storage stake = _closeSeat(arbitrator, lockAmount);
        uint256 released;
        // Safe: penalty <= lockAmount checked above.
        unchecked {
            released = lockAmount - penalty;
        }
        uint256 free = stake.free;
        _setFree(arbitrator, stake, free, free + released);
        _totalStaked -= penalty;
        _returnSlotIfEmpty(arbitrator, stake);
        emit SeatPenalized(msg.sender, arbitrator, recipient, penalty, released);
        if (penalty != 0) _stakeToken.safeTransfer(recipient, penalty);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IArbitratorRegistry
    /// @dev Rewrites every weight the new minimum changes (see the contract's NatSpec), so its
    ///  cost grows with the number of slots in use, up to MAX_ARBITRATORS.
    function setMinimumStake(uint256 newMinimum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinimumStake(newMinimum);
    }

    /// @inheritdoc IArbitratorRegistry
    function setLeaveDelay(uint64 newDelay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLeaveDelay(newDelay);
    }

    // -------------------------------------------------------------- private

    /// @dev The drawing weight of `free` stake under `minimum`.
    function _weight(uint256 free, uint256 minimum) private pure returns (uint256) {
        return free >= minimum ? free : 0;
    }

    /// @dev Set `arbitrator`'s free stake from `oldFree` to `newFree` and its weight to match.
    function _setFree(address arbitrator, Arbitrator storage stake, uint256 oldFree, uint256 newFree) private {
        stake.free = newFree;
        uint256 minimum = _minimumStake;
        uint256 oldWeight = _weight(oldFree, minimum);
        uint256 newWeight = _weight(newFree, minimum);
        if (oldWeight == newWeight) return;
        uint256 slot = _slotOf[arbitrator];
        // Safe: each subtraction follows the comparison that orders its operands.
        unchecked {
            if (newWeight > oldWeight) _weights.add(MAX_ARBITRATORS, slot, newWeight - oldWeight);
            else _weights.sub(MAX_ARBITRATORS, slot, oldWeight - newWeight);
        }
        if (oldWeight == 0) ++_drawableCount;
        else if (newWeight == 0) --_drawableCount;
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
    function _lockSeats(address[] memory panel, bytes32 seed, uint256 lockPerSeat) private {
        for (uint256 i = 0; i < panel.length; ++i) {
            address arbitrator = panel[i];
            Arbitrator storage stake = _arbitrators[arbitrator];
            uint256 free = stake.free;
            // Checked: a drawn arbitrator's weight is non-zero, so free >= minimumStake == lockPerSeat.
            _setFree(arbitrator, stake, free, free - lockPerSeat);
            stake.locked += lockPerSeat;
            ++stake.seats;
            emit SeatLocked(msg.sender, arbitrator, seed, lockPerSeat);
        }
    }

    /// @dev Give `arbitrator` a slot of the tree unless it holds one.
    function _takeSlot(address arbitrator) private {
        if (_slotOf[arbitrator] != 0) return;
        uint256 slot;
        uint256 freeCount = _freeSlots.length;
        if (freeCount != 0) {
            slot = _freeSlots[freeCount - 1];
            _freeSlots.pop();
        } else {
            if (_slotsUsed == MAX_ARBITRATORS) revert ArbitratorRegistryFull(MAX_ARBITRATORS);
            slot = ++_slotsUsed;
            // Once per slot: its tree nodes are written now so that no later weight change (nor
            // a minimum change rewriting every weight) pays for writing a zero storage slot.
            _weights.reserve(MAX_ARBITRATORS, slot);
        }
        _slotOf[arbitrator] = slot;
        _holderOf[slot] = arbitrator;
    }

    /// @dev Hand `arbitrator`'s slot back once it holds nothing (its weight is then already 0).
    function _returnSlotIfEmpty(address arbitrator, Arbitrator storage stake) private {
        if (stake.free != 0 || stake.locked != 0 || stake.leaving != 0 || stake.seats != 0) return;
        uint256 slot = _slotOf[arbitrator];
        delete _slotOf[arbitrator];
        delete _holderOf[slot];
        _freeSlots.push(slot);
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
        _reweigh(oldMinimum, newMinimum);
        emit MinimumStakeUpdated(oldMinimum, newMinimum);
    }

    /// @dev Rewrite the weights that change when the minimum goes from `oldMinimum` to
    ///  `newMinimum`: only free stakes between the two change (to or from 0).
    function _reweigh(uint256 oldMinimum, uint256 newMinimum) private {
        uint256 used = _slotsUsed;
        if (used == 0 || oldMinimum == newMinimum) return;
        uint256[] memory deltas = new uint256[](MAX_ARBITRATORS + 1);
        uint256 drawable = _drawableCount;
        bool changed = false;
        for (uint256 slot = 1; slot <= used; ++slot) {
            address arbitrator = _holderOf[slot];
            if (arbitrator == address(0)) continue;
            uint256 free = _arbitrators[arbitrator].free;
            uint256 oldWeight = _weight(free, oldMinimum);
            uint256 newWeight = _weight(free, newMinimum);
            if (oldWeight == newWeight) continue;
            changed = true;
            // Safe: the wrapped delta is what FenwickTree.applyDeltas expects; the count moves by
            // one per arbitrator whose weight turns on or off, which it counted before.
            unchecked {
                deltas[slot] = newWeight - oldWeight;
                if (oldWeight == 0) ++drawable;
                else --drawable;
            }
        }
        if (!changed) return;
        _drawableCount = drawable;
        _weights.applyDeltas(MAX_ARBITRATORS, deltas);
    }

    function _setLeaveDelay(uint64 newDelay) private {
        if (newDelay > MAX_LEAVE_DELAY) revert ArbitratorRegistryLeaveDelayTooLong(newDelay, MAX_LEAVE_DELAY);
        uint64 oldDelay = _leaveDelay;
        _leaveDelay = newDelay;
        emit LeaveDelayUpdated(oldDelay, newDelay);
    }
}
