// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {StakeTreeLibrary} from "../../src/libraries/StakeTreeLibrary.sol";

/// @title StakeTreeReference
/// @notice The stake tree recomputed from its leaves, the slow obvious way, as the reference the
///  incremental tree is tested against: node(level, i) is the zero hash when no appended leaf lies
///  under it, the leaf itself at level 0, and Poseidon of its two children otherwise. Only subtrees
///  holding appended leaves are hashed, so a few leaves in a depth-20 tree stay cheap.
library StakeTreeReference {
    /// @notice Node `index` at `level` of the tree whose appended leaves are `leaves`.
    function node(uint256[] memory leaves, uint256 level, uint256 index) internal pure returns (uint256) {
        if (index << level >= leaves.length) return StakeTreeLibrary.zero(level);
        if (level == 0) return leaves[index];
        return PoseidonT3.hash([node(leaves, level - 1, 2 * index), node(leaves, level - 1, 2 * index + 1)]);
    }

    /// @notice Root of a tree of `depth` with these appended leaves.
    function root(uint256[] memory leaves, uint256 depth) internal pure returns (uint256) {
        return node(leaves, depth, 0);
    }

    /// @notice Siblings (bottom up) of leaf `index`.
    function siblings(
        uint256[] memory leaves,
        uint256 depth,
        uint256 index
    ) internal pure returns (uint256[] memory path) {
        path = new uint256[](depth);
        for (uint256 level = 0; level < depth; ++level) {
            path[level] = node(leaves, level, (index >> level) ^ 1);
        }
    }
}
