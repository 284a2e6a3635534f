// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";

/// @title AgentRegistry
/// @notice Agents, their operators, identity keys and code.
contract AgentRegistry is IAgentRegistry, EIP712, Nonces {
    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_METADATA_URI_LENGTH = 512;
    /// @inheritdoc IAgentRegistry
    uint256 public constant NEW_AGENT = 0;
    // The type string is hashed at compile time, so its length costs nothing at run time.
    // solhint-disable gas-small-strings
    /// @inheritdoc IAgentRegistry
    bytes32 public constant IDENTITY_PROOF_TYPEHASH = keccak256(
        "IdentityProof(address identity,address operator,uint256 agentId,uint256 nonce,uint64 deadline)"
    );
    // solhint-enable gas-small-strings

    IStakeManager private immutable _stakeManager;

    uint256 private _agentCount;
    mapping(uint256 agentId => Agent) private _agents;
    mapping(address identity => uint256 agentId) private _agentOfIdentity;

    constructor(IStakeManager stakeManager_) EIP712("Leasehold", "1") {
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

    /// @inheritdoc IAgentRegistry
    function nonces(address identity) public view override(IAgentRegistry, Nonces) returns (uint256) {
        return super.nonces(identity);
    }

    /// @inheritdoc IAgentRegistry
    function identityProofDigest(
        address identity,
        address operator,
        uint256 agentId,
        uint256 nonce,
        uint64 deadline
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(IDENTITY_PROOF_TYPEHASH, identity, operator, agentId, nonce, deadline))
            );
    }

    // ------------------------------------------------------------ operators

    /// @inheritdoc IAgentRegistry
    function register(
        address identity,
        bytes32 codeHash,
        string calldata metadataURI,
        uint64 proofDeadline,
        bytes calldata proof
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
        _useIdentityProof(identity, NEW_AGENT, proofDeadline, proof);
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
    function rotateIdentity(
        uint256 agentId,
        address newIdentity,
        uint64 proofDeadline,
        bytes calldata proof
    ) external onlyOperatorOfLiveAgent(agentId) {
        _checkIdentity(newIdentity);
        _useIdentityProof(newIdentity, agentId, proofDeadline, proof);
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

    /// @dev Checks the identity key's consent to be bound by the caller to `agentId`, and consumes
    ///  its nonce. The digest names `msg.sender`, so only the operator the key signed for can use it.
    function _useIdentityProof(address identity, uint256 agentId, uint64 deadline, bytes calldata proof) private {
        if (block.timestamp > deadline) revert AgentRegistryIdentityProofExpired(identity, deadline);
        bytes32 digest = identityProofDigest(identity, msg.sender, agentId, _useNonce(identity), deadline);
        // tryRecover refuses malformed and high-s signatures with an error instead of reverting, so
        // every refusal is this registry's own error.
        (address signer, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecoverCalldata(digest, proof);
        if (recoverError != ECDSA.RecoverError.NoError || signer != identity) {
            revert AgentRegistryInvalidIdentityProof(identity, signer);
        }
    }

    function _checkMetadata(string calldata metadataURI) private pure {
        uint256 length = bytes(metadataURI).length;
        if (length > MAX_METADATA_URI_LENGTH) revert AgentRegistryMetadataTooLong(length, MAX_METADATA_URI_LENGTH);
    }
}
