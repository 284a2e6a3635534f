// SPDX-License-Identifier: MIT
// The harness shares this file with the test: Hardhat only writes artifacts for the test files it
// runs, and the test deploys it.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {RlnShareLibrary} from "../../src/libraries/RlnShareLibrary.sol";
import {Test} from "../utils/Test.sol";

/// @title RlnShareHarness
/// @notice Calls the library externally, so reverts can be expected.
contract RlnShareHarness {
    function recoverSecret(uint256 x1, uint256 y1, uint256 x2, uint256 y2) external view returns (uint256) {
        return RlnShareLibrary.recoverSecret(x1, y1, x2, y2);
    }
}

contract RlnShareLibraryTest is Test {
    uint256 internal constant P = RlnShareLibrary.FIELD;
    RlnShareHarness internal harness;

    function setUp() public {
        harness = new RlnShareHarness();
    }

    function _y(uint256 secret, uint256 slope, uint256 x) internal pure returns (uint256) {
        return addmod(secret, mulmod(slope, x, P), P);
    }

    function testFuzz_recoverSecret_findsTheLinesValueAtZero(
        uint256 secret,
        uint256 slope,
        uint256 x1,
        uint256 x2
    ) public view {
        secret = bound(secret, 0, P - 1);
        slope = bound(slope, 0, P - 1);
        x1 = bound(x1, 0, P - 1);
        x2 = bound(x2, 0, P - 1);
        vm.assume(x1 != x2);
        assertEq(harness.recoverSecret(x1, _y(secret, slope, x1), x2, _y(secret, slope, x2)), secret);
    }

    function testFuzz_inverse_isTheMultiplicativeInverse(uint256 a) public view {
        a = bound(a, 1, P - 1);
        assertEq(mulmod(a, RlnShareLibrary.inverse(a), P), 1);
    }

    /// @dev The same pair as sdk/test's share recovery: x = 1 and 2 on y = 7 + 3x.
    function test_recoverSecret_smallLine() public view {
        assertEq(harness.recoverSecret(1, 10, 2, 13), 7);
        assertEq(harness.recoverSecret(2, 13, 1, 10), 7);
    }

    function test_recoverSecret_refusesOnePointTwiceAndValuesOutsideTheField() public {
        vm.expectRevert(abi.encodeWithSelector(RlnShareLibrary.RlnShareSameX.selector, 5));
        harness.recoverSecret(5, 1, 5, 2);
        vm.expectRevert(abi.encodeWithSelector(RlnShareLibrary.RlnShareValueNotInField.selector, P));
        harness.recoverSecret(1, P, 2, 3);
        vm.expectRevert(abi.encodeWithSelector(RlnShareLibrary.RlnShareValueNotInField.selector, P));
        harness.recoverSecret(1, 2, P, 3);
    }
}
