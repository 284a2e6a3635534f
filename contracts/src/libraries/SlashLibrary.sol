// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title SlashLibrary
/// @notice How a slash is split over an operator's stake buckets.
/// @dev Free stake is taken first, unbonding stake second: unbonding stake is still the
///  operator's responsibility (that is the point of the delay), but taking free stake first
///  keeps a request in flight intact when the free stake alone can pay.
library SlashLibrary {
    /// @notice Split a slash of `requested` over `free` and `unbonding` stake.
    /// @return fromFree Taken from free stake, at most `free`.
    /// @return fromUnbonding Taken from unbonding stake, at most `unbonding`.
    /// @dev Guarantees fromFree + fromUnbonding == min(requested, free + unbonding) without overflow.
    function split(
        uint256 free,
        uint256 unbonding,
        uint256 requested
    ) internal pure returns (uint256 fromFree, uint256 fromUnbonding) {
        fromFree = requested < free ? requested : free;
        // Safe: fromFree <= requested by construction.
        uint256 rest;
        unchecked {
            rest = requested - fromFree;
        }
        fromUnbonding = rest < unbonding ? rest : unbonding;
    }
}
