// SPDX-License-Identifier: MIT
// The harness shares this file with the test: it only exposes the library's calldata functions.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {ReceiptMerkle} from "../../src/libraries/ReceiptMerkle.sol";
import {MerkleTreeBuilder} from "../utils/MerkleTreeBuilder.sol";
import {Test} from "../utils/Test.sol";

/// @notice Calls ReceiptMerkle with real calldata proofs, as ReceiptAnchor does.
contract ReceiptMerkleHarness {
    function computeRoot(bytes32 digest, bytes32[] calldata proof) external pure returns (bytes32) {
        return ReceiptMerkle.computeRoot(digest, proof);
    }

    function verify(bytes32 root, bytes32 digest, bytes32[] calldata proof) external pure returns (bool) {
        return ReceiptMerkle.verify(root, digest, proof);
    }
}

contract ReceiptMerkleTest is Test {
    uint256 internal constant MAX_LEAVES = 70;

    ReceiptMerkleHarness internal harness;

    function setUp() public {
        harness = new ReceiptMerkleHarness();
    }

    function _one(bytes32 value) internal pure returns (bytes32[] memory list) {
        list = new bytes32[](1);
        list[0] = value;
    }

    // ------------------------------------------------------------------ hashes

    function test_hashLeaf_isKeccakOfZeroPrefixAndDigest() public pure {
        bytes32 digest = keccak256("receipt");
        bytes memory preimage = new bytes(33);
        for (uint256 i = 0; i < 32; ++i) {
            preimage[i + 1] = digest[i];
        }
        assertEq(ReceiptMerkle.hashLeaf(digest), keccak256(preimage));
    }

    function test_hashNode_isKeccakOfOnePrefixAndSortedPair() public pure {
        bytes32 low = bytes32(uint256(1));
        bytes32 high = bytes32(uint256(1) << 255);
        bytes32 expected = keccak256(abi.encodePacked(bytes1(0x01), low, high));
        assertEq(ReceiptMerkle.hashNode(low, high), expected);
        assertEq(ReceiptMerkle.hashNode(high, low), expected);
    }

    function test_hashNode_ofEqualNodes() public pure {
        bytes32 value = keccak256("same");
        assertEq(ReceiptMerkle.hashNode(value, value), keccak256(abi.encodePacked(bytes1(0x01), value, value)));
    }

    function testFuzz_hashNode_isOrderIndependent(bytes32 a, bytes32 b) public pure {
        assertEq(ReceiptMerkle.hashNode(a, b), ReceiptMerkle.hashNode(b, a));
    }

    function testFuzz_hashLeaf_differsFromNodeOverTheSameBytes(bytes32 digest, bytes32 other) public pure {
        // A 33-byte leaf preimage and a 65-byte node preimage can never be the same input.
        assertTrue(ReceiptMerkle.hashLeaf(digest) != ReceiptMerkle.hashNode(digest, other));
    }

    // ------------------------------------------------------------- computeRoot

    function test_computeRoot_batchOfOneIsItsLeaf() public view {
        bytes32 digest = keccak256("only receipt");
        assertEq(harness.computeRoot(digest, new bytes32[](0)), ReceiptMerkle.hashLeaf(digest));
    }

    function test_computeRoot_threeLeavesCarryTheOddOneUp() public view {
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom("three", 3);
        bytes32 leaf0 = ReceiptMerkle.hashLeaf(digests[0]);
        bytes32 leaf1 = ReceiptMerkle.hashLeaf(digests[1]);
        bytes32 leaf2 = ReceiptMerkle.hashLeaf(digests[2]);
        bytes32 root = ReceiptMerkle.hashNode(ReceiptMerkle.hashNode(leaf0, leaf1), leaf2);
        assertEq(MerkleTreeBuilder.root(digests), root);

        bytes32[] memory proof = new bytes32[](2);
        proof[0] = leaf1;
        proof[1] = leaf2;
        assertEq(harness.computeRoot(digests[0], proof), root);
        // The carried-up leaf has no sibling on the first level: its proof is one node long.
        assertEq(harness.computeRoot(digests[2], _one(ReceiptMerkle.hashNode(leaf0, leaf1))), root);
    }

    // ------------------------------------------------------------------ verify

    function test_verify_rejectsAnInnerNodePassedOffAsDigest() public view {
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom("four", 4);
        bytes32 root = MerkleTreeBuilder.root(digests);
        bytes32 inner = MerkleTreeBuilder.node(MerkleTreeBuilder.leaf(digests[0]), MerkleTreeBuilder.leaf(digests[1]));
        bytes32 sibling = MerkleTreeBuilder.node(
            MerkleTreeBuilder.leaf(digests[2]),
            MerkleTreeBuilder.leaf(digests[3])
        );
        assertFalse(harness.verify(root, inner, _one(sibling)));
    }

    function testFuzz_verify_everyLeafOfARandomTree(bytes32 seed, uint256 count, uint256 index) public view {
        count = bound(count, 1, MAX_LEAVES);
        index = bound(index, 0, count - 1);
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom(seed, count);
        bytes32 root = MerkleTreeBuilder.root(digests);
        bytes32[] memory proof = MerkleTreeBuilder.proof(digests, index);
        assertTrue(harness.verify(root, digests[index], proof), "leaf not proven");
        assertEq(harness.computeRoot(digests[index], proof), root);
    }

    function testFuzz_verify_rejectsADigestNotInTheTree(
        bytes32 seed,
        uint256 count,
        uint256 index,
        bytes32 other
    ) public view {
        count = bound(count, 1, MAX_LEAVES);
        index = bound(index, 0, count - 1);
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom(seed, count);
        vm.assume(other != digests[index]);
        bytes32[] memory proof = MerkleTreeBuilder.proof(digests, index);
        assertFalse(harness.verify(MerkleTreeBuilder.root(digests), other, proof));
    }

    function testFuzz_verify_rejectsATamperedProof(
        bytes32 seed,
        uint256 count,
        uint256 index,
        uint256 at,
        bytes32 noise
    ) public view {
        count = bound(count, 2, MAX_LEAVES);
        index = bound(index, 0, count - 1);
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom(seed, count);
        bytes32[] memory proof = MerkleTreeBuilder.proof(digests, index);
        at = bound(at, 0, proof.length - 1);
        vm.assume(noise != bytes32(0));
        proof[at] ^= noise;
        assertFalse(harness.verify(MerkleTreeBuilder.root(digests), digests[index], proof));
    }

    function testFuzz_verify_rejectsAProofCutShort(bytes32 seed, uint256 count, uint256 index) public view {
        count = bound(count, 2, MAX_LEAVES);
        index = bound(index, 0, count - 1);
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom(seed, count);
        bytes32[] memory proof = MerkleTreeBuilder.proof(digests, index);
        bytes32[] memory short = new bytes32[](proof.length - 1);
        for (uint256 i = 0; i < short.length; ++i) {
            short[i] = proof[i];
        }
        assertFalse(harness.verify(MerkleTreeBuilder.root(digests), digests[index], short));
    }
}
