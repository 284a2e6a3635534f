// SPDX-License-Identifier: MIT
// The harnesses share this file with the test: Hardhat only writes artifacts for the test files
// it runs, and the tests deploy them.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {BinaryIMTData, InternalBinaryIMT} from "@zk-kit/imt.sol/internal/InternalBinaryIMT.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {StakeTreeLibrary} from "../../src/libraries/StakeTreeLibrary.sol";
import {StakeTreeReference} from "../utils/StakeTreeReference.sol";
import {Test} from "../utils/Test.sol";

/// @title StakeTreeHarness
/// @notice Exposes StakeTreeLibrary on one tree of a chosen depth.
contract StakeTreeHarness {
    using StakeTreeLibrary for StakeTreeLibrary.Tree;

    StakeTreeLibrary.Tree internal _tree;

    constructor(uint256 depth) {
        _tree.init(depth);
    }

    function insert(uint256 leaf) external returns (uint256 index, uint256 newRoot) {
        return _tree.insert(leaf);
    }

    function update(uint256 index, uint256 newLeaf) external returns (uint256) {
        return _tree.update(index, newLeaf);
    }

    function node(uint256 level, uint256 index) external view returns (uint256) {
        return _tree.node(level, index);
    }

    function root() external view returns (uint256) {
        return _tree.root;
    }

    function size() external view returns (uint256) {
        return _tree.size;
    }
}

/// @title BinaryIMTHarness
/// @notice zk-kit's BinaryIMT on one tree, to show why the group does not use its update.
contract BinaryIMTHarness {
    using InternalBinaryIMT for BinaryIMTData;

    BinaryIMTData internal _tree;

    constructor(uint256 depth) {
        _tree._initWithDefaultZeroes(depth);
    }

    function insert(uint256 leaf) external {
        _tree._insert(leaf);
    }

    function remove(uint256 leaf, uint256[] calldata siblings, uint8[] calldata pathIndices) external {
        _tree._remove(leaf, siblings, pathIndices);
    }

    function root() external view returns (uint256) {
        return _tree.root;
    }
}

contract StakeTreeLibraryTest is Test {
    uint256 internal constant DEPTH = 4;
    uint256 internal constant P = StakeTreeLibrary.SNARK_SCALAR_FIELD;

    StakeTreeHarness internal tree;
    uint256[] internal leaves;

    function setUp() public {
        tree = new StakeTreeHarness(DEPTH);
    }

    function _insert(uint256 leaf) internal {
        (uint256 index, uint256 root) = tree.insert(leaf);
        assertEq(index, leaves.length);
        leaves.push(leaf);
        assertEq(root, StakeTreeReference.root(leaves, DEPTH));
    }

    function test_node_isTheZeroHashOutsideTheAppendedLeaves() public {
        _insert(1);
        assertEq(tree.node(0, 1), 0);
        assertEq(tree.node(1, 1), StakeTreeLibrary.zero(1));
        assertEq(tree.node(0, 0), 1);
    }

    function _zero(uint256 index) internal {
        uint256 root = tree.update(index, 0);
        leaves[index] = 0;
        assertEq(root, StakeTreeReference.root(leaves, DEPTH));
        _assertNodes();
    }

    /// @dev Every stored node is the full recomputation's (the siblings updates read).
    function _assertNodes() internal view {
        for (uint256 level = 0; level < DEPTH; ++level) {
            for (uint256 index = 0; index << level < leaves.length + (1 << level); ++index) {
                assertEq(tree.node(level, index), StakeTreeReference.node(leaves, level, index));
            }
        }
    }

    function test_init_emptyRootIsTheZeroHashOfTheDepth() public view {
        assertEq(tree.root(), StakeTreeLibrary.zero(DEPTH));
        assertEq(StakeTreeLibrary.zero(1), PoseidonT3.hash([uint256(0), 0]));
    }

    function test_init_revertsForUnsupportedDepth() public {
        vm.expectRevert(abi.encodeWithSelector(StakeTreeLibrary.StakeTreeUnsupportedDepth.selector, 0));
        new StakeTreeHarness(0);
        vm.expectRevert(abi.encodeWithSelector(StakeTreeLibrary.StakeTreeUnsupportedDepth.selector, 33));
        new StakeTreeHarness(33);
    }

    function test_insert_revertsWhenFull() public {
        for (uint256 i = 0; i < 2 ** DEPTH; ++i) _insert(i + 1);
        vm.expectRevert(abi.encodeWithSelector(StakeTreeLibrary.StakeTreeFull.selector, 2 ** DEPTH));
        tree.insert(1);
    }

    function test_insert_revertsForLeafNotInField() public {
        vm.expectRevert(abi.encodeWithSelector(StakeTreeLibrary.StakeTreeValueNotInField.selector, P));
        tree.insert(P);
    }

    function test_update_revertsForIndexOutOfRange() public {
        _insert(1);
        vm.expectRevert(abi.encodeWithSelector(StakeTreeLibrary.StakeTreeIndexOutOfRange.selector, 1, 1));
        tree.update(1, 5);
    }

    function test_update_revertsForValuesNotInField() public {
        _insert(1);
        vm.expectRevert(abi.encodeWithSelector(StakeTreeLibrary.StakeTreeValueNotInField.selector, P));
        tree.update(0, P);
    }

    /// @dev A removal needs no path from its caller, so appends landing first (the attack on
    ///  caller-supplied paths: their right-hand siblings change) cannot make it fail.
    function test_update_needsNoPathWhateverWasAppendedBefore() public {
        _insert(1);
        _insert(2);
        for (uint256 i = 0; i < 5; ++i) _insert(100 + i);
        _zero(0);
        _zero(5);
        _insert(7);
        _zero(1);
    }

    /// @dev The sequence of the library's NatSpec: insert L0, L1; zero L1; insert L2; zero L0;
    ///  insert L3. zk-kit's BinaryIMT overwrites its cached L2 with 0 at the second zeroing and
    ///  then computes a root no Merkle path agrees with; this library does not.
    function test_update_keepsTheInsertCacheWhereBinaryIMTLosesIt() public {
        BinaryIMTHarness imt = new BinaryIMTHarness(DEPTH);
        uint8[] memory bits = new uint8[](DEPTH);
        _insert(11);
        imt.insert(11);
        _insert(12);
        imt.insert(12);
        bits[0] = 1;
        imt.remove(12, StakeTreeReference.siblings(leaves, DEPTH, 1), bits);
        _zero(1);
        _insert(13);
        imt.insert(13);
        bits[0] = 0;
        imt.remove(11, StakeTreeReference.siblings(leaves, DEPTH, 0), bits);
        _zero(0);
        assertEq(imt.root(), tree.root(), "both agree until the next insert");
        _insert(14);
        imt.insert(14);
        assertTrue(imt.root() != tree.root(), "BinaryIMT diverges from the full recomputation");
        _assertNodes();
    }

    /// @dev Random appends and zeroings agree with the full recomputation after every step.
    function testFuzz_insertAndZero_matchFullRecomputation(uint256 seed) public {
        uint256 steps = bound(seed, 4, 28);
        for (uint256 step = 0; step < steps; ++step) {
            uint256 draw = uint256(keccak256(abi.encode(seed, step)));
            bool full = leaves.length == 2 ** DEPTH;
            if (leaves.length == 0 || (!full && draw % 3 != 0)) {
                _insert((draw >> 8) % P);
            } else {
                uint256 index = (draw >> 8) % leaves.length;
                if (leaves[index] != 0) _zero(index);
            }
        }
        assertEq(tree.size(), leaves.length);
    }
}
