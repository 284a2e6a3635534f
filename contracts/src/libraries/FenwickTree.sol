// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title FenwickTree
/// @notice A binary indexed tree of non-negative weights over slots 1..SIZE, for weighted draws.
/// @dev Node i holds the sum of the weights of slots (i - lowbit(i), i], where lowbit(i) = i & -i.
///  SIZE must be a power of two, so node SIZE holds the total and the search below walks from the
///  root down in exactly log2(SIZE) steps. Every function costs O(log SIZE) storage operations.
///
///  `search` can leave out some slots without writing storage: the caller passes the slots and
///  the weights to ignore, and each node's sum is reduced by the ignored weights inside its range.
///  Callers must pass each slot at most once and its full weight, or the sums are wrong.
library FenwickTree {
    /// @notice The tree's nodes, keyed 1..SIZE.
    struct Tree {
        mapping(uint256 node => uint256) nodes;
    }

    /// @notice Add `amount` to the weight of `slot` (1-based, at most `size`).
    function add(Tree storage tree, uint256 size, uint256 slot, uint256 amount) internal {
        for (uint256 i = slot; i <= size; i += _lowbit(i)) {
            tree.nodes[i] += amount;
        }
    }

    /// @notice Take `amount` from the weight of `slot`; reverts on underflow (a bug in the caller).
    function sub(Tree storage tree, uint256 size, uint256 slot, uint256 amount) internal {
        for (uint256 i = slot; i <= size; i += _lowbit(i)) {
            tree.nodes[i] -= amount;
        }
    }

    /// @notice Apply one wrapped delta per slot at once: `deltas[s]` is `newWeight - oldWeight`
    ///  modulo 2**256 for slot s (index 0 unused, length size + 1). Touches each changed node once,
    ///  so rewriting many weights costs O(size) instead of O(changed * log size).
    /// @dev The deltas are summed modulo 2**256 on purpose: every node's true new value is a sum
    ///  of non-negative weights that fits in a uint256, so the wrapped sum lands on it exactly.
    ///  `deltas` is used as scratch space and holds the per-node deltas on return.
    function applyDeltas(Tree storage tree, uint256 size, uint256[] memory deltas) internal {
        for (uint256 i = 1; i <= size; ++i) {
            uint256 delta = deltas[i];
            if (delta == 0) continue;
            uint256 parent = i + _lowbit(i);
            // Safe: wrapping is intended (see above).
            unchecked {
                if (parent <= size) deltas[parent] += delta;
                tree.nodes[i] += delta;
            }
        }
    }

    /// @notice The sum of every slot's weight.
    function total(Tree storage tree, uint256 size) internal view returns (uint256) {
        return tree.nodes[size];
    }

    /// @notice The sum of the weights of slots 1..slot.
    function prefix(Tree storage tree, uint256 slot) internal view returns (uint256 sum) {
        for (uint256 i = slot; i != 0; i -= _lowbit(i)) {
            sum += tree.nodes[i];
        }
    }

    /// @notice The smallest slot whose prefix sum exceeds `target`, leaving out the first
    ///  `ignoredCount` entries of `ignoredSlots` with their `ignoredWeights`.
    /// @dev Requires `target` < total minus the ignored weights; the slot found then has a non-zero
    ///  weight and is not ignored.
    function search(
        Tree storage tree,
        uint256 size,
        uint256 target,
        uint256[] memory ignoredSlots,
        uint256[] memory ignoredWeights,
        uint256 ignoredCount
    ) internal view returns (uint256 slot) {
        uint256 position = 0;
        // Node SIZE is the total, which always exceeds target: start one level below the root.
        for (uint256 step = size >> 1; step != 0; step >>= 1) {
            uint256 node = position + step;
            // The node covers (position, node], as position is a multiple of 2 * step.
            uint256 sum = tree.nodes[node];
            for (uint256 k = 0; k < ignoredCount; ++k) {
                uint256 ignored = ignoredSlots[k];
                if (ignored > position && ignored <= node) sum -= ignoredWeights[k];
            }
            if (sum <= target) {
                position = node;
                // Safe: sum <= target just checked.
                unchecked {
                    target -= sum;
                }
            }
        }
        return position + 1;
    }

    function _lowbit(uint256 i) private pure returns (uint256) {
        // Safe: two's complement negation of a non-zero index, the usual lowest-set-bit trick.
        unchecked {
            return i & (~i + 1);
        }
    }
}
