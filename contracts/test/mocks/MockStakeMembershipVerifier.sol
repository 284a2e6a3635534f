// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStakeMembershipVerifier} from "../../src/interfaces/IStakeMembershipVerifier.sol";

/// @title MockStakeMembershipVerifier
/// @notice Stands in for the generated verifier in Solidity tests: accepts exactly the public
///  signals it was told to expect (any, until told), so tests check what the caller asks the
///  verifier without making proofs. The real verifier's gas is measured with StakeProofFixture.
contract MockStakeMembershipVerifier is IStakeMembershipVerifier {
    bytes32 private _expected;
    bool private _rejectAll;

    /// @notice Accept only `publicSignals` from now on.
    function expect(uint256[6] calldata publicSignals) external {
        _expected = keccak256(abi.encode(publicSignals));
    }

    /// @notice Reject every proof from now on.
    function rejectAll() external {
        _rejectAll = true;
    }

    /// @inheritdoc IStakeMembershipVerifier
    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[6] calldata publicSignals
    ) external view returns (bool) {
        if (_rejectAll) return false;
        return _expected == bytes32(0) || _expected == keccak256(abi.encode(publicSignals));
    }
}
