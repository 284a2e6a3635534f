// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";

/// @notice The test base's own helpers, since every other test leans on them.
contract TestBaseTest is Test {
    function test_bound_keepsValuesInRange() public pure {
        assertEq(bound(7, 5, 10), 7);
        assertEq(bound(5, 5, 10), 5);
        assertEq(bound(10, 5, 10), 10);
    }

    function test_bound_wrapsValuesOutsideRange() public pure {
        assertEq(bound(0, 5, 10), 5 + (0 % 6));
        assertEq(bound(11, 5, 10), 5 + (11 % 6));
        assertEq(bound(type(uint256).max, 0, 0), 0);
        assertEq(bound(type(uint256).max, 0, type(uint256).max), type(uint256).max);
    }

    function test_bound_revertsOnEmptyRange() public {
        vm.expectRevert(abi.encodeWithSelector(TestBoundInvalidRange.selector, 2, 1));
        this.boundExternal(0, 2, 1);
    }

    function testFuzz_bound_staysInRange(uint256 x, uint256 min, uint256 max) public pure {
        if (min > max) (min, max) = (max, min);
        uint256 y = bound(x, min, max);
        assertGe(y, min);
        assertLe(y, max);
    }

    function test_makeAddr_isDeterministic() public {
        assertEq(makeAddr("alice"), address(uint160(uint256(keccak256("alice")))));
    }

    function test_vm_isTheCheatcodeAddress() public pure {
        assertEq(address(vm), 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    }

    /// @dev External so the expected revert happens in a call the cheatcode can see.
    function boundExternal(uint256 x, uint256 min, uint256 max) external pure returns (uint256) {
        return bound(x, min, max);
    }
}
