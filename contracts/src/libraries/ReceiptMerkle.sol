// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ReceiptMerkle
/// @notice The Merkle tree receipts are batched in (docs/RECEIPTS.md, "Batches and the Merkle tree").
/// @dev leaf(d) = keccak256(0x00 ‖ d) and node(a, b) = keccak256(0x01 ‖ min(a, b) ‖ max(a, b)),
///  comparing a and b as uint256. The prefixes keep a leaf from ever passing for an inner node
///  (and so a proof from being cut short or extended); sorting the pair means a proof is just the
///  list of siblings from the leaf up, with no left/right flags. A level with an odd node count
///  carries its last node up unchanged, so that node contributes no sibling to proofs.
library ReceiptMerkle {
    /// @notice The leaf of a receipt whose EIP-712 digest is `digest`.
    function hashLeaf(bytes32 digest) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x00), digest));
    }

    /// @notice The parent of two nodes, independent of their order.
    function hashNode(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return
            uint256(a) < uint256(b)
                ? keccak256(abi.encodePacked(bytes1(0x01), a, b))
                : keccak256(abi.encodePacked(bytes1(0x01), b, a));
    }

    /// @notice The root reached from the leaf of `digest` through the siblings in `proof`.
    function computeRoot(bytes32 digest, bytes32[] calldata proof) internal pure returns (bytes32 node) {
        node = hashLeaf(digest);
        for (uint256 i = 0; i < proof.length; ++i) {
            node = hashNode(node, proof[i]);
        }
    }

    /// @notice Whether `digest` is a leaf of the tree with `root`, `proof` being its siblings from the leaf up.
    function verify(bytes32 root, bytes32 digest, bytes32[] calldata proof) internal pure returns (bool) {
        return computeRoot(digest, proof) == root;
    }
}
