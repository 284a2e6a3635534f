// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title RlnShareLibrary
/// @notice The StakeMembership circuit's rate-limiting shares, on chain. For one identity and one
///  scope the circuit fixes the line y = secret + a1 * x over the BN254 scalar field (a1 is
///  Poseidon(secret, scope), unknown to everyone else) and reveals one point of it per proof,
///  (x = message, y). Two points with different x are the whole line: its value at x = 0 is the
///  secret. sdk/src/zk/shares.ts `recoverSecret` is the same computation (a test compares them).
library RlnShareLibrary {
    /// @notice Order of BN254's scalar field.
    uint256 internal constant FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice Two shares with the same x are one point (or not on one line): they reveal nothing.
    error RlnShareSameX(uint256 x);
    /// @notice A share coordinate is not below the field order.
    error RlnShareValueNotInField(uint256 value);
    /// @notice The modexp precompile (address 5) failed.
    error RlnShareModexpFailed();

    /// @notice The secret behind the shares (x1, y1) and (x2, y2) of one line:
    ///  (y1 * x2 - y2 * x1) / (x2 - x1) mod FIELD.
    /// @dev The caller checks both shares belong to one identity and scope (equal nullifiers).
    function recoverSecret(uint256 x1, uint256 y1, uint256 x2, uint256 y2) internal view returns (uint256) {
        if (x1 >= FIELD) revert RlnShareValueNotInField(x1);
        if (y1 >= FIELD) revert RlnShareValueNotInField(y1);
        if (x2 >= FIELD) revert RlnShareValueNotInField(x2);
        if (y2 >= FIELD) revert RlnShareValueNotInField(y2);
        if (x1 == x2) revert RlnShareSameX(x1);
        // Everything below FIELD, so FIELD - v is the additive inverse of a nonzero v (and
        // FIELD - 0 = FIELD reduces to 0 in addmod).
        uint256 numerator = addmod(mulmod(y1, x2, FIELD), FIELD - mulmod(y2, x1, FIELD), FIELD);
        uint256 denominator = addmod(x2, FIELD - x1, FIELD);
        return mulmod(numerator, inverse(denominator), FIELD);
    }

    /// @notice a^(FIELD - 2) mod FIELD: the inverse of a nonzero `a` (FIELD is prime, Fermat).
    /// @dev Through the modexp precompile (EIP-198): about 1,400 gas for a 254-bit exponent.
    function inverse(uint256 a) internal view returns (uint256 result) {
        bytes memory input = abi.encodePacked(uint256(32), uint256(32), uint256(32), a, FIELD - 2, FIELD);
        (bool ok, bytes memory output) = address(0x05).staticcall(input);
        if (!ok || output.length != 32) revert RlnShareModexpFailed();
        result = abi.decode(output, (uint256));
    }
}
