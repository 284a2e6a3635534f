// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IStakeManager} from "./IStakeManager.sol";

/// @title IAgentRegistry
/// @notice Registry of agents: who operates them, the key they sign with, what code they run.
/// @dev An agent is identified by a sequential id starting at 1. Its identity is the address of
///  the secp256k1 key its worker signs receipts and job certificates with; an identity belongs
///  to at most one agent, ever, so a receipt signed by it can never be attributed to another.
///  An agent is active while it is not retired and its operator's free stake covers the
///  stake manager's minimum; activity is computed on read, never stored, so it follows stake
///  changes (deposits, withdrawals, slashes) without any bookkeeping here.
///
///  Identity proofs. Because an identity is bound for good on first use, nobody may bind a key
///  without holding it: `register` and `rotateIdentity` take the identity key's EIP-712
///  signature over
///
///    IdentityProof(address identity,address operator,uint256 agentId,uint256 nonce,uint64 deadline)
///
///  under the domain `{name: "Leasehold", version: "1", chainId, verifyingContract: this registry}`
///  (docs/RECEIPTS.md, "Identity proofs"). Each field closes one attack:
///  - `operator` must be the caller, so a proof copied from the mempool and sent by anyone else
///    recovers to another signer and binds nothing;
///  - `agentId` is `NEW_AGENT` (0) for `register` and the agent's id for `rotateIdentity`, so a
///    proof made for one action, or for one agent, serves no other;
///  - `nonce` is `nonces(identity)`, consumed when the proof is used; chain id and registry are
///    in the domain, so a proof is good once, on one chain, for one registry;
///  - `deadline` bounds how long an unused proof stays valid: accepted while
///    `block.timestamp <= deadline`.
///  The signature is 65 bytes (r, s, v) with s in the lower half of the curve order
///  (OpenZeppelin's ECDSA), so no malleable twin of a proof exists. Identities are plain
///  secp256k1 keys (receipts and certificates are checked by ecrecover), so contract signatures
///  (ERC-1271) are not accepted.
interface IAgentRegistry {
    enum AgentStatus {
        None,
        Registered,
        Retired
    }

    struct Agent {
        address operator;
        address identity;
        AgentStatus status;
        bytes32 codeHash;
        string metadataURI;
    }

    /// @notice No agent with this id exists.
    error AgentRegistryUnknownAgent(uint256 agentId);
    /// @notice Only the agent's operator may do this.
    error AgentRegistryNotOperator(uint256 agentId, address caller);
    /// @notice The agent is retired; retirement is final.
    error AgentRegistryAgentRetired(uint256 agentId);
    /// @notice The identity is the zero address.
    error AgentRegistryZeroIdentity();
    /// @notice The identity is (or was) already used by an agent.
    error AgentRegistryIdentityTaken(address identity, uint256 agentId);
    /// @notice The code hash is zero.
    error AgentRegistryZeroCodeHash();
    /// @notice The metadata URI is longer than MAX_METADATA_URI_LENGTH bytes.
    error AgentRegistryMetadataTooLong(uint256 length, uint256 maxLength);
    /// @notice The operator's free stake does not cover the minimum stake.
    error AgentRegistryInsufficientStake(address operator, uint256 free, uint256 minimum);
    /// @notice The identity proof's deadline has passed.
    error AgentRegistryIdentityProofExpired(address identity, uint64 deadline);
    /// @notice The identity proof is not the identity key's signature over this caller, action,
    ///  nonce and deadline. `signer` is whom it recovers to, or zero for a malformed signature
    ///  (not 65 bytes, high s, bad v).
    error AgentRegistryInvalidIdentityProof(address identity, address signer);

    /// @notice A new agent was registered.
    event AgentRegistered(
        uint256 indexed agentId,
        address indexed operator,
        address indexed identity,
        bytes32 codeHash,
        string metadataURI
    );
    /// @notice The agent's identity key was rotated.
    event AgentIdentityRotated(uint256 indexed agentId, address indexed oldIdentity, address indexed newIdentity);
    /// @notice The agent now runs other code.
    event AgentCodeUpdated(uint256 indexed agentId, bytes32 oldCodeHash, bytes32 newCodeHash);
    /// @notice The agent's metadata URI changed.
    event AgentMetadataUpdated(uint256 indexed agentId, string metadataURI);
    /// @notice The agent was retired for good.
    event AgentRetired(uint256 indexed agentId, address indexed operator);

    /// @notice Longest metadata URI accepted, in bytes.
    function MAX_METADATA_URI_LENGTH() external view returns (uint256);

    /// @notice The `agentId` an identity proof for `register` names (agent ids start at 1).
    function NEW_AGENT() external view returns (uint256);

    /// @notice keccak256 of the IdentityProof type string.
    function IDENTITY_PROOF_TYPEHASH() external view returns (bytes32);

    /// @notice The stake manager whose minimum stake gates activity.
    function stakeManager() external view returns (IStakeManager);

    /// @notice Number of agents ever registered (also the id of the newest one).
    function agentCount() external view returns (uint256);

    /// @notice The agent's record. Reverts for unknown ids.
    function getAgent(uint256 agentId) external view returns (Agent memory);

    /// @notice The agent that uses (or used) `identity`, 0 if none.
    function agentOfIdentity(address identity) external view returns (uint256);

    /// @notice Whether the agent is registered, not retired, and its operator meets the minimum stake.
    function isActive(uint256 agentId) external view returns (bool);

    /// @notice The nonce the next identity proof of `identity` must sign.
    /// @dev A key is bound for good the first time its proof is used, so every usable proof signs 0.
    function nonces(address identity) external view returns (uint256);

    /// @notice The EIP-712 digest an identity key signs to let `operator` bind it to `agentId`
    ///  (`NEW_AGENT` for a registration).
    function identityProofDigest(
        address identity,
        address operator,
        uint256 agentId,
        uint256 nonce,
        uint64 deadline
    ) external view returns (bytes32);

    /// @notice Register an agent operated by the caller, who must meet the minimum stake.
    /// @param identity The key the agent's worker signs with; never used by any agent before.
    /// @param proofDeadline The `deadline` the identity proof signs.
    /// @param proof The identity key's signature over IdentityProof(identity, caller, NEW_AGENT,
    ///  nonces(identity), proofDeadline).
    function register(
        address identity,
        bytes32 codeHash,
        string calldata metadataURI,
        uint64 proofDeadline,
        bytes calldata proof
    ) external returns (uint256 agentId);

    /// @notice Replace the agent's identity key. Operator only; allowed without the minimum stake,
    ///  so a compromised key can always be replaced.
    /// @param newIdentity The new key; never used by any agent before.
    /// @param proofDeadline The `deadline` the identity proof signs.
    /// @param proof The new key's signature over IdentityProof(newIdentity, caller, agentId,
    ///  nonces(newIdentity), proofDeadline).
    function rotateIdentity(uint256 agentId, address newIdentity, uint64 proofDeadline, bytes calldata proof) external;

    /// @notice Record that the agent now runs the code with `newCodeHash`. Operator only.
    function updateCode(uint256 agentId, bytes32 newCodeHash) external;

    /// @notice Replace the agent's metadata URI. Operator only.
    function updateMetadata(uint256 agentId, string calldata metadataURI) external;

    /// @notice Retire the agent for good. Operator only.
    function retire(uint256 agentId) external;
}
