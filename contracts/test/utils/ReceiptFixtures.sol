// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {Test} from "./Test.sol";

/// @title MerkleTreeBuilder
/// @notice Builds the receipt Merkle tree of docs/RECEIPTS.md in Solidity, level by level, straight
///  from the spec (independently of ReceiptMerkle's proof folding), for tests to check against.
library MerkleTreeBuilder {
    function leaf(bytes32 digest) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint8(0x00), digest));
    }

    function node(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        (bytes32 low, bytes32 high) = uint256(a) <= uint256(b) ? (a, b) : (b, a);
        return keccak256(abi.encodePacked(uint8(0x01), low, high));
    }

    /// @notice The level above `level`: neighbours paired left to right, an odd last node carried up.
    function parentLevel(bytes32[] memory level) internal pure returns (bytes32[] memory parents) {
        parents = new bytes32[]((level.length + 1) / 2);
        for (uint256 i = 0; i < parents.length; ++i) {
            uint256 left = 2 * i;
            parents[i] = left + 1 < level.length ? node(level[left], level[left + 1]) : level[left];
        }
    }

    function leaves(bytes32[] memory digests) internal pure returns (bytes32[] memory level) {
        level = new bytes32[](digests.length);
        for (uint256 i = 0; i < digests.length; ++i) {
            level[i] = leaf(digests[i]);
        }
    }

    function root(bytes32[] memory digests) internal pure returns (bytes32) {
        bytes32[] memory level = leaves(digests);
        while (level.length > 1) {
            level = parentLevel(level);
        }
        return level[0];
    }

    /// @notice The siblings of leaf `index` from the leaf up.
    function proof(bytes32[] memory digests, uint256 index) internal pure returns (bytes32[] memory siblings) {
        bytes32[] memory level = leaves(digests);
        bytes32[] memory found = new bytes32[](256);
        uint256 count;
        while (level.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < level.length) found[count++] = level[sibling];
            level = parentLevel(level);
            index >>= 1;
        }
        siblings = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            siblings[i] = found[i];
        }
    }

    /// @notice `count` distinct pseudo-random digests derived from `seed`.
    function digestsFrom(bytes32 seed, uint256 count) internal pure returns (bytes32[] memory digests) {
        digests = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            digests[i] = keccak256(abi.encode(seed, i));
        }
    }
}

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
    function _receipt(uint256 jobId, uint256 agentId, bytes32 policyHash, uint64 fuelUsed, uint8 outcome)
        internal
        view
        returns (IReceiptAnchor.Receipt memory receipt)
    {
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
