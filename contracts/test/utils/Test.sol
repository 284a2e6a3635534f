// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";

/// @title Test
/// @notice Our own small base for Solidity tests run by `hardhat test solidity`.
/// @dev forge-std cannot be fetched on these machines, so this is the part of it we need:
///  - `vm`: the cheatcodes (see Vm.sol) at the address the engine answers;
///  - assertions that go through the engine's assertion cheatcodes, so a failure reverts with a
///    message showing both sides;
///  - `bound` and `makeAddr` for fuzz inputs;
///  - invariant targeting: the engine calls `targetContracts()` and `targetSelectors()` on the
///    test contract; when they return nothing it fuzzes every contract deployed in `setUp`.
///  Test functions are `test_*` and `testFuzz_*` (parameters are fuzzed), invariants `invariant_*`;
///  `setUp()` runs before each of them.
abstract contract Test {
    /// @notice A contract plus the functions of it the invariant fuzzer may call.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    /// @notice `bound` was given an empty range.
    error TestBoundInvalidRange(uint256 min, uint256 max);

    // Named like forge-std's, so tests read the same as everywhere else.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    address[] private _targetedContracts;
    FuzzSelector[] private _targetedSelectors;

    // ------------------------------------------------------------ invariants

    /// @notice Read by the engine: the only contracts the invariant fuzzer calls.
    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    /// @notice Read by the engine: the only functions the invariant fuzzer calls on each target.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetedSelectors.push(selector);
    }

    // ----------------------------------------------------------------- inputs

    /// @notice Maps any `x` into [min, max], leaving values already inside the range unchanged.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min > max) revert TestBoundInvalidRange(min, max);
        if (x >= min && x <= max) return x;
        // span + 1 cannot overflow: span == type(uint256).max means [0, max], which holds every x.
        uint256 span = max - min;
        return min + (x % (span + 1));
    }

    /// @notice The address of this contract's `ahead`-th next contract creation (0 = the next).
    function nextCreateAddress(uint256 ahead) internal view returns (address) {
        return vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + ahead);
    }

    /// @notice A deterministic address named `name` in traces.
    function makeAddr(string memory name) internal returns (address account) {
        account = address(uint160(uint256(keccak256(bytes(name)))));
        vm.label(account, name);
    }

    // ------------------------------------------------------------- assertions

    function assertTrue(bool condition) internal pure {
        vm.assertTrue(condition, "expected true");
    }

    function assertTrue(bool condition, string memory err) internal pure {
        vm.assertTrue(condition, err);
    }

    function assertFalse(bool condition) internal pure {
        vm.assertFalse(condition, "expected false");
    }

    function assertFalse(bool condition, string memory err) internal pure {
        vm.assertFalse(condition, err);
    }

    function assertEq(bool left, bool right) internal pure {
        vm.assertEq(left, right, "bools differ");
    }

    function assertEq(bool left, bool right, string memory err) internal pure {
        vm.assertEq(left, right, err);
    }

    function assertEq(uint256 left, uint256 right) internal pure {
        vm.assertEq(left, right, "uints differ");
    }

    function assertEq(uint256 left, uint256 right, string memory err) internal pure {
        vm.assertEq(left, right, err);
    }

    function assertEq(address left, address right) internal pure {
        vm.assertEq(left, right, "addresses differ");
    }

    function assertEq(address left, address right, string memory err) internal pure {
        vm.assertEq(left, right, err);
    }

    function assertEq(bytes32 left, bytes32 right) internal pure {
        vm.assertEq(left, right, "bytes32 differ");
    }

    function assertEq(bytes32 left, bytes32 right, string memory err) internal pure {
        vm.assertEq(left, right, err);
    }

    function assertEq(string memory left, string memory right) internal pure {
        vm.assertEq(left, right, "strings differ");
    }

    function assertEq(string memory left, string memory right, string memory err) internal pure {
        vm.assertEq(left, right, err);
    }

    function assertLt(uint256 left, uint256 right) internal pure {
        vm.assertLt(left, right, "expected left < right");
    }

    function assertLe(uint256 left, uint256 right) internal pure {
        vm.assertLe(left, right, "expected left <= right");
    }

    function assertLe(uint256 left, uint256 right, string memory err) internal pure {
        vm.assertLe(left, right, err);
    }

    function assertGt(uint256 left, uint256 right) internal pure {
        vm.assertGt(left, right, "expected left > right");
    }

    function assertLt(uint256 left, uint256 right, string memory err) internal pure {
        vm.assertLt(left, right, err);
    }

    function assertGt(uint256 left, uint256 right, string memory err) internal pure {
        vm.assertGt(left, right, err);
    }

    function assertGe(uint256 left, uint256 right) internal pure {
        vm.assertGe(left, right, "expected left >= right");
    }

    function assertGe(uint256 left, uint256 right, string memory err) internal pure {
        vm.assertGe(left, right, err);
    }
}
