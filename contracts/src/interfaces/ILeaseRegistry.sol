// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAgentRegistry} from "./IAgentRegistry.sol";

/// @title ILeaseRegistry
/// @notice Leases of borrowed context: a data owner lends an agent access to one encrypted
///  context, for one scope, until an expiry. Data stays leasehold, never freehold.
/// @dev A lease is (agentId, scopeHash, contextId, expiry, fee), granted by its owner (the
///  caller of `grant`) and identified by a sequential id starting at 1.
///  - `expiry` must lie in the future and at most `maxTtl` seconds ahead when the lease is
///    granted; lowering `maxTtl` later does not shorten leases already granted.
///  - There is no extend function: a renewal is a new lease, so every lease's whole life is
///    fixed when it is granted and an audit can check each against the TTL it was granted under.
///  - The owner may revoke a lease at any time; revocation is final.
///  - `fee` is a spending cap the owner sets: the most a single job under this lease may escrow
///    (JobEscrow refuses a job whose payment exceeds it). It is not charged by this contract.
///  A lease is live while it is not revoked and `block.timestamp < expiry`.
interface ILeaseRegistry {
    struct Lease {
        /// @dev The data owner who granted the lease; the only one who may revoke it or open jobs under it.
        address owner;
        /// @dev Unix time from which the lease is no longer live.
        uint64 expiry;
        bool revoked;
        uint256 agentId;
        /// @dev Hash of what the agent may do with the context (the scope it is lent for).
        bytes32 scopeHash;
        /// @dev Content id of the encrypted context.
        bytes32 contextId;
        /// @dev Most a single job under this lease may escrow, in stake-token units.
        uint256 fee;
    }

    /// @notice No lease with this id exists.
    error LeaseRegistryUnknownLease(uint256 leaseId);
    /// @notice Only the lease's owner may do this.
    error LeaseRegistryNotOwner(uint256 leaseId, address caller);
    /// @notice The lease is already revoked.
    error LeaseRegistryAlreadyRevoked(uint256 leaseId);
    /// @notice The agent is unknown or retired.
    error LeaseRegistryAgentNotRegistered(uint256 agentId);
    /// @notice The expiry is not in the future.
    error LeaseRegistryExpiryNotInFuture(uint64 expiry, uint256 timestamp);
    /// @notice The lease would live longer than the maximum TTL.
    error LeaseRegistryTtlTooLong(uint256 ttl, uint64 maxTtl);
    /// @notice The scope hash is zero.
    error LeaseRegistryZeroScopeHash();
    /// @notice The context id is zero.
    error LeaseRegistryZeroContextId();
    /// @notice The fee is zero: no job could ever be opened under the lease.
    error LeaseRegistryZeroFee();
    /// @notice The maximum TTL is zero or above the hard cap.
    error LeaseRegistryMaxTtlOutOfRange(uint64 maxTtl, uint64 cap);

    /// @notice `owner` lent agent `agentId` the context `contextId` for `scopeHash` until `expiry`.
    event LeaseGranted(
        uint256 indexed leaseId,
        uint256 indexed agentId,
        address indexed owner,
        bytes32 scopeHash,
        bytes32 contextId,
        uint64 expiry,
        uint256 fee
    );
    /// @notice `owner` revoked the lease before its expiry (`expiry`, unchanged, for the audit).
    event LeaseRevoked(uint256 indexed leaseId, uint256 indexed agentId, address indexed owner, uint64 expiry);
    /// @notice The maximum TTL of new leases changed.
    event MaxTtlUpdated(uint64 oldMaxTtl, uint64 newMaxTtl);

    /// @notice Upper bound on `maxTtl` that no admin can exceed.
    function MAX_TTL_CAP() external view returns (uint64);

    /// @notice The registry whose agents leases are granted to.
    function agentRegistry() external view returns (IAgentRegistry);

    /// @notice Longest time, in seconds, between granting a lease and its expiry.
    function maxTtl() external view returns (uint64);

    /// @notice Number of leases ever granted (also the id of the newest one).
    function leaseCount() external view returns (uint256);

    /// @notice The lease's record. Reverts for unknown ids.
    function getLease(uint256 leaseId) external view returns (Lease memory);

    /// @notice Whether the lease exists, is not revoked, has not expired and is for `scopeHash`.
    function isLive(uint256 leaseId, bytes32 scopeHash) external view returns (bool);

    /// @notice Lend agent `agentId` (registered, not retired) the context `contextId` for `scopeHash`
    ///  until `expiry`, with `fee` as the most any one job under the lease may escrow. The caller owns the lease.
    function grant(
        uint256 agentId,
        bytes32 scopeHash,
        bytes32 contextId,
        uint64 expiry,
        uint256 fee
    ) external returns (uint256 leaseId);

    /// @notice Revoke the lease at once. Owner only.
    function revoke(uint256 leaseId) external;

    /// @notice Set the maximum TTL of new leases (1 second to MAX_TTL_CAP). Admin role only.
    function setMaxTtl(uint64 newMaxTtl) external;
}
