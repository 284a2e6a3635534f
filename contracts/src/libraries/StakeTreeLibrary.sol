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
///  the hash is written here.
///  Every node that has an appended leaf under it is stored, so `update` reads a leaf's siblings
///  from storage instead of taking them from the caller. A path a caller computed can go stale
///  before its transaction lands: any append in between (even earlier in the same block) changes
///  the right-hand siblings, any other update changes siblings on either side. Reading them here
///  means no append and no update, by anyone, in any order, can make an update fail; and a
///  contract that knows only a leaf's index (Endorsements, slashing a double signal in the very
///  transaction that reveals it) can zero it. The price is storage: an append writes the `depth`
///  nodes of its path (about 2 new slots and 18 rewritten ones on average; a deposit measured 46k
///  gas more than when only the left siblings an append reads were cached), and an update writes
///  its path too but hashes it once instead of twice (old and new root).
///  The tree is ours rather than zk-kit's BinaryIMT because BinaryIMT's `update` decides whether
///  the updated node is one of its cached "last subtree" nodes by comparing the sibling's value
///  with the cache. Zeroed leaves make equal values common: insert L0, L1; zero L1; insert L2;
///  zero L0 — the sibling of L0 (0) equals the cached right node of L2's pair (0), so BinaryIMT
///  overwrites the cached L2 with 0 and the next insert computes a wrong root. Here every node is
///  addressed by position, so no value can be mistaken for another.
///  Leaves are addressed by index (the group records each identity's index): no malformed path
///  can be supplied.
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
        /// @dev level => index => node, for levels below `depth` and nodes with an appended leaf
        ///  under them (index << level < size); every other node is zero(level).
        mapping(uint256 level => mapping(uint256 index => uint256 node)) nodes;
    }

    /// @notice The depth is 0 or above MAX_DEPTH.
    error StakeTreeUnsupportedDepth(uint256 depth);
    /// @notice A leaf is not below the field order.
    error StakeTreeValueNotInField(uint256 value);
    /// @notice Every leaf position is taken.
    error StakeTreeFull(uint256 size);
    /// @notice No leaf was appended at this index.
    error StakeTreeIndexOutOfRange(uint256 index, uint256 size);

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

    /// @notice Node `index` at `level` (0 = leaves) as it is now.
    function node(Tree storage self, uint256 level, uint256 index) internal view returns (uint256) {
        if (index << level >= self.size) return zero(level);
        return self.nodes[level][index];
    }

    /// @notice Appends `leaf`; returns its index and the new root.
    function insert(Tree storage self, uint256 leaf) internal returns (uint256 index, uint256 root) {
        if (leaf >= SNARK_SCALAR_FIELD) revert StakeTreeValueNotInField(leaf);
        uint256 depth = self.depth;
        index = self.size;
        if (index >> depth != 0) revert StakeTreeFull(index);
        root = leaf;
        for (uint256 level = 0; level < depth; ++level) {
            uint256 position = index >> level;
            self.nodes[level][position] = root;
            if (position & 1 == 0) {
                // Nothing is appended to the right of the newest leaf: the sibling is empty.
                root = PoseidonT3.hash([root, zero(level)]);
            } else {
                root = PoseidonT3.hash([self.nodes[level][position - 1], root]);
            }
        }
        self.root = root;
        // Safe: index < 2^depth <= 2^32.
        unchecked {
            self.size = index + 1;
        }
    }

    /// @notice Replaces leaf `index` with `newLeaf`, its siblings read from storage; returns the
    ///  new root.
    function update(Tree storage self, uint256 index, uint256 newLeaf) internal returns (uint256 root) {
        uint256 size = self.size;
        if (index >= size) revert StakeTreeIndexOutOfRange(index, size);
        if (newLeaf >= SNARK_SCALAR_FIELD) revert StakeTreeValueNotInField(newLeaf);
        uint256 depth = self.depth;
        root = newLeaf;
        for (uint256 level = 0; level < depth; ++level) {
            uint256 position = index >> level;
            self.nodes[level][position] = root;
            uint256 sibling = node(self, level, position ^ 1);
            root = position & 1 == 0 ? PoseidonT3.hash([root, sibling]) : PoseidonT3.hash([sibling, root]);
        }
        self.root = root;
    }
}
