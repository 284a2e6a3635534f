// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {IAgentRegistry} from "../../src/interfaces/IAgentRegistry.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

contract AgentRegistryTest is Test {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant UNBONDING_DELAY = 7 days;
    uint256 internal constant MAX_URI = 512;
    bytes32 internal constant CODE = keccak256("agent-bundle-v1");
    bytes32 internal constant NEW_CODE = keccak256("agent-bundle-v2");
    string internal constant URI = "ipfs://bafy-agent-metadata";

    MockERC20 internal token;
    StakeManager internal manager;
    AgentRegistry internal registry;

    address internal admin;
    address internal slasher;
    address internal locker;
    address internal alice;
    address internal bob;
    address internal identity;
    address internal otherIdentity;

    function setUp() public {
        admin = makeAddr("admin");
        slasher = makeAddr("slasher");
        locker = makeAddr("locker");
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        identity = vm.addr(0xA11CE);
        otherIdentity = vm.addr(0xB0B);

        token = new MockERC20();
        manager = new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
        registry = new AgentRegistry(manager);
        vm.startPrank(admin);
        manager.grantRole(manager.SLASHER_ROLE(), slasher);
        manager.grantRole(manager.LOCKER_ROLE(), locker);
        vm.stopPrank();

        _deposit(alice, MINIMUM_STAKE);
        _deposit(bob, MINIMUM_STAKE);
    }

    function _deposit(address operator, uint256 amount) internal {
        token.mint(operator, amount);
        vm.startPrank(operator);
        token.approve(address(manager), amount);
        manager.deposit(amount);
        vm.stopPrank();
    }

    function _register(address operator, address identity_) internal returns (uint256 agentId) {
        vm.prank(operator);
        agentId = registry.register(identity_, CODE, URI);
    }

    function _uri(uint256 length) internal pure returns (string memory) {
        bytes memory uri = new bytes(length);
        for (uint256 i = 0; i < length; ++i) {
            uri[i] = "a";
        }
        return string(uri);
    }

    // ---------------------------------------------------------------- register

    function test_register_recordsAgent() public {
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentRegistered(1, alice, identity, CODE, URI);
        uint256 agentId = registry.register(identity, CODE, URI);

        assertEq(agentId, 1);
        assertEq(registry.agentCount(), 1);
        assertEq(registry.agentOfIdentity(identity), 1);
        IAgentRegistry.Agent memory agent = registry.getAgent(1);
        assertEq(agent.operator, alice);
        assertEq(agent.identity, identity);
        assertTrue(agent.status == IAgentRegistry.AgentStatus.Registered);
        assertEq(agent.codeHash, CODE);
        assertEq(agent.metadataURI, URI);
        assertTrue(registry.isActive(1));
        assertEq(address(registry.stakeManager()), address(manager));
        assertEq(registry.MAX_METADATA_URI_LENGTH(), MAX_URI);
    }

    function test_register_assignsSequentialIds() public {
        assertEq(_register(alice, identity), 1);
        assertEq(_register(bob, otherIdentity), 2);
        assertEq(_register(alice, vm.addr(3)), 3);
        assertEq(registry.agentCount(), 3);
        assertEq(registry.getAgent(2).operator, bob);
    }

    function test_register_acceptsMetadataAtMaxLength() public {
        vm.prank(alice);
        uint256 agentId = registry.register(identity, CODE, _uri(MAX_URI));
        assertEq(bytes(registry.getAgent(agentId).metadataURI).length, MAX_URI);
    }

    function test_register_revertsOnZeroIdentity() public {
        vm.prank(alice);
        vm.expectRevert(IAgentRegistry.AgentRegistryZeroIdentity.selector);
        registry.register(address(0), CODE, URI);
    }

    function test_register_revertsOnTakenIdentity() public {
        _register(alice, identity);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, 1));
        registry.register(identity, CODE, URI);
    }

    function test_register_revertsOnZeroCodeHash() public {
        vm.prank(alice);
        vm.expectRevert(IAgentRegistry.AgentRegistryZeroCodeHash.selector);
        registry.register(identity, bytes32(0), URI);
    }

    function test_register_revertsOnLongMetadata() public {
        string memory uri = _uri(MAX_URI + 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryMetadataTooLong.selector, MAX_URI + 1, MAX_URI)
        );
        registry.register(identity, CODE, uri);
    }

    function test_register_revertsWithoutMinimumStake() public {
        address carol = makeAddr("carol");
        _deposit(carol, MINIMUM_STAKE - 1);
        vm.prank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAgentRegistry.AgentRegistryInsufficientStake.selector,
                carol,
                MINIMUM_STAKE - 1,
                MINIMUM_STAKE
            )
        );
        registry.register(identity, CODE, URI);
    }

    function test_register_revertsWhenStakeIsLocked() public {
        vm.prank(locker);
        manager.lock(alice, 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAgentRegistry.AgentRegistryInsufficientStake.selector,
                alice,
                MINIMUM_STAKE - 1,
                MINIMUM_STAKE
            )
        );
        registry.register(identity, CODE, URI);
    }

    // ---------------------------------------------------------- rotateIdentity

    function test_rotateIdentity_replacesKeyAndKeepsOldOneBound() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentIdentityRotated(agentId, identity, otherIdentity);
        registry.rotateIdentity(agentId, otherIdentity);

        assertEq(registry.getAgent(agentId).identity, otherIdentity);
        assertEq(registry.agentOfIdentity(otherIdentity), agentId);
        assertEq(registry.agentOfIdentity(identity), agentId, "old identity stays attributable");
    }

    function test_rotateIdentity_oldIdentityNeverReusable() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        registry.rotateIdentity(agentId, otherIdentity);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.register(identity, CODE, URI);

        // Not even the same agent may rotate back to it.
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.rotateIdentity(agentId, identity);
    }

    function test_rotateIdentity_revertsOnCurrentIdentity() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.rotateIdentity(agentId, identity);
    }

    function test_rotateIdentity_revertsOnAnotherAgentsIdentity() public {
        uint256 first = _register(alice, identity);
        _register(bob, otherIdentity);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, otherIdentity, 2));
        registry.rotateIdentity(first, otherIdentity);
    }

    function test_rotateIdentity_revertsOnZeroIdentity() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        vm.expectRevert(IAgentRegistry.AgentRegistryZeroIdentity.selector);
        registry.rotateIdentity(agentId, address(0));
    }

    function test_rotateIdentity_revertsForUnknownAgent() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 7));
        registry.rotateIdentity(7, otherIdentity);
    }

    function test_rotateIdentity_revertsForNonOperator() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.rotateIdentity(agentId, otherIdentity);
    }

    function test_rotateIdentity_revertsWhenRetired() public {
        uint256 agentId = _register(alice, identity);
        vm.startPrank(alice);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryAgentRetired.selector, agentId));
        registry.rotateIdentity(agentId, otherIdentity);
        vm.stopPrank();
    }

    function test_rotateIdentity_worksWithoutMinimumStake() public {
        uint256 agentId = _register(alice, identity);
        vm.startPrank(alice);
        manager.requestWithdrawal(MINIMUM_STAKE);
        // An operator whose stake is unbonding may still rotate a compromised key.
        registry.rotateIdentity(agentId, otherIdentity);
        vm.stopPrank();
        assertEq(registry.getAgent(agentId).identity, otherIdentity);
    }

    // -------------------------------------------------------------- updateCode

    function test_updateCode_replacesCodeHash() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentCodeUpdated(agentId, CODE, NEW_CODE);
        registry.updateCode(agentId, NEW_CODE);
        assertEq(registry.getAgent(agentId).codeHash, NEW_CODE);
    }

    function test_updateCode_revertsOnZeroCodeHash() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        vm.expectRevert(IAgentRegistry.AgentRegistryZeroCodeHash.selector);
        registry.updateCode(agentId, bytes32(0));
    }

    function test_updateCode_revertsForUnknownAgent() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 0));
        registry.updateCode(0, NEW_CODE);
    }

    function test_updateCode_revertsForNonOperator() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.updateCode(agentId, NEW_CODE);
    }

    function test_updateCode_revertsWhenRetired() public {
        uint256 agentId = _register(alice, identity);
        vm.startPrank(alice);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryAgentRetired.selector, agentId));
        registry.updateCode(agentId, NEW_CODE);
        vm.stopPrank();
    }

    // ---------------------------------------------------------- updateMetadata

    function test_updateMetadata_replacesURI() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentMetadataUpdated(agentId, "ipfs://new");
        registry.updateMetadata(agentId, "ipfs://new");
        assertEq(registry.getAgent(agentId).metadataURI, "ipfs://new");
    }

    function test_updateMetadata_revertsOnLongURI() public {
        uint256 agentId = _register(alice, identity);
        string memory uri = _uri(MAX_URI + 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryMetadataTooLong.selector, MAX_URI + 1, MAX_URI)
        );
        registry.updateMetadata(agentId, uri);
    }

    function test_updateMetadata_revertsForUnknownAgent() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 1));
        registry.updateMetadata(1, "ipfs://new");
    }

    function test_updateMetadata_revertsForNonOperator() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.updateMetadata(agentId, "ipfs://new");
    }

    function test_updateMetadata_revertsWhenRetired() public {
        uint256 agentId = _register(alice, identity);
        vm.startPrank(alice);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryAgentRetired.selector, agentId));
        registry.updateMetadata(agentId, "ipfs://new");
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ retire

    function test_retire_isFinal() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentRetired(agentId, alice);
        registry.retire(agentId);

        assertTrue(registry.getAgent(agentId).status == IAgentRegistry.AgentStatus.Retired);
        assertFalse(registry.isActive(agentId));
        // More stake does not bring a retired agent back.
        _deposit(alice, 1_000 ether);
        assertFalse(registry.isActive(agentId));
    }

    function test_retire_revertsWhenAlreadyRetired() public {
        uint256 agentId = _register(alice, identity);
        vm.startPrank(alice);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryAgentRetired.selector, agentId));
        registry.retire(agentId);
        vm.stopPrank();
    }

    function test_retire_revertsForUnknownAgent() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 3));
        registry.retire(3);
    }

    function test_retire_revertsForNonOperator() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.retire(agentId);
    }

    function test_retire_nonOperatorOfRetiredAgentGetsNotOperator() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        registry.retire(agentId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.retire(agentId);
    }

    function test_retire_identityNeverReusable() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        registry.retire(agentId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.register(identity, CODE, URI);
        assertEq(registry.agentOfIdentity(identity), agentId);
    }

    // ------------------------------------------------------------------- views

    function test_getAgent_revertsForUnknownAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 0));
        registry.getAgent(0);
        _register(alice, identity);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 2));
        registry.getAgent(2);
    }

    function test_isActive_falseForUnknownAgent() public view {
        assertFalse(registry.isActive(0));
        assertFalse(registry.isActive(1));
    }

    function test_agentOfIdentity_zeroForUnusedIdentity() public view {
        assertEq(registry.agentOfIdentity(identity), 0);
    }

    // -------------------------------------------------------- activity & stake

    function test_isActive_dropsOnWithdrawalRequestAndReturnsOnCancel() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(alice);
        manager.requestWithdrawal(1);
        assertFalse(registry.isActive(agentId));
        vm.prank(alice);
        manager.cancelWithdrawal();
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_dropsOnSlashAndReturnsAfterDeposit() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(slasher);
        manager.slash(alice, 10 ether, slasher, keccak256("fault"));
        assertFalse(registry.isActive(agentId));
        _deposit(alice, 10 ether);
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_dropsWhileCollateralIsLocked() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(locker);
        manager.lock(alice, 1 ether);
        assertFalse(registry.isActive(agentId));
        vm.prank(locker);
        manager.release(alice, 1 ether);
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_followsMinimumStakeChanges() public {
        uint256 agentId = _register(alice, identity);
        vm.prank(admin);
        manager.setMinimumStake(MINIMUM_STAKE + 1);
        assertFalse(registry.isActive(agentId));
        vm.prank(admin);
        manager.setMinimumStake(MINIMUM_STAKE);
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_dropsAfterFullWithdrawal() public {
        uint256 agentId = _register(alice, identity);
        vm.startPrank(alice);
        manager.requestWithdrawal(MINIMUM_STAKE);
        vm.warp(block.timestamp + UNBONDING_DELAY);
        manager.withdraw(alice);
        vm.stopPrank();
        assertFalse(registry.isActive(agentId));
        IAgentRegistry.Agent memory agent = registry.getAgent(agentId);
        assertTrue(agent.status == IAgentRegistry.AgentStatus.Registered, "still registered, just inactive");
    }

    // ------------------------------------------------------------------- fuzz

    function testFuzz_isActive_followsFreeStake(uint256 extra, uint256 requested, uint256 slashed) public {
        extra = bound(extra, 0, 1e27);
        if (extra > 0) _deposit(alice, extra);
        uint256 agentId = _register(alice, identity);
        uint256 free = MINIMUM_STAKE + extra;

        requested = bound(requested, 0, free);
        if (requested > 0) {
            vm.prank(alice);
            manager.requestWithdrawal(requested);
            free -= requested;
        }
        assertEq(registry.isActive(agentId), free >= MINIMUM_STAKE, "after request");

        slashed = bound(slashed, 1, 2e27);
        vm.prank(slasher);
        manager.slash(alice, slashed, slasher, keccak256("fault"));
        free = slashed >= free ? 0 : free - slashed;
        assertEq(manager.stakeOf(alice).free, free);
        assertEq(registry.isActive(agentId), free >= MINIMUM_STAKE, "after slash");

        if (free < MINIMUM_STAKE) _deposit(alice, MINIMUM_STAKE - free);
        assertTrue(registry.isActive(agentId), "after top-up");
    }

    function testFuzz_register_identityNeverReusable(uint256 firstKey, uint256 secondKey, bool retireFirst) public {
        // Valid secp256k1 private keys.
        firstKey = bound(firstKey, 1, 1e70);
        secondKey = bound(secondKey, 1, 1e70);
        vm.assume(firstKey != secondKey);
        address first = vm.addr(firstKey);
        address second = vm.addr(secondKey);

        uint256 agentId = _register(alice, first);
        vm.startPrank(alice);
        registry.rotateIdentity(agentId, second);
        if (retireFirst) registry.retire(agentId);
        vm.stopPrank();

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, first, agentId));
        registry.register(first, CODE, URI);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, second, agentId));
        registry.register(second, CODE, URI);
    }

    function testFuzz_updateMetadata_length(uint256 length) public {
        length = bound(length, 0, 2 * MAX_URI);
        uint256 agentId = _register(alice, identity);
        string memory uri = _uri(length);
        vm.prank(alice);
        if (length > MAX_URI) {
            vm.expectRevert(
                abi.encodeWithSelector(IAgentRegistry.AgentRegistryMetadataTooLong.selector, length, MAX_URI)
            );
            registry.updateMetadata(agentId, uri);
        } else {
            registry.updateMetadata(agentId, uri);
            assertEq(registry.getAgent(agentId).metadataURI, uri);
        }
    }

    function testFuzz_register_anyCallerWithMinimumStake(address operator, uint256 amount) public {
        vm.assume(operator != address(0) && operator != address(manager) && operator != address(vm));
        amount = bound(amount, 1, 2 * MINIMUM_STAKE);
        // Skip operators the setup already funded.
        vm.assume(manager.stakeOf(operator).free == 0);
        _deposit(operator, amount);
        vm.prank(operator);
        if (amount < MINIMUM_STAKE) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAgentRegistry.AgentRegistryInsufficientStake.selector,
                    operator,
                    amount,
                    MINIMUM_STAKE
                )
            );
            registry.register(identity, CODE, URI);
        } else {
            uint256 agentId = registry.register(identity, CODE, URI);
            assertEq(registry.getAgent(agentId).operator, operator);
            assertTrue(registry.isActive(agentId));
        }
    }
}
