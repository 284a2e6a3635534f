// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FenwickTree} from "../../src/libraries/FenwickTree.sol";
import {Test} from "../utils/Test.sol";

/// @dev Checks the tree against a plain array of weights it mirrors.
contract FenwickTreeTest is Test {
    using FenwickTree for FenwickTree.Tree;

    uint256 internal constant SIZE = 16;

    FenwickTree.Tree internal tree;
    uint256[SIZE + 1] internal weights;

    function _set(uint256 slot, uint256 weight) internal {
        uint256 old = weights[slot];
        if (weight > old) tree.add(SIZE, slot, weight - old);
        else tree.sub(SIZE, slot, old - weight);
        weights[slot] = weight;
    }

    function _checkPrefixes() internal view {
        uint256 sum;
        for (uint256 slot = 1; slot <= SIZE; ++slot) {
            sum += weights[slot];
            assertEq(tree.prefix(slot), sum, "prefix");
        }
        assertEq(tree.total(SIZE), sum, "total");
    }

    /// @dev The slot a linear scan finds, leaving out `ignored` (a bit per slot).
    function _linearSearch(uint256 target, uint256 ignored) internal view returns (uint256) {
        for (uint256 slot = 1; slot <= SIZE; ++slot) {
            if (ignored & (1 << slot) != 0) continue;
            if (target < weights[slot]) return slot;
            target -= weights[slot];
        }
        return 0;
    }

    function testFuzz_addSub_keepPrefixSums(uint256[24] calldata ops) public {
        for (uint256 i = 0; i < ops.length; ++i) {
            _set(1 + (ops[i] % SIZE), bound(ops[i] >> 8, 0, 1e30));
        }
        _checkPrefixes();
    }

    function testFuzz_applyDeltas_equalsOneByOne(uint256[SIZE] calldata start, uint256[SIZE] calldata next) public {
        for (uint256 slot = 1; slot <= SIZE; ++slot) {
            _set(slot, bound(start[slot - 1], 0, 1e30));
        }
        uint256[] memory deltas = new uint256[](SIZE + 1);
        for (uint256 slot = 1; slot <= SIZE; ++slot) {
            uint256 weight = bound(next[slot - 1], 0, 1e30);
            unchecked {
                deltas[slot] = weight - weights[slot];
            }
            weights[slot] = weight;
        }
        tree.applyDeltas(SIZE, deltas);
        _checkPrefixes();
    }

    function testFuzz_search_matchesLinearScan(
        uint256[SIZE] calldata start,
        uint256 ignoredBits,
        uint256 target
    ) public {
        for (uint256 slot = 1; slot <= SIZE; ++slot) {
            _set(slot, bound(start[slot - 1], 0, 1e24));
        }
        uint256[] memory ignoredSlots = new uint256[](SIZE);
        uint256[] memory ignoredWeights = new uint256[](SIZE);
        uint256 count;
        uint256 ignoredWeight;
        uint256 ignored;
        for (uint256 slot = 1; slot <= SIZE; ++slot) {
            if ((ignoredBits >> slot) & 1 == 0) continue;
            ignored |= 1 << slot;
            ignoredSlots[count] = slot;
            ignoredWeights[count] = weights[slot];
            ignoredWeight += weights[slot];
            ++count;
        }
        uint256 remaining = tree.total(SIZE) - ignoredWeight;
        vm.assume(remaining != 0);
        target %= remaining;
        uint256 found = tree.search(SIZE, target, ignoredSlots, ignoredWeights, count);
        assertEq(found, _linearSearch(target, ignored), "search");
        assertGt(weights[found], 0);
    }
}
