// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title FenwickTree
/// @notice A binary indexed tree of non-negative weights over slots 1..SIZE, for weighted draws.
/// @dev Node i holds the sum of the weights of slots (i - lowbit(i), i], where lowbit(i) = i & -i.
///  SIZE must be a power of two, so node SIZE holds the total and the search below walks from the
///  root down in exactly log2(SIZE) steps. Every function but `applyDeltas` (O(SIZE)) costs
///  O(log SIZE) storage operations.
///
///  `search` can leave out some slots without writing storage: the caller passes the slots and
///  the weights to ignore, and each node's sum is reduced by the ignored weights inside its range.
///  Callers must pass each slot at most once and its full weight, or the sums are wrong.
///
///  Storage: a node stores its sum plus one once it has been written (0 means never written,
///  sum 0), so a node never goes back to zero. Writing a zero slot costs 20,000 gas against
///  2,900 for a non-zero one: without the offset, a weight that drops to 0 and comes back (an
///  arbitrator at exactly the minimum drawn and released) or a rewrite of many weights at once
///  would pay the expensive write again and again. `reserve` writes a slot's path ahead of need,
///  so later updates of that slot, and bulk rewrites through `applyDeltas`, never pay it.
library FenwickTree {
    /// @notice The tree's nodes, keyed 1..SIZE.
    struct Tree {
        mapping(uint256 node => uint256) nodes;
    }

    /// @notice Write the nodes on `slot`'s update path that were never written (their sum stays
    ///  0), so updating the slot never writes a zero storage slot. Stops at the first node already
    ///  written: every node above it on the path was written with it, as paths only merge.
    function reserve(Tree storage tree, uint256 size, uint256 slot) internal {
        for (uint256 i = slot; i <= size; i += _lowbit(i)) {
            if (tree.nodes[i] != 0) return;
            tree.nodes[i] = 1;
        }
    }

    /// @notice Add `amount` to the weight of `slot` (1-based, at most `size`).
    function add(Tree storage tree, uint256 size, uint256 slot, uint256 amount) internal {
        for (uint256 i = slot; i <= size; i += _lowbit(i)) {
            tree.nodes[i] = _read(tree, i) + amount + 1;
        }
    }

    /// @notice Take `amount` from the weight of `slot`; reverts on underflow (a bug in the caller).
    function sub(Tree storage tree, uint256 size, uint256 slot, uint256 amount) internal {
        for (uint256 i = slot; i <= size; i += _lowbit(i)) {
            tree.nodes[i] = _read(tree, i) - amount + 1;
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
            // Safe: wrapping is intended (see above); the stored offset of one carries through.
            unchecked {
                if (parent <= size) deltas[parent] += delta;
                uint256 stored = tree.nodes[i];
                tree.nodes[i] = (stored == 0 ? 1 : stored) + delta;
            }
        }
    }

    /// @notice The sum of every slot's weight.
    function total(Tree storage tree, uint256 size) internal view returns (uint256) {
        return _read(tree, size);
    }

    /// @notice The sum of the weights of slots 1..slot.
    function prefix(Tree storage tree, uint256 slot) internal view returns (uint256 sum) {
        for (uint256 i = slot; i != 0; i -= _lowbit(i)) {
            sum += _read(tree, i);
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
            uint256 sum = _read(tree, node);
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

    /// @dev A node's sum: its stored value less the offset of one, 0 if never written.
    function _read(Tree storage tree, uint256 node) private view returns (uint256) {
        uint256 stored = tree.nodes[node];
        // Safe: checked non-zero first.
        unchecked {
            return stored == 0 ? 0 : stored - 1;
        }
    }

    function _lowbit(uint256 i) private pure returns (uint256) {
        // Safe: two's complement negation of a non-zero index, the usual lowest-set-bit trick.
        unchecked {
            return i & (~i + 1);
        }
    }
}
