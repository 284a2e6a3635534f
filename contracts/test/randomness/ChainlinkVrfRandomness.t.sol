// SPDX-License-Identifier: MIT
// The whole-session test shares this file with the adapter's unit tests: both drive Chainlink's
// mock coordinator the same way.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IVRFCoordinatorV2Plus} from "@chainlink/contracts/src/v0.8/vrf/dev/interfaces/IVRFCoordinatorV2Plus.sol";
import {VRFV2PlusClient} from "@chainlink/contracts/src/v0.8/vrf/dev/libraries/VRFV2PlusClient.sol";
import {SubscriptionAPI} from "@chainlink/contracts/src/v0.8/vrf/dev/SubscriptionAPI.sol";
import {VRFCoordinatorV2_5Mock} from "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";
import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {IRandomnessSource} from "../../src/interfaces/IRandomnessSource.sol";
import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {ChainlinkVrfRandomness} from "../../src/randomness/ChainlinkVrfRandomness.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {ArbitratorDrawReference} from "../utils/ArbitratorDrawReference.sol";
import {Test} from "../utils/Test.sol";

abstract contract ChainlinkVrfBase is Test {
    bytes32 internal constant KEY_HASH = keccak256("gas lane");
    uint16 internal constant CONFIRMATIONS = 3;
    uint32 internal constant CALLBACK_GAS = 100_000;
    /// @dev The mock charges base fee + gas × gas price, in LINK at this many wei per LINK.
    uint96 internal constant BASE_FEE = 0.1 ether;
    uint96 internal constant GAS_PRICE = 1 gwei;
    int256 internal constant WEI_PER_LINK = 4e15;

    VRFCoordinatorV2_5Mock internal coordinator;
    uint256 internal subscriptionId;

    function _deployCoordinator() internal {
        vm.roll(100);
        coordinator = new VRFCoordinatorV2_5Mock(BASE_FEE, GAS_PRICE, WEI_PER_LINK);
        subscriptionId = coordinator.createSubscription();
        coordinator.fundSubscription(subscriptionId, 1_000 ether);
    }

    /// @dev An adapter deployed by this test, added to the subscription.
    function _adapter(uint32 callbackGas, bool nativePayment) internal returns (ChainlinkVrfRandomness adapter) {
        adapter = new ChainlinkVrfRandomness(
            IVRFCoordinatorV2Plus(address(coordinator)),
            KEY_HASH,
            subscriptionId,
            CONFIRMATIONS,
            callbackGas,
            nativePayment
        );
        coordinator.addConsumer(subscriptionId, address(adapter));
    }

    function _status(ChainlinkVrfRandomness adapter, uint256 requestId) internal view returns (uint256) {
        (IRandomnessSource.RequestStatus status, ) = adapter.randomnessOf(requestId);
        return uint256(status);
    }

    function _words(uint256 word) internal pure returns (uint256[] memory words) {
        words = new uint256[](1);
        words[0] = word;
    }
}

contract ChainlinkVrfRandomnessTest is ChainlinkVrfBase {
    ChainlinkVrfRandomness internal adapter;
    address internal requester;

    function setUp() public {
        _deployCoordinator();
        adapter = _adapter(CALLBACK_GAS, false);
        requester = makeAddr("requester");
        adapter.bindRequester(requester);
    }

    function _request() internal returns (uint256 requestId) {
        vm.prank(requester);
        requestId = adapter.requestRandomness();
    }

    // ---------------------------------------------------------- construction

    function test_constructor_keepsItsParameters() public view {
        assertEq(address(adapter.coordinator()), address(coordinator));
        assertEq(adapter.keyHash(), KEY_HASH);
        assertEq(adapter.subscriptionId(), subscriptionId);
        assertEq(adapter.requestConfirmations(), CONFIRMATIONS);
        assertEq(adapter.callbackGasLimit(), CALLBACK_GAS);
        assertFalse(adapter.nativePayment());
        assertEq(adapter.requester(), requester);
    }

    function test_constructor_revertsOnEachUnusableParameter() public {
        IVRFCoordinatorV2Plus real = IVRFCoordinatorV2Plus(address(coordinator));
        bytes4 selector = ChainlinkVrfRandomness.ChainlinkVrfRandomnessInvalidParam.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, bytes32("coordinator")));
        new ChainlinkVrfRandomness(IVRFCoordinatorV2Plus(address(0)), KEY_HASH, subscriptionId, 3, 1, false);
        vm.expectRevert(abi.encodeWithSelector(selector, bytes32("keyHash")));
        new ChainlinkVrfRandomness(real, bytes32(0), subscriptionId, 3, 1, false);
        vm.expectRevert(abi.encodeWithSelector(selector, bytes32("subscriptionId")));
        new ChainlinkVrfRandomness(real, KEY_HASH, 0, 3, 1, false);
        vm.expectRevert(abi.encodeWithSelector(selector, bytes32("callbackGasLimit")));
        new ChainlinkVrfRandomness(real, KEY_HASH, subscriptionId, 3, 0, false);
    }

    // -------------------------------------------------------------- binding

    function test_bindRequester_bindsOnceByTheDeployerToARealAddress() public {
        ChainlinkVrfRandomness fresh = _adapter(CALLBACK_GAS, false);
        assertEq(fresh.requester(), address(0));
        bytes4 selector = ChainlinkVrfRandomness.ChainlinkVrfRandomnessCannotBind.selector;
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(selector, stranger, stranger));
        vm.prank(stranger);
        fresh.bindRequester(stranger);
        vm.expectRevert(abi.encodeWithSelector(selector, address(this), address(0)));
        fresh.bindRequester(address(0));
        vm.expectEmit(address(fresh));
        emit ChainlinkVrfRandomness.RequesterBound(requester);
        fresh.bindRequester(requester);
        assertEq(fresh.requester(), requester);
        vm.expectRevert(abi.encodeWithSelector(selector, address(this), stranger));
        fresh.bindRequester(stranger);
    }

    function test_requestRandomness_revertsForAnyoneButTheBoundRequester() public {
        bytes4 selector = ChainlinkVrfRandomness.ChainlinkVrfRandomnessNotRequester.selector;
        vm.expectRevert(abi.encodeWithSelector(selector, address(this)));
        adapter.requestRandomness();
        // Unbound, nobody may request (the deployer neither).
        ChainlinkVrfRandomness unbound = _adapter(CALLBACK_GAS, false);
        vm.expectRevert(abi.encodeWithSelector(selector, address(this)));
        unbound.requestRandomness();
    }

    // ------------------------------------------------------------- requests

    function test_requestRandomness_asksTheCoordinatorForOneWordOnTheSubscription() public {
        vm.expectEmit(address(coordinator));
        emit VRFCoordinatorV2_5Mock.RandomWordsRequested(
            KEY_HASH,
            1,
            100,
            subscriptionId,
            CONFIRMATIONS,
            CALLBACK_GAS,
            1,
            VRFV2PlusClient._argsToBytes(VRFV2PlusClient.ExtraArgsV1({nativePayment: false})),
            address(adapter)
        );
        vm.expectEmit(address(adapter));
        emit IRandomnessSource.RandomnessRequested(1, requester);
        assertEq(_request(), 1);
        assertEq(_status(adapter, 1), uint256(IRandomnessSource.RequestStatus.Pending));
        assertEq(_status(adapter, 2), uint256(IRandomnessSource.RequestStatus.None));
        assertEq(_status(adapter, 0), uint256(IRandomnessSource.RequestStatus.None));
    }

    function test_requestRandomness_paysInTheNativeTokenWhenConfiguredTo() public {
        ChainlinkVrfRandomness native = _adapter(CALLBACK_GAS, true);
        native.bindRequester(requester);
        assertTrue(native.nativePayment());
        vm.expectEmit(address(coordinator));
        emit VRFCoordinatorV2_5Mock.RandomWordsRequested(
            KEY_HASH,
            1,
            100,
            subscriptionId,
            CONFIRMATIONS,
            CALLBACK_GAS,
            1,
            VRFV2PlusClient._argsToBytes(VRFV2PlusClient.ExtraArgsV1({nativePayment: true})),
            address(native)
        );
        vm.prank(requester);
        native.requestRandomness();
    }

    function test_requestRandomness_revertsWhenTheAdapterIsNoConsumer() public {
        ChainlinkVrfRandomness stranger = new ChainlinkVrfRandomness(
            IVRFCoordinatorV2Plus(address(coordinator)),
            KEY_HASH,
            subscriptionId,
            CONFIRMATIONS,
            CALLBACK_GAS,
            false
        );
        stranger.bindRequester(requester);
        vm.expectRevert(
            abi.encodeWithSelector(SubscriptionAPI.InvalidConsumer.selector, subscriptionId, address(stranger))
        );
        vm.prank(requester);
        stranger.requestRandomness();
    }

    // ---------------------------------------------------------- fulfillment

    function test_fulfill_makesTheFirstWordTheFinalValue() public {
        uint256 requestId = _request();
        uint256 expected = uint256(keccak256(abi.encode(requestId, uint256(0))));
        vm.expectEmit(address(adapter));
        emit ChainlinkVrfRandomness.RandomnessFulfilled(requestId, expected);
        coordinator.fulfillRandomWords(requestId, address(adapter));
        (IRandomnessSource.RequestStatus status, uint256 value) = adapter.randomnessOf(requestId);
        assertEq(uint256(status), uint256(IRandomnessSource.RequestStatus.Ready));
        assertEq(value, expected);
    }

    function test_fulfill_withChosenWordsStoresThem() public {
        uint256 requestId = _request();
        coordinator.fulfillRandomWordsWithOverride(requestId, address(adapter), _words(42));
        (, uint256 value) = adapter.randomnessOf(requestId);
        assertEq(value, 42);
    }

    function test_fulfill_aSecondAnswerChangesNothing() public {
        uint256 requestId = _request();
        coordinator.fulfillRandomWordsWithOverride(requestId, address(adapter), _words(7));
        // The mock forgets a fulfilled request; a coordinator that answered again anyway is ignored.
        vm.expectRevert(VRFCoordinatorV2_5Mock.InvalidRequest.selector);
        coordinator.fulfillRandomWordsWithOverride(requestId, address(adapter), _words(8));
        vm.prank(address(coordinator));
        adapter.rawFulfillRandomWords(requestId, _words(9));
        (IRandomnessSource.RequestStatus status, uint256 value) = adapter.randomnessOf(requestId);
        assertEq(uint256(status), uint256(IRandomnessSource.RequestStatus.Ready));
        assertEq(value, 7);
    }

    function test_fulfill_ignoresAnUnknownRequestAndAnEmptyAnswerWithoutReverting() public {
        uint256 requestId = _request();
        vm.startPrank(address(coordinator));
        adapter.rawFulfillRandomWords(requestId + 1, _words(1));
        adapter.rawFulfillRandomWords(requestId, new uint256[](0));
        vm.stopPrank();
        assertEq(_status(adapter, requestId + 1), uint256(IRandomnessSource.RequestStatus.None));
        assertEq(_status(adapter, requestId), uint256(IRandomnessSource.RequestStatus.Pending));
        // The real answer still lands afterwards.
        coordinator.fulfillRandomWordsWithOverride(requestId, address(adapter), _words(3));
        (, uint256 value) = adapter.randomnessOf(requestId);
        assertEq(value, 3);
    }

    function test_fulfill_revertsForAnyoneButTheCoordinator() public {
        uint256 requestId = _request();
        address stranger = makeAddr("stranger");
        vm.expectRevert(
            abi.encodeWithSelector(ChainlinkVrfRandomness.ChainlinkVrfRandomnessNotCoordinator.selector, stranger)
        );
        vm.prank(stranger);
        adapter.rawFulfillRandomWords(requestId, _words(1));
        vm.expectRevert(
            abi.encodeWithSelector(ChainlinkVrfRandomness.ChainlinkVrfRandomnessNotCoordinator.selector, requester)
        );
        vm.prank(requester);
        adapter.rawFulfillRandomWords(requestId, _words(1));
    }

    /// @dev Too little callback gas: the coordinator's call fails, it counts the request as done,
    ///  and the adapter never answers. The registry's session times out (see the session tests).
    function test_fulfill_thatRunsOutOfCallbackGasLeavesTheRequestPending() public {
        ChainlinkVrfRandomness starved = _adapter(2_000, false);
        starved.bindRequester(requester);
        vm.prank(requester);
        uint256 requestId = starved.requestRandomness();
        coordinator.fulfillRandomWordsWithOverride(requestId, address(starved), _words(5));
        assertEq(_status(starved, requestId), uint256(IRandomnessSource.RequestStatus.Pending));
    }

    function test_fulfill_onAnEmptySubscriptionFailsAndLeavesTheRequestPending() public {
        uint256 emptySubscription = coordinator.createSubscription();
        ChainlinkVrfRandomness unfunded = new ChainlinkVrfRandomness(
            IVRFCoordinatorV2Plus(address(coordinator)),
            KEY_HASH,
            emptySubscription,
            CONFIRMATIONS,
            CALLBACK_GAS,
            false
        );
        coordinator.addConsumer(emptySubscription, address(unfunded));
        unfunded.bindRequester(requester);
        vm.prank(requester);
        uint256 requestId = unfunded.requestRandomness();
        vm.expectRevert(SubscriptionAPI.InsufficientBalance.selector);
        coordinator.fulfillRandomWords(requestId, address(unfunded));
        assertEq(_status(unfunded, requestId), uint256(IRandomnessSource.RequestStatus.Pending));
    }

    function testFuzz_fulfill_valueIsTheFirstWordOfItsOwnRequest(uint256 first, uint256 second) public {
        uint256 a = _request();
        uint256 b = _request();
        assertTrue(a != b);
        coordinator.fulfillRandomWordsWithOverride(b, address(adapter), _words(second));
        coordinator.fulfillRandomWordsWithOverride(a, address(adapter), _words(first));
        (, uint256 valueA) = adapter.randomnessOf(a);
        (, uint256 valueB) = adapter.randomnessOf(b);
        assertEq(valueA, first);
        assertEq(valueB, second);
    }
}

/// @notice Whole draw sessions of the real registry on the VRF adapter and Chainlink's mock
///  coordinator; the test is the registry's admin and holds its court role.
contract ChainlinkVrfSessionTest is ChainlinkVrfBase {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant MIN_STAKING_TIME = 1 hours;
    uint64 internal constant MAX_DRAWING_TIME = 1 days;
    uint256 internal constant ARBITRATORS = 8;

    ChainlinkVrfRandomness internal adapter;
    ArbitratorRegistry internal registry;
    MockERC20 internal token;

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployCoordinator();
        adapter = _adapter(CALLBACK_GAS, false);
        token = new MockERC20();
        registry = new ArbitratorRegistry(
            token,
            address(this),
            MINIMUM_STAKE,
            7 days,
            address(adapter),
            MIN_STAKING_TIME,
            MAX_DRAWING_TIME
        );
        adapter.bindRequester(address(registry));
        registry.grantRole(registry.COURT_ROLE(), address(this));
        for (uint256 i = 0; i < ARBITRATORS; ++i) {
            address who = _arbitrator(i);
            token.mint(who, 1_000 ether);
            vm.startPrank(who);
            token.approve(address(registry), 1_000 ether);
            registry.deposit(100 ether * (1 + i));
            vm.stopPrank();
        }
    }

    function _arbitrator(uint256 i) internal pure returns (address) {
        return address(uint160(0xC000 + i));
    }

    function _actors() internal pure returns (address[] memory actors) {
        actors = new address[](ARBITRATORS);
        for (uint256 i = 0; i < ARBITRATORS; ++i) actors[i] = _arbitrator(i);
    }

    function _startSession() internal returns (uint256 requestId) {
        vm.warp(uint256(registry.phaseStartedAt()) + MIN_STAKING_TIME);
        registry.passPhase();
        (requestId, ) = registry.sessionRandomness();
    }

    function test_session_drawsFromTheVerifiedWordOnceTheCoordinatorAnswers() public {
        uint256 first = registry.requestDraw();
        uint256 second = registry.requestDraw();
        uint256 requestId = _startSession();
        assertEq(_status(adapter, requestId), uint256(IRandomnessSource.RequestStatus.Pending));
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryRandomnessPending.selector, requestId)
        );
        registry.passPhase();
        // The word is public from the fulfillment on; the weights it samples were frozen before.
        uint256 word = uint256(keccak256("verified word"));
        coordinator.fulfillRandomWordsWithOverride(requestId, address(adapter), _words(word));
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryStakesFrozen.selector,
                IArbitratorRegistry.Phase.Generating
            )
        );
        vm.prank(_arbitrator(0));
        registry.deposit(1 ether);
        vm.expectEmit(address(registry));
        emit IArbitratorRegistry.PhasePassed(IArbitratorRegistry.Phase.Drawing, 1, requestId, word);
        registry.passPhase();
        (, uint256 value) = registry.sessionRandomness();
        assertEq(value, word);

        uint256[2] memory tickets = [first, second];
        for (uint256 t = 0; t < 2; ++t) {
            ArbitratorDrawReference.Bench memory bench = ArbitratorDrawReference.benchOf(registry, _actors());
            address[] memory expected = ArbitratorDrawReference.draw(
                bench,
                ArbitratorDrawReference.seedOf(word, registry, tickets[t]),
                3,
                new address[](0)
            );
            (address[] memory panel, uint256 lockPerSeat) = registry.draw(tickets[t], 3, new address[](0));
            assertEq(keccak256(abi.encode(panel)), keccak256(abi.encode(expected)), "not the word's panel");
            assertEq(lockPerSeat, MINIMUM_STAKE);
        }
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
    }

    function test_session_timesOutWithoutAnAnswerAndIgnoresTheLateOne() public {
        uint256 ticket = registry.requestDraw();
        uint256 stale = _startSession();
        vm.warp(block.timestamp + MAX_DRAWING_TIME);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        // Stakes thawed; the late answer of the old request is public and moves nothing.
        vm.prank(_arbitrator(0));
        registry.deposit(1 ether);
        coordinator.fulfillRandomWordsWithOverride(stale, address(adapter), _words(1));
        uint256 fresh = _startSession();
        assertTrue(fresh != stale);
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryRandomnessPending.selector, fresh)
        );
        registry.passPhase();
        coordinator.fulfillRandomWordsWithOverride(fresh, address(adapter), _words(2));
        registry.passPhase();
        (, uint256 value) = registry.sessionRandomness();
        assertEq(value, 2);
        (address[] memory panel, ) = registry.draw(ticket, 2, new address[](0));
        assertEq(panel.length, 2);
    }

    function test_session_aStarvedCallbackNeverAnswersAndTheSessionTimesOut() public {
        ChainlinkVrfRandomness starved = _adapter(2_000, false);
        starved.bindRequester(address(registry));
        registry.setRandomnessSource(address(starved));
        registry.requestDraw();
        uint256 requestId = _startSession();
        coordinator.fulfillRandomWordsWithOverride(requestId, address(starved), _words(5));
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryRandomnessPending.selector, requestId)
        );
        registry.passPhase();
        vm.warp(block.timestamp + MAX_DRAWING_TIME);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
        // Governance points the registry back at a working adapter between sessions.
        registry.setRandomnessSource(address(adapter));
        assertEq(registry.randomnessSource(), address(adapter));
    }
}
