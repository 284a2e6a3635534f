// SPDX-License-Identifier: MIT
// The whole-session test shares this file with the source's unit tests.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {IRandomnessSource} from "../../src/interfaces/IRandomnessSource.sol";
import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {BlockhashRandomness} from "../../src/randomness/BlockhashRandomness.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

contract BlockhashRandomnessTest is Test {
    uint64 internal constant DELAY = 3;
    /// @dev The EVM serves the hashes of the last 256 blocks only.
    uint256 internal constant WINDOW = 256;

    BlockhashRandomness internal source;

    function setUp() public {
        vm.roll(1_000);
        source = new BlockhashRandomness(DELAY);
    }

    function _statusOf(
        BlockhashRandomness from,
        uint256 requestId
    ) internal view returns (IRandomnessSource.RequestStatus) {
        (IRandomnessSource.RequestStatus status, ) = from.randomnessOf(requestId);
        return status;
    }

    function _expected(BlockhashRandomness from, bytes32 hash, uint256 requestId) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(hash, block.chainid, address(from), requestId)));
    }

    function test_constructor_revertsOnZeroDelay() public {
        vm.expectRevert(BlockhashRandomness.BlockhashRandomnessZeroDelay.selector);
        new BlockhashRandomness(0);
        assertEq(source.delayBlocks(), DELAY);
    }

    function test_requestRandomness_numbersRequestsForAnyoneAndTargetsABlockDelayAhead() public {
        address alice = makeAddr("alice");
        vm.expectEmit(address(source));
        emit IRandomnessSource.RandomnessRequested(1, alice);
        vm.prank(alice);
        assertEq(source.requestRandomness(), 1);
        assertEq(source.targetBlockOf(1), block.number + DELAY);
        vm.roll(block.number + 5);
        vm.expectEmit(address(source));
        emit IRandomnessSource.RandomnessRequested(2, address(this));
        assertEq(source.requestRandomness(), 2);
        assertEq(source.targetBlockOf(2), block.number + DELAY);
        assertEq(source.targetBlockOf(3), 0);
    }

    function test_randomnessOf_isNoneForAnUnknownRequest() public {
        source.requestRandomness();
        uint256[3] memory unknown = [uint256(0), 2, type(uint256).max];
        for (uint256 i = 0; i < unknown.length; ++i) {
            (IRandomnessSource.RequestStatus status, uint256 value) = source.randomnessOf(unknown[i]);
            assertEq(uint256(status), uint256(IRandomnessSource.RequestStatus.None));
            assertEq(value, 0);
        }
    }

    function test_randomnessOf_isPendingUntilTheTargetBlockIsMined() public {
        uint256 requestId = source.requestRandomness();
        uint256 target = source.targetBlockOf(requestId);
        for (uint256 at = block.number; at <= target; ++at) {
            vm.roll(at);
            (IRandomnessSource.RequestStatus status, uint256 value) = source.randomnessOf(requestId);
            assertEq(uint256(status), uint256(IRandomnessSource.RequestStatus.Pending));
            assertEq(value, 0);
        }
    }

    function test_randomnessOf_isTheTargetHashBoundToSourceAndRequestForItsWholeWindow() public {
        uint256 requestId = source.requestRandomness();
        uint256 target = source.targetBlockOf(requestId);
        bytes32 hash = keccak256("target block");
        vm.roll(target + 1);
        vm.setBlockhash(target, hash);
        (IRandomnessSource.RequestStatus status, uint256 value) = source.randomnessOf(requestId);
        assertEq(uint256(status), uint256(IRandomnessSource.RequestStatus.Ready));
        assertEq(value, _expected(source, hash, requestId));
        assertTrue(value != uint256(hash), "the raw block hash leaked through");
        // Final: the same value at the window's last block.
        vm.roll(target + WINDOW);
        vm.setBlockhash(target, hash);
        (, uint256 later) = source.randomnessOf(requestId);
        assertEq(later, value);
    }

    function test_randomnessOf_expiresOnceTheHashLeavesTheWindow() public {
        uint256 requestId = source.requestRandomness();
        uint256 target = source.targetBlockOf(requestId);
        vm.roll(target + WINDOW);
        assertEq(uint256(_statusOf(source, requestId)), uint256(IRandomnessSource.RequestStatus.Ready));
        vm.roll(target + WINDOW + 1);
        (IRandomnessSource.RequestStatus status, uint256 value) = source.randomnessOf(requestId);
        assertEq(uint256(status), uint256(IRandomnessSource.RequestStatus.Expired));
        assertEq(value, 0);
    }

    function test_randomnessOf_differsForTwoRequestsOnOneBlockAndForTwoSources() public {
        BlockhashRandomness other = new BlockhashRandomness(DELAY);
        uint256 first = source.requestRandomness();
        uint256 second = source.requestRandomness();
        uint256 elsewhere = other.requestRandomness();
        assertEq(elsewhere, first);
        uint256 target = source.targetBlockOf(first);
        assertEq(source.targetBlockOf(second), target);
        assertEq(other.targetBlockOf(elsewhere), target);
        vm.roll(target + 1);
        (, uint256 a) = source.randomnessOf(first);
        (, uint256 b) = source.randomnessOf(second);
        (, uint256 c) = other.randomnessOf(elsewhere);
        assertTrue(a != b, "two requests answered by one block share a value");
        assertTrue(a != c, "two sources share a value");
    }

    function test_randomnessOf_isBoundToTheChain() public {
        uint256 requestId = source.requestRandomness();
        uint256 target = source.targetBlockOf(requestId);
        vm.roll(target + 1);
        vm.setBlockhash(target, keccak256("hash"));
        (, uint256 here) = source.randomnessOf(requestId);
        vm.chainId(block.chainid + 1);
        (, uint256 there) = source.randomnessOf(requestId);
        assertTrue(here != there, "the value does not depend on the chain");
    }

    function testFuzz_randomnessOf_statusFollowsTheBlock(uint64 delay, uint256 blocksLater) public {
        delay = uint64(bound(delay, 1, 1_000));
        BlockhashRandomness fuzzed = new BlockhashRandomness(delay);
        uint256 requestedAt = block.number;
        uint256 requestId = fuzzed.requestRandomness();
        uint256 at = requestedAt + bound(blocksLater, 0, delay + 2 * WINDOW);
        vm.roll(at);
        uint256 target = requestedAt + delay;
        IRandomnessSource.RequestStatus expected =
            at <= target
                ? IRandomnessSource.RequestStatus.Pending
                : at <= target + WINDOW
                    ? IRandomnessSource.RequestStatus.Ready
                    : IRandomnessSource.RequestStatus.Expired;
        assertEq(uint256(_statusOf(fuzzed, requestId)), uint256(expected));
    }
}

/// @notice A whole draw session of the real registry on block hashes, the test holding the court
///  role: a keeper that lets the hash age out makes the registry ask again, stakes still frozen.
contract BlockhashRandomnessSessionTest is Test {
    uint256 internal constant MINIMUM_STAKE = 100 ether;

    BlockhashRandomness internal source;
    ArbitratorRegistry internal registry;
    MockERC20 internal token;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        token = new MockERC20();
        source = new BlockhashRandomness(2);
        registry = new ArbitratorRegistry(
            token,
            address(this),
            MINIMUM_STAKE,
            7 days,
            address(source),
            1 hours,
            1 days
        );
        registry.grantRole(registry.COURT_ROLE(), address(this));
        for (uint256 i = 0; i < 5; ++i) {
            address who = address(uint160(0xB000 + i));
            token.mint(who, 300 ether);
            vm.startPrank(who);
            token.approve(address(registry), 300 ether);
            registry.deposit(300 ether);
            vm.stopPrank();
        }
    }

    function test_session_anAgedOutHashIsAskedAgainAndTheNewOneDraws() public {
        uint256 ticket = registry.requestDraw();
        vm.warp(block.timestamp + 1 hours);
        registry.passPhase();
        (uint256 first, ) = registry.sessionRandomness();
        uint256 target = source.targetBlockOf(first);
        vm.expectRevert(
            abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryRandomnessPending.selector, first)
        );
        registry.passPhase();
        // Nobody passes the phase within the window: the hash ages out and the registry asks again.
        vm.roll(target + 257);
        registry.passPhase();
        (uint256 second, ) = registry.sessionRandomness();
        assertEq(second, first + 1);
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Generating);
        assertEq(source.targetBlockOf(second), block.number + 2);
        vm.roll(block.number + 3);
        (, uint256 value) = source.randomnessOf(second);
        registry.passPhase();
        (, uint256 stored) = registry.sessionRandomness();
        assertEq(stored, value);
        (address[] memory panel, ) = registry.draw(ticket, 3, new address[](0));
        assertEq(panel.length, 3);
        registry.passPhase();
        assertTrue(registry.phase() == IArbitratorRegistry.Phase.Staking);
    }
}
