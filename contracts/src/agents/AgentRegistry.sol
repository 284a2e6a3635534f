// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";

/// @title AgentRegistry
/// @notice Agents, their operators, identity keys and code.
contract AgentRegistry is IAgentRegistry {
    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_METADATA_URI_LENGTH = 512;

    IStakeManager private immutable _stakeManager;

    uint256 private _agentCount;
    mapping(uint256 agentId => Agent) private _agents;
    mapping(address identity => uint256 agentId) private _agentOfIdentity;

    constructor(IStakeManager stakeManager_) {
        _stakeManager = stakeManager_;
    }

    modifier onlyOperatorOfLiveAgent(uint256 agentId) {
        Agent storage agent = _agents[agentId];
        if (agent.status == AgentStatus.None) revert AgentRegistryUnknownAgent(agentId);
        if (agent.operator != msg.sender) revert AgentRegistryNotOperator(agentId, msg.sender);
        if (agent.status == AgentStatus.Retired) revert AgentRegistryAgentRetired(agentId);
        _;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAgentRegistry
    function stakeManager() external view returns (IStakeManager) {
        return _stakeManager;
    }

    /// @inheritdoc IAgentRegistry
    function agentCount() external view returns (uint256) {
        return _agentCount;
    }

    /// @inheritdoc IAgentRegistry
    function getAgent(uint256 agentId) external view returns (Agent memory) {
        Agent storage agent = _agents[agentId];
        if (agent.status == AgentStatus.None) revert AgentRegistryUnknownAgent(agentId);
        return agent;
    }

    /// @inheritdoc IAgentRegistry
    function agentOfIdentity(address identity) external view returns (uint256) {
        return _agentOfIdentity[identity];
    }

    /// @inheritdoc IAgentRegistry
    function isActive(uint256 agentId) external view returns (bool) {
        Agent storage agent = _agents[agentId];
        return agent.status == AgentStatus.Registered && _stakeManager.meetsMinimum(agent.operator);
    }

    // ------------------------------------------------------------ operators

    /// @inheritdoc IAgentRegistry
    function register(
        address identity,
        bytes32 codeHash,
        string calldata metadataURI
    ) external returns (uint256 agentId) {
        _checkIdentity(identity);
        if (codeHash == bytes32(0)) revert AgentRegistryZeroCodeHash();
        _checkMetadata(metadataURI);
        if (!_stakeManager.meetsMinimum(msg.sender)) {
            revert AgentRegistryInsufficientStake(
                msg.sender,
                _stakeManager.stakeOf(msg.sender).free,
                _stakeManager.minimumStake()
            );
        }
        agentId = ++_agentCount;
        _agents[agentId] = Agent({
            operator: msg.sender,
            identity: identity,
            status: AgentStatus.Registered,
            codeHash: codeHash,
            metadataURI: metadataURI
        });
        _agentOfIdentity[identity] = agentId;
        emit AgentRegistered(agentId, msg.sender, identity, codeHash, metadataURI);
    }

    /// @inheritdoc IAgentRegistry
    function rotateIdentity(uint256 agentId, address newIdentity) external onlyOperatorOfLiveAgent(agentId) {
        _checkIdentity(newIdentity);
        Agent storage agent = _agents[agentId];
        address oldIdentity = agent.identity;
        agent.identity = newIdentity;
        // The old identity stays mapped to this agent: receipts it signed remain attributable,
        // and no other agent can ever claim it.
        _agentOfIdentity[newIdentity] = agentId;
        emit AgentIdentityRotated(agentId, oldIdentity, newIdentity);
    }

    /// @inheritdoc IAgentRegistry
    function updateCode(uint256 agentId, bytes32 newCodeHash) external onlyOperatorOfLiveAgent(agentId) {
        if (newCodeHash == bytes32(0)) revert AgentRegistryZeroCodeHash();
        Agent storage agent = _agents[agentId];
        bytes32 oldCodeHash = agent.codeHash;
        agent.codeHash = newCodeHash;
        emit AgentCodeUpdated(agentId, oldCodeHash, newCodeHash);
    }

    /// @inheritdoc IAgentRegistry
    function updateMetadata(uint256 agentId, string calldata metadataURI) external onlyOperatorOfLiveAgent(agentId) {
        _checkMetadata(metadataURI);
        _agents[agentId].metadataURI = metadataURI;
        emit AgentMetadataUpdated(agentId, metadataURI);
    }

    /// @inheritdoc IAgentRegistry
    function retire(uint256 agentId) external onlyOperatorOfLiveAgent(agentId) {
        _agents[agentId].status = AgentStatus.Retired;
        emit AgentRetired(agentId, msg.sender);
    }

    // -------------------------------------------------------------- private

    function _checkIdentity(address identity) private view {
        if (identity == address(0)) revert AgentRegistryZeroIdentity();
        uint256 owner = _agentOfIdentity[identity];
        if (owner != 0) revert AgentRegistryIdentityTaken(identity, owner);
    }

    function _checkMetadata(string calldata metadataURI) private pure {
        uint256 length = bytes(metadataURI).length;
        if (length > MAX_METADATA_URI_LENGTH) revert AgentRegistryMetadataTooLong(length, MAX_METADATA_URI_LENGTH);
    }
}
