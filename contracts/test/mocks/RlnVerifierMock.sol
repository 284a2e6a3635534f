// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {IStakeMembershipVerifier} from "../../src/interfaces/IStakeMembershipVerifier.sol";

/// @title RlnVerifierMock
/// @notice Stands in for the StakeMembership verifier where a test needs the circuit's shares to
///  be real: it accepts a proof exactly when (y, nullifier) are what the circuit outputs for one
///  of the secrets it was told about, in the proof's scope and message (y = s + a1 * message,
///  nullifier = Poseidon(a1), a1 = Poseidon(s, scope)). So a proof "made" with a wrongly
///  recovered secret fails, as it would against the real circuit. Roots and thresholds are not
///  checked: the attack tests that use it are about shares.
contract RlnVerifierMock is IStakeMembershipVerifier {
    uint256 internal constant _FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    uint256[] private _secrets;

    /// @notice Accept proofs by `secret` from now on.
    function addSecret(uint256 secret) external {
        _secrets.push(secret);
    }

    /// @notice The circuit's (y, nullifier) for `secret` in `scope` with `message`.
    function share(uint256 secret, uint256 scope, uint256 message) public pure returns (uint256 y, uint256 nullifier) {
        uint256 a1 = PoseidonT3.hash([secret, scope]);
        y = addmod(secret, mulmod(a1, message, _FIELD), _FIELD);
        nullifier = PoseidonT2.hash([a1]);
    }

    /// @inheritdoc IStakeMembershipVerifier
    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[6] calldata publicSignals
    ) external view returns (bool) {
        for (uint256 i = 0; i < _secrets.length; ++i) {
            (uint256 y, uint256 nullifier) = share(_secrets[i], publicSignals[4], publicSignals[5]);
            if (y == publicSignals[0] && nullifier == publicSignals[1]) return true;
        }
        return false;
    }
}
