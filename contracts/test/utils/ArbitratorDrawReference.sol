// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {Vm} from "./Vm.sol";

/// @title ArbitratorDrawReference
/// @notice The arbitrator registry's draw written the plain way, to check the registry against:
///  the bench is an array of weights by tree slot, a seat is found by a linear scan in slot order,
///  and seat locks are applied after the whole panel is chosen (IArbitratorRegistry's rules).
/// @dev Slots are private to the registry, so `slotOf` reads them from storage the way the
///  registry does (`_slotOf`, checked against the free map and `_holderOf`). The positions follow
///  the registry's layout: AccessControl's `_roles` at 0, then the registry's variables in
///  declaration order (ReentrancyGuard keeps its flag in a namespaced slot). A layout change shows
///  at once: every test that compares panels would fail, and `slotOf` of a depositor would read 0.
library ArbitratorDrawReference {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Storage positions of ArbitratorRegistry's `_slotOf`, `_holderOf` and `_freeMap`.
    uint256 internal constant SLOT_OF_POSITION = 16;
    uint256 internal constant HOLDER_OF_POSITION = 17;
    uint256 internal constant FREE_MAP_POSITION = 18;

    /// @notice Arbitrators by tree slot (index 0 unused) and their weights.
    struct Bench {
        address[] holders;
        uint256[] weights;
    }

    /// @notice `arbitrator`'s tree slot in `registry` (0 when it holds none).
    function slotOf(ArbitratorRegistry registry, address arbitrator) internal view returns (uint256 slot) {
        slot = uint256(VM.load(address(registry), keccak256(abi.encode(arbitrator, SLOT_OF_POSITION))));
        if (slot == 0) return 0;
        uint256 word = uint256(VM.load(address(registry), bytes32(FREE_MAP_POSITION + (slot - 1) / 256)));
        if ((word >> ((slot - 1) % 256)) & 1 == 1) return 0;
        bytes32 holder = VM.load(address(registry), keccak256(abi.encode(slot, HOLDER_OF_POSITION)));
        if (address(uint160(uint256(holder))) != arbitrator) return 0;
    }

    /// @notice The bench as `registry` holds it, for arbitrators among `actors` (who must include
    ///  every slot holder).
    function benchOf(ArbitratorRegistry registry, address[] memory actors) internal view returns (Bench memory bench) {
        uint256[] memory slots = new uint256[](actors.length);
        uint256 highest = 0;
        for (uint256 i = 0; i < actors.length; ++i) {
            slots[i] = slotOf(registry, actors[i]);
            if (slots[i] > highest) highest = slots[i];
        }
        bench.holders = new address[](highest + 1);
        bench.weights = new uint256[](highest + 1);
        for (uint256 i = 0; i < actors.length; ++i) {
            if (slots[i] == 0) continue;
            bench.holders[slots[i]] = actors[i];
            bench.weights[slots[i]] = registry.weightOf(actors[i]);
        }
    }

    /// @notice A copy of `bench` to change without changing it.
    function copy(Bench memory bench) internal pure returns (Bench memory copied) {
        copied.holders = new address[](bench.holders.length);
        copied.weights = new uint256[](bench.weights.length);
        for (uint256 slot = 0; slot < bench.holders.length; ++slot) {
            copied.holders[slot] = bench.holders[slot];
            copied.weights[slot] = bench.weights[slot];
        }
    }

    /// @notice The seed of `ticket` drawn from a session's `value`.
    function seedOf(uint256 value, ArbitratorRegistry registry, uint256 ticket) internal view returns (bytes32) {
        return keccak256(abi.encode(value, block.chainid, address(registry), ticket));
    }

    /// @notice The panel of `seats` the registry must draw from `seed`, never one of `excluded`;
    ///  empty when too few can sit. Leaves `bench` as it was.
    function draw(
        Bench memory bench,
        bytes32 seed,
        uint256 seats,
        address[] memory excluded
    ) internal pure returns (address[] memory panel) {
        uint256 size = bench.holders.length;
        bool[] memory ignored = new bool[](size);
        uint256 available = 0;
        uint256 remaining = 0;
        for (uint256 slot = 1; slot < size; ++slot) {
            if (bench.weights[slot] == 0) continue;
            if (_contains(excluded, bench.holders[slot])) {
                ignored[slot] = true;
                continue;
            }
            ++available;
            remaining += bench.weights[slot];
        }
        if (available < seats) return new address[](0);
        panel = new address[](seats);
        for (uint256 i = 0; i < seats; ++i) {
            uint256 target = uint256(keccak256(abi.encode(seed, i))) % remaining;
            for (uint256 slot = 1; slot < size; ++slot) {
                uint256 weight = bench.weights[slot];
                if (ignored[slot] || weight == 0) continue;
                if (target < weight) {
                    panel[i] = bench.holders[slot];
                    ignored[slot] = true;
                    remaining -= weight;
                    break;
                }
                target -= weight;
            }
        }
    }

    /// @notice Apply a drawn panel's seat locks of `lock` to `bench`: a holder left below
    ///  `minimum` drops out (weight 0, slot handed back).
    function lock(Bench memory bench, address[] memory panel, uint256 lockPerSeat, uint256 minimum) internal pure {
        for (uint256 i = 0; i < panel.length; ++i) {
            uint256 slot = indexOf(bench, panel[i]);
            uint256 left = bench.weights[slot] - lockPerSeat;
            if (left >= minimum) {
                bench.weights[slot] = left;
            } else {
                bench.weights[slot] = 0;
                bench.holders[slot] = address(0);
            }
        }
    }

    /// @notice The slot of `arbitrator` in `bench` (0 when it holds none).
    function indexOf(Bench memory bench, address arbitrator) internal pure returns (uint256) {
        for (uint256 slot = 1; slot < bench.holders.length; ++slot) {
            if (bench.holders[slot] == arbitrator) return slot;
        }
        return 0;
    }

    function _contains(address[] memory list, address who) private pure returns (bool) {
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i] == who) return true;
        }
        return false;
    }
}
