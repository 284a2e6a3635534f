// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAgentRegistry} from "./IAgentRegistry.sol";

/// @title IReceiptAnchor
/// @notice Anchors batches of signed job receipts and verifies receipts, as docs/RECEIPTS.md
///  specifies. It is the EIP-712 `verifyingContract` of receipts and job-key certificates, under
///  the domain `{name: "Leasehold", version: "1", chainId, verifyingContract: this}`.
/// @dev Batches. A worker puts its receipts' EIP-712 digests in a sorted-pair Merkle tree
///  (ReceiptMerkle) and anchors the root for its agent. A batch is named by a derived id,
///  `batchId = keccak256(abi.encode(agentId, root))`, so that anchoring writes exactly one new
///  storage slot (the agent, leaf count and time packed together) and needs no counter: the id
///  itself commits to the root, and inclusion is checked by recomputing the id from the stored
///  agent and the root a proof leads to. An agent cannot anchor the same root twice.
///  Retired agents may still anchor: receipts for work accepted before retirement must still be
///  provable.
interface IReceiptAnchor {
    /// @notice Receipt outcomes (`Receipt.outcome`, a uint8 as signed).
    enum Outcome {
        Completed,
        BudgetExhausted,
        Failed,
        /// @dev The worker refused to run: lease not live, code not approved, policy denied.
        Refused
    }

    /// @notice What a worker signs with the job's ephemeral key after every job (docs/RECEIPTS.md).
    struct Receipt {
        uint256 jobId;
        uint256 agentId;
        bytes32 codeHash;
        bytes32 policyHash;
        /// @dev keccak256 of the decrypted context.
        bytes32 inputHash;
        /// @dev keccak256 of the output bytes.
        bytes32 outputHash;
        /// @dev Charged against the job's budget.
        uint64 fuelUsed;
        uint64 memoryPeakBytes;
        uint32 capabilityCalls;
        uint64 startedAt;
        uint64 endedAt;
        /// @dev An `Outcome`; kept a uint8 so that any signed value can be decoded and judged.
        uint8 outcome;
        /// @dev The job's ephemeral key, which signs the receipt.
        address ephemeralKey;
        /// @dev 65-byte signature (r, s, v) by an identity of the agent over the JobKeyCertificate
        ///  (jobId, agentId, ephemeralKey, sealingKey, notAfter).
        bytes certificate;
    }

    /// @notice A receipt with the certificate fields it does not carry itself and the ephemeral key's signature.
    struct SignedReceipt {
        Receipt receipt;
        /// @dev The job's X25519 public key, certified with the ephemeral key.
        bytes32 sealingKey;
        /// @dev The certificate's expiry: no receipt may end after it.
        uint64 notAfter;
        /// @dev 65-byte signature (r, s, v) by `receipt.ephemeralKey` over the receipt's EIP-712 digest.
        bytes signature;
    }

    /// @notice An anchored batch, packed into one storage slot.
    struct Batch {
        /// @dev Agent ids are sequential from 1, so 128 bits hold every id the registry can reach.
        uint128 agentId;
        uint64 leafCount;
        uint64 anchoredAt;
    }

    /// @notice The caller is neither the agent's operator nor its current identity.
    error ReceiptAnchorNotAgent(uint256 agentId, address caller);
    /// @notice A batch needs a root.
    error ReceiptAnchorZeroRoot();
    /// @notice An empty batch is not a batch.
    error ReceiptAnchorEmptyBatch();
    /// @notice This agent already anchored this root.
    error ReceiptAnchorBatchExists(bytes32 batchId);
    /// @notice No batch with this id was anchored.
    error ReceiptAnchorUnknownBatch(bytes32 batchId);
    /// @notice Verification step 1: the certificate was signed by a key that is no identity of the agent.
    error ReceiptAnchorCertificateSignerNotAgent(address signer, uint256 agentId);
    /// @notice Verification step 2: the receipt was not signed by its ephemeral key.
    error ReceiptAnchorWrongReceiptSigner(address signer, address ephemeralKey);
    /// @notice Verification step 3: the receipt ends after the certificate's `notAfter`.
    error ReceiptAnchorReceiptAfterNotAfter(uint64 endedAt, uint64 notAfter);

    /// @notice `anchoredBy` (operator or identity) anchored `root` with `leafCount` receipts for agent `agentId`.
    event BatchAnchored(
        bytes32 indexed batchId,
        uint256 indexed agentId,
        address indexed anchoredBy,
        bytes32 root,
        uint64 leafCount
    );

    /// @notice keccak256 of the JobKeyCertificate EIP-712 type.
    function CERTIFICATE_TYPEHASH() external view returns (bytes32);

    /// @notice keccak256 of the Receipt EIP-712 type.
    function RECEIPT_TYPEHASH() external view returns (bytes32);

    /// @notice The registry that says who operates an agent and which identities are its own.
    function agentRegistry() external view returns (IAgentRegistry);

    /// @notice The id a batch of `agentId` with `root` has (or would have once anchored).
    function batchIdOf(uint256 agentId, bytes32 root) external pure returns (bytes32);

    /// @notice The anchored batch. Reverts for unknown ids.
    function getBatch(bytes32 batchId) external view returns (Batch memory);

    /// @notice Anchor a batch of `leafCount` receipts of agent `agentId` whose Merkle root is `root`.
    ///  The agent's operator or current identity only; writes exactly one new storage slot.
    function anchor(uint256 agentId, bytes32 root, uint64 leafCount) external returns (bytes32 batchId);

    /// @notice Whether `digest` is a leaf of the anchored batch `batchId`, `proof` being the
    ///  siblings from the leaf up. False for unknown batches.
    function verifyInclusion(bytes32 batchId, bytes32 digest, bytes32[] calldata proof) external view returns (bool);

    /// @notice The receipt's EIP-712 digest (the Merkle leaf's preimage).
    function receiptDigest(Receipt calldata receipt) external view returns (bytes32);

    /// @notice The EIP-712 digest of the JobKeyCertificate the identity key signs.
    function certificateDigest(
        uint256 jobId,
        uint256 agentId,
        address ephemeralKey,
        bytes32 sealingKey,
        uint64 notAfter
    ) external view returns (bytes32);

    /// @notice Run the three verification steps of docs/RECEIPTS.md on `signed`, reverting with the
    ///  step that fails (or OpenZeppelin's ECDSA error for a malformed or malleable signature).
    /// @return digest The receipt's EIP-712 digest.
    function verifyReceipt(SignedReceipt calldata signed) external view returns (bytes32 digest);
}
