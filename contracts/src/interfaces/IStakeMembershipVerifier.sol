// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IStakeMembershipVerifier
/// @notice The generated Groth16 verifier of the StakeMembership circuit
///  (contracts/src/zk/StakeMembershipVerifier.sol), as the group and the endorsements call it.
/// @dev Public signals, in the circuit's order (circuits/config.ts): y, nullifier, root,
///  threshold, scope, message. The verifier returns false for a wrong proof and for any public
///  signal not below the BN254 scalar field order; it reverts (with no data) only when given too
///  little gas to finish, so a valid proof is never reported invalid for lack of gas.
interface IStakeMembershipVerifier {
    /// @notice True when (a, b, c) proves the circuit for `publicSignals`.
    /// @dev `b` is in the order snarkjs's Solidity calldata uses (each G2 coordinate pair swapped).
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[6] calldata publicSignals
    ) external view returns (bool);
}

/// @notice A Groth16 proof as the verifier takes it. Proofs are malleable: a signal is identified
///  by its nullifier, never by these bytes.
struct Groth16Proof {
    uint256[2] a;
    uint256[2][2] b;
    uint256[2] c;
}
