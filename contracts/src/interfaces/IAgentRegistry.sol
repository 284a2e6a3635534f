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

    /// @notice Register an agent operated by the caller, who must meet the minimum stake.
    function register(
        address identity,
        bytes32 codeHash,
        string calldata metadataURI
    ) external returns (uint256 agentId);

    /// @notice Replace the agent's identity key. Operator only.
    function rotateIdentity(uint256 agentId, address newIdentity) external;

    /// @notice Record that the agent now runs the code with `newCodeHash`. Operator only.
    function updateCode(uint256 agentId, bytes32 newCodeHash) external;

    /// @notice Replace the agent's metadata URI. Operator only.
    function updateMetadata(uint256 agentId, string calldata metadataURI) external;

    /// @notice Retire the agent for good. Operator only.
    function retire(uint256 agentId) external;
}
