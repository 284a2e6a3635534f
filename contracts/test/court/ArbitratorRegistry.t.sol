// SPDX-License-Identifier: MIT
// The gas benchmarks share this file with the unit tests: both need the same helpers.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

abstract contract ArbitratorRegistryBase is Test {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant LEAVE_DELAY = 7 days;

    MockERC20 internal token;
    ArbitratorRegistry internal registry;

    address internal admin;
    address internal court;
    address internal sink;

    function _deploy() internal {
        admin = makeAddr("admin");
        court = makeAddr("court");
        sink = makeAddr("sink");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        registry = new ArbitratorRegistry(token, admin, MINIMUM_STAKE, LEAVE_DELAY);
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.grantRole(courtRole, court);
    }

    function _arbitrator(uint256 i) internal pure returns (address) {
        return address(uint160(0xA000 + i));
    }

    function _deposit(address arbitrator, uint256 amount) internal {
        token.mint(arbitrator, amount);
        vm.startPrank(arbitrator);
        token.approve(address(registry), amount);
        registry.deposit(amount);
        vm.stopPrank();
    }

    function _draw(bytes32 seed, uint256 seats) internal returns (address[] memory panel, uint256 lock) {
        vm.prank(court);
        (panel, lock) = registry.draw(seed, seats, new address[](0));
    }

    /// @dev Sum of weightOf over the first `count` test arbitrators.
    function _sumWeights(uint256 count) internal view returns (uint256 sum, uint256 drawable) {
        for (uint256 i = 0; i < count; ++i) {
            uint256 weight = registry.weightOf(_arbitrator(i));
            sum += weight;
            if (weight != 0) ++drawable;
        }
    }
}

contract ArbitratorRegistryTest is ArbitratorRegistryBase {
    uint256 internal constant ACTORS = 6;

    function setUp() public {
        _deploy();
    }

    function test_constructor_revertsOnZeroMinimumStake() public {
        vm.expectRevert(IArbitratorRegistry.ArbitratorRegistryZeroMinimumStake.selector);
        new ArbitratorRegistry(token, admin, 0, LEAVE_DELAY);
    }

    function test_constructor_revertsOnTooLongLeaveDelay() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IArbitratorRegistry.ArbitratorRegistryLeaveDelayTooLong.selector,
                uint64(91 days),
                uint64(90 days)
            )
        );
        new ArbitratorRegistry(token, admin, MINIMUM_STAKE, 91 days);
    }

    function test_deposit_revertsWhenEverySlotIsTakenUntilOneIsFreed() public {
        uint256 max = registry.MAX_ARBITRATORS();
        for (uint256 i = 0; i < max; ++i) {
            _deposit(_arbitrator(i), MINIMUM_STAKE);
        }
        address late = makeAddr("late");
        token.mint(late, MINIMUM_STAKE);
        vm.prank(late);
        token.approve(address(registry), MINIMUM_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryFull.selector, max));
        vm.prank(late);
        registry.deposit(MINIMUM_STAKE);

        vm.prank(_arbitrator(7));
        registry.requestLeave(MINIMUM_STAKE);
        vm.warp(block.timestamp + LEAVE_DELAY);
        vm.prank(_arbitrator(7));
        registry.withdraw(_arbitrator(7));
        vm.prank(late);
        registry.deposit(MINIMUM_STAKE);
        assertEq(registry.drawableCount(), max);
        assertEq(registry.totalWeight(), max * MINIMUM_STAKE);
    }

    function test_draw_frequencyFollowsStake() public {
        // Stakes 1 : 2 : 7 (in minimum stakes), 2000 one-seat draws from fixed seeds.
        _deposit(_arbitrator(0), 1 * MINIMUM_STAKE);
        _deposit(_arbitrator(1), 2 * MINIMUM_STAKE);
        _deposit(_arbitrator(2), 7 * MINIMUM_STAKE);
        uint256[3] memory counts;
        for (uint256 i = 0; i < 2000; ++i) {
            (address[] memory panel, uint256 lock) = _draw(keccak256(abi.encode("frequency", i)), 1);
            uint256 index = uint160(panel[0]) - 0xA000;
            ++counts[index];
            vm.prank(court);
            registry.releaseSeat(panel[0], lock);
        }
        // Expected 200, 400, 1400; each bound is more than 4 standard deviations wide.
        assertGe(counts[0], 140);
        assertLe(counts[0], 260);
        assertGe(counts[1], 320);
        assertLe(counts[1], 480);
        assertGe(counts[2], 1300);
        assertLe(counts[2], 1500);
        assertEq(counts[0] + counts[1] + counts[2], 2000);
    }

    function test_draw_neverSeatsBelowRaisedMinimum() public {
        _deposit(_arbitrator(0), 150 ether);
        _deposit(_arbitrator(1), 300 ether);
        _deposit(_arbitrator(2), 1000 ether);
        _deposit(_arbitrator(3), 250 ether);
        vm.prank(admin);
        registry.setMinimumStake(260 ether);
        assertEq(registry.weightOf(_arbitrator(0)), 0);
        assertEq(registry.weightOf(_arbitrator(3)), 0);
        assertEq(registry.totalWeight(), 1300 ether);
        assertEq(registry.drawableCount(), 2);
        for (uint256 i = 0; i < 50; ++i) {
            (address[] memory panel, uint256 lock) = _draw(keccak256(abi.encode("raised", i)), 2);
            assertEq(lock, 260 ether);
            for (uint256 s = 0; s < 2; ++s) {
                assertTrue(panel[s] == _arbitrator(1) || panel[s] == _arbitrator(2), "below-minimum seat");
                vm.prank(court);
                registry.releaseSeat(panel[s], lock);
            }
        }
    }

    function test_setMinimumStake_loweredMakesSmallStakesDrawable() public {
        _deposit(_arbitrator(0), 50 ether);
        _deposit(_arbitrator(1), 100 ether);
        assertEq(registry.totalWeight(), 100 ether);
        vm.prank(admin);
        registry.setMinimumStake(40 ether);
        assertEq(registry.totalWeight(), 150 ether);
        assertEq(registry.drawableCount(), 2);
        assertEq(registry.weightOf(_arbitrator(0)), 50 ether);
    }

    function test_slots_reusedAfterFullExit() public {
        _deposit(_arbitrator(0), MINIMUM_STAKE);
        vm.startPrank(_arbitrator(0));
        registry.requestLeave(MINIMUM_STAKE);
        vm.warp(block.timestamp + LEAVE_DELAY);
        registry.withdraw(_arbitrator(0));
        vm.stopPrank();
        _deposit(_arbitrator(1), 3 * MINIMUM_STAKE);
        (address[] memory panel, ) = _draw(bytes32(uint256(1)), 1);
        assertEq(panel[0], _arbitrator(1));
        assertEq(registry.totalWeight(), 2 * MINIMUM_STAKE);
    }

    /// @dev Each op word picks an action, an arbitrator and an amount; after every step the tree's
    ///  total must equal the sum of the arbitrators' weights, and the drawable count theirs.
    function testFuzz_totalWeight_equalsSumOfWeights(uint256[16] calldata ops) public {
        for (uint256 i = 0; i < ops.length; ++i) {
            uint256 op = ops[i];
            address who = _arbitrator((op >> 8) % ACTORS);
            uint256 amount = bound(op >> 16, 1, 1_000 ether);
            IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(who);
            uint256 action = op % 7;
            if (action == 0) {
                _deposit(who, amount);
            } else if (action == 1 && stake.free != 0) {
                vm.prank(who);
                registry.requestLeave(bound(amount, 1, stake.free));
            } else if (action == 2 && stake.leaving != 0) {
                vm.prank(who);
                registry.cancelLeave();
            } else if (action == 3 && stake.leaving != 0 && stake.seats == 0) {
                vm.warp(stake.unlockAt);
                vm.prank(who);
                registry.withdraw(who);
            } else if (action == 4 && registry.drawableCount() != 0) {
                _draw(bytes32(op), bound(op >> 24, 1, registry.drawableCount()));
            } else if (action == 5 && stake.seats != 0) {
                uint256 lock = stake.locked / stake.seats;
                vm.prank(court);
                registry.penalizeSeat(who, lock, bound(op >> 32, 0, lock), sink);
            } else if (action == 6) {
                vm.prank(admin);
                registry.setMinimumStake(bound(op >> 40, 1, 500 ether));
            }
            (uint256 sum, uint256 drawable) = _sumWeights(ACTORS);
            assertEq(registry.totalWeight(), sum, "totalWeight != sum of weights");
            assertEq(registry.drawableCount(), drawable, "drawableCount");
        }
    }
}

/// @notice Gas of the bench's hot paths with 20 and with 500 arbitrators, to show the O(log n)
///  cost of the tree (the tree has MAX_ARBITRATORS slots whatever the number in use). A test runs
///  as one transaction, so storage read earlier in it is warm and these figures understate a real
///  transaction's cost; they are here to show changes as diffs.
contract ArbitratorRegistryGasTest is ArbitratorRegistryBase {
    function setUp() public {
        _deploy();
    }

    function _populate(uint256 count) internal {
        for (uint256 i = 0; i < count; ++i) {
            _deposit(_arbitrator(i), MINIMUM_STAKE * (1 + (i % 5)));
        }
    }

    function _measure(uint256 count, string memory suffix) internal {
        _populate(count);
        address newcomer = makeAddr("newcomer");
        token.mint(newcomer, MINIMUM_STAKE);
        vm.startPrank(newcomer);
        token.approve(address(registry), MINIMUM_STAKE);
        registry.deposit(MINIMUM_STAKE);
        vm.stopPrank();
        vm.snapshotGasLastCall("ArbitratorRegistry", string.concat("deposit_", suffix));

        vm.prank(court);
        (address[] memory three, uint256 lock) = registry.draw(keccak256("three"), 3, new address[](0));
        vm.snapshotGasLastCall("ArbitratorRegistry", string.concat("draw3_", suffix));

        vm.prank(court);
        registry.draw(keccak256("seven"), 7, new address[](0));
        vm.snapshotGasLastCall("ArbitratorRegistry", string.concat("draw7_", suffix));

        vm.prank(court);
        registry.releaseSeat(three[0], lock);
        vm.snapshotGasLastCall("ArbitratorRegistry", string.concat("releaseSeat_", suffix));

        vm.prank(court);
        registry.penalizeSeat(three[1], lock, lock / 10, sink);
        vm.snapshotGasLastCall("ArbitratorRegistry", string.concat("penalizeSeat_", suffix));

        vm.prank(admin);
        registry.setMinimumStake(2 * MINIMUM_STAKE);
        vm.snapshotGasLastCall("ArbitratorRegistry", string.concat("setMinimumStake_", suffix));
    }

    function test_gas_20Arbitrators() public {
        _measure(20, "20");
    }

    function test_gas_500Arbitrators() public {
        _measure(500, "500");
    }

    /// @dev The worst case of a minimum change: every slot taken and every weight turned off.
    function test_gas_setMinimumStake_1024ArbitratorsAllDropping() public {
        uint256 max = registry.MAX_ARBITRATORS();
        for (uint256 i = 0; i < max; ++i) {
            _deposit(_arbitrator(i), MINIMUM_STAKE);
        }
        vm.prank(admin);
        registry.setMinimumStake(MINIMUM_STAKE + 1);
        vm.snapshotGasLastCall("ArbitratorRegistry", "setMinimumStake_1024_allDropping");
        assertEq(registry.totalWeight(), 0);
        assertEq(registry.drawableCount(), 0);
    }
}
