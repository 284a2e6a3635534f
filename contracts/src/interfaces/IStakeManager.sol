// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IStakeManager
/// @notice Holds operators' stake in one ERC-20 stake token.
/// @dev Every operator's stake lives in three buckets:
///  - free: available to back agents, to be locked as job collateral, or to start unbonding;
///  - locked: collateral held by contracts with the locker role (one ledger per locker, so a
///    locker can only ever release what it locked itself);
///  - unbonding: requested for withdrawal, claimable once `unlockAt` has passed, and still
///    slashable until it is claimed.
/// The token balance of the manager always equals the sum of all three buckets over all
/// operators (`totalStaked`). Slashing takes from free stake first, then from unbonding stake;
/// locked collateral is never slashed directly: the locker releases it first, so a locker's
/// ledger can never be emptied behind its back.
interface IStakeManager {
    /// @notice An operator's stake, bucket by bucket.
    struct StakeBalance {
        uint256 free;
        uint256 locked;
        uint256 unbonding;
        /// @dev Timestamp from which `unbonding` may be withdrawn; 0 when nothing is unbonding.
        uint64 unlockAt;
    }

    /// @notice Zero amounts are refused everywhere: they only cost gas and pollute the history.
    error StakeManagerZeroAmount();
    /// @notice The operator's free stake does not cover `requested`.
    error StakeManagerInsufficientFreeStake(address operator, uint256 free, uint256 requested);
    /// @notice The operator has no unbonding stake to cancel or withdraw.
    error StakeManagerNothingUnbonding(address operator);
    /// @notice The unbonding delay has not passed yet.
    error StakeManagerStillUnbonding(address operator, uint64 unlockAt);
    /// @notice The locker tried to release more than it locked for this operator.
    error StakeManagerInsufficientLocked(address locker, address operator, uint256 locked, uint256 requested);
    /// @notice Withdrawn or slashed funds must leave the manager: not to the zero address (a
    ///  lenient token would burn them) nor to the manager itself (they would be stranded, held
    ///  but counted nowhere).
    error StakeManagerInvalidRecipient(address recipient);
    /// @notice A zero minimum stake would make every address count as staked.
    error StakeManagerZeroMinimumStake();
    /// @notice A slash must say why.
    error StakeManagerEmptyReason();
    /// @notice The unbonding delay is above the protocol cap, which keeps an admin from freezing withdrawals.
    error StakeManagerUnbondingDelayTooLong(uint64 delay, uint64 maxDelay);

    /// @notice `operator` deposited `amount`; `freeAfter` is its free stake afterwards.
    event StakeDeposited(address indexed operator, uint256 amount, uint256 freeAfter);
    /// @notice `operator` moved `amount` from free to unbonding; the whole unbonding bucket unlocks at `unlockAt`.
    event WithdrawalRequested(address indexed operator, uint256 amount, uint256 unbondingAfter, uint64 unlockAt);
    /// @notice `operator` moved its unbonding stake (`amount`) back to free stake.
    event WithdrawalCancelled(address indexed operator, uint256 amount);
    /// @notice `operator` withdrew `amount` of unbonded stake to `recipient`.
    event StakeWithdrawn(address indexed operator, address indexed recipient, uint256 amount);
    /// @notice `locker` locked `amount` of the operator's free stake as collateral.
    event StakeLocked(address indexed locker, address indexed operator, uint256 amount);
    /// @notice `locker` locked `fromFree` of the operator's free stake and `fromUnbonding` of its
    ///  unbonding stake (`lockSlashable`); `unlockAt` is 0 when nothing is left unbonding.
    event SlashableStakeLocked(
        address indexed locker,
        address indexed operator,
        uint256 fromFree,
        uint256 fromUnbonding,
        uint64 unlockAt
    );
    /// @notice `locker` released `amount` of collateral back to the operator's free stake.
    event StakeReleased(address indexed locker, address indexed operator, uint256 amount);
    /// @notice `slasher` slashed `operator` for `reason`, sending the slashed amount to `recipient`.
    /// @dev `requested` may exceed `fromFree + fromUnbonding` when the operator had less than
    ///  was asked for; the difference was not taken (and the caller may cover it elsewhere).
    event StakeSlashed(
        address indexed operator,
        address indexed slasher,
        address indexed recipient,
        bytes32 reason,
        uint256 requested,
        uint256 fromFree,
        uint256 fromUnbonding
    );
    /// @notice The minimum free stake an operator needs for its agents to be active changed.
    event MinimumStakeUpdated(uint256 oldMinimum, uint256 newMinimum);
    /// @notice The unbonding delay changed; it applies to withdrawals requested from now on.
    event UnbondingDelayUpdated(uint64 oldDelay, uint64 newDelay);

    /// @notice The ERC-20 token stake is held in.
    function stakeToken() external view returns (IERC20);

    /// @notice Role allowed to lock and release collateral (e.g. the job escrow).
    function LOCKER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to slash (e.g. the dispute court).
    function SLASHER_ROLE() external view returns (bytes32);

    /// @notice Upper bound on the unbonding delay any admin can set.
    function MAX_UNBONDING_DELAY() external view returns (uint64);

    /// @notice Minimum free stake an operator needs for its agents to be active.
    function minimumStake() external view returns (uint256);

    /// @notice Delay between a withdrawal request and the moment it can be withdrawn.
    function unbondingDelay() external view returns (uint64);

    /// @notice Sum of every operator's free, locked and unbonding stake.
    function totalStaked() external view returns (uint256);

    /// @notice All buckets of `operator`'s stake.
    function stakeOf(address operator) external view returns (StakeBalance memory);

    /// @notice Collateral `locker` currently holds locked for `operator`.
    function lockedBy(address locker, address operator) external view returns (uint256);

    /// @notice Whether `operator`'s free stake covers the minimum stake.
    function meetsMinimum(address operator) external view returns (bool);

    /// @notice Deposit `amount` of the stake token (pre-approved) as free stake of the caller.
    function deposit(uint256 amount) external;

    /// @notice Move `amount` of free stake to unbonding. Restarts the unbonding clock for the
    ///  whole unbonding bucket, so a withdrawal can never skip the delay by joining an old request.
    function requestWithdrawal(uint256 amount) external;

    /// @notice Move all unbonding stake back to free stake.
    function cancelWithdrawal() external;

    /// @notice Send all unbonded stake to `recipient` once the delay has passed.
    /// @return amount The amount withdrawn.
    function withdraw(address recipient) external returns (uint256 amount);

    /// @notice Lock `amount` of `operator`'s free stake as collateral held by the caller. Locker role only.
    function lock(address operator, uint256 amount) external;

    /// @notice Lock up to `amount` of `operator`'s slashable stake, free stake first and then
    ///  unbonding stake (as a slash takes it), held by the caller; never reverts for want of stake.
    ///  Stake taken from the unbonding bucket comes back as free stake on `release`, so the
    ///  operator asks to withdraw it again. Locker role only.
    /// @dev For the court, which holds an operator's stake behind a dispute's compensation: an
    ///  operator who moved its free stake to unbonding just before the dispute opened (it saw the
    ///  dispute coming, or front-ran it) must not be able to withdraw it while the dispute runs.
    /// @return locked What was locked (at most `amount`).
    function lockSlashable(address operator, uint256 amount) external returns (uint256 locked);

    /// @notice Release `amount` of collateral the caller locked for `operator`. Locker role only.
    function release(address operator, uint256 amount) external;

    /// @notice Slash up to `amount` of `operator`'s free, then unbonding, stake to `recipient`. Slasher role only.
    /// @return slashed The amount actually taken (less than `amount` when the operator had less).
    function slash(
        address operator,
        uint256 amount,
        address recipient,
        bytes32 reason
    ) external returns (uint256 slashed);

    /// @notice Set the minimum stake (never zero). Admin role only.
    function setMinimumStake(uint256 newMinimum) external;

    /// @notice Set the unbonding delay (at most MAX_UNBONDING_DELAY). Admin role only.
    function setUnbondingDelay(uint64 newDelay) external;
}
