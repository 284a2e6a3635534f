// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";
import {SlashLibrary} from "../libraries/SlashLibrary.sol";

/// @title StakeManager
/// @notice Operators' stake: deposits, unbonding withdrawals, collateral locks and slashing.
/// @dev The default admin role sets parameters and grants the locker and slasher roles; at
///  deploy it is handed to governance (the timelock), so no single key keeps it.
contract StakeManager is IStakeManager, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc IStakeManager
    bytes32 public constant LOCKER_ROLE = keccak256("LOCKER_ROLE");
    /// @inheritdoc IStakeManager
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @inheritdoc IStakeManager
    uint64 public constant MAX_UNBONDING_DELAY = 90 days;

    IERC20 private immutable _stakeToken;

    uint256 private _minimumStake;
    uint64 private _unbondingDelay;
    uint256 private _totalStaked;

    mapping(address operator => StakeBalance) private _stakes;
    mapping(address locker => mapping(address operator => uint256)) private _lockedBy;

    constructor(IERC20 stakeToken_, address admin, uint256 minimumStake_, uint64 unbondingDelay_) {
        _stakeToken = stakeToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setMinimumStake(minimumStake_);
        _setUnbondingDelay(unbondingDelay_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IStakeManager
    function stakeToken() external view returns (IERC20) {
        return _stakeToken;
    }

    /// @inheritdoc IStakeManager
    function minimumStake() external view returns (uint256) {
        return _minimumStake;
    }

    /// @inheritdoc IStakeManager
    function unbondingDelay() external view returns (uint64) {
        return _unbondingDelay;
    }

    /// @inheritdoc IStakeManager
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IStakeManager
    function stakeOf(address operator) external view returns (StakeBalance memory) {
        return _stakes[operator];
    }

    /// @inheritdoc IStakeManager
    function lockedBy(address locker, address operator) external view returns (uint256) {
        return _lockedBy[locker][operator];
    }

    /// @inheritdoc IStakeManager
    function meetsMinimum(address operator) external view returns (bool) {
        return _stakes[operator].free >= _minimumStake;
    }

    // ------------------------------------------------------------ operators

    /// @inheritdoc IStakeManager
    function deposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert StakeManagerZeroAmount();
        StakeBalance storage stake = _stakes[msg.sender];
        // Pull first and credit what actually arrived, so a token that charges a transfer fee
        // cannot make the books claim more than the contract holds.
        uint256 balanceBefore = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _stakeToken.balanceOf(address(this)) - balanceBefore;
        if (received == 0) revert StakeManagerZeroAmount();
        stake.free += received;
        _totalStaked += received;
        emit StakeDeposited(msg.sender, received, stake.free);
    }

    /// @inheritdoc IStakeManager
    function requestWithdrawal(uint256 amount) external {
        if (amount == 0) revert StakeManagerZeroAmount();
        StakeBalance storage stake = _stakes[msg.sender];
        uint256 free = stake.free;
        if (free < amount) revert StakeManagerInsufficientFreeStake(msg.sender, free, amount);
        // Safe: checked just above.
        unchecked {
            stake.free = free - amount;
        }
        stake.unbonding += amount;
        uint64 unlockAt = uint64(block.timestamp) + _unbondingDelay;
        stake.unlockAt = unlockAt;
        emit WithdrawalRequested(msg.sender, amount, stake.unbonding, unlockAt);
    }

    /// @inheritdoc IStakeManager
    function cancelWithdrawal() external {
        StakeBalance storage stake = _stakes[msg.sender];
        uint256 amount = stake.unbonding;
        if (amount == 0) revert StakeManagerNothingUnbonding(msg.sender);
        stake.unbonding = 0;
        stake.unlockAt = 0;
        stake.free += amount;
        emit WithdrawalCancelled(msg.sender, amount);
    }

    /// @inheritdoc IStakeManager
    function withdraw(address recipient) external nonReentrant returns (uint256 amount) {
        _checkRecipient(recipient);
        StakeBalance storage stake = _stakes[msg.sender];
        amount = stake.unbonding;
        if (amount == 0) revert StakeManagerNothingUnbonding(msg.sender);
        uint64 unlockAt = stake.unlockAt;
        if (block.timestamp < unlockAt) revert StakeManagerStillUnbonding(msg.sender, unlockAt);
        stake.unbonding = 0;
        stake.unlockAt = 0;
        _totalStaked -= amount;
        emit StakeWithdrawn(msg.sender, recipient, amount);
        _stakeToken.safeTransfer(recipient, amount);
    }

    // -------------------------------------------------------------- lockers

    /// @inheritdoc IStakeManager
    function lock(address operator, uint256 amount) external onlyRole(LOCKER_ROLE) {
        if (amount == 0) revert StakeManagerZeroAmount();
        StakeBalance storage stake = _stakes[operator];
        uint256 free = stake.free;
        if (free < amount) revert StakeManagerInsufficientFreeStake(operator, free, amount);
        // Safe: checked just above.
        unchecked {
            stake.free = free - amount;
        }
        stake.locked += amount;
        _lockedBy[msg.sender][operator] += amount;
        emit StakeLocked(msg.sender, operator, amount);
    }

    /// @inheritdoc IStakeManager
    function lockSlashable(address operator, uint256 amount) external onlyRole(LOCKER_ROLE) returns (uint256 locked) {
        if (amount == 0) revert StakeManagerZeroAmount();
        StakeBalance storage stake = _stakes[operator];
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(stake.free, stake.unbonding, amount);
        // Safe: split never returns more than each bucket holds, nor more than `amount` in all.
        unchecked {
            stake.free -= fromFree;
            stake.unbonding -= fromUnbonding;
            locked = fromFree + fromUnbonding;
        }
        if (stake.unbonding == 0) stake.unlockAt = 0;
        stake.locked += locked;
        _lockedBy[msg.sender][operator] += locked;
        emit SlashableStakeLocked(msg.sender, operator, fromFree, fromUnbonding, stake.unlockAt);
    }

    /// @inheritdoc IStakeManager
    function release(address operator, uint256 amount) external onlyRole(LOCKER_ROLE) {
        if (amount == 0) revert StakeManagerZeroAmount();
        uint256 held = _lockedBy[msg.sender][operator];
        if (held < amount) revert StakeManagerInsufficientLocked(msg.sender, operator, held, amount);
        StakeBalance storage stake = _stakes[operator];
        // Safe: the operator's locked bucket is the sum of every locker's ledger for it, so
        // held <= stake.locked, and amount <= held was checked just above.
        unchecked {
            _lockedBy[msg.sender][operator] = held - amount;
            stake.locked -= amount;
        }
        stake.free += amount;
        emit StakeReleased(msg.sender, operator, amount);
    }

    // ------------------------------------------------------------- slashers

    /// @inheritdoc IStakeManager
    function slash(
        address operator,
        uint256 amount,
        address recipient,
        bytes32 reason
    ) external onlyRole(SLASHER_ROLE) nonReentrant returns (uint256 slashed) {
        if (amount == 0) revert StakeManagerZeroAmount();
        _checkRecipient(recipient);
        if (reason == bytes32(0)) revert StakeManagerEmptyReason();
        StakeBalance storage stake = _stakes[operator];
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(stake.free, stake.unbonding, amount);
        // Safe: split never returns more than each bucket holds.
        unchecked {
            stake.free -= fromFree;
            stake.unbonding -= fromUnbonding;
            slashed = fromFree + fromUnbonding;
            _totalStaked -= slashed;
        }
        if (stake.unbonding == 0) stake.unlockAt = 0;
        emit StakeSlashed(operator, msg.sender, recipient, reason, amount, fromFree, fromUnbonding);
        if (slashed != 0) _stakeToken.safeTransfer(recipient, slashed);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IStakeManager
    function setMinimumStake(uint256 newMinimum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinimumStake(newMinimum);
    }

    /// @inheritdoc IStakeManager
    function setUnbondingDelay(uint64 newDelay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setUnbondingDelay(newDelay);
    }

    function _checkRecipient(address recipient) private view {
        if (recipient == address(0) || recipient == address(this)) revert StakeManagerInvalidRecipient(recipient);
    }

    function _setMinimumStake(uint256 newMinimum) private {
        if (newMinimum == 0) revert StakeManagerZeroMinimumStake();
        uint256 oldMinimum = _minimumStake;
        _minimumStake = newMinimum;
        emit MinimumStakeUpdated(oldMinimum, newMinimum);
    }

    function _setUnbondingDelay(uint64 newDelay) private {
        if (newDelay > MAX_UNBONDING_DELAY) revert StakeManagerUnbondingDelayTooLong(newDelay, MAX_UNBONDING_DELAY);
        uint64 oldDelay = _unbondingDelay;
        _unbondingDelay = newDelay;
        emit UnbondingDelayUpdated(oldDelay, newDelay);
    }
}
