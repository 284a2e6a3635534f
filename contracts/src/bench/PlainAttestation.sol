// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PlainAttestation
/// @notice Benchmark baseline, never deployed by the deploy step: the naive way to put receipts
///  on-chain, one storage slot and one event per receipt digest. bench/anchor-gas.bench.ts
///  compares ReceiptAnchor's one slot per batch against it.
/// @dev Kept as small as an honest attestation can be: no access control, no signature check, so
///  the baseline's gas is a floor for any per-receipt scheme, not a straw man.
contract PlainAttestation {
    /// @notice Who attested a digest and when, packed in one slot.
    struct Attestation {
        address attester;
        uint64 attestedAt;
    }

    /// @notice `digest` was attested before.
    error PlainAttestationExists(bytes32 digest);

    /// @notice `attester` attested `digest`.
    event Attested(bytes32 indexed digest, address indexed attester);

    mapping(bytes32 digest => Attestation) private _attestations;

    /// @notice Records `digest` as attested by the caller, once.
    function attest(bytes32 digest) external {
        if (_attestations[digest].attester != address(0)) revert PlainAttestationExists(digest);
        _attestations[digest] = Attestation({attester: msg.sender, attestedAt: uint64(block.timestamp)});
        emit Attested(digest, msg.sender);
    }

    /// @notice The attestation of `digest`; all zero when it was never attested.
    function getAttestation(bytes32 digest) external view returns (Attestation memory) {
        return _attestations[digest];
    }
}
