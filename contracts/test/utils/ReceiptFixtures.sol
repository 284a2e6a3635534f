// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {Test} from "./Test.sol";

/// @title ReceiptFixtures
/// @notice Signs receipts and certificates with test keys through the cheatcodes, against a ReceiptAnchor's domain.
abstract contract ReceiptFixtures is Test {
    bytes32 internal constant SEALING_KEY = keccak256("x25519-public-key");
    bytes32 internal constant RECEIPT_CODE = keccak256("agent-bundle-v1");

    function _signature(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @notice A well-formed receipt for `jobId` of `agentId`, before the ephemeral key and certificate are set.
    function _receipt(
        uint256 jobId,
        uint256 agentId,
        bytes32 policyHash,
        uint64 fuelUsed,
        uint8 outcome
    ) internal view returns (IReceiptAnchor.Receipt memory receipt) {
        receipt.jobId = jobId;
        receipt.agentId = agentId;
        receipt.codeHash = RECEIPT_CODE;
        receipt.policyHash = policyHash;
        receipt.inputHash = keccak256("context plaintext");
        receipt.outputHash = keccak256(abi.encode("output", jobId));
        receipt.fuelUsed = fuelUsed;
        receipt.memoryPeakBytes = 64 << 20;
        receipt.capabilityCalls = 3;
        receipt.startedAt = uint64(block.timestamp) - 5;
        receipt.endedAt = uint64(block.timestamp);
        receipt.outcome = outcome;
    }

    /// @notice Certify `ephemeralKey` with `identityKey`, then sign `receipt` with `ephemeralKey`.
    function _sign(
        IReceiptAnchor anchor,
        uint256 identityKey,
        uint256 ephemeralKey,
        IReceiptAnchor.Receipt memory receipt,
        uint64 notAfter
    ) internal view returns (IReceiptAnchor.SignedReceipt memory signed) {
        receipt.ephemeralKey = vm.addr(ephemeralKey);
        receipt.certificate = _signature(
            identityKey,
            anchor.certificateDigest(receipt.jobId, receipt.agentId, receipt.ephemeralKey, SEALING_KEY, notAfter)
        );
        signed.receipt = receipt;
        signed.sealingKey = SEALING_KEY;
        signed.notAfter = notAfter;
        signed.signature = _signature(ephemeralKey, anchor.receiptDigest(receipt));
    }
}
