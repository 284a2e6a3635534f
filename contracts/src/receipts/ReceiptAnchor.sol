// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IReceiptAnchor} from "../interfaces/IReceiptAnchor.sol";
import {ReceiptMerkle} from "../libraries/ReceiptMerkle.sol";

/// @title ReceiptAnchor
/// @notice Receipt batches anchored on-chain, and verification of single receipts.
/// @dev Holds no funds and has no admin: the EIP-712 domain and the agent registry are fixed at deploy.
contract ReceiptAnchor is IReceiptAnchor, EIP712 {
    // The type strings are hashed at compile time, so their length costs nothing at run time.
    // solhint-disable gas-small-strings
    /// @inheritdoc IReceiptAnchor
    bytes32 public constant CERTIFICATE_TYPEHASH = keccak256(
        "JobKeyCertificate(uint256 jobId,uint256 agentId,address ephemeralKey,bytes32 sealingKey,uint64 notAfter)"
    );
    /// @inheritdoc IReceiptAnchor
    bytes32 public constant RECEIPT_TYPEHASH = keccak256(
        "Receipt(uint256 jobId,uint256 agentId,bytes32 codeHash,bytes32 policyHash,bytes32 inputHash,bytes32 outputHash,"
        "uint64 fuelUsed,uint64 memoryPeakBytes,uint32 capabilityCalls,uint64 startedAt,uint64 endedAt,uint8 outcome,"
        "address ephemeralKey,bytes certificate)"
    );

    // solhint-enable gas-small-strings

    IAgentRegistry private immutable _agentRegistry;

    mapping(bytes32 batchId => Batch) private _batches;

    constructor(IAgentRegistry agentRegistry_) EIP712("Leasehold", "1") {
        _agentRegistry = agentRegistry_;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IReceiptAnchor
    function agentRegistry() external view returns (IAgentRegistry) {
        return _agentRegistry;
    }

    /// @inheritdoc IReceiptAnchor
    function batchIdOf(uint256 agentId, bytes32 root) public pure returns (bytes32) {
        return keccak256(abi.encode(agentId, root));
    }

    /// @inheritdoc IReceiptAnchor
    function getBatch(bytes32 batchId) external view returns (Batch memory batch) {
        batch = _batches[batchId];
        if (batch.agentId == 0) revert ReceiptAnchorUnknownBatch(batchId);
    }

    /// @inheritdoc IReceiptAnchor
    function verifyInclusion(bytes32 batchId, bytes32 digest, bytes32[] calldata proof) external view returns (bool) {
        uint256 agentId = _batches[batchId].agentId;
        // The id commits to (agent, root): recomputing it from the proof's root checks both at once.
        return agentId != 0 && batchIdOf(agentId, ReceiptMerkle.computeRoot(digest, proof)) == batchId;
    }

    /// @inheritdoc IReceiptAnchor
    function receiptDigest(Receipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(_hashReceipt(receipt));
    }

    /// @inheritdoc IReceiptAnchor
    function certificateDigest(
        uint256 jobId,
        uint256 agentId,
        address ephemeralKey,
        bytes32 sealingKey,
        uint64 notAfter
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(CERTIFICATE_TYPEHASH, jobId, agentId, ephemeralKey, sealingKey, notAfter))
            );
    }

    /// @inheritdoc IReceiptAnchor
    function verifyReceipt(SignedReceipt calldata signed) external view returns (bytes32 digest) {
        Receipt calldata receipt = signed.receipt;
        // 1. The certificate is signed by an identity of the agent, current or earlier.
        bytes32 certificate = certificateDigest(
            receipt.jobId,
            receipt.agentId,
            receipt.ephemeralKey,
            signed.sealingKey,
            signed.notAfter
        );
        address identity = ECDSA.recoverCalldata(certificate, receipt.certificate);
        // agentOfIdentity is 0 for a key no agent uses, so agent 0 (which never exists) must not match it.
        uint256 owner = _agentRegistry.agentOfIdentity(identity);
        if (owner == 0 || owner != receipt.agentId) {
            revert ReceiptAnchorCertificateSignerNotAgent(identity, receipt.agentId);
        }
        // 2. The receipt is signed by the ephemeral key the certificate names.
        digest = receiptDigest(receipt);
        address signer = ECDSA.recoverCalldata(digest, signed.signature);
        if (signer != receipt.ephemeralKey) revert ReceiptAnchorWrongReceiptSigner(signer, receipt.ephemeralKey);
        // 3. The receipt ended while the certificate was valid.
        if (receipt.endedAt > signed.notAfter)
            revert ReceiptAnchorReceiptAfterNotAfter(receipt.endedAt, signed.notAfter);
    }

    // -------------------------------------------------------------- writers

    /// @inheritdoc IReceiptAnchor
    function anchor(uint256 agentId, bytes32 root, uint64 leafCount) external returns (bytes32 batchId) {
        if (root == bytes32(0)) revert ReceiptAnchorZeroRoot();
        if (leafCount == 0) revert ReceiptAnchorEmptyBatch();
        // Reverts with AgentRegistryUnknownAgent for an id that was never registered.
        IAgentRegistry.Agent memory agent = _agentRegistry.getAgent(agentId);
        if (msg.sender != agent.operator && msg.sender != agent.identity)
            revert ReceiptAnchorNotAgent(agentId, msg.sender);

        batchId = batchIdOf(agentId, root);
        Batch storage batch = _batches[batchId];
        if (batch.agentId != 0) revert ReceiptAnchorBatchExists(batchId);
        // The one storage write of a batch. The casts are safe: the agent exists, so its id is at
        // most the registry's count, which cannot reach 2^128; timestamps fit 64 bits for aeons.
        _batches[batchId] = Batch({
            agentId: uint128(agentId),
            leafCount: leafCount,
            anchoredAt: uint64(block.timestamp)
        });
        emit BatchAnchored(batchId, agentId, msg.sender, root, leafCount);
    }

    // -------------------------------------------------------------- private

    /// @dev The EIP-712 struct hash, encoded in two halves: every member is a single static word
    ///  (the certificate enters as its keccak256), so the halves concatenate to exactly
    ///  abi.encode of all fifteen words, without one call holding them all on the stack.
    function _hashReceipt(Receipt calldata receipt) private pure returns (bytes32) {
        return
            keccak256(
                bytes.concat(
                    abi.encode(
                        RECEIPT_TYPEHASH,
                        receipt.jobId,
                        receipt.agentId,
                        receipt.codeHash,
                        receipt.policyHash,
                        receipt.inputHash,
                        receipt.outputHash,
                        receipt.fuelUsed
                    ),
                    abi.encode(
                        receipt.memoryPeakBytes,
                        receipt.capabilityCalls,
                        receipt.startedAt,
                        receipt.endedAt,
                        receipt.outcome,
                        receipt.ephemeralKey,
                        keccak256(receipt.certificate)
                    )
                )
            );
    }
}
