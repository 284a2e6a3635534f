// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ICodeRegistry} from "../interfaces/ICodeRegistry.sol";

/// @title ReviewWindowLibrary
/// @notice How long a code release is reviewed before governance may approve it (ICodeRegistry):
///
///      raw    = base + perKiB × ceil(size / 1024)
///      window = max(floor, min(raw, MAX_WINDOW) × quarters(urgency) / 4)
///      quarters(Routine) = 4, quarters(Urgent) = 1, quarters(Emergency) = 0
///
/// @dev No input can make the window shorter than `floor` or longer than max(floor, MAX_WINDOW);
///  the arithmetic is in uint256, where base + perKiB × 2^54 cannot overflow for 64-bit inputs.
library ReviewWindowLibrary {
    /// @notice The longest window any size earns (before the floor).
    uint64 internal constant MAX_WINDOW = 90 days;

    /// @notice The review window of a bundle of `size` bytes declared `urgency`, in seconds.
    function window(
        uint64 size,
        ICodeRegistry.Urgency urgency,
        uint64 base,
        uint64 perKiB,
        uint64 floor
    ) internal pure returns (uint64) {
        uint256 raw = uint256(base) + uint256(perKiB) * Math.ceilDiv(size, 1024);
        uint256 quarters =
            urgency == ICodeRegistry.Urgency.Routine
                ? 4
                : urgency == ICodeRegistry.Urgency.Urgent
                    ? 1
                    : 0;
        uint256 reviewed = (Math.min(raw, MAX_WINDOW) * quarters) / 4;
        // Safe: both operands of max fit 64 bits (reviewed <= MAX_WINDOW).
        return uint64(Math.max(reviewed, floor));
    }
}
