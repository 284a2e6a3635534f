// SPDX-License-Identifier: MIT
// The handler shares this file with the test on purpose (see its NatSpec).
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IStakeManager} from "../../src/interfaces/IStakeManager.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

/// @title StakeManagerHandler
/// @notice Drives a StakeManager through random but well-formed sequences for the invariant tests:
///  a few operators deposit, request, cancel and withdraw (with time passing), two lockers (this
///  handler, which holds LOCKER_ROLE, and a second pranked locker) lock and release, and this
///  handler slashes (it holds SLASHER_ROLE). Ghost variables keep an independent ledger and count
///  every observation that would break a property, so the invariants can assert they stay zero.
///  It lives in this file rather than its own: Hardhat only writes artifacts for the test files it
///  is asked to run, and the invariant fuzzer needs the handler's artifact to call it, so running
///  this file alone would otherwise fail.
contract StakeManagerHandler is Test {
    uint256 internal constant ACTORS = 4;
    uint256 internal constant MAX_DEPOSIT = 1e27;
    uint256 internal constant MAX_WARP = 30 days;
    bytes32 internal constant REASON = keccak256("invariant");

    StakeManager public immutable manager;
    MockERC20 public immutable token;
    address public immutable admin;
    address public immutable secondLocker;
    address public immutable slashSink;

    address[] internal _actors;
    address[2] internal _lockers;

    /// @notice The timestamp the sequence has reached; every call starts by restoring it.
    uint256 public currentTime;

    // Totals over the whole sequence.
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    uint256 public ghostSlashed;

    // Our own ledger of every operator's buckets and clock, kept without reading the manager.
    mapping(address operator => uint256) public ghostFree;
    mapping(address operator => uint256) public ghostLocked;
    mapping(address operator => uint256) public ghostUnbonding;
    mapping(address operator => uint256) public ghostUnlockAt;
    mapping(address locker => mapping(address operator => uint256)) public ghostLockedBy;

    // Violations observed; the invariants require every one to stay zero.
    uint256 public ghostEarlyWithdrawals;
    uint256 public ghostRefusedWithdrawals;
    uint256 public ghostOverSlashes;
    uint256 public ghostLockedSlashes;

    // How often each action really changed state: read them from a probe invariant to check
    // that a campaign reaches every action (all of them did when this suite was written).
    mapping(bytes32 action => uint256) public calls;

    constructor(StakeManager manager_, MockERC20 token_, address admin_, address secondLocker_) {
        manager = manager_;
        token = token_;
        admin = admin_;
        secondLocker = secondLocker_;
        slashSink = makeAddr("slashSink");
        for (uint256 i = 0; i < ACTORS; ++i) {
            _actors.push(makeAddr(string.concat("operator", vm.toString(i))));
        }
        _lockers = [address(this), secondLocker_];
        currentTime = block.timestamp;
    }

    modifier useTime() {
        vm.warp(currentTime);
        _;
    }

    // ------------------------------------------------------------- read helpers

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function lockers() external view returns (address[2] memory) {
        return _lockers;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % ACTORS];
    }

    function _locker(uint256 seed) internal view returns (address) {
        return _lockers[seed % 2];
    }

    // ------------------------------------------------------------------ actions

    function warp(uint256 seconds_) external useTime {
        currentTime += bound(seconds_, 0, MAX_WARP);
        vm.warp(currentTime);
        ++calls["warp"];
    }

    function deposit(uint256 actorSeed, uint256 amount) external useTime {
        address operator = _actor(actorSeed);
        amount = bound(amount, 1, MAX_DEPOSIT);
        token.mint(operator, amount);
        vm.startPrank(operator);
        token.approve(address(manager), amount);
        manager.deposit(amount);
        vm.stopPrank();
        ghostDeposited += amount;
        ghostFree[operator] += amount;
        ++calls["deposit"];
    }

    function requestWithdrawal(uint256 actorSeed, uint256 amount) external useTime {
        address operator = _actor(actorSeed);
        uint256 free = ghostFree[operator];
        if (free == 0) return;
        amount = bound(amount, 1, free);
        vm.prank(operator);
        manager.requestWithdrawal(amount);
        ghostFree[operator] -= amount;
        ghostUnbonding[operator] += amount;
        ghostUnlockAt[operator] = block.timestamp + manager.unbondingDelay();
        ++calls["requestWithdrawal"];
    }

    function cancelWithdrawal(uint256 actorSeed) external useTime {
        address operator = _actor(actorSeed);
        uint256 unbonding = ghostUnbonding[operator];
        if (unbonding == 0) return;
        vm.prank(operator);
        manager.cancelWithdrawal();
        ghostFree[operator] += unbonding;
        ghostUnbonding[operator] = 0;
        ghostUnlockAt[operator] = 0;
        ++calls["cancelWithdrawal"];
    }

    /// @dev Lets time pass first, then tries to withdraw whether or not the delay is over: the
    ///  manager must refuse exactly when our own clock says the stake is still unbonding.
    function withdraw(uint256 actorSeed, uint256 wait) external useTime {
        address operator = _actor(actorSeed);
        uint256 unbonding = ghostUnbonding[operator];
        if (unbonding == 0) return;
        // A quarter of the time land exactly one second before the unlock, a quarter exactly on it.
        uint256 unlockAt = ghostUnlockAt[operator];
        if (wait % 4 == 0 && unlockAt > currentTime) currentTime = unlockAt - 1;
        else if (wait % 4 == 1 && unlockAt > currentTime) currentTime = unlockAt;
        else currentTime += bound(wait, 0, 2 * manager.unbondingDelay() + 1);
        vm.warp(currentTime);
        bool early = block.timestamp < unlockAt;

        vm.prank(operator);
        try manager.withdraw(operator) returns (uint256 amount) {
            if (early) ++ghostEarlyWithdrawals;
            if (amount != unbonding) ++ghostRefusedWithdrawals;
            ghostWithdrawn += amount;
            ghostUnbonding[operator] = 0;
            ghostUnlockAt[operator] = 0;
            ++calls["withdraw"];
        } catch {
            if (!early) ++ghostRefusedWithdrawals;
            ++calls["withdrawRefused"];
        }
    }

    function lock(uint256 actorSeed, uint256 lockerSeed, uint256 amount) external useTime {
        address operator = _actor(actorSeed);
        address locker = _locker(lockerSeed);
        uint256 free = ghostFree[operator];
        if (free == 0) return;
        amount = bound(amount, 1, free);
        vm.prank(locker);
        manager.lock(operator, amount);
        ghostFree[operator] -= amount;
        ghostLocked[operator] += amount;
        ghostLockedBy[locker][operator] += amount;
        ++calls["lock"];
    }

    /// @dev As the court locks behind a dispute: free stake first, then unbonding stake.
    function lockSlashable(uint256 actorSeed, uint256 lockerSeed, uint256 amount) external useTime {
        address operator = _actor(actorSeed);
        address locker = _locker(lockerSeed);
        amount = bound(amount, 1, MAX_DEPOSIT);
        vm.prank(locker);
        uint256 locked = manager.lockSlashable(operator, amount);
        uint256 fromFree = locked < ghostFree[operator] ? locked : ghostFree[operator];
        ghostFree[operator] -= fromFree;
        ghostUnbonding[operator] -= locked - fromFree;
        if (ghostUnbonding[operator] == 0) ghostUnlockAt[operator] = 0;
        ghostLocked[operator] += locked;
        ghostLockedBy[locker][operator] += locked;
        ++calls["lockSlashable"];
    }

    function release(uint256 actorSeed, uint256 lockerSeed, uint256 amount) external useTime {
        address operator = _actor(actorSeed);
        address locker = _locker(lockerSeed);
        uint256 held = ghostLockedBy[locker][operator];
        if (held == 0) return;
        amount = bound(amount, 1, held);
        vm.prank(locker);
        manager.release(operator, amount);
        ghostLockedBy[locker][operator] -= amount;
        ghostLocked[operator] -= amount;
        ghostFree[operator] += amount;
        ++calls["release"];
    }

    function slash(uint256 actorSeed, uint256 amount) external useTime {
        address operator = _actor(actorSeed);
        uint256 free = ghostFree[operator];
        uint256 unbonding = ghostUnbonding[operator];
        // Sometimes more than the operator has, to exercise the partial slash.
        amount = bound(amount, 1, 2 * (free + unbonding) + 1);
        IStakeManager.StakeBalance memory before = manager.stakeOf(operator);
        uint256 sinkBefore = token.balanceOf(slashSink);

        uint256 slashed = manager.slash(operator, amount, slashSink, REASON);

        IStakeManager.StakeBalance memory stake = manager.stakeOf(operator);
        if (slashed > before.free + before.unbonding || slashed > amount) ++ghostOverSlashes;
        if (token.balanceOf(slashSink) - sinkBefore != slashed) ++ghostOverSlashes;
        if (stake.locked != before.locked) ++ghostLockedSlashes;

        uint256 fromFree = amount < free ? amount : free;
        uint256 fromUnbonding = slashed - fromFree;
        ghostFree[operator] = free - fromFree;
        ghostUnbonding[operator] = unbonding - fromUnbonding;
        if (ghostUnbonding[operator] == 0) ghostUnlockAt[operator] = 0;
        ghostSlashed += slashed;
        ++calls["slash"];
    }

    /// @dev The admin may change the delay at any time; requests already made keep their clock.
    function setUnbondingDelay(uint256 delay) external useTime {
        delay = bound(delay, 0, manager.MAX_UNBONDING_DELAY());
        vm.prank(admin);
        manager.setUnbondingDelay(uint64(delay));
        ++calls["setUnbondingDelay"];
    }
}

contract StakeManagerInvariantTest is Test {
    MockERC20 internal token;
    StakeManager internal manager;
    StakeManagerHandler internal handler;

    function setUp() public {
        address admin = makeAddr("admin");
        address secondLocker = makeAddr("secondLocker");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        manager = new StakeManager(token, admin, 100 ether, 7 days);
        handler = new StakeManagerHandler(manager, token, admin, secondLocker);

        vm.startPrank(admin);
        manager.grantRole(manager.LOCKER_ROLE(), address(handler));
        manager.grantRole(manager.LOCKER_ROLE(), secondLocker);
        manager.grantRole(manager.SLASHER_ROLE(), address(handler));
        vm.stopPrank();

        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = StakeManagerHandler.deposit.selector;
        selectors[1] = StakeManagerHandler.requestWithdrawal.selector;
        selectors[2] = StakeManagerHandler.cancelWithdrawal.selector;
        selectors[3] = StakeManagerHandler.withdraw.selector;
        selectors[4] = StakeManagerHandler.lock.selector;
        selectors[5] = StakeManagerHandler.release.selector;
        selectors[6] = StakeManagerHandler.slash.selector;
        selectors[7] = StakeManagerHandler.warp.selector;
        selectors[8] = StakeManagerHandler.setUnbondingDelay.selector;
        selectors[9] = StakeManagerHandler.lockSlashable.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_balanceEqualsTotalStakedEqualsSumOfBuckets() public view {
        address[] memory operators = handler.actors();
        uint256 sum;
        for (uint256 i = 0; i < operators.length; ++i) {
            IStakeManager.StakeBalance memory stake = manager.stakeOf(operators[i]);
            sum += stake.free + stake.locked + stake.unbonding;
        }
        assertEq(token.balanceOf(address(manager)), manager.totalStaked(), "balance != totalStaked");
        assertEq(manager.totalStaked(), sum, "totalStaked != sum of buckets");
    }

    function invariant_lockedEqualsSumOfLockerLedgers() public view {
        address[] memory operators = handler.actors();
        address[2] memory lockers = handler.lockers();
        for (uint256 i = 0; i < operators.length; ++i) {
            uint256 sum = manager.lockedBy(lockers[0], operators[i]) + manager.lockedBy(lockers[1], operators[i]);
            assertEq(manager.stakeOf(operators[i]).locked, sum, "locked != sum of lockedBy");
        }
    }

    function invariant_stakeMatchesGhostLedger() public view {
        address[] memory operators = handler.actors();
        address[2] memory lockers = handler.lockers();
        for (uint256 i = 0; i < operators.length; ++i) {
            address operator = operators[i];
            IStakeManager.StakeBalance memory stake = manager.stakeOf(operator);
            assertEq(stake.free, handler.ghostFree(operator), "free");
            assertEq(stake.locked, handler.ghostLocked(operator), "locked");
            assertEq(stake.unbonding, handler.ghostUnbonding(operator), "unbonding");
            assertEq(stake.unlockAt, handler.ghostUnlockAt(operator), "unlockAt");
            assertEq(manager.lockedBy(lockers[0], operator), handler.ghostLockedBy(lockers[0], operator), "ledger 0");
            assertEq(manager.lockedBy(lockers[1], operator), handler.ghostLockedBy(lockers[1], operator), "ledger 1");
        }
    }

    function invariant_noWithdrawalBeforeUnlockAt() public view {
        assertEq(handler.ghostEarlyWithdrawals(), 0, "withdrawn before unlockAt");
        assertEq(handler.ghostRefusedWithdrawals(), 0, "withdrawal refused or short after unlockAt");
    }

    function invariant_slashNeverTakesMoreThanExisted() public view {
        assertEq(handler.ghostOverSlashes(), 0, "slashed more than existed");
        assertEq(handler.ghostLockedSlashes(), 0, "slash touched locked stake");
    }

    function invariant_depositedEqualsSlashedPlusWithdrawnPlusHeld() public view {
        assertEq(
            handler.ghostDeposited(),
            handler.ghostSlashed() + handler.ghostWithdrawn() + token.balanceOf(address(manager)),
            "tokens created or lost"
        );
    }
}
