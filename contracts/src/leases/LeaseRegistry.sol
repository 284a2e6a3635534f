// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {ILeaseRegistry} from "../interfaces/ILeaseRegistry.sol";

/// @title LeaseRegistry
/// @notice Leases of encrypted context from data owners to agents.
/// @dev The default admin role sets the maximum TTL; governance takes it over later.
contract LeaseRegistry is ILeaseRegistry, AccessControl {
    /// @inheritdoc ILeaseRegistry
    uint64 public constant MAX_TTL_CAP = 365 days;

    IAgentRegistry private immutable _agentRegistry;

    uint64 private _maxTtl;
    uint256 private _leaseCount;
    mapping(uint256 leaseId => Lease) private _leases;

    constructor(IAgentRegistry agentRegistry_, address admin, uint64 maxTtl_) {
        _agentRegistry = agentRegistry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setMaxTtl(maxTtl_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ILeaseRegistry
    function agentRegistry() external view returns (IAgentRegistry) {
        return _agentRegistry;
    }

    /// @inheritdoc ILeaseRegistry
    function maxTtl() external view returns (uint64) {
        return _maxTtl;
    }

    /// @inheritdoc ILeaseRegistry
    function leaseCount() external view returns (uint256) {
        return _leaseCount;
    }

    /// @inheritdoc ILeaseRegistry
    function getLease(uint256 leaseId) external view returns (Lease memory) {
        Lease storage lease = _leases[leaseId];
        if (lease.owner == address(0)) revert LeaseRegistryUnknownLease(leaseId);
        return lease;
    }

    /// @inheritdoc ILeaseRegistry
    function isLive(uint256 leaseId, bytes32 scopeHash) external view returns (bool) {
        Lease storage lease = _leases[leaseId];
        // An unknown lease has a zero expiry, so it is never live.
        return !lease.revoked && block.timestamp < lease.expiry && lease.scopeHash == scopeHash;
    }

    // --------------------------------------------------------------- owners

    /// @inheritdoc ILeaseRegistry
    function grant(
        uint256 agentId,
        bytes32 scopeHash,
        bytes32 contextId,
        uint64 expiry,
        uint256 fee
    ) external returns (uint256 leaseId) {
        if (scopeHash == bytes32(0)) revert LeaseRegistryZeroScopeHash();
        if (contextId == bytes32(0)) revert LeaseRegistryZeroContextId();
        if (fee == 0) revert LeaseRegistryZeroFee();
        if (expiry <= block.timestamp) revert LeaseRegistryExpiryNotInFuture(expiry, block.timestamp);
        // Safe: expiry > block.timestamp was checked just above.
        uint256 ttl;
        unchecked {
            ttl = expiry - block.timestamp;
        }
        if (ttl > _maxTtl) revert LeaseRegistryTtlTooLong(ttl, _maxTtl);
        _checkRegistered(agentId);

        leaseId = ++_leaseCount;
        _leases[leaseId] = Lease({
            owner: msg.sender,
            expiry: expiry,
            revoked: false,
            agentId: agentId,
            scopeHash: scopeHash,
            contextId: contextId,
            fee: fee
        });
        emit LeaseGranted(leaseId, agentId, msg.sender, scopeHash, contextId, expiry, fee);
    }

    /// @inheritdoc ILeaseRegistry
    function revoke(uint256 leaseId) external {
        Lease storage lease = _leases[leaseId];
        address owner = lease.owner;
        if (owner == address(0)) revert LeaseRegistryUnknownLease(leaseId);
        if (owner != msg.sender) revert LeaseRegistryNotOwner(leaseId, msg.sender);
        if (lease.revoked) revert LeaseRegistryAlreadyRevoked(leaseId);
        lease.revoked = true;
        emit LeaseRevoked(leaseId, lease.agentId, owner, lease.expiry);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc ILeaseRegistry
    function setMaxTtl(uint64 newMaxTtl) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxTtl(newMaxTtl);
    }

    // -------------------------------------------------------------- private

    function _setMaxTtl(uint64 newMaxTtl) private {
        if (newMaxTtl == 0 || newMaxTtl > MAX_TTL_CAP) revert LeaseRegistryMaxTtlOutOfRange(newMaxTtl, MAX_TTL_CAP);
        uint64 oldMaxTtl = _maxTtl;
        _maxTtl = newMaxTtl;
        emit MaxTtlUpdated(oldMaxTtl, newMaxTtl);
    }

    /// @dev Unknown ids are caught before `getAgent`, which would revert with the registry's own error.
    function _checkRegistered(uint256 agentId) private view {
        if (agentId == 0 || agentId > _agentRegistry.agentCount()) revert LeaseRegistryAgentNotRegistered(agentId);
        if (_agentRegistry.getAgent(agentId).status != IAgentRegistry.AgentStatus.Registered) {
            revert LeaseRegistryAgentNotRegistered(agentId);
        }
    }
}
