// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeaseRegistry} from "../../src/interfaces/ILeaseRegistry.sol";
import {LeaseRegistry} from "../../src/leases/LeaseRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {LeaseholdFixture} from "../utils/LeaseholdFixture.sol";

contract LeaseRegistryTest is LeaseholdFixture {
    uint256 internal agentId;

    function setUp() public {
        _deployStack(new MockERC20());
        agentId = _registerAgent(IDENTITY_KEY);
    }

    function _grant(uint64 expiry) internal returns (uint256) {
        vm.prank(client);
        return leases.grant(agentId, SCOPE, CONTEXT, expiry, FEE);
    }

    // ------------------------------------------------------------ constructor

    function test_constructor_setsParametersAndAdmin() public view {
        assertEq(address(leases.agentRegistry()), address(registry));
        assertEq(leases.maxTtl(), MAX_TTL);
        assertEq(leases.MAX_TTL_CAP(), 365 days);
        assertTrue(leases.hasRole(leases.DEFAULT_ADMIN_ROLE(), admin));
    }

    function test_constructor_revertsOnZeroMaxTtl() public {
        vm.expectRevert(abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryMaxTtlOutOfRange.selector, 0, 365 days));
        new LeaseRegistry(registry, admin, 0);
    }

    // ------------------------------------------------------------------ grant

    function test_grant_recordsLeaseAndEmits() public {
        uint64 expiry = uint64(block.timestamp) + 1 hours;
        vm.expectEmit(address(leases));
        emit ILeaseRegistry.LeaseGranted(1, agentId, client, SCOPE, CONTEXT, expiry, FEE);
        uint256 leaseId = _grant(expiry);

        ILeaseRegistry.Lease memory lease = leases.getLease(leaseId);
        assertEq(lease.owner, client);
        assertEq(lease.expiry, expiry);
        assertFalse(lease.revoked);
        assertEq(lease.agentId, agentId);
        assertEq(lease.scopeHash, SCOPE);
        assertEq(lease.contextId, CONTEXT);
        assertEq(lease.fee, FEE);
        assertEq(leases.leaseCount(), 1);
    }

    function test_grant_renewalIsANewLease() public {
        uint256 first = _grant(uint64(block.timestamp) + 1 hours);
        vm.warp(block.timestamp + 2 hours);
        uint256 renewal = _grant(uint64(block.timestamp) + 1 hours);
        assertEq(renewal, first + 1);
        assertFalse(leases.isLive(first, SCOPE));
        assertTrue(leases.isLive(renewal, SCOPE));
    }

    function test_grant_revertsForRetiredAgent() public {
        vm.prank(operator);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryAgentNotRegistered.selector, agentId));
        _grant(uint64(block.timestamp) + 1 hours);
    }

    function test_grant_revertsForUnknownAgent() public {
        vm.prank(client);
        vm.expectRevert(abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryAgentNotRegistered.selector, 2));
        leases.grant(2, SCOPE, CONTEXT, uint64(block.timestamp) + 1, FEE);
    }

    function testFuzz_grant_acceptsExactlyTheTtlsUpToMaxTtl(uint64 ttl) public {
        ttl = uint64(bound(ttl, 0, 2 * uint256(MAX_TTL)));
        uint64 expiry = uint64(block.timestamp) + ttl;
        if (ttl == 0) {
            vm.expectRevert(
                abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryExpiryNotInFuture.selector, expiry, block.timestamp)
            );
        } else if (ttl > MAX_TTL) {
            vm.expectRevert(abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryTtlTooLong.selector, ttl, MAX_TTL));
        }
        _grant(expiry);
    }

    function testFuzz_grant_revertsForAnExpiryInThePast(uint64 ago) public {
        ago = uint64(bound(ago, 0, block.timestamp));
        uint64 expiry = uint64(block.timestamp) - ago;
        vm.expectRevert(
            abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryExpiryNotInFuture.selector, expiry, block.timestamp)
        );
        _grant(expiry);
    }

    // ----------------------------------------------------------------- isLive

    function testFuzz_isLive_exactlyBeforeExpiryUnlessRevoked(uint64 ttl, uint64 elapsed, bool revoke) public {
        ttl = uint64(bound(ttl, 1, MAX_TTL));
        elapsed = uint64(bound(elapsed, 0, 2 * uint256(MAX_TTL)));
        uint256 leaseId = _grant(uint64(block.timestamp) + ttl);
        if (revoke) {
            vm.prank(client);
            leases.revoke(leaseId);
        }
        vm.warp(block.timestamp + elapsed);
        assertEq(leases.isLive(leaseId, SCOPE), !revoke && elapsed < ttl);
        assertFalse(leases.isLive(leaseId, keccak256("another scope")));
    }

    // ----------------------------------------------------------------- revoke

    function test_revoke_marksRevokedAndEmits() public {
        uint64 expiry = uint64(block.timestamp) + 1 hours;
        uint256 leaseId = _grant(expiry);
        vm.prank(client);
        vm.expectEmit(address(leases));
        emit ILeaseRegistry.LeaseRevoked(leaseId, agentId, client, expiry);
        leases.revoke(leaseId);
        assertTrue(leases.getLease(leaseId).revoked);
    }

    function test_revoke_onlyOwner() public {
        uint256 leaseId = _grant(uint64(block.timestamp) + 1 hours);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryNotOwner.selector, leaseId, operator));
        leases.revoke(leaseId);
    }

    // ---------------------------------------------------------------- setMaxTtl

    function test_setMaxTtl_updatesAndEmits() public {
        vm.prank(admin);
        vm.expectEmit(address(leases));
        emit ILeaseRegistry.MaxTtlUpdated(MAX_TTL, 365 days);
        leases.setMaxTtl(365 days);
        assertEq(leases.maxTtl(), 365 days);
    }

    function test_setMaxTtl_revertsAboveTheCap() public {
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(ILeaseRegistry.LeaseRegistryMaxTtlOutOfRange.selector, 365 days + 1, 365 days)
        );
        leases.setMaxTtl(365 days + 1);
    }
}
