// SPDX-License-Identifier: MIT
// The full-tree tests and the gas benchmarks share this file with the unit tests: all of them
// need the same helpers.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {IRandomnessSource} from "../../src/interfaces/IRandomnessSource.sol";
import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {ReentrantToken} from "../mocks/ReentrantToken.sol";
import {ScriptedRandomness} from "../mocks/ScriptedRandomness.sol";
import {BlockhashRandomness} from "../../src/randomness/BlockhashRandomness.sol";
import {ArbitratorDrawReference} from "../utils/ArbitratorDrawReference.sol";
import {Test} from "../utils/Test.sol";

abstract contract ArbitratorRegistryBase is Test {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant LEAVE_DELAY = 7 days;
    uint64 internal constant MIN_STAKING_TIME = 1 hours;
    uint64 internal constant MAX_DRAWING_TIME = 1 days;
    uint256 internal constant MAX_ARBITRATORS = 1024;

    MockERC20 internal token;
    ScriptedRandomness internal source;
    ArbitratorRegistry internal registry;

    address internal admin;
    address internal court;
    address internal sink;

    function _deploy() internal {
        source = new ScriptedRandomness();
        _deployWith(address(source));
    }

    function _deployWith(address randomnessSource) internal {
        admin = makeAddr("admin");
        court = makeAddr("court");
        sink = makeAddr("sink");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        registry = new ArbitratorRegistry(
            token,
            admin,
            MINIMUM_STAKE,
            LEAVE_DELAY,
            randomnessSource,
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.grantRole(courtRole, court);
    }

    function _arbitrator(uint256 i) internal pure returns (address) {
        return address(uint160(0xA000 + i));
    }

    function _actors(uint256 count) internal pure returns (address[] memory actors) {
        actors = new address[](count);
        for (uint256 i = 0; i < count; ++i) actors[i] = _arbitrator(i);
    }

    function _deposit(address arbitrator, uint256 amount) internal {
        token.mint(arbitrator, amount);
        vm.startPrank(arbitrator);
        token.approve(address(registry), amount);
        registry.deposit(amount);
        vm.stopPrank();
    }

    /// @dev Arbitrators 0..count-1 each deposit `stake`.
    function _fill(uint256 count, uint256 stake) internal {
        for (uint256 i = 0; i < count; ++i) _deposit(_arbitrator(i), stake);
    }

    function _requestDraw() internal returns (uint256 ticket) {
        vm.prank(court);
        ticket = registry.requestDraw();
    }

    function _slotOf(address arbitrator) internal view returns (uint256) {
        return ArbitratorDrawReference.slotOf(registry, arbitrator);
    }

    /// @dev Wait out the Staking phase and start a session; returns its randomness request.
    function _startSession() internal returns (uint256 requestId) {
        (uint64 minStakingTime, ) = registry.drawSchedule();
        uint256 readyAt = uint256(registry.phaseStartedAt()) + minStakingTime;
        if (block.timestamp < readyAt) vm.warp(readyAt);
        registry.passPhase();
        (requestId, ) = registry.sessionRandomness();
    }

    /// @dev Run the registry to Drawing with the session's randomness `value`.
    function _openDrawing(uint256 value) internal {
        if (registry.phase() == IArbitratorRegistry.Phase.Staking) _startSession();
        (uint256 requestId, ) = registry.sessionRandomness();
        source.answer(requestId, value);
        registry.passPhase();
    }

    function _drawNext(
        uint256 seats,
        address[] memory excluded
    ) internal returns (address[] memory panel, uint256 lockPerSeat) {
        (uint256 ticket, ) = registry.nextTicket();
        vm.prank(court);
        (panel, lockPerSeat) = registry.draw(ticket, seats, excluded);
    }

    /// @dev The panel the registry must draw for `ticket` now, by the reference over `actorCount` actors.
    function _expectedPanel(
        uint256 ticket,
        uint256 seats,
        address[] memory excluded,
        uint256 actorCount
    ) internal view returns (address[] memory) {
        ArbitratorDrawReference.Bench memory bench = ArbitratorDrawReference.benchOf(registry, _actors(actorCount));
        (, uint256 value) = registry.sessionRandomness();
        return
            ArbitratorDrawReference.draw(
                bench,
                ArbitratorDrawReference.seedOf(value, registry, ticket),
                seats,
                excluded
            );
    }

    /// @dev Slot holders weigh exactly their free stake, which is at least the minimum; the others
    ///  weigh nothing; the tree's total and the drawable count agree.
    function _checkBook(uint256 actorCount) internal view {
        uint256 minimum = registry.minimumStake();
        uint256 sum;
        uint256 holders;
        for (uint256 i = 0; i < actorCount; ++i) {
            address who = _arbitrator(i);
            uint256 free = registry.arbitratorOf(who).free;
            uint256 weight = registry.weightOf(who);
            if (_slotOf(who) != 0) {
                assertEq(weight, free, "a holder's weight is not its free stake");
                assertGe(free, minimum, "a holder below the minimum");
                ++holders;
            } else {
                assertEq(weight, 0, "weight without a slot");
            }
            sum += weight;
        }
        assertEq(registry.totalWeight(), sum, "totalWeight");
        assertEq(registry.drawableCount(), holders, "drawableCount");
    }

    function _frozen(IArbitratorRegistry.Phase phase) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryStakesFrozen.selector, phase);
    }

    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }
}

contract ArbitratorRegistryTest is ArbitratorRegistryBase {
    function setUp() public {
        _deploy();
    }

    // ---------------------------------------------------------- constructor

    function test_constructor_setsEveryParameterAndStartsInStaking() public view {
        assertEq(address(registry.stakeToken()), address(token));
        assertEq(registry.minimumStake(), MINIMUM_STAKE);
        assertEq(registry.seatLock(), MINIMUM_STAKE);
        assertEq(registry.leaveDelay(), LEAVE_DELAY);
        assertEq(registry.randomnessSource(), address(source));
        (uint64 minStakingTime, uint64 maxDrawingTime) = registry.drawSchedule();
        assertEq(minStakingTime, MIN_STAKING_TIME);
        assertEq(maxDrawingTime, MAX_DRAWING_TIME);
        assertEq(registry.MAX_ARBITRATORS(), MAX_ARBITRATORS);
        assertEq(registry.MAX_SEATS(), 31);
        assertEq(registry.MAX_LEAVE_DELAY(), 90 days);
        assertEq(registry.MAX_PHASE_TIME(), 7 days);
        assertEq(registry.COURT_ROLE(), keccak256("COURT_ROLE"));
        assertTrue(registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        assertEq(registry.session(), 0);
        assertEq(registry.phaseStartedAt(), block.timestamp);
        (uint256 requestId, uint256 value) = registry.sessionRandomness();
        assertEq(requestId, 0);
        assertEq(value, 0);
        (uint256 ticket, uint64 ticketSession) = registry.nextTicket();
        assertEq(ticket, 0);
        assertEq(ticketSession, 0);
        assertEq(registry.openTickets(), 0);
        assertEq(registry.totalStaked(), 0);
        assertEq(registry.totalWeight(), 0);
        assertEq(registry.drawableCount(), 0);
    }

    function test_constructor_emitsEveryParameter() public {
        vm.expectEmit(true, true, true, true);
        emit IArbitratorRegistry.MinimumStakeUpdated(0, MINIMUM_STAKE);
        vm.expectEmit(true, true, true, true);
        emit IArbitratorRegistry.LeaveDelayUpdated(0, LEAVE_DELAY);
        vm.expectEmit(true, true, true, true);
        emit IArbitratorRegistry.RandomnessSourceUpdated(address(0), address(source));
        vm.expectEmit(true, true, true, true);
        emit IArbitratorRegistry.DrawScheduleUpdated(MIN_STAKING_TIME, MAX_DRAWING_TIME);
        new ArbitratorRegistry(
            token,
            admin,
            MINIMUM_STAKE,
            LEAVE_DELAY,
            address(source),
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
    }

    function test_constructor_revertsOnZeroMinimumStake() public {
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroMinimumStake.selector);
        new ArbitratorRegistry(token, admin, 0, LEAVE_DELAY, address(source), MIN_STAKING_TIME, MAX_DRAWING_TIME);
    }

    function test_constructor_revertsOnTooLongLeaveDelay() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryLeaveDelayTooLong.selector,
                uint64(91 days),
                uint64(90 days)
            )
        );
        new ArbitratorRegistry(
            token,
            admin,
            MINIMUM_STAKE,
            91 days,
            address(source),
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
    }

    function test_constructor_revertsOnARandomnessSourceWithoutCode() public {
        address[2] memory bad = [address(0), makeAddr("eoa")];
        for (uint256 i = 0; i < bad.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryInvalidRandomnessSource.selector, bad[i])
            );
            new ArbitratorRegistry(
                token,
                admin,
                MINIMUM_STAKE,
                LEAVE_DELAY,
                bad[i],
                MIN_STAKING_TIME,
                MAX_DRAWING_TIME
            );
        }
    }

    function test_constructor_revertsOnPhaseTimesOutOfRange() public {
        bytes4 selector = IArbitratorRegistry.ArbitratorRegistryInvalidPhaseTime.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(0), uint64(7 days)));
        new ArbitratorRegistry(token, admin, MINIMUM_STAKE, LEAVE_DELAY, address(source), 0, MAX_DRAWING_TIME);
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(7 days + 1), uint64(7 days)));
        new ArbitratorRegistry(token, admin, MINIMUM_STAKE, LEAVE_DELAY, address(source), 7 days + 1, MAX_DRAWING_TIME);
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(0), uint64(7 days)));
        new ArbitratorRegistry(token, admin, MINIMUM_STAKE, LEAVE_DELAY, address(source), MIN_STAKING_TIME, 0);
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(7 days + 1), uint64(7 days)));
        new ArbitratorRegistry(token, admin, MINIMUM_STAKE, LEAVE_DELAY, address(source), MIN_STAKING_TIME, 7 days + 1);
    }

    // -------------------------------------------------------------- deposit

    function test_deposit_atTheMinimumTakesASlotAndWeighsTheWholeFreeStake() public {
        address alice = _arbitrator(0);
        token.mint(alice, MINIMUM_STAKE);
        vm.prank(alice);
        token.approve(address(registry), MINIMUM_STAKE);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.ArbitratorStaked(alice, MINIMUM_STAKE, MINIMUM_STAKE);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, MINIMUM_STAKE);
        vm.prank(alice);
        registry.deposit(MINIMUM_STAKE);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(alice);
        assertEq(stake.free, MINIMUM_STAKE);
        assertEq(stake.locked + stake.leaving + stake.unlockAt + stake.seats, 0);
        assertEq(_slotOf(alice), 1);
        assertEq(registry.weightOf(alice), MINIMUM_STAKE);
        assertEq(registry.totalStaked(), MINIMUM_STAKE);
        assertEq(token.balanceOf(address(registry)), MINIMUM_STAKE);
        _checkBook(1);
    }

    function test_deposit_belowTheMinimumTakesNoSlotUntilItReachesIt() public {
        address alice = _arbitrator(0);
        _deposit(alice, MINIMUM_STAKE - 1);
        assertEq(_slotOf(alice), 0);
        assertEq(registry.weightOf(alice), 0);
        assertEq(registry.drawableCount(), 0);
        assertEq(registry.totalStaked(), MINIMUM_STAKE - 1);
        _checkBook(1);
        token.mint(alice, 1);
        vm.prank(alice);
        token.approve(address(registry), 1);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.ArbitratorStaked(alice, 1, MINIMUM_STAKE);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, MINIMUM_STAKE);
        vm.prank(alice);
        registry.deposit(1);
        assertEq(_slotOf(alice), 1);
        _checkBook(1);
    }

    function test_deposit_topUpKeepsTheSlotAndReweighs() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        _deposit(_arbitrator(1), MINIMUM_STAKE);
        _deposit(_arbitrator(0), 50 ether);
        assertEq(_slotOf(_arbitrator(0)), 1);
        assertEq(_slotOf(_arbitrator(1)), 2);
        assertEq(registry.weightOf(_arbitrator(0)), 150 ether);
        assertEq(registry.totalWeight(), 250 ether);
        _checkBook(2);
    }

    function test_deposit_revertsOnZeroAmount() public {
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroAmount.selector);
        vm.prank(_arbitrator(0));
        registry.deposit(0);
    }

    function test_deposit_creditsWhatArrivesAndRevertsWhenNothingDoes() public {
        FeeOnTransferToken feeToken = new FeeOnTransferToken(100);
        ArbitratorRegistry feeRegistry = new ArbitratorRegistry(
            feeToken,
            admin,
            500,
            LEAVE_DELAY,
            address(source),
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
        address alice = _arbitrator(0);
        feeToken.mint(alice, 1_000);
        vm.startPrank(alice);
        feeToken.approve(address(feeRegistry), 1_000);
        vm.expectEmit(address(feeRegistry));
        emit IArbitratorRegistry.ArbitratorStaked(alice, 990, 990);
        feeRegistry.deposit(1_000);
        vm.stopPrank();
        assertEq(feeRegistry.totalStaked(), 990);
        assertEq(feeRegistry.totalWeight(), 990);
        assertEq(feeToken.balanceOf(address(feeRegistry)), 990);

        // A token that burns the whole transfer delivers nothing: nothing is credited.
        FeeOnTransferToken burner = new FeeOnTransferToken(10_000);
        ArbitratorRegistry burnerRegistry = new ArbitratorRegistry(
            burner,
            admin,
            500,
            LEAVE_DELAY,
            address(source),
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
        burner.mint(alice, 1_000);
        vm.startPrank(alice);
        burner.approve(address(burnerRegistry), 1_000);
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroAmount.selector);
        burnerRegistry.deposit(1_000);
        vm.stopPrank();
    }

    function test_deposit_aTokenCallbackCannotReenterTheRegistry() public {
        ReentrantToken reentrant = new ReentrantToken();
        ArbitratorRegistry hooked = new ArbitratorRegistry(
            reentrant,
            admin,
            MINIMUM_STAKE,
            LEAVE_DELAY,
            address(source),
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
        address alice = _arbitrator(0);
        reentrant.mint(alice, 2 * MINIMUM_STAKE);
        vm.prank(alice);
        reentrant.approve(address(hooked), 2 * MINIMUM_STAKE);
        // Mid-deposit, the token tries to start a session (or deposit again): both are guarded.
        bytes[2] memory calls = [abi.encodeCall(hooked.passPhase, ()), abi.encodeCall(hooked.deposit, (1))];
        for (uint256 i = 0; i < calls.length; ++i) {
            reentrant.arm(address(hooked), calls[i]);
            vm.expectRevert(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);
            vm.prank(alice);
            hooked.deposit(MINIMUM_STAKE);
            // The revert undid the token's disarming too.
            reentrant.arm(address(0), "");
        }
        // And mid-withdrawal, it cannot deposit the stake being paid out back in.
        vm.startPrank(alice);
        hooked.deposit(MINIMUM_STAKE);
        hooked.requestLeave(MINIMUM_STAKE);
        vm.stopPrank();
        vm.warp(block.timestamp + LEAVE_DELAY);
        reentrant.arm(address(hooked), abi.encodeCall(hooked.deposit, (1)));
        vm.expectRevert(ReentrancyGuard.ReentrancyGuardReentrantCall.selector);
        vm.prank(alice);
        hooked.withdraw(alice);
    }

    // --------------------------------------------------------- requestLeave

    function test_requestLeave_belowTheMinimumReturnsTheSlot() public {
        address alice = _arbitrator(0);
        _deposit(alice, 300 ether);
        uint64 unlockAt = uint64(block.timestamp) + LEAVE_DELAY;
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.LeaveRequested(alice, 250 ether, 250 ether, unlockAt);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, 0);
        vm.prank(alice);
        registry.requestLeave(250 ether);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(alice);
        assertEq(stake.free, 50 ether);
        assertEq(stake.leaving, 250 ether);
        assertEq(stake.unlockAt, unlockAt);
        assertEq(_slotOf(alice), 0);
        assertEq(registry.totalStaked(), 300 ether);
        _checkBook(1);
        // The returned slot is the next newcomer's.
        _deposit(_arbitrator(1), MINIMUM_STAKE);
        assertEq(_slotOf(_arbitrator(1)), 1);
    }

    function test_requestLeave_aboveTheMinimumKeepsTheSlotAndReweighs() public {
        address alice = _arbitrator(0);
        _deposit(alice, 300 ether);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, 200 ether);
        vm.prank(alice);
        registry.requestLeave(100 ether);
        assertEq(_slotOf(alice), 1);
        assertEq(registry.weightOf(alice), 200 ether);
        _checkBook(1);
    }

    function test_requestLeave_restartsTheDelayForTheWholeBucket() public {
        address alice = _arbitrator(0);
        _deposit(alice, 300 ether);
        vm.prank(alice);
        registry.requestLeave(100 ether);
        vm.warp(block.timestamp + LEAVE_DELAY - 60);
        uint64 unlockAt = uint64(block.timestamp) + LEAVE_DELAY;
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.LeaveRequested(alice, 100 ether, 200 ether, unlockAt);
        vm.prank(alice);
        registry.requestLeave(100 ether);
        assertEq(registry.arbitratorOf(alice).unlockAt, unlockAt);
    }

    function test_requestLeave_revertsOnZeroOrAboveFreeStake() public {
        address alice = _arbitrator(0);
        _deposit(alice, MINIMUM_STAKE);
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroAmount.selector);
        vm.prank(alice);
        registry.requestLeave(0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryInsufficientFree.selector,
                alice,
                MINIMUM_STAKE,
                MINIMUM_STAKE + 1
            )
        );
        vm.prank(alice);
        registry.requestLeave(MINIMUM_STAKE + 1);
    }

    // ---------------------------------------------------------- cancelLeave

    function test_cancelLeave_movesTheLeavingStakeBackAndTakesASlot() public {
        address alice = _arbitrator(0);
        _deposit(alice, MINIMUM_STAKE);
        vm.prank(alice);
        registry.requestLeave(MINIMUM_STAKE);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.LeaveCancelled(alice, MINIMUM_STAKE);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, MINIMUM_STAKE);
        vm.prank(alice);
        registry.cancelLeave();
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(alice);
        assertEq(stake.free, MINIMUM_STAKE);
        assertEq(stake.leaving, 0);
        assertEq(stake.unlockAt, 0);
        assertEq(_slotOf(alice), 1);
        _checkBook(1);
    }

    function test_cancelLeave_revertsWhenNothingIsLeaving() public {
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryNothingLeaving.selector, _arbitrator(0))
        );
        vm.prank(_arbitrator(0));
        registry.cancelLeave();
    }

    // ------------------------------------------------------------- withdraw

    function test_withdraw_paysTheLeavingStakeOnceTheDelayHasPassed() public {
        address alice = _arbitrator(0);
        _deposit(alice, MINIMUM_STAKE);
        vm.prank(alice);
        registry.requestLeave(40 ether);
        vm.warp(block.timestamp + LEAVE_DELAY);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.ArbitratorWithdrawn(alice, sink, 40 ether);
        vm.prank(alice);
        assertEq(registry.withdraw(sink), 40 ether);
        assertEq(token.balanceOf(sink), 40 ether);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(alice);
        assertEq(stake.leaving, 0);
        assertEq(stake.unlockAt, 0);
        assertEq(registry.totalStaked(), 60 ether);
        assertEq(token.balanceOf(address(registry)), 60 ether);
    }

    function test_withdraw_revertsOnEveryUnmetCondition() public {
        address alice = _arbitrator(0);
        _deposit(alice, 300 ether);
        address[2] memory bad = [address(0), address(registry)];
        for (uint256 i = 0; i < bad.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryInvalidRecipient.selector, bad[i])
            );
            vm.prank(alice);
            registry.withdraw(bad[i]);
        }
        vm.expectRevert(abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryNothingLeaving.selector, alice));
        vm.prank(alice);
        registry.withdraw(alice);

        // Seated on a draw, then leaving part of the rest.
        _requestDraw();
        _openDrawing(1);
        _drawNext(1, new address[](0));
        registry.passPhase();
        vm.prank(alice);
        registry.requestLeave(150 ether);
        uint64 unlockAt = registry.arbitratorOf(alice).unlockAt;
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryStillLeaving.selector, alice, unlockAt)
        );
        vm.prank(alice);
        registry.withdraw(alice);
        vm.warp(unlockAt);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistrySeated.selector, alice, 1));
        vm.prank(alice);
        registry.withdraw(alice);
        vm.prank(court);
        registry.releaseSeat(alice, MINIMUM_STAKE);
        vm.prank(alice);
        assertEq(registry.withdraw(alice), 150 ether);
    }

    function test_withdraw_staysOpenDuringASession() public {
        address alice = _arbitrator(0);
        _deposit(alice, 300 ether);
        _deposit(_arbitrator(1), 300 ether);
        vm.prank(alice);
        registry.requestLeave(100 ether);
        vm.warp(block.timestamp + LEAVE_DELAY);
        _requestDraw();
        _startSession();
        vm.prank(alice);
        assertEq(registry.withdraw(alice), 100 ether);
        assertEq(registry.weightOf(alice), 200 ether, "a withdrawal changed a frozen weight");
    }

    // ----------------------------------------------------------------- sync

    function test_sync_givesASlotToAnArbitratorALoweredMinimumMadeDrawable() public {
        address alice = _arbitrator(0);
        _deposit(alice, 60 ether);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.MinimumStakeUpdated(MINIMUM_STAKE, 50 ether);
        vm.prank(admin);
        registry.setMinimumStake(50 ether);
        assertEq(registry.weightOf(alice), 0, "lowering the minimum rewrote a slotless weight");
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, 60 ether);
        registry.sync(alice);
        assertEq(_slotOf(alice), 1);
        assertEq(registry.weightOf(alice), 60 ether);
        _checkBook(1);
    }

    function test_sync_changesNothingForAHolderOrForDust() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        _deposit(_arbitrator(1), 1);
        registry.sync(_arbitrator(0));
        registry.sync(_arbitrator(1));
        registry.sync(_arbitrator(2));
        assertEq(_slotOf(_arbitrator(0)), 1);
        assertEq(_slotOf(_arbitrator(1)), 0);
        assertEq(registry.totalWeight(), MINIMUM_STAKE);
        _checkBook(3);
    }

    // ------------------------------------------------------ passPhase: Staking

    function test_passPhase_staking_revertsBeforeMinStakingTime() public {
        _requestDraw();
        uint64 readyAt = registry.phaseStartedAt() + MIN_STAKING_TIME;
        vm.warp(readyAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryPhaseNotOver.selector,
                IArbitratorRegistry.Phase.Staking,
                readyAt
            )
        );
        registry.passPhase();
    }

    function test_passPhase_staking_revertsWithNothingToDraw() public {
        vm.warp(block.timestamp + MIN_STAKING_TIME);
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryNothingToDraw.selector);
        registry.passPhase();
        // A ticket cancelled before the session leaves nothing to draw either.
        uint256 ticket = _requestDraw();
        vm.prank(court);
        registry.cancelDraw(ticket);
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryNothingToDraw.selector);
        registry.passPhase();
    }

    function test_passPhase_staking_opensASessionAndRequestsItsRandomness() public {
        _requestDraw();
        vm.warp(block.timestamp + MIN_STAKING_TIME);
        vm.expectEmit(address(source));
        emit IRandomnessSource.RandomnessRequested(1, address(registry));
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.PhasePassed(IArbitratorRegistry.Phase.Generating, 1, 1, 0);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Generating);
        assertEq(registry.session(), 1);
        assertEq(registry.phaseStartedAt(), block.timestamp);
        (uint256 requestId, uint256 value) = registry.sessionRandomness();
        assertEq(requestId, 1);
        assertEq(value, 0);
    }

    function test_passPhase_staking_aSourceThatRefusesLeavesTheRegistryInStaking() public {
        _requestDraw();
        vm.warp(block.timestamp + MIN_STAKING_TIME);
        source.setRefuseRequests(true);
        vm.expectRevert(ScriptedRandomness.ScriptedRandomnessBroken.selector);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        assertEq(registry.session(), 0);
        // Governance can still point the registry at a working source.
        ScriptedRandomness replacement = new ScriptedRandomness();
        vm.prank(admin);
        registry.setRandomnessSource(address(replacement));
        registry.passPhase();
        assertEq(replacement.requestCount(), 1);
    }

    function test_passPhase_staking_countsMinStakingTimeFromTheEndOfTheLastSession() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        _requestDraw();
        _openDrawing(7);
        _drawNext(1, new address[](0));
        vm.warp(block.timestamp + 5 hours);
        registry.passPhase();
        uint64 endedAt = registry.phaseStartedAt();
        assertEq(endedAt, block.timestamp);
        _requestDraw();
        vm.warp(endedAt + MIN_STAKING_TIME - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryPhaseNotOver.selector,
                IArbitratorRegistry.Phase.Staking,
                endedAt + MIN_STAKING_TIME
            )
        );
        registry.passPhase();
        vm.warp(endedAt + MIN_STAKING_TIME);
        registry.passPhase();
        assertEq(registry.session(), 2);
    }

    // --------------------------------------------------- passPhase: Generating

    function test_passPhase_generating_revertsWhileTheRequestIsPending() public {
        _requestDraw();
        uint256 requestId = _startSession();
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryRandomnessPending.selector, requestId)
        );
        registry.passPhase();
    }

    function test_passPhase_generating_storesTheValueAndOpensDrawing() public {
        _requestDraw();
        uint256 requestId = _startSession();
        vm.warp(block.timestamp + 10 minutes);
        source.answer(requestId, 0xC0FFEE);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.PhasePassed(IArbitratorRegistry.Phase.Drawing, 1, requestId, 0xC0FFEE);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Drawing);
        assertEq(registry.phaseStartedAt(), block.timestamp);
        (uint256 storedId, uint256 value) = registry.sessionRandomness();
        assertEq(storedId, requestId);
        assertEq(value, 0xC0FFEE);
        // A source that changes its mind later changes nothing: the value was stored.
        source.answer(requestId, 1);
        (, value) = registry.sessionRandomness();
        assertEq(value, 0xC0FFEE);
    }

    function test_passPhase_generating_asksAgainForAnExpiredOrUnknownRequest() public {
        _requestDraw();
        uint256 requestId = _startSession();
        uint64 startedAt = registry.phaseStartedAt();
        vm.warp(block.timestamp + 1 hours);
        source.setStatus(requestId, IRandomnessSource.RequestStatus.Expired);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.PhasePassed(IArbitratorRegistry.Phase.Generating, 1, requestId + 1, 0);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Generating);
        assertEq(registry.session(), 1);
        assertEq(registry.phaseStartedAt(), startedAt, "a new request restarted the timeout");
        (uint256 newId, ) = registry.sessionRandomness();
        assertEq(newId, requestId + 1);
        // Stakes stay frozen all along.
        vm.expectRevert(_frozen(IArbitratorRegistry.Phase.Generating));
        vm.prank(_arbitrator(0));
        registry.deposit(1);
        // A request the source never heard of (None) is asked again too.
        source.setStatus(newId, IRandomnessSource.RequestStatus.None);
        registry.passPhase();
        (newId, ) = registry.sessionRandomness();
        assertEq(newId, requestId + 2);
        source.answer(newId, 5);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Drawing);
    }

    function test_passPhase_generating_fallsBackToStakingAfterMaxDrawingTime() public {
        uint256 ticket = _requestDraw();
        uint256 requestId = _startSession();
        uint64 startedAt = registry.phaseStartedAt();
        vm.warp(startedAt + MAX_DRAWING_TIME - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryRandomnessPending.selector, requestId)
        );
        registry.passPhase();
        vm.warp(startedAt + MAX_DRAWING_TIME);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.PhasePassed(IArbitratorRegistry.Phase.Staking, 1, requestId, 0);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        // The ticket waits, and the next session draws it from a new request.
        (uint256 next, uint64 nextSession) = registry.nextTicket();
        assertEq(next, ticket);
        assertEq(nextSession, 1);
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        _openDrawing(9);
        assertEq(registry.session(), 2);
        (uint256 newId, ) = registry.sessionRandomness();
        assertEq(newId, requestId + 1);
        (address[] memory panel, ) = _drawNext(1, new address[](0));
        assertEq(panel[0], _arbitrator(0));
    }

    function test_passPhase_generating_anExpiredRequestAfterTheTimeoutFallsBackInsteadOfAskingAgain() public {
        _requestDraw();
        uint256 requestId = _startSession();
        source.setStatus(requestId, IRandomnessSource.RequestStatus.Expired);
        vm.warp(block.timestamp + MAX_DRAWING_TIME);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        assertEq(source.requestCount(), 1);
    }

    function test_passPhase_generating_aValueReadyAfterTheTimeoutStillOpensDrawing() public {
        _requestDraw();
        uint256 requestId = _startSession();
        vm.warp(block.timestamp + 2 * MAX_DRAWING_TIME);
        source.answer(requestId, 11);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Drawing);
        assertEq(registry.phaseStartedAt(), block.timestamp);
    }

    /// @dev Before the fix, passPhase read the source with a plain call: a source that reverts
    ///  (or answers garbage) made every passPhase revert, so the registry stayed in Generating for
    ///  good, every stake frozen, and governance could not even replace the source (Staking only).
    function test_passPhase_generating_aBrokenSourceCannotHoldStakesFrozenPastTheTimeout() public {
        ScriptedRandomness.Mode[3] memory modes = [
            ScriptedRandomness.Mode.RevertOnRead,
            ScriptedRandomness.Mode.ShortAnswer,
            ScriptedRandomness.Mode.StatusOutOfRange
        ];
        for (uint256 m = 0; m < modes.length; ++m) {
            source.setMode(ScriptedRandomness.Mode.Honest);
            _requestDraw();
            uint256 requestId = _startSession();
            // Even a request it would answer: a broken read is no answer.
            source.answer(requestId, 3);
            source.setMode(modes[m]);
            vm.expectRevert(
                abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryRandomnessPending.selector, requestId)
            );
            registry.passPhase();
            vm.warp(block.timestamp + MAX_DRAWING_TIME);
            uint64 current = registry.session();
            vm.expectEmit(address(registry));
            emit IArbitratorRegistry.PhasePassed(IArbitratorRegistry.Phase.Staking, current, requestId, 0);
            registry.passPhase();
            assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
            _deposit(_arbitrator(m), MINIMUM_STAKE);
        }
        ScriptedRandomness replacement = new ScriptedRandomness();
        vm.prank(admin);
        registry.setRandomnessSource(address(replacement));
        assertEq(registry.randomnessSource(), address(replacement));
    }

    function test_passPhase_generating_aSourceThatRefusesToAskAgainWaitsForTheTimeout() public {
        _requestDraw();
        uint256 requestId = _startSession();
        source.setStatus(requestId, IRandomnessSource.RequestStatus.Expired);
        source.setRefuseRequests(true);
        vm.expectRevert(ScriptedRandomness.ScriptedRandomnessBroken.selector);
        registry.passPhase();
        vm.warp(block.timestamp + MAX_DRAWING_TIME);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
    }

    // ------------------------------------------------------ passPhase: Drawing

    function test_passPhase_drawing_revertsWhileATicketOfTheSessionWaits() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        _requestDraw();
        _openDrawing(1);
        uint64 readyAt = registry.phaseStartedAt() + MAX_DRAWING_TIME;
        vm.warp(readyAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryPhaseNotOver.selector,
                IArbitratorRegistry.Phase.Drawing,
                readyAt
            )
        );
        registry.passPhase();
    }

    function test_passPhase_drawing_returnsToStakingOnceEveryTicketIsDrawn() public {
        _fill(4, MINIMUM_STAKE * 2);
        _requestDraw();
        _requestDraw();
        _openDrawing(77);
        (uint256 requestId, ) = registry.sessionRandomness();
        _drawNext(1, new address[](0));
        vm.expectRevert();
        registry.passPhase();
        _drawNext(2, new address[](0));
        // A ticket asked for during the session waits for the next one and does not hold this one.
        _requestDraw();
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.PhasePassed(IArbitratorRegistry.Phase.Staking, 1, requestId, 77);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        assertEq(registry.phaseStartedAt(), block.timestamp);
        assertEq(registry.openTickets(), 1);
    }

    function test_passPhase_drawing_returnsToStakingAfterMaxDrawingTimeWithTicketsLeft() public {
        _fill(4, MINIMUM_STAKE * 2);
        _requestDraw();
        uint256 second = _requestDraw();
        _openDrawing(5);
        _drawNext(1, new address[](0));
        vm.warp(registry.phaseStartedAt() + MAX_DRAWING_TIME);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        // Stakes thaw; the ticket left over is drawn by the next session, from its own value.
        _deposit(_arbitrator(9), MINIMUM_STAKE);
        _openDrawing(6);
        address[] memory expected = _expectedPanel(second, 2, new address[](0), 10);
        (address[] memory panel, ) = _drawNext(2, new address[](0));
        assertEq(keccak256(abi.encode(panel)), keccak256(abi.encode(expected)), "not the next session's draw");
    }

    // ---------------------------------------------------------------- tickets

    function test_requestDraw_handsOutTicketsInOrderForTheNextSession() public {
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.DrawRequested(court, 1, 1);
        assertEq(_requestDraw(), 1);
        assertEq(_requestDraw(), 2);
        IArbitratorRegistry.DrawTicket memory ticket = registry.ticketOf(2);
        assertEq(ticket.session, 1);
        assertTrue(ticket.open);
        assertFalse(registry.ticketOf(3).open);
        (uint256 next, uint64 nextSession) = registry.nextTicket();
        assertEq(next, 1);
        assertEq(nextSession, 1);
        assertEq(registry.openTickets(), 2);
    }

    function test_requestDraw_duringASessionWaitsForTheNextSession() public {
        _fill(4, MINIMUM_STAKE * 3);
        _requestDraw();
        _startSession();
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.DrawRequested(court, 2, 2);
        assertEq(_requestDraw(), 2);
        _openDrawing(3);
        assertEq(_requestDraw(), 3);
        assertEq(registry.ticketOf(3).session, 2);
        _drawNext(1, new address[](0));
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryTicketNotInSession.selector, 2, uint64(2))
        );
        vm.prank(court);
        registry.draw(2, 1, new address[](0));
        registry.passPhase();
        _openDrawing(4);
        _drawNext(1, new address[](0));
        _drawNext(1, new address[](0));
        assertEq(registry.openTickets(), 0);
    }

    function test_requestDraw_revertsForACallerWithoutTheCourtRole() public {
        address outsider = makeAddr("outsider");
        vm.expectRevert(_unauthorized(outsider, registry.COURT_ROLE()));
        vm.prank(outsider);
        registry.requestDraw();
    }

    function test_draw_revertsOutsideDrawing() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        uint256 ticket = _requestDraw();
        bytes4 selector = IArbitratorRegistry.ArbitratorRegistryWrongPhase.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, IArbitratorRegistry.Phase.Staking));
        vm.prank(court);
        registry.draw(ticket, 1, new address[](0));
        _startSession();
        vm.expectRevert(abi.encodeWithSelector(selector, IArbitratorRegistry.Phase.Generating));
        vm.prank(court);
        registry.draw(ticket, 1, new address[](0));
    }

    function test_draw_revertsOutOfOrderAndSkipsCancelledTickets() public {
        _fill(6, MINIMUM_STAKE * 3);
        for (uint256 i = 0; i < 4; ++i) _requestDraw();
        vm.prank(court);
        registry.cancelDraw(2);
        _openDrawing(8);
        bytes4 selector = IArbitratorRegistry.ArbitratorRegistryDrawOutOfOrder.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, 3, 1));
        vm.prank(court);
        registry.draw(3, 1, new address[](0));
        vm.prank(court);
        registry.draw(1, 1, new address[](0));
        // The cancelled ticket is skipped: 3 is next, and 2 is neither next nor drawable.
        (uint256 next, ) = registry.nextTicket();
        assertEq(next, 3);
        vm.expectRevert(abi.encodeWithSelector(selector, 2, 3));
        vm.prank(court);
        registry.draw(2, 1, new address[](0));
        vm.expectRevert(abi.encodeWithSelector(selector, 1, 3));
        vm.prank(court);
        registry.draw(1, 1, new address[](0));
        vm.prank(court);
        registry.draw(3, 1, new address[](0));
        vm.prank(court);
        registry.draw(4, 1, new address[](0));
        (next, ) = registry.nextTicket();
        assertEq(next, 0);
        // Nothing left: the "next" ticket 0 is no ticket at all.
        vm.expectRevert(abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryTicketNotOpen.selector, 0));
        vm.prank(court);
        registry.draw(0, 1, new address[](0));
    }

    function test_draw_revertsForAnotherCourtsTicket() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        address otherCourt = makeAddr("other court");
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.grantRole(courtRole, otherCourt);
        uint256 ticket = _requestDraw();
        _openDrawing(1);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryTicketNotOpen.selector, ticket));
        vm.prank(otherCourt);
        registry.draw(ticket, 1, new address[](0));
    }

    function test_draw_revertsOnASeatCountOutOfRangeWithoutConsumingTheTicket() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        uint256 ticket = _requestDraw();
        _openDrawing(1);
        uint256[2] memory counts = [uint256(0), 32];
        for (uint256 i = 0; i < counts.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryInvalidSeatCount.selector, counts[i], 31)
            );
            vm.prank(court);
            registry.draw(ticket, counts[i], new address[](0));
        }
        assertTrue(registry.ticketOf(ticket).open);
    }

    function test_draw_revertsForACallerWithoutTheCourtRole() public {
        uint256 ticket = _requestDraw();
        address outsider = makeAddr("outsider");
        vm.expectRevert(_unauthorized(outsider, registry.COURT_ROLE()));
        vm.prank(outsider);
        registry.draw(ticket, 1, new address[](0));
    }

    function test_draw_seatsThePanelOfTheTicketsSeedAndLocksEachSeat() public {
        for (uint256 i = 0; i < 8; ++i) _deposit(_arbitrator(i), MINIMUM_STAKE * (1 + i));
        uint256 ticket = _requestDraw();
        _openDrawing(uint256(keccak256("panel")));
        address[] memory expected = _expectedPanel(ticket, 4, new address[](0), 8);
        uint256 totalBefore = registry.totalWeight();
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.TicketDrawn(court, ticket, 4);
        for (uint256 s = 0; s < expected.length; ++s) {
            vm.expectEmit(address(registry));
            emit IArbitratorRegistry.SeatLocked(court, expected[s], ticket, MINIMUM_STAKE);
        }
        (address[] memory panel, uint256 lockPerSeat) = _drawNext(4, new address[](0));
        assertEq(keccak256(abi.encode(panel)), keccak256(abi.encode(expected)), "not the reference panel");
        assertEq(lockPerSeat, MINIMUM_STAKE);
        for (uint256 s = 0; s < panel.length; ++s) {
            IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(panel[s]);
            assertEq(stake.locked, MINIMUM_STAKE);
            assertEq(stake.seats, 1);
        }
        assertEq(registry.totalWeight(), totalBefore - 4 * MINIMUM_STAKE);
        assertFalse(registry.ticketOf(ticket).open);
        assertEq(registry.openTickets(), 0);
        _checkBook(8);
    }

    function test_draw_laterTicketsOfASessionSeeTheEarlierLocks() public {
        // Exactly the minimum each: whoever ticket 1 seats has no weight left for ticket 2.
        _fill(5, MINIMUM_STAKE);
        _requestDraw();
        uint256 second = _requestDraw();
        _openDrawing(uint256(keccak256("later")));
        (address[] memory first, ) = _drawNext(2, new address[](0));
        address[] memory expected = _expectedPanel(second, 3, new address[](0), 5);
        (address[] memory panel, ) = _drawNext(3, new address[](0));
        assertEq(keccak256(abi.encode(panel)), keccak256(abi.encode(expected)));
        for (uint256 i = 0; i < panel.length; ++i) {
            assertTrue(panel[i] != first[0] && panel[i] != first[1], "a seat drawn twice in one session");
        }
    }

    function test_draw_neverSeatsAnExcludedArbitratorAndCountsDuplicatesOnce() public {
        _fill(4, MINIMUM_STAKE);
        address[] memory excluded = new address[](4);
        excluded[0] = _arbitrator(0);
        excluded[1] = _arbitrator(0);
        excluded[2] = makeAddr("not an arbitrator");
        excluded[3] = _arbitrator(3);
        for (uint256 i = 0; i < 3; ++i) _requestDraw();
        _openDrawing(99);
        (uint256 ticket, ) = registry.nextTicket();
        address[] memory expected = _expectedPanel(ticket, 2, excluded, 4);
        (address[] memory panel, ) = _drawNext(2, excluded);
        assertEq(keccak256(abi.encode(panel)), keccak256(abi.encode(expected)));
        assertEq(panel.length, 2);
        for (uint256 i = 0; i < 2; ++i) {
            assertTrue(panel[i] == _arbitrator(1) || panel[i] == _arbitrator(2));
        }
    }

    function test_draw_returnsAnEmptyPanelWhenTooFewCanSitAndConsumesTheTicket() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        _deposit(_arbitrator(1), MINIMUM_STAKE);
        _deposit(_arbitrator(2), 50 ether);
        uint256 ticket = _requestDraw();
        _openDrawing(2);
        address[] memory excluded = new address[](1);
        excluded[0] = _arbitrator(0);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.TicketDrawn(court, ticket, 0);
        (address[] memory panel, uint256 lockPerSeat) = _drawNext(2, excluded);
        assertEq(panel.length, 0);
        assertEq(lockPerSeat, MINIMUM_STAKE);
        assertFalse(registry.ticketOf(ticket).open);
        assertEq(registry.arbitratorOf(_arbitrator(1)).seats, 0);
        assertEq(registry.totalWeight(), 2 * MINIMUM_STAKE);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
    }

    function test_cancelDraw_takesTheTicketOutOfTheLine() public {
        _requestDraw();
        _requestDraw();
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.DrawCancelled(court, 1);
        vm.prank(court);
        registry.cancelDraw(1);
        assertFalse(registry.ticketOf(1).open);
        assertEq(registry.openTickets(), 1);
        (uint256 next, ) = registry.nextTicket();
        assertEq(next, 2);
        // The middle and the tail of the line too.
        _requestDraw();
        _requestDraw();
        vm.startPrank(court);
        registry.cancelDraw(3);
        registry.cancelDraw(4);
        vm.stopPrank();
        (next, ) = registry.nextTicket();
        assertEq(next, 2);
        assertEq(_requestDraw(), 5);
        vm.prank(court);
        registry.cancelDraw(2);
        (next, ) = registry.nextTicket();
        assertEq(next, 5);
    }

    function test_cancelDraw_revertsForATicketThatIsNotOpenOrNotTheCallers() public {
        address otherCourt = makeAddr("other court");
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.grantRole(courtRole, otherCourt);
        uint256 ticket = _requestDraw();
        bytes4 selector = IArbitratorRegistry.ArbitratorRegistryTicketNotOpen.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, 99));
        vm.prank(court);
        registry.cancelDraw(99);
        vm.expectRevert(abi.encodeWithSelector(selector, ticket));
        vm.prank(otherCourt);
        registry.cancelDraw(ticket);
        vm.prank(court);
        registry.cancelDraw(ticket);
        vm.expectRevert(abi.encodeWithSelector(selector, ticket));
        vm.prank(court);
        registry.cancelDraw(ticket);
        address outsider = makeAddr("outsider");
        vm.expectRevert(_unauthorized(outsider, courtRole));
        vm.prank(outsider);
        registry.cancelDraw(ticket);
    }

    /// @dev Before the fix, the court could cancel a ticket of a running session: once the
    ///  session's value was known (Generating with a mined block hash, or Drawing), whoever could
    ///  cancel the earlier ticket (anyone, through DisputeCourt.lapse after its draw deadline) chose
    ///  between two panels for the later ticket, with and without the earlier seat locks.
    function test_cancelDraw_aTicketOfTheRunningSessionStaysInLine() public {
        _fill(6, MINIMUM_STAKE);
        uint256 earlier = _requestDraw();
        uint256 later = _requestDraw();
        // A value for which cancelling the earlier ticket would change the later panel.
        uint256 value = _valueWhereCancellingSteers(earlier, later, 6);
        assertGt(value, 0, "no value found for which cancelling steers the later panel");
        uint256 requestId = _startSession();
        vm.expectRevert(_frozen(IArbitratorRegistry.Phase.Generating));
        vm.prank(court);
        registry.cancelDraw(earlier);
        source.answer(requestId, value);
        vm.expectRevert(_frozen(IArbitratorRegistry.Phase.Generating));
        vm.prank(court);
        registry.cancelDraw(earlier);
        registry.passPhase();
        vm.expectRevert(_frozen(IArbitratorRegistry.Phase.Drawing));
        vm.prank(court);
        registry.cancelDraw(earlier);
        // A ticket of the next session is no part of this one and may leave.
        uint256 next = _requestDraw();
        vm.prank(court);
        registry.cancelDraw(next);
        // The later ticket gets the panel of the line as it was when the value was asked for.
        ArbitratorDrawReference.Bench memory bench = ArbitratorDrawReference.benchOf(registry, _actors(6));
        address[] memory first = ArbitratorDrawReference.draw(
            bench,
            ArbitratorDrawReference.seedOf(value, registry, earlier),
            3,
            new address[](0)
        );
        ArbitratorDrawReference.lock(bench, first, MINIMUM_STAKE, MINIMUM_STAKE);
        address[] memory expected = ArbitratorDrawReference.draw(
            bench,
            ArbitratorDrawReference.seedOf(value, registry, later),
            3,
            new address[](0)
        );
        _drawNext(3, new address[](0));
        (address[] memory panel, ) = _drawNext(3, new address[](0));
        assertEq(keccak256(abi.encode(panel)), keccak256(abi.encode(expected)));
        // Back in Staking the line may change again.
        registry.passPhase();
        uint256 another = _requestDraw();
        vm.prank(court);
        registry.cancelDraw(another);
    }

    function test_cancelOrphanedDraw_letsAnyoneClearTheTicketsOfACourtThatLostItsRole() public {
        uint256 orphan = _requestDraw();
        uint256 second = _requestDraw();
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.revokeRole(courtRole, court);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.DrawCancelled(court, orphan);
        vm.prank(makeAddr("anyone"));
        registry.cancelOrphanedDraw(orphan);
        assertFalse(registry.ticketOf(orphan).open);
        (uint256 next, ) = registry.nextTicket();
        assertEq(next, second);
        registry.cancelOrphanedDraw(second);
        assertEq(registry.openTickets(), 0);
    }

    function test_cancelOrphanedDraw_revertsWhileTheCourtHoldsItsRoleOrForAClosedTicket() public {
        uint256 ticket = _requestDraw();
        bytes4 selector = IArbitratorRegistry.ArbitratorRegistryTicketNotOrphaned.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, ticket, court));
        registry.cancelOrphanedDraw(ticket);
        vm.expectRevert(abi.encodeWithSelector(selector, 99, address(0)));
        registry.cancelOrphanedDraw(99);
        vm.prank(court);
        registry.cancelDraw(ticket);
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.revokeRole(courtRole, court);
        vm.expectRevert(abi.encodeWithSelector(selector, ticket, court));
        registry.cancelOrphanedDraw(ticket);
    }

    function test_cancelOrphanedDraw_waitsForTheRunningSession() public {
        _fill(3, MINIMUM_STAKE);
        uint256 ticket = _requestDraw();
        _startSession();
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.revokeRole(courtRole, court);
        vm.expectRevert(_frozen(IArbitratorRegistry.Phase.Generating));
        registry.cancelOrphanedDraw(ticket);
    }

    function _valueWhereCancellingSteers(
        uint256 earlier,
        uint256 later,
        uint256 actorCount
    ) internal view returns (uint256 value) {
        ArbitratorDrawReference.Bench memory bench = ArbitratorDrawReference.benchOf(registry, _actors(actorCount));
        for (value = 1; value < 64; ++value) {
            address[] memory cancelled = ArbitratorDrawReference.draw(
                bench,
                ArbitratorDrawReference.seedOf(value, registry, later),
                3,
                new address[](0)
            );
            ArbitratorDrawReference.Bench memory locked = ArbitratorDrawReference.benchOf(
                registry,
                _actors(actorCount)
            );
            address[] memory first = ArbitratorDrawReference.draw(
                locked,
                ArbitratorDrawReference.seedOf(value, registry, earlier),
                3,
                new address[](0)
            );
            ArbitratorDrawReference.lock(locked, first, MINIMUM_STAKE, MINIMUM_STAKE);
            address[] memory inOrder = ArbitratorDrawReference.draw(
                locked,
                ArbitratorDrawReference.seedOf(value, registry, later),
                3,
                new address[](0)
            );
            if (keccak256(abi.encode(cancelled)) != keccak256(abi.encode(inOrder))) return value;
        }
        return 0;
    }

    /// @dev Before the fix, the next open ticket was found by scanning from the last drawn ticket
    ///  past every closed one, in every draw and every Drawing passPhase: enough tickets cancelled
    ///  in a row (lapsed disputes) made both cost more than a transaction may, for good.
    function test_nextTicket_costsTheSameWhateverWasCancelledAhead() public {
        _fill(4, MINIMUM_STAKE * 10);
        _requestDraw();
        _openDrawing(1);
        uint256 gasBefore = gasleft();
        _drawNext(1, new address[](0));
        uint256 drawGas = gasBefore - gasleft();
        gasBefore = gasleft();
        registry.passPhase();
        uint256 passGas = gasBefore - gasleft();

        for (uint256 i = 0; i < 2_000; ++i) {
            uint256 ticket = _requestDraw();
            vm.prank(court);
            registry.cancelDraw(ticket);
        }
        _requestDraw();
        _openDrawing(2);
        gasBefore = gasleft();
        _drawNext(1, new address[](0));
        assertLe(gasBefore - gasleft(), drawGas + 5_000, "draw scans the cancelled tickets");
        gasBefore = gasleft();
        registry.passPhase();
        assertLe(gasBefore - gasleft(), passGas + 5_000, "passPhase scans the cancelled tickets");
    }

    // --------------------------------------------------------------- freeze

    function test_freeze_everyWeightChangeRevertsWhileASessionRuns() public {
        address alice = _arbitrator(0);
        address bob = _arbitrator(1);
        _deposit(alice, 300 ether);
        _deposit(bob, 300 ether);
        // Alice holds a seat and has stake leaving; a third arbitrator waits for a sync.
        _requestDraw();
        _openDrawing(1);
        (address[] memory panel, ) = _drawNext(1, new address[](0));
        registry.passPhase();
        vm.prank(panel[0]);
        registry.requestLeave(50 ether);
        _requestDraw();
        _startSession();
        for (uint256 p = 0; p < 2; ++p) {
            IArbitratorRegistry.Phase phase = registry.phase();
            uint256 weightBefore = registry.totalWeight();
            vm.startPrank(panel[0]);
            vm.expectRevert(_frozen(phase));
            registry.deposit(1);
            vm.expectRevert(_frozen(phase));
            registry.requestLeave(1);
            vm.expectRevert(_frozen(phase));
            registry.cancelLeave();
            vm.stopPrank();
            vm.expectRevert(_frozen(phase));
            registry.sync(panel[0]);
            vm.startPrank(court);
            vm.expectRevert(_frozen(phase));
            registry.releaseSeat(panel[0], MINIMUM_STAKE);
            vm.expectRevert(_frozen(phase));
            registry.penalizeSeat(panel[0], MINIMUM_STAKE, 1, sink);
            vm.stopPrank();
            vm.startPrank(admin);
            vm.expectRevert(_frozen(phase));
            registry.setMinimumStake(1);
            vm.expectRevert(_frozen(phase));
            registry.setRandomnessSource(address(source));
            vm.expectRevert(_frozen(phase));
            registry.setDrawSchedule(1, 1);
            vm.stopPrank();
            assertEq(registry.totalWeight(), weightBefore);
            if (p == 0) _openDrawing(2);
        }
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Drawing);
    }

    function test_freeze_leaveDelayAndNewTicketsStayOpenDuringASession() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        _requestDraw();
        _startSession();
        vm.prank(admin);
        registry.setLeaveDelay(1 days);
        assertEq(registry.leaveDelay(), 1 days);
        assertEq(_requestDraw(), 2);
    }

    // ---------------------------------------------------------------- seats

    /// @dev Alice (150) is seated once; the registry is back in Staking.
    function _seatAlice() internal returns (address alice) {
        alice = _arbitrator(0);
        _deposit(alice, 150 ether);
        _requestDraw();
        _openDrawing(1);
        _drawNext(1, new address[](0));
        registry.passPhase();
    }

    function test_releaseSeat_movesTheLockBackAndRestoresTheWeight() public {
        address alice = _seatAlice();
        assertEq(_slotOf(alice), 0, "50 free is below the minimum");
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.SeatReleased(court, alice, MINIMUM_STAKE);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, 150 ether);
        vm.prank(court);
        registry.releaseSeat(alice, MINIMUM_STAKE);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(alice);
        assertEq(stake.free, 150 ether);
        assertEq(stake.locked, 0);
        assertEq(stake.seats, 0);
        assertEq(_slotOf(alice), 1);
        _checkBook(1);
    }

    function test_releaseSeat_revertsWithoutSuchASeat() public {
        address alice = _seatAlice();
        bytes4 selector = IArbitratorRegistry.ArbitratorRegistryInsufficientLocked.selector;
        vm.startPrank(court);
        vm.expectRevert(abi.encodeWithSelector(selector, alice, MINIMUM_STAKE, MINIMUM_STAKE + 1));
        registry.releaseSeat(alice, MINIMUM_STAKE + 1);
        vm.expectRevert(abi.encodeWithSelector(selector, _arbitrator(1), 0, 1));
        registry.releaseSeat(_arbitrator(1), 1);
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroAmount.selector);
        registry.releaseSeat(alice, 0);
        registry.releaseSeat(alice, MINIMUM_STAKE);
        vm.expectRevert(abi.encodeWithSelector(selector, alice, 0, MINIMUM_STAKE));
        registry.releaseSeat(alice, MINIMUM_STAKE);
        vm.stopPrank();
        address outsider = makeAddr("outsider");
        vm.expectRevert(_unauthorized(outsider, registry.COURT_ROLE()));
        vm.prank(outsider);
        registry.releaseSeat(alice, MINIMUM_STAKE);
    }

    function test_penalizeSeat_sendsThePenaltyAndReleasesTheRest() public {
        address alice = _seatAlice();
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.SeatPenalized(court, alice, sink, 30 ether, 70 ether);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(alice, 120 ether);
        vm.prank(court);
        registry.penalizeSeat(alice, MINIMUM_STAKE, 30 ether, sink);
        assertEq(token.balanceOf(sink), 30 ether);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(alice);
        assertEq(stake.free, 120 ether);
        assertEq(stake.locked, 0);
        assertEq(stake.seats, 0);
        assertEq(registry.totalStaked(), 120 ether);
        assertEq(token.balanceOf(address(registry)), 120 ether);
        _checkBook(1);
    }

    function test_penalizeSeat_aZeroPenaltyClosesTheSeatAndAWholeOneLeavesNoSlot() public {
        address alice = _seatAlice();
        vm.prank(court);
        registry.penalizeSeat(alice, MINIMUM_STAKE, 0, sink);
        assertEq(token.balanceOf(sink), 0);
        assertEq(registry.arbitratorOf(alice).free, 150 ether);
        // Seated again, and penalized the whole lock: 50 free is below the minimum.
        _requestDraw();
        _openDrawing(2);
        _drawNext(1, new address[](0));
        registry.passPhase();
        vm.prank(court);
        registry.penalizeSeat(alice, MINIMUM_STAKE, MINIMUM_STAKE, sink);
        assertEq(_slotOf(alice), 0);
        assertEq(registry.totalStaked(), 50 ether);
        _checkBook(1);
    }

    function test_penalizeSeat_revertsOnEveryBadArgument() public {
        address alice = _seatAlice();
        vm.startPrank(court);
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryPenaltyAboveLock.selector,
                MINIMUM_STAKE + 1,
                MINIMUM_STAKE
            )
        );
        registry.penalizeSeat(alice, MINIMUM_STAKE, MINIMUM_STAKE + 1, sink);
        address[2] memory bad = [address(0), address(registry)];
        for (uint256 i = 0; i < bad.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryInvalidRecipient.selector, bad[i])
            );
            registry.penalizeSeat(alice, MINIMUM_STAKE, 1, bad[i]);
        }
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryInsufficientLocked.selector,
                _arbitrator(1),
                0,
                MINIMUM_STAKE
            )
        );
        registry.penalizeSeat(_arbitrator(1), MINIMUM_STAKE, 1, sink);
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroAmount.selector);
        registry.penalizeSeat(alice, 0, 0, sink);
        vm.stopPrank();
        address outsider = makeAddr("outsider");
        vm.expectRevert(_unauthorized(outsider, registry.COURT_ROLE()));
        vm.prank(outsider);
        registry.penalizeSeat(alice, MINIMUM_STAKE, 1, sink);
    }

    function test_releaseSeat_givesBackTheLockTakenUnderAnEarlierMinimum() public {
        address alice = _seatAlice();
        vm.prank(admin);
        registry.setMinimumStake(120 ether);
        vm.prank(court);
        registry.releaseSeat(alice, MINIMUM_STAKE);
        assertEq(registry.arbitratorOf(alice).free, 150 ether);
        assertEq(registry.weightOf(alice), 150 ether);
        assertEq(registry.seatLock(), 120 ether);
        _checkBook(1);
    }

    // ---------------------------------------------------------------- admin

    function test_setMinimumStake_raisedDropsEveryHolderBelowItAndReturnsTheirSlots() public {
        _deposit(_arbitrator(0), 150 ether);
        _deposit(_arbitrator(1), 300 ether);
        _deposit(_arbitrator(2), 1_000 ether);
        _deposit(_arbitrator(3), 250 ether);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(_arbitrator(0), 0);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.WeightChanged(_arbitrator(3), 0);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.MinimumStakeUpdated(MINIMUM_STAKE, 260 ether);
        vm.prank(admin);
        registry.setMinimumStake(260 ether);
        assertEq(_slotOf(_arbitrator(0)), 0);
        assertEq(_slotOf(_arbitrator(3)), 0);
        assertEq(registry.totalWeight(), 1_300 ether);
        assertEq(registry.drawableCount(), 2);
        assertEq(registry.seatLock(), 260 ether);
        _checkBook(4);
        // The returned slots are reused lowest first: 1, then 4.
        _deposit(_arbitrator(4), 260 ether);
        _deposit(_arbitrator(5), 260 ether);
        assertEq(_slotOf(_arbitrator(4)), 1);
        assertEq(_slotOf(_arbitrator(5)), 4);
        assertEq(_slotOf(_arbitrator(0)), 0, "a dropped holder still holds its reused slot");
        _checkBook(6);
    }

    function test_setMinimumStake_revertsOnZeroOrForANonAdmin() public {
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroMinimumStake.selector);
        vm.prank(admin);
        registry.setMinimumStake(0);
        vm.expectRevert(_unauthorized(court, registry.DEFAULT_ADMIN_ROLE()));
        vm.prank(court);
        registry.setMinimumStake(1);
    }

    function test_setLeaveDelay_appliesToNewRequests() public {
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.LeaveDelayUpdated(LEAVE_DELAY, 90 days);
        vm.prank(admin);
        registry.setLeaveDelay(90 days);
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        vm.prank(_arbitrator(0));
        registry.requestLeave(1);
        assertEq(registry.arbitratorOf(_arbitrator(0)).unlockAt, block.timestamp + 90 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryLeaveDelayTooLong.selector,
                uint64(90 days + 1),
                uint64(90 days)
            )
        );
        vm.prank(admin);
        registry.setLeaveDelay(90 days + 1);
        vm.expectRevert(_unauthorized(court, registry.DEFAULT_ADMIN_ROLE()));
        vm.prank(court);
        registry.setLeaveDelay(1);
    }

    function test_setRandomnessSource_servesTheNextSession() public {
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryInvalidRandomnessSource.selector, sink)
        );
        vm.prank(admin);
        registry.setRandomnessSource(sink);
        vm.expectRevert(_unauthorized(court, registry.DEFAULT_ADMIN_ROLE()));
        vm.prank(court);
        registry.setRandomnessSource(address(source));
        ScriptedRandomness replacement = new ScriptedRandomness();
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.RandomnessSourceUpdated(address(source), address(replacement));
        vm.prank(admin);
        registry.setRandomnessSource(address(replacement));
        _requestDraw();
        _startSession();
        assertEq(replacement.requestCount(), 1);
        assertEq(source.requestCount(), 0);
    }

    function test_setDrawSchedule_setsBothTimesWithinTheirBounds() public {
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.DrawScheduleUpdated(7 days, 1);
        vm.prank(admin);
        registry.setDrawSchedule(7 days, 1);
        (uint64 minStakingTime, uint64 maxDrawingTime) = registry.drawSchedule();
        assertEq(minStakingTime, 7 days);
        assertEq(maxDrawingTime, 1);
        bytes4 selector = IArbitratorRegistry.ArbitratorRegistryInvalidPhaseTime.selector;
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(0), uint64(7 days)));
        registry.setDrawSchedule(0, 1);
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(7 days + 1), uint64(7 days)));
        registry.setDrawSchedule(7 days + 1, 1);
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(0), uint64(7 days)));
        registry.setDrawSchedule(1, 0);
        vm.expectRevert(abi.encodeWithSelector(selector, uint64(7 days + 1), uint64(7 days)));
        registry.setDrawSchedule(1, 7 days + 1);
        vm.stopPrank();
        vm.expectRevert(_unauthorized(court, registry.DEFAULT_ADMIN_ROLE()));
        vm.prank(court);
        registry.setDrawSchedule(1, 1);
        // The new times rule the next session.
        _requestDraw();
        vm.warp(block.timestamp + 7 days - 1);
        vm.expectRevert();
        registry.passPhase();
        vm.warp(block.timestamp + 1);
        registry.passPhase();
        vm.warp(block.timestamp + 1);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking, "maxDrawingTime of 1 s not applied");
    }

    // ----------------------------------------------------------------- fuzz

    /// @dev Random stakes (deposits, leaves, cancellations, a minimum change) over 8 arbitrators,
    ///  then two tickets drawn in one session from a random value, each checked seat by seat
    ///  against the reference, with random exclusions and seat counts.
    function testFuzz_draw_matchesTheReference(
        uint256[12] calldata ops,
        uint256 value,
        uint256 seatsSeed,
        uint256 excludedBits
    ) public {
        uint256 actorCount = 8;
        for (uint256 i = 0; i < ops.length; ++i) {
            uint256 op = ops[i];
            address who = _arbitrator((op >> 8) % actorCount);
            IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(who);
            uint256 action = op % 4;
            if (action == 0 || action == 3) {
                _deposit(who, bound(op >> 16, 1, 800 ether));
            } else if (action == 1 && stake.free != 0) {
                vm.prank(who);
                registry.requestLeave(bound(op >> 16, 1, stake.free));
            } else if (action == 2 && stake.leaving != 0) {
                vm.prank(who);
                registry.cancelLeave();
            }
        }
        if (uint8(value) == 0) {
            vm.prank(admin);
            registry.setMinimumStake(bound(value >> 8, 1 ether, 300 ether));
            for (uint256 i = 0; i < actorCount; ++i) registry.sync(_arbitrator(i));
        }
        _checkBook(actorCount);
        address[] memory excluded = new address[](3);
        for (uint256 e = 0; e < excluded.length; ++e) excluded[e] = _arbitrator((excludedBits >> (8 * e)) % 10);
        uint256 first = _requestDraw();
        uint256 second = _requestDraw();
        _openDrawing(value);
        uint256[2] memory tickets = [first, second];
        for (uint256 t = 0; t < 2; ++t) {
            uint256 seats = bound(seatsSeed >> (8 * t), 1, 6);
            address[] memory expected = _expectedPanel(tickets[t], seats, excluded, actorCount);
            (address[] memory panel, uint256 lockPerSeat) = _drawNext(seats, excluded);
            assertEq(keccak256(abi.encode(panel)), keccak256(abi.encode(expected)), "panel != reference");
            assertEq(lockPerSeat, registry.minimumStake());
            _checkBook(actorCount);
        }
    }

    /// @dev Random operations of every kind, sessions included: after each one, slot holders weigh
    ///  exactly their free stake (at least the minimum), nobody else weighs anything, and the
    ///  tree's total and the drawable count agree with them.
    function testFuzz_weights_equalFreeStakeForSlotHolders(uint256[20] calldata ops) public {
        for (uint256 i = 0; i < ops.length; ++i) {
            _randomStep(ops[i], 6);
            _checkBook(6);
            assertEq(token.balanceOf(address(registry)), registry.totalStaked(), "balance != totalStaked");
        }
    }

    /// @dev Seats drawn by `_randomStep` and not settled yet.
    address[] internal _seated;

    function _randomStep(uint256 op, uint256 actorCount) internal {
        address who = _arbitrator((op >> 8) % actorCount);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(who);
        bool staking = registry.phase() == IArbitratorRegistry.Phase.Staking;
        uint256 action = op % 9;
        if (action == 0 && staking) {
            _deposit(who, bound(op >> 16, 1, 600 ether));
        } else if (action == 1 && staking && stake.free != 0) {
            vm.prank(who);
            registry.requestLeave(bound(op >> 16, 1, stake.free));
        } else if (action == 2 && staking && stake.leaving != 0) {
            vm.prank(who);
            registry.cancelLeave();
        } else if (action == 3 && stake.leaving != 0 && stake.seats == 0) {
            vm.warp(block.timestamp > stake.unlockAt ? block.timestamp : stake.unlockAt);
            vm.prank(who);
            registry.withdraw(who);
        } else if (action == 4) {
            _requestDraw();
        } else if (action == 5) {
            _randomDraw(bound(op >> 16, 1, 4));
        } else if (action == 6) {
            _randomPass(op);
        } else if (action == 7 && staking && _seated.length != 0) {
            _randomSettle(op);
        } else if (action == 8 && staking) {
            vm.prank(admin);
            registry.setMinimumStake(bound(op >> 16, 1 ether, 300 ether));
            // Locks differ per seat from now on: forget the seats (they stay locked).
            delete _seated;
            if ((op >> 40) % 2 == 0) {
                for (uint256 a = 0; a < actorCount; ++a) registry.sync(_arbitrator(a));
            }
        }
    }

    function _randomDraw(uint256 seats) internal {
        if (registry.phase() != IArbitratorRegistry.Phase.Drawing) return;
        (uint256 next, uint64 nextSession) = registry.nextTicket();
        if (next == 0 || nextSession > registry.session()) return;
        (address[] memory panel, ) = _drawNext(seats, new address[](0));
        for (uint256 s = 0; s < panel.length; ++s) _seated.push(panel[s]);
    }

    function _randomPass(uint256 op) internal {
        vm.warp(block.timestamp + bound(op >> 16, 0, MAX_DRAWING_TIME));
        if (registry.phase() == IArbitratorRegistry.Phase.Generating) {
            (uint256 requestId, ) = registry.sessionRandomness();
            if ((op >> 40) % 3 != 0) source.answer(requestId, op >> 48);
        }
        try registry.passPhase() {} catch {}
    }

    function _randomSettle(uint256 op) internal {
        uint256 index = (op >> 16) % _seated.length;
        address seated = _seated[index];
        _seated[index] = _seated[_seated.length - 1];
        _seated.pop();
        IArbitratorRegistry.Arbitrator memory held = registry.arbitratorOf(seated);
        uint256 lock = held.locked / held.seats;
        vm.prank(court);
        if ((op >> 24) % 2 == 0) registry.releaseSeat(seated, lock);
        else registry.penalizeSeat(seated, lock, bound(op >> 32, 0, lock), sink);
    }
}

/// @notice Every slot taken: deposits that would add a drawable arbitrator are refused; what frees
///  a slot, and what a court release or a leave does without one.
contract ArbitratorRegistryFullTreeTest is ArbitratorRegistryBase {
    function setUp() public {
        _deploy();
        _fill(MAX_ARBITRATORS, MINIMUM_STAKE);
    }

    function _full() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryFull.selector, MAX_ARBITRATORS);
    }

    function test_deposit_revertsFullForANewcomerReachingTheMinimum() public {
        address newcomer = _arbitrator(MAX_ARBITRATORS);
        token.mint(newcomer, MINIMUM_STAKE);
        vm.startPrank(newcomer);
        token.approve(address(registry), MINIMUM_STAKE);
        vm.expectRevert(_full());
        registry.deposit(MINIMUM_STAKE);
        // Dust takes no slot and is accepted; reaching the minimum is refused.
        registry.deposit(MINIMUM_STAKE - 1);
        vm.expectRevert(_full());
        registry.deposit(1);
        vm.stopPrank();
        // A holder may always add to its stake.
        _deposit(_arbitrator(5), 1 ether);
        assertEq(registry.weightOf(_arbitrator(5)), MINIMUM_STAKE + 1 ether);
        assertEq(registry.drawableCount(), MAX_ARBITRATORS);
    }

    function test_requestLeave_handsTheSlotToTheNextNewcomer() public {
        address leaver = _arbitrator(7);
        vm.prank(leaver);
        registry.requestLeave(1);
        assertEq(registry.drawableCount(), MAX_ARBITRATORS - 1);
        address newcomer = _arbitrator(MAX_ARBITRATORS);
        _deposit(newcomer, MINIMUM_STAKE);
        assertEq(_slotOf(newcomer), 8, "the returned slot was not reused");
        assertEq(registry.drawableCount(), MAX_ARBITRATORS);
        assertEq(registry.totalWeight(), MAX_ARBITRATORS * MINIMUM_STAKE);
    }

    /// @dev The court never waits for a slot: an arbitrator whose seat is released while every slot
    ///  is taken keeps its stake but stays undrawable until a slot frees and anyone syncs it.
    function test_releaseSeat_withoutAFreeSlotLeavesTheArbitratorUndrawableUntilSync() public {
        address seated = _seatAndReplace();
        vm.prank(court);
        registry.releaseSeat(seated, MINIMUM_STAKE);
        assertEq(registry.arbitratorOf(seated).free, MINIMUM_STAKE);
        assertEq(registry.weightOf(seated), 0);
        assertEq(_slotOf(seated), 0);
        vm.expectRevert(_full());
        registry.sync(seated);
        address leaver = seated == _arbitrator(3) ? _arbitrator(4) : _arbitrator(3);
        vm.prank(leaver);
        registry.requestLeave(MINIMUM_STAKE);
        registry.sync(seated);
        assertEq(registry.weightOf(seated), MINIMUM_STAKE);
        assertEq(registry.drawableCount(), MAX_ARBITRATORS);
    }

    function test_penalizeSeat_withoutAFreeSlotLeavesTheArbitratorUndrawable() public {
        address seated = _seatAndReplace();
        vm.prank(court);
        registry.penalizeSeat(seated, MINIMUM_STAKE, 0, sink);
        assertEq(registry.arbitratorOf(seated).free, MINIMUM_STAKE);
        assertEq(registry.weightOf(seated), 0);
        assertEq(registry.drawableCount(), MAX_ARBITRATORS);
    }

    /// @dev One arbitrator (at the minimum) is seated, which hands its slot back, and a newcomer
    ///  takes that slot: the tree is full again and the seated arbitrator's lock is outstanding.
    function _seatAndReplace() internal returns (address seated) {
        _requestDraw();
        _openDrawing(4);
        (address[] memory panel, ) = _drawNext(1, new address[](0));
        seated = panel[0];
        assertEq(_slotOf(seated), 0);
        registry.passPhase();
        _deposit(_arbitrator(MAX_ARBITRATORS), MINIMUM_STAKE);
        assertEq(registry.drawableCount(), MAX_ARBITRATORS);
    }

    /// @dev Before the fix, requestLeave was strict: an arbitrator left slotless by a release on a
    ///  full tree, whose free stake stayed above the minimum after a partial leave, was refused
    ///  with ArbitratorRegistryFull, for a leave that needs no slot at all.
    function test_requestLeave_aSlotlessArbitratorCanLeavePartOfItsStake() public {
        address whale = _slotlessWhale();
        vm.prank(whale);
        registry.requestLeave(40 ether);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(whale);
        assertEq(stake.free, 110 ether);
        assertEq(registry.weightOf(whale), 0);
        // Cancelling would make it drawable again: that needs a slot, like a deposit.
        vm.expectRevert(_full());
        vm.prank(whale);
        registry.cancelLeave();
    }

    /// @dev Arbitrator 0 tops up to a stake that wins any one-seat draw, is seated, leaves all but
    ///  50 of its free stake (handing its slot to a newcomer) and is released: 150 free, no slot.
    function _slotlessWhale() internal returns (address whale) {
        whale = _arbitrator(0);
        _deposit(whale, 1e30);
        _requestDraw();
        _openDrawing(4);
        (address[] memory panel, ) = _drawNext(1, new address[](0));
        assertEq(panel[0], whale, "the whale was not drawn");
        registry.passPhase();
        uint256 free = registry.arbitratorOf(whale).free;
        vm.prank(whale);
        registry.requestLeave(free - 50 ether);
        _deposit(_arbitrator(MAX_ARBITRATORS), MINIMUM_STAKE);
        vm.prank(court);
        registry.releaseSeat(whale, MINIMUM_STAKE);
        assertEq(registry.arbitratorOf(whale).free, 150 ether);
        assertEq(registry.weightOf(whale), 0);
        assertEq(registry.drawableCount(), MAX_ARBITRATORS);
    }

    function test_setMinimumStake_raisedEmptiesAFullTree() public {
        vm.prank(admin);
        registry.setMinimumStake(MINIMUM_STAKE + 1);
        assertEq(registry.drawableCount(), 0);
        assertEq(registry.totalWeight(), 0);
        _deposit(_arbitrator(MAX_ARBITRATORS), MINIMUM_STAKE + 1);
        assertEq(_slotOf(_arbitrator(MAX_ARBITRATORS)), 1, "the lowest slot handed back is reused first");
        // A dropped holder topping up takes the next slot handed back, not its stale old one.
        _deposit(_arbitrator(0), 1);
        assertEq(_slotOf(_arbitrator(0)), 2);
        assertEq(registry.weightOf(_arbitrator(0)), MINIMUM_STAKE + 1);
        assertEq(registry.drawableCount(), 2);
        assertEq(registry.totalWeight(), 2 * (MINIMUM_STAKE + 1));
    }
}

/// @notice Gas of every operation at its worst case. Each figure is the first call of its own
///  test, after a setUp that prepared the state, so that nothing the call touches is warm.
abstract contract ArbitratorRegistryGasBase is ArbitratorRegistryBase {
    function _snap(string memory name) internal {
        vm.snapshotGasLastCall("ArbitratorRegistry", name);
    }

    function _mintAndApprove(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(registry), amount);
    }
}

/// @notice An empty registry: the first slot of the tree (its whole path of 11 nodes written for
///  the first time) and the first ticket of an empty line.
contract ArbitratorRegistryEmptyGasTest is ArbitratorRegistryGasBase {
    function setUp() public {
        _deploy();
        _mintAndApprove(_arbitrator(0), MINIMUM_STAKE);
    }

    function test_gas_deposit_freshSlotOfAnEmptyTree() public {
        vm.prank(_arbitrator(0));
        registry.deposit(MINIMUM_STAKE);
        _snap("deposit_freshSlot_emptyTree");
    }

    function test_gas_requestDraw_intoAnEmptyLine() public {
        vm.prank(court);
        registry.requestDraw();
        _snap("requestDraw_emptyLine");
    }
}

/// @notice A slot handed back and waiting for the next newcomer.
contract ArbitratorRegistrySlotReuseGasTest is ArbitratorRegistryGasBase {
    function setUp() public {
        _deploy();
        _fill(20, MINIMUM_STAKE);
        vm.prank(_arbitrator(7));
        registry.requestLeave(MINIMUM_STAKE);
        _mintAndApprove(_arbitrator(20), MINIMUM_STAKE);
    }

    function test_gas_deposit_reusedSlot() public {
        vm.prank(_arbitrator(20));
        registry.deposit(MINIMUM_STAKE);
        _snap("deposit_reusedSlot");
    }
}

/// @notice The arbitrators' and the court's operations on a bench of 20, with no slot handed back
///  (so handing one back writes a zero word of the free map, and taking one takes a fresh slot).
contract ArbitratorRegistryGasTest is ArbitratorRegistryGasBase {
    function setUp() public {
        _deploy();
        _fill(20, MINIMUM_STAKE);
        // Arbitrator 0 leaves for good, 2 has its stake leaving, 1 is seated by a first session.
        vm.prank(_arbitrator(0));
        registry.requestLeave(MINIMUM_STAKE);
        vm.prank(_arbitrator(2));
        registry.requestLeave(MINIMUM_STAKE);
        address[] memory excluded = new address[](17);
        for (uint256 i = 3; i < 20; ++i) excluded[i - 3] = _arbitrator(i);
        _requestDraw();
        _openDrawing(1);
        (address[] memory panel, ) = _drawNext(1, excluded);
        assertEq(panel[0], _arbitrator(1));
        registry.passPhase();
        // 20 waits with 60, drawable once the minimum drops to 50; newcomers take the three
        // slots handed back.
        _deposit(_arbitrator(20), 60 ether);
        vm.prank(admin);
        registry.setMinimumStake(50 ether);
        for (uint256 i = 21; i < 24; ++i) _deposit(_arbitrator(i), MINIMUM_STAKE);
        vm.warp(block.timestamp + LEAVE_DELAY);
        for (uint256 i = 0; i < 3; ++i) _requestDraw();
        _mintAndApprove(_arbitrator(5), 1 ether);
    }

    function test_gas_deposit_topUp() public {
        vm.prank(_arbitrator(5));
        registry.deposit(1 ether);
        _snap("deposit_topUp");
    }

    function test_gas_requestLeave_returningTheSlot() public {
        vm.prank(_arbitrator(5));
        registry.requestLeave(MINIMUM_STAKE);
        _snap("requestLeave_returnsSlot");
    }

    function test_gas_cancelLeave_takingAFreshSlot() public {
        vm.prank(_arbitrator(2));
        registry.cancelLeave();
        _snap("cancelLeave_takesSlot");
    }

    function test_gas_withdraw() public {
        vm.prank(_arbitrator(0));
        registry.withdraw(sink);
        _snap("withdraw");
    }

    function test_gas_sync_takingAFreshSlot() public {
        registry.sync(_arbitrator(20));
        _snap("sync_takesSlot");
    }

    function test_gas_releaseSeat_takingAFreshSlot() public {
        vm.prank(court);
        registry.releaseSeat(_arbitrator(1), MINIMUM_STAKE);
        _snap("releaseSeat");
    }

    function test_gas_penalizeSeat_takingAFreshSlot() public {
        vm.prank(court);
        registry.penalizeSeat(_arbitrator(1), MINIMUM_STAKE, MINIMUM_STAKE / 5, sink);
        _snap("penalizeSeat");
    }

    function test_gas_requestDraw_behindALine() public {
        vm.prank(court);
        registry.requestDraw();
        _snap("requestDraw");
    }

    function test_gas_cancelDraw_middleOfTheLine() public {
        (uint256 head, ) = registry.nextTicket();
        vm.prank(court);
        registry.cancelDraw(head + 1);
        _snap("cancelDraw");
    }
}

/// @notice passPhase in each of its transitions, with the deployed default source (a block hash).
abstract contract ArbitratorRegistryPhaseGasTest is ArbitratorRegistryGasBase {
    BlockhashRandomness internal blockhashSource;

    function setUp() public {
        blockhashSource = new BlockhashRandomness(2);
        _deployWith(address(blockhashSource));
        _fill(20, 2 * MINIMUM_STAKE);
        _requestDraw();
        _requestDraw();
        vm.warp(block.timestamp + MIN_STAKING_TIME);
        _prepare();
    }

    function _prepare() internal virtual;

    function _targetBlock() internal view returns (uint256) {
        (uint256 requestId, ) = registry.sessionRandomness();
        return blockhashSource.targetBlockOf(requestId);
    }
}

contract ArbitratorRegistryStakingToGeneratingGasTest is ArbitratorRegistryPhaseGasTest {
    function _prepare() internal override {}

    function test_gas_passPhase_stakingToGenerating() public {
        registry.passPhase();
        _snap("passPhase_stakingToGenerating");
    }
}

contract ArbitratorRegistryGeneratingToDrawingGasTest is ArbitratorRegistryPhaseGasTest {
    function _prepare() internal override {
        registry.passPhase();
        vm.roll(_targetBlock() + 1);
    }

    function test_gas_passPhase_generatingToDrawing() public {
        registry.passPhase();
        _snap("passPhase_generatingToDrawing");
    }
}

contract ArbitratorRegistryGeneratingReRequestGasTest is ArbitratorRegistryPhaseGasTest {
    function _prepare() internal override {
        registry.passPhase();
        vm.roll(_targetBlock() + 257);
    }

    function test_gas_passPhase_generatingAsksAgain() public {
        registry.passPhase();
        _snap("passPhase_generatingReRequest");
    }
}

contract ArbitratorRegistryGeneratingTimeoutGasTest is ArbitratorRegistryPhaseGasTest {
    function _prepare() internal override {
        registry.passPhase();
        vm.warp(block.timestamp + MAX_DRAWING_TIME);
    }

    function test_gas_passPhase_generatingTimeout() public {
        registry.passPhase();
        _snap("passPhase_generatingTimeout");
    }
}

contract ArbitratorRegistryDrawingDoneGasTest is ArbitratorRegistryPhaseGasTest {
    function _prepare() internal override {
        registry.passPhase();
        vm.roll(_targetBlock() + 1);
        registry.passPhase();
        _drawNext(3, new address[](0));
        _drawNext(3, new address[](0));
    }

    function test_gas_passPhase_drawingDone() public {
        registry.passPhase();
        _snap("passPhase_drawingDone");
    }
}

contract ArbitratorRegistryDrawingTimeoutGasTest is ArbitratorRegistryPhaseGasTest {
    function _prepare() internal override {
        registry.passPhase();
        vm.roll(_targetBlock() + 1);
        registry.passPhase();
        _drawNext(3, new address[](0));
        vm.warp(block.timestamp + MAX_DRAWING_TIME);
    }

    function test_gas_passPhase_drawingTimeout() public {
        registry.passPhase();
        _snap("passPhase_drawingTimeout");
    }
}

/// @notice The gas of `draw` for 3, 7 and 31 seats over a bench of `_benchSize()` arbitrators at
///  their worst: every arbitrator at exactly the minimum, so every seat also hands a slot back.
abstract contract ArbitratorRegistryDrawGasTest is ArbitratorRegistryGasBase {
    function _benchSize() internal pure virtual returns (uint256);

    function setUp() public {
        _deploy();
        _fill(_benchSize(), MINIMUM_STAKE);
        _requestDraw();
        _openDrawing(uint256(keccak256("bench")));
    }

    function _measureDraw(uint256 seats, uint256 excludedCount) internal {
        address[] memory excluded = new address[](excludedCount);
        for (uint256 i = 0; i < excludedCount; ++i) excluded[i] = _arbitrator(i);
        vm.prank(court);
        (address[] memory panel, ) = registry.draw(1, seats, excluded);
        string memory name = string.concat("draw", vm.toString(seats), "_", vm.toString(_benchSize()));
        if (excludedCount != 0) name = string.concat(name, "_excluding", vm.toString(excludedCount));
        _snap(name);
        assertEq(panel.length, seats);
    }

    function test_gas_draw3() public {
        _measureDraw(3, 0);
    }

    function test_gas_draw7() public {
        _measureDraw(7, 0);
    }

    function test_gas_draw31() public {
        if (_benchSize() < 31) return;
        _measureDraw(31, 0);
    }
}

contract ArbitratorRegistryDrawGas20Test is ArbitratorRegistryDrawGasTest {
    function _benchSize() internal pure override returns (uint256) {
        return 20;
    }
}

contract ArbitratorRegistryDrawGas300Test is ArbitratorRegistryDrawGasTest {
    function _benchSize() internal pure override returns (uint256) {
        return 300;
    }
}

contract ArbitratorRegistryDrawGas1024Test is ArbitratorRegistryDrawGasTest {
    function _benchSize() internal pure override returns (uint256) {
        return MAX_ARBITRATORS;
    }

    /// @dev The court's largest draw: an appeal panel of 31 with both parties and the 15 seats of
    ///  round 0 excluded, each of them a slot holder the search must leave out.
    function test_gas_draw31_excluding17() public {
        _measureDraw(31, 17);
    }
}

/// @notice The worst case of a minimum change: every slot taken and every weight dropping, as
///  when governance answers a court filled at the minimum (attack 3 of docs/THREAT-MODEL.md).
contract ArbitratorRegistryMinimumGasTest is ArbitratorRegistryGasBase {
    /// @dev EIP-7825's cap on a transaction's gas, below any block's limit.
    uint256 internal constant TRANSACTION_GAS_CAP = 1 << 24;

    function setUp() public {
        _deploy();
        _fill(MAX_ARBITRATORS, MINIMUM_STAKE);
    }

    /// @dev Before the fix, each dropped holder pushed its slot on a stack of free slots and
    ///  cleared two mapping entries: about 43M gas here, so the raise could never be mined.
    function test_gas_setMinimumStake_1024HoldersDropping() public {
        vm.prank(admin);
        registry.setMinimumStake(MINIMUM_STAKE + 1);
        uint256 used = vm.snapshotGasLastCall("ArbitratorRegistry", "setMinimumStake_1024_allDropping");
        assertLt(used, TRANSACTION_GAS_CAP, "a raised minimum does not fit in a transaction");
        assertEq(registry.drawableCount(), 0);
        assertEq(registry.totalWeight(), 0);
    }
}
