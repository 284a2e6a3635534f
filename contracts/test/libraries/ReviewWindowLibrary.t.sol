// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICodeRegistry} from "../../src/interfaces/ICodeRegistry.sol";
import {ReviewWindowLibrary} from "../../src/libraries/ReviewWindowLibrary.sol";
import {Test} from "../utils/Test.sol";

contract ReviewWindowLibraryTest is Test {
    ICodeRegistry.Urgency internal constant ROUTINE = ICodeRegistry.Urgency.Routine;
    ICodeRegistry.Urgency internal constant URGENT = ICodeRegistry.Urgency.Urgent;
    ICodeRegistry.Urgency internal constant EMERGENCY = ICodeRegistry.Urgency.Emergency;

    function _window(uint64 size, ICodeRegistry.Urgency urgency) internal pure returns (uint64) {
        return ReviewWindowLibrary.window(size, urgency, 7 days, 1 hours, 1 days);
    }

    function test_window_chargesEveryStartedKiB() public pure {
        assertEq(_window(1, ROUTINE), 7 days + 1 hours);
        assertEq(_window(1024, ROUTINE), 7 days + 1 hours);
        assertEq(_window(1025, ROUTINE), 7 days + 2 hours);
        assertEq(_window(10_000, ROUTINE), 7 days + 10 hours);
    }

    function test_window_urgentIsAQuarterAndEmergencyIsTheFloor() public pure {
        assertEq(_window(10_000, URGENT), (7 days + 10 hours) / 4);
        assertEq(_window(10_000, EMERGENCY), 1 days);
        // A quarter of a short window falls to the floor.
        assertEq(ReviewWindowLibrary.window(1, URGENT, 2 days, 0, 1 days), 1 days);
    }

    function test_window_capsAtTheMaximumBeforeTheUrgencyFactor() public pure {
        assertEq(_window(type(uint64).max, ROUTINE), 90 days);
        assertEq(_window(type(uint64).max, URGENT), 90 days / 4);
        assertEq(ReviewWindowLibrary.window(type(uint64).max, ROUTINE, type(uint64).max, type(uint64).max, 0), 90 days);
    }

    function test_window_floorAboveTheMaximumWins() public pure {
        assertEq(ReviewWindowLibrary.window(type(uint64).max, ROUTINE, 0, 0, 100 days), 100 days);
    }

    function testFuzz_window_neverBelowTheFloor(
        uint64 size,
        uint8 urgency,
        uint64 base,
        uint64 perKiB,
        uint64 floor
    ) public pure {
        uint64 reviewed = ReviewWindowLibrary.window(size, ICodeRegistry.Urgency(urgency % 3), base, perKiB, floor);
        assertGe(reviewed, floor);
        assertLe(reviewed, floor > 90 days ? floor : 90 days);
    }

    function testFuzz_window_moreUrgencyOrLessSizeNeverLengthensIt(
        uint64 size,
        uint64 smaller,
        uint64 base,
        uint64 perKiB,
        uint64 floor
    ) public pure {
        smaller = uint64(bound(smaller, 0, size));
        uint64 routine = ReviewWindowLibrary.window(size, ROUTINE, base, perKiB, floor);
        uint64 urgent = ReviewWindowLibrary.window(size, URGENT, base, perKiB, floor);
        assertGe(routine, urgent);
        assertGe(urgent, ReviewWindowLibrary.window(size, EMERGENCY, base, perKiB, floor));
        assertGe(routine, ReviewWindowLibrary.window(smaller, ROUTINE, base, perKiB, floor));
    }
}
