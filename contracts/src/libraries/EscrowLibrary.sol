// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title EscrowLibrary
/// @notice The amounts a job's payment turns into: collateral at acceptance, payout and premium at payment.
/// @dev Rates are in basis points of the payment and round down, so the agent never locks more
///  than its rate and the premium never takes more than its rate: any dust goes to the operator.
///  mulDiv keeps every product exact over the whole uint256 range.
library EscrowLibrary {
    /// @notice The basis-point denominator: 10 000 bps is the whole payment.
    uint256 internal constant BPS = 10_000;

    /// @notice Collateral locked for `payment` at `collateralBps` (which may exceed BPS: more than the payment).
    function collateralFor(uint256 payment, uint16 collateralBps) internal pure returns (uint256) {
        return Math.mulDiv(payment, collateralBps, BPS);
    }

    /// @notice Split `payment` into what the operator receives and the insurance premium.
    /// @dev Guarantees payout + premium == payment; `premiumBps` above BPS is clamped to the whole payment.
    function split(uint256 payment, uint16 premiumBps) internal pure returns (uint256 payout, uint256 premium) {
        premium = premiumBps >= BPS ? payment : Math.mulDiv(payment, premiumBps, BPS);
        // Safe: premium <= payment in both branches (mulDiv by a fraction below one rounds down).
        unchecked {
            payout = payment - premium;
        }
    }
}
