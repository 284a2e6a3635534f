// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InternalBinaryIMT} from "@zk-kit/imt.sol/internal/InternalBinaryIMT.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";

/// @title StakeTreeLibrary
/// @notice The anonymous stake group's Merkle tree: binary, fixed depth, Poseidon(left, right)
///  nodes, empty leaves 0 and zeros[i + 1] = Poseidon(zeros[i], zeros[i]) above them, leaves
///  appended left to right. The same inserts and updates give the same root as
///  sdk/src/zk/tree.ts (zk-kit's IMT) and as the StakeMembership circuit's path.
/// @dev Poseidon is poseidon-solidity's PoseidonT3 (a linked library) and the zero hashes are
///  zk-kit's precomputed constants (`InternalBinaryIMT._defaultZero`, zero leaf 0): nothing of
///  the hash is written here. The tree itself is ours rather than zk-kit's BinaryIMT because
///  BinaryIMT's `update` decides whether the updated node is one of its cached "last subtree"
///  nodes by comparing the sibling's value with the cache. Zeroed leaves make equal values
///  common: insert L0, L1; zero L1; insert L2; zero L0 — the sibling of L0 (0) equals the
///  cached right node of L2's pair (0), so BinaryIMT overwrites the cached L2 with 0 and the
///  next insert computes a wrong root. Here the cache is updated by position instead: the only
///  cached node a later insert reads at level i is the left sibling of node `size >> i` when
///  that node is a right child, so an update touches `_left[i]` exactly when its path passes
///  through that node.
///  Leaves are addressed by index (the group records each identity's index), so an update takes
///  siblings only and its path bits come from the index: no malformed path can be supplied.
library StakeTreeLibrary {
    /// @notice Order of BN254's scalar field: every leaf and node is below it.
    uint256 internal constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @notice Deepest tree supported (zk-kit's zero table goes to 32).
    uint256 internal constant MAX_DEPTH = 32;

    /// @notice A tree.
    struct Tree {
        /// @dev Fixed at `init`; 0 means not initialized.
        uint256 depth;
        /// @dev Number of leaves appended (zeroed leaves still count).
        uint256 size;
        uint256 root;
        /// @dev level => left sibling of node `size >> level` when that node is a right child.
        mapping(uint256 level => uint256 node) left;
    }

    /// @notice The depth is 0 or above MAX_DEPTH.
    error StakeTreeUnsupportedDepth(uint256 depth);
    /// @notice A leaf or sibling is not below the field order.
    error StakeTreeValueNotInField(uint256 value);
    /// @notice Every leaf position is taken.
    error StakeTreeFull(uint256 size);
    /// @notice No leaf was appended at this index.
    error StakeTreeIndexOutOfRange(uint256 index, uint256 size);
    /// @notice The siblings do not lead from the old leaf to the current root.
    error StakeTreeInvalidProof(uint256 index, uint256 leaf);

    /// @notice Sets the depth; the root becomes the empty tree's root.
    function init(Tree storage self, uint256 depth) internal {
        if (depth == 0 || depth > MAX_DEPTH) revert StakeTreeUnsupportedDepth(depth);
        self.depth = depth;
        self.root = zero(depth);
    }

    /// @notice Root of an empty subtree of height `level` (zero(0) is the zero leaf, 0).
    function zero(uint256 level) internal pure returns (uint256) {
        return InternalBinaryIMT._defaultZero(level);
    }

    /// @notice Appends `leaf`; returns its index and the new root.
    function insert(Tree storage self, uint256 leaf) internal returns (uint256 index, uint256 root) {
        if (leaf >= SNARK_SCALAR_FIELD) revert StakeTreeValueNotInField(leaf);
        uint256 depth = self.depth;
        index = self.size;
        if (index >> depth != 0) revert StakeTreeFull(index);
        root = leaf;
        for (uint256 level = 0; level < depth; ++level) {
            if ((index >> level) & 1 == 0) {
                // A left child: later inserts in its right neighbour read it from the cache.
                self.left[level] = root;
                root = PoseidonT3.hash([root, zero(level)]);
            } else {
                root = PoseidonT3.hash([self.left[level], root]);
            }
        }
        self.root = root;
        // Safe: index < 2^depth <= 2^32.
        unchecked {
            self.size = index + 1;
        }
    }

    /// @notice Replaces leaf `index`, proven to be `oldLeaf` by `siblings` (bottom up) against
    ///  the current root, with `newLeaf`; returns the new root.
    function update(
        Tree storage self,
        uint256 index,
        uint256 oldLeaf,
        uint256 newLeaf,
        uint256[] calldata siblings
    ) internal returns (uint256 root) {
        uint256 size = self.size;
        if (index >= size) revert StakeTreeIndexOutOfRange(index, size);
        if (newLeaf >= SNARK_SCALAR_FIELD) revert StakeTreeValueNotInField(newLeaf);
        uint256 depth = self.depth;
        if (siblings.length != depth) revert StakeTreeInvalidProof(index, oldLeaf);
        uint256 oldRoot = oldLeaf;
        root = newLeaf;
        for (uint256 level = 0; level < depth; ++level) {
            uint256 sibling = siblings[level];
            if (sibling >= SNARK_SCALAR_FIELD) revert StakeTreeValueNotInField(sibling);
            uint256 node = index >> level;
            if (node & 1 == 0) {
                // The cached left node at this level is node (size >> level) - 1 when
                // size >> level is odd; keep it in step when the path passes through it.
                if (node + 1 == size >> level && (size >> level) & 1 == 1) self.left[level] = root;
                oldRoot = PoseidonT3.hash([oldRoot, sibling]);
                root = PoseidonT3.hash([root, sibling]);
            } else {
                oldRoot = PoseidonT3.hash([sibling, oldRoot]);
                root = PoseidonT3.hash([sibling, root]);
            }
        }
        if (oldRoot != self.root) revert StakeTreeInvalidProof(index, oldLeaf);
        self.root = root;
    }
}
