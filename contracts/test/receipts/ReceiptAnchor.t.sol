// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {ReceiptMerkle} from "../../src/libraries/ReceiptMerkle.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {LeaseholdFixture} from "../utils/LeaseholdFixture.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {MerkleTreeBuilder} from "../utils/MerkleTreeBuilder.sol";

contract ReceiptAnchorTest is LeaseholdFixture {
    /// @dev What anchoring may cost at most: the one new slot (22 100), the agent lookup in the
    ///  registry and the event. A second new slot would take it past this bound.
    uint256 internal constant MAX_ANCHOR_GAS = 45_000;

    uint256 internal agentId;

    function setUp() public {
        _deployStack(new MockERC20());
        agentId = _registerAgent(IDENTITY_KEY);
    }

    function _signed(uint256 jobId) internal view returns (IReceiptAnchor.SignedReceipt memory) {
        return _signedReceipt(jobId, agentId, POLICY, uint8(IReceiptAnchor.Outcome.Completed));
    }

    /// @dev Where `_batches[batchId]` lives: the mapping is the contract's first own slot, after
    ///  the two (unused) string slots EIP712 keeps for storage-layout compatibility.
    function _batchSlot(bytes32 batchId) internal pure returns (bytes32) {
        return keccak256(abi.encode(batchId, uint256(2)));
    }

    // ------------------------------------------------------------------ anchor

    function test_anchor_writesExactlyOneNewStorageSlot() public {
        bytes32 root = MerkleTreeBuilder.root(MerkleTreeBuilder.digestsFrom("batch", 16));
        bytes32 batchId = anchor.batchIdOf(agentId, root);
        assertEq(vm.load(address(anchor), _batchSlot(batchId)), bytes32(0), "slot used before");

        vm.record();
        vm.prank(operator);
        uint256 gasBefore = gasleft();
        anchor.anchor(agentId, root, 16);
        uint256 gasUsed = gasBefore - gasleft();
        (, bytes32[] memory writes) = vm.accesses(address(anchor));
        (, bytes32[] memory registryWrites) = vm.accesses(address(registry));

        assertEq(writes.length, 1, "more than one storage write");
        assertEq(writes[0], _batchSlot(batchId), "wrote another slot than the batch's");
        assertEq(registryWrites.length, 0, "wrote to the registry");
        assertEq(
            vm.load(address(anchor), writes[0]),
            bytes32((uint256(block.timestamp) << 192) | (uint256(16) << 128) | agentId),
            "packed batch"
        );
        assertLe(gasUsed, MAX_ANCHOR_GAS, "anchor gas");
    }

    function test_anchor_gas() public {
        bytes32 root = MerkleTreeBuilder.root(MerkleTreeBuilder.digestsFrom("gas", 64));
        vm.prank(operator);
        anchor.anchor(agentId, root, 64);
        vm.snapshotGasLastCall("ReceiptAnchor", "anchor");
    }

    function test_anchor_recordsBatchAndEmits() public {
        bytes32 root = MerkleTreeBuilder.root(MerkleTreeBuilder.digestsFrom("batch", 3));
        bytes32 batchId = keccak256(abi.encode(agentId, root));
        vm.prank(identity);
        vm.expectEmit(address(anchor));
        emit IReceiptAnchor.BatchAnchored(batchId, agentId, identity, root, 3);
        assertEq(anchor.anchor(agentId, root, 3), batchId);

        IReceiptAnchor.Batch memory batch = anchor.getBatch(batchId);
        assertEq(batch.agentId, agentId);
        assertEq(batch.leafCount, 3);
        assertEq(batch.anchoredAt, block.timestamp);
    }

    function test_anchor_revertsForAStranger() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IReceiptAnchor.ReceiptAnchorNotAgent.selector, agentId, stranger));
        anchor.anchor(agentId, keccak256("root"), 1);
    }

    function test_anchor_revertsForTheSameRootTwice() public {
        vm.startPrank(operator);
        bytes32 batchId = anchor.anchor(agentId, keccak256("root"), 1);
        vm.expectRevert(abi.encodeWithSelector(IReceiptAnchor.ReceiptAnchorBatchExists.selector, batchId));
        anchor.anchor(agentId, keccak256("root"), 1);
        vm.stopPrank();
    }

    // --------------------------------------------------------- verifyInclusion

    function testFuzz_verifyInclusion_everyLeafOfAnAnchoredTree(bytes32 seed, uint256 count, uint256 index) public {
        count = bound(count, 1, 40);
        index = bound(index, 0, count - 1);
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom(seed, count);
        vm.prank(operator);
        bytes32 batchId = anchor.anchor(agentId, MerkleTreeBuilder.root(digests), uint64(count));
        bytes32[] memory proof = MerkleTreeBuilder.proof(digests, index);
        assertTrue(anchor.verifyInclusion(batchId, digests[index], proof));
        assertFalse(anchor.verifyInclusion(batchId, keccak256(abi.encode(digests[index])), proof));
        assertFalse(anchor.verifyInclusion(keccak256(abi.encode(batchId)), digests[index], proof));
    }

    function test_verifyInclusion_isFalseForAnotherAgentsIdWithTheSameRoot() public {
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom("shared", 2);
        bytes32 root = MerkleTreeBuilder.root(digests);
        vm.prank(operator);
        anchor.anchor(agentId, root, 2);
        // An id naming another agent with the same root was never anchored.
        assertFalse(
            anchor.verifyInclusion(anchor.batchIdOf(agentId + 1, root), digests[0], MerkleTreeBuilder.proof(digests, 0))
        );
    }

    // ---------------------------------------------------------- verifyReceipt

    function test_verifyReceipt_returnsTheDigest() public view {
        IReceiptAnchor.SignedReceipt memory signed = _signed(1);
        assertEq(anchor.verifyReceipt(signed), anchor.receiptDigest(signed.receipt));
    }

    function test_verifyReceipt_digestIsTheLeafPreimage() public view {
        IReceiptAnchor.SignedReceipt memory signed = _signed(1);
        bytes32 digest = anchor.verifyReceipt(signed);
        assertEq(ReceiptMerkle.hashLeaf(digest), keccak256(abi.encodePacked(uint8(0), digest)));
    }

    function testFuzz_verifyReceipt_rejectsAnyChangedSignedField(uint64 fuelUsed, bytes32 outputHash) public {
        IReceiptAnchor.SignedReceipt memory signed = _signed(1);
        vm.assume(fuelUsed != signed.receipt.fuelUsed || outputHash != signed.receipt.outputHash);
        signed.receipt.fuelUsed = fuelUsed;
        signed.receipt.outputHash = outputHash;
        bytes32 digest = anchor.receiptDigest(signed.receipt);
        address recovered = ECDSA.recover(digest, signed.signature);
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceiptAnchor.ReceiptAnchorWrongReceiptSigner.selector,
                recovered,
                signed.receipt.ephemeralKey
            )
        );
        anchor.verifyReceipt(signed);
    }

    function testFuzz_verifyReceipt_endedAtUpToNotAfter(uint64 endedAt, uint64 notAfter) public {
        IReceiptAnchor.Receipt memory receipt = _receipt(
            1,
            agentId,
            POLICY,
            BUDGET,
            uint8(IReceiptAnchor.Outcome.Completed)
        );
        receipt.endedAt = endedAt;
        IReceiptAnchor.SignedReceipt memory signed = _sign(anchor, IDENTITY_KEY, _ephemeralKey(1), receipt, notAfter);
        if (endedAt > notAfter) {
            vm.expectRevert(
                abi.encodeWithSelector(IReceiptAnchor.ReceiptAnchorReceiptAfterNotAfter.selector, endedAt, notAfter)
            );
        }
        anchor.verifyReceipt(signed);
    }

    function test_verifyReceipt_acceptsARotatedAwayIdentity() public {
        IReceiptAnchor.SignedReceipt memory signed = _signed(1);
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
        bytes memory proof = IdentityProofs.sign(registry, 0xB0B, operator, agentId, deadline);
        vm.prank(operator);
        registry.rotateIdentity(agentId, vm.addr(0xB0B), deadline, proof);
        anchor.verifyReceipt(signed);
    }

    function test_verifyReceipt_revertsForAnotherAgentsIdentity() public {
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
        bytes memory proof = IdentityProofs.sign(registry, 0xB0B, operator, 0, deadline);
        vm.prank(operator);
        registry.register(vm.addr(0xB0B), RECEIPT_CODE, "", deadline, proof);
        IReceiptAnchor.Receipt memory receipt = _receipt(
            1,
            agentId,
            POLICY,
            BUDGET,
            uint8(IReceiptAnchor.Outcome.Completed)
        );
        IReceiptAnchor.SignedReceipt memory signed = _sign(
            anchor,
            0xB0B,
            _ephemeralKey(1),
            receipt,
            uint64(block.timestamp)
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IReceiptAnchor.ReceiptAnchorCertificateSignerNotAgent.selector,
                vm.addr(0xB0B),
                agentId
            )
        );
        anchor.verifyReceipt(signed);
    }

    function test_verifyReceipt_revertsForAHighSSignature() public {
        IReceiptAnchor.SignedReceipt memory signed = _signed(1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_ephemeralKey(1), anchor.receiptDigest(signed.receipt));
        bytes32 highS = bytes32(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141 - uint256(s));
        signed.signature = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        anchor.verifyReceipt(signed);
    }
}
