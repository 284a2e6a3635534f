// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SlashLibrary} from "../../src/libraries/SlashLibrary.sol";
import {Test} from "../utils/Test.sol";

contract SlashLibraryTest is Test {
    function test_split_freeCoversAll() public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(100, 50, 60);
        assertEq(fromFree, 60);
        assertEq(fromUnbonding, 0);
    }

    function test_split_exactlyFree() public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(100, 50, 100);
        assertEq(fromFree, 100);
        assertEq(fromUnbonding, 0);
    }

    function test_split_spillsIntoUnbonding() public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(100, 50, 130);
        assertEq(fromFree, 100);
        assertEq(fromUnbonding, 30);
    }

    function test_split_takesEverythingWhenShort() public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(100, 50, 1_000);
        assertEq(fromFree, 100);
        assertEq(fromUnbonding, 50);
    }

    function test_split_onlyUnbonding() public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(0, 50, 20);
        assertEq(fromFree, 0);
        assertEq(fromUnbonding, 20);
    }

    function test_split_nothingStaked() public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(0, 0, 20);
        assertEq(fromFree, 0);
        assertEq(fromUnbonding, 0);
    }

    function test_split_zeroRequested() public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(100, 50, 0);
        assertEq(fromFree, 0);
        assertEq(fromUnbonding, 0);
    }

    function test_split_maxValuesDoNotOverflow() public pure {
        uint256 max = type(uint256).max;
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(max, max, max);
        assertEq(fromFree, max);
        assertEq(fromUnbonding, 0);
        (fromFree, fromUnbonding) = SlashLibrary.split(max - 1, max, max);
        assertEq(fromFree, max - 1);
        assertEq(fromUnbonding, 1);
    }

    function testFuzz_split_neverTakesMoreThanABucket(uint256 free, uint256 unbonding, uint256 requested) public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(free, unbonding, requested);
        assertLe(fromFree, free, "more than free");
        assertLe(fromUnbonding, unbonding, "more than unbonding");
        assertLe(fromFree, requested, "more than requested from free");
    }

    function testFuzz_split_takesMinOfRequestedAndAvailable(
        uint256 free,
        uint256 unbonding,
        uint256 requested
    ) public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(free, unbonding, requested);
        // min(requested, free + unbonding), computed without ever forming free + unbonding.
        uint256 expected;
        if (requested <= free) expected = requested;
        else if (requested - free <= unbonding) expected = requested;
        else expected = free + unbonding;
        // fromFree + fromUnbonding <= requested, so this sum cannot overflow.
        assertEq(fromFree + fromUnbonding, expected, "total");
    }

    function testFuzz_split_freeFirst(uint256 free, uint256 unbonding, uint256 requested) public pure {
        (uint256 fromFree, uint256 fromUnbonding) = SlashLibrary.split(free, unbonding, requested);
        // Unbonding stake is only touched once free stake is exhausted.
        if (fromUnbonding > 0) assertEq(fromFree, free, "unbonding touched before free ran out");
        if (requested <= free) assertEq(fromUnbonding, 0, "unbonding touched though free covered it");
    }
}
