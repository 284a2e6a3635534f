// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EscrowLibrary} from "../../src/libraries/EscrowLibrary.sol";
import {Test} from "../utils/Test.sol";

contract EscrowLibraryTest is Test {
    function test_collateralFor_takesTheRate() public pure {
        assertEq(EscrowLibrary.collateralFor(8 ether, 5_000), 4 ether);
        assertEq(EscrowLibrary.collateralFor(8 ether, 10_000), 8 ether);
        assertEq(EscrowLibrary.collateralFor(8 ether, 50_000), 40 ether);
        assertEq(EscrowLibrary.collateralFor(8 ether, 0), 0);
    }

    function test_collateralFor_roundsDown() public pure {
        assertEq(EscrowLibrary.collateralFor(3, 5_000), 1);
        assertEq(EscrowLibrary.collateralFor(1, 9_999), 0);
    }

    function test_collateralFor_exactAtTheTopOfTheRange() public pure {
        uint256 max = type(uint256).max;
        assertEq(EscrowLibrary.collateralFor(max, 10_000), max);
        assertEq(EscrowLibrary.collateralFor(max, 5_000), max / 2);
    }

    function test_split_takesThePremiumRate() public pure {
        (uint256 payout, uint256 premium) = EscrowLibrary.split(8 ether, 200);
        assertEq(premium, 0.16 ether);
        assertEq(payout, 7.84 ether);
    }

    function test_split_roundsThePremiumDown() public pure {
        (uint256 payout, uint256 premium) = EscrowLibrary.split(49, 200);
        assertEq(premium, 0);
        assertEq(payout, 49);
    }

    function test_split_clampsRatesAboveTheWholePayment() public pure {
        (uint256 payout, uint256 premium) = EscrowLibrary.split(100, 10_001);
        assertEq(premium, 100);
        assertEq(payout, 0);
    }

    function testFuzz_split_addsUpToThePayment(uint256 payment, uint16 premiumBps) public pure {
        (uint256 payout, uint256 premium) = EscrowLibrary.split(payment, premiumBps);
        assertEq(payout + premium, payment, "payout + premium != payment");
        assertLe(premium, payment, "premium above payment");
    }

    function testFuzz_split_premiumIsTheRateRoundedDown(uint128 payment, uint16 premiumBps) public pure {
        premiumBps = uint16(bound(premiumBps, 0, EscrowLibrary.BPS));
        (, uint256 premium) = EscrowLibrary.split(payment, premiumBps);
        // A uint128 payment times a bps below 2^16 cannot overflow, so plain arithmetic is the reference.
        assertEq(premium, (uint256(payment) * premiumBps) / EscrowLibrary.BPS);
    }

    function testFuzz_collateralFor_isTheRateRoundedDown(uint128 payment, uint16 collateralBps) public pure {
        assertEq(
            EscrowLibrary.collateralFor(payment, collateralBps),
            (uint256(payment) * collateralBps) / EscrowLibrary.BPS
        );
    }

    function testFuzz_collateralFor_comparesToPaymentAsTheRateDoes(uint256 payment, uint16 collateralBps) public pure {
        // Keep the result within uint256: above that the collateral could never be locked anyway.
        payment = bound(payment, 0, type(uint256).max / 7);
        collateralBps = uint16(bound(collateralBps, 0, 50_000));
        uint256 collateral = EscrowLibrary.collateralFor(payment, collateralBps);
        if (collateralBps <= EscrowLibrary.BPS) assertLe(collateral, payment, "collateral above payment");
        else assertGe(collateral, payment);
    }
}
