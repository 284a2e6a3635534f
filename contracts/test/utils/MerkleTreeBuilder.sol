// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

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
            if (sibling < level.length) {
                found[count] = level[sibling];
                ++count;
            }
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
