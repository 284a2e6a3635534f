// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {IAgentRegistry} from "../../src/interfaces/IAgentRegistry.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {Test} from "../utils/Test.sol";

contract AgentRegistryTest is Test {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant UNBONDING_DELAY = 7 days;
    uint256 internal constant MAX_URI = 512;
    bytes32 internal constant CODE = keccak256("agent-bundle-v1");
    bytes32 internal constant NEW_CODE = keccak256("agent-bundle-v2");
    string internal constant URI = "ipfs://bafy-agent-metadata";
    uint256 internal constant IDENTITY_KEY = 0xA11CE;
    uint256 internal constant OTHER_KEY = 0xB0B;
    uint256 internal constant SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

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
        identity = vm.addr(IDENTITY_KEY);
        otherIdentity = vm.addr(OTHER_KEY);

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

    function _deadline() internal view returns (uint64) {
        return uint64(block.timestamp) + IdentityProofs.VALIDITY;
    }

    /// @dev `identityKey`'s proof for `operator` and `agentId`, valid for the helpers' usual hour.
    function _proof(uint256 identityKey, address operator, uint256 agentId) internal view returns (bytes memory) {
        return IdentityProofs.sign(registry, identityKey, operator, agentId, _deadline());
    }

    function _register(address operator, uint256 identityKey) internal returns (uint256 agentId) {
        bytes memory proof = _proof(identityKey, operator, 0);
        vm.prank(operator);
        agentId = registry.register(vm.addr(identityKey), CODE, URI, _deadline(), proof);
    }

    function _rotate(address operator, uint256 agentId, uint256 identityKey) internal {
        bytes memory proof = _proof(identityKey, operator, agentId);
        vm.prank(operator);
        registry.rotateIdentity(agentId, vm.addr(identityKey), _deadline(), proof);
    }

    function _expectInvalidProof(address identity_, address signer) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryInvalidIdentityProof.selector, identity_, signer)
        );
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
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentRegistered(1, alice, identity, CODE, URI);
        uint256 agentId = registry.register(identity, CODE, URI, _deadline(), proof);

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
        assertEq(_register(alice, IDENTITY_KEY), 1);
        assertEq(_register(bob, OTHER_KEY), 2);
        assertEq(_register(alice, 3), 3);
        assertEq(registry.agentCount(), 3);
        assertEq(registry.getAgent(2).operator, bob);
    }

    function test_register_acceptsMetadataAtMaxLength() public {
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        vm.prank(alice);
        uint256 agentId = registry.register(identity, CODE, _uri(MAX_URI), _deadline(), proof);
        assertEq(bytes(registry.getAgent(agentId).metadataURI).length, MAX_URI);
    }

    function test_register_revertsOnZeroIdentity() public {
        vm.prank(alice);
        vm.expectRevert(IAgentRegistry.AgentRegistryZeroIdentity.selector);
        registry.register(address(0), CODE, URI, _deadline(), "");
    }

    function test_register_revertsOnTakenIdentity() public {
        _register(alice, IDENTITY_KEY);
        bytes memory proof = _proof(IDENTITY_KEY, bob, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, 1));
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsOnZeroCodeHash() public {
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        vm.prank(alice);
        vm.expectRevert(IAgentRegistry.AgentRegistryZeroCodeHash.selector);
        registry.register(identity, bytes32(0), URI, _deadline(), proof);
    }

    function test_register_revertsOnLongMetadata() public {
        string memory uri = _uri(MAX_URI + 1);
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryMetadataTooLong.selector, MAX_URI + 1, MAX_URI)
        );
        registry.register(identity, CODE, uri, _deadline(), proof);
    }

    function test_register_revertsWithoutMinimumStake() public {
        address carol = makeAddr("carol");
        _deposit(carol, MINIMUM_STAKE - 1);
        bytes memory proof = _proof(IDENTITY_KEY, carol, 0);
        vm.prank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAgentRegistry.AgentRegistryInsufficientStake.selector,
                carol,
                MINIMUM_STAKE - 1,
                MINIMUM_STAKE
            )
        );
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsWhenStakeIsLocked() public {
        vm.prank(locker);
        manager.lock(alice, 1);
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAgentRegistry.AgentRegistryInsufficientStake.selector,
                alice,
                MINIMUM_STAKE - 1,
                MINIMUM_STAKE
            )
        );
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    // ----------------------------------------------------------- identity proofs

    function test_identityProofDigest_isTheEip712DigestOfTheSpec() public view {
        bytes32 typeHash = keccak256(
            "IdentityProof(address identity,address operator,uint256 agentId,uint256 nonce,uint64 deadline)"
        );
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Leasehold"),
                keccak256("1"),
                block.chainid,
                address(registry)
            )
        );
        bytes32 structHash = keccak256(abi.encode(typeHash, identity, alice, uint256(7), uint256(3), uint64(99)));
        assertEq(registry.IDENTITY_PROOF_TYPEHASH(), typeHash);
        assertEq(registry.NEW_AGENT(), 0);
        assertEq(
            registry.identityProofDigest(identity, alice, 7, 3, 99),
            keccak256(abi.encodePacked(hex"1901", domainSeparator, structHash))
        );
    }

    function test_register_consumesTheIdentitysNonce() public {
        assertEq(registry.nonces(identity), 0);
        _register(alice, IDENTITY_KEY);
        assertEq(registry.nonces(identity), 1);
        assertEq(registry.nonces(otherIdentity), 0);
    }

    function test_register_acceptsAProofUntilItsDeadline() public {
        uint64 deadline = uint64(block.timestamp) + 10;
        bytes memory proof = IdentityProofs.sign(registry, IDENTITY_KEY, alice, 0, deadline);
        vm.warp(deadline);
        vm.prank(alice);
        registry.register(identity, CODE, URI, deadline, proof);
        assertEq(registry.agentOfIdentity(identity), 1);
    }

    function test_register_revertsOnExpiredProof() public {
        uint64 deadline = uint64(block.timestamp) + 10;
        bytes memory proof = IdentityProofs.sign(registry, IDENTITY_KEY, alice, 0, deadline);
        vm.warp(uint256(deadline) + 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityProofExpired.selector, identity, deadline)
        );
        registry.register(identity, CODE, URI, deadline, proof);
    }

    function test_register_revertsOnProofForAnotherDeadline() public {
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        uint64 later = _deadline() + 1;
        bytes32 digest = registry.identityProofDigest(identity, alice, 0, 0, later);
        _expectInvalidProof(identity, _recover(digest, proof));
        vm.prank(alice);
        registry.register(identity, CODE, URI, later, proof);
    }

    function test_register_revertsOnProofForAnotherOperator() public {
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        bytes32 digest = registry.identityProofDigest(identity, bob, 0, 0, _deadline());
        _expectInvalidProof(identity, _recover(digest, proof));
        vm.prank(bob);
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsOnRotationProof() public {
        bytes memory proof = _proof(IDENTITY_KEY, alice, 1);
        bytes32 digest = registry.identityProofDigest(identity, alice, 0, 0, _deadline());
        _expectInvalidProof(identity, _recover(digest, proof));
        vm.prank(alice);
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsOnProofOverAnotherNonce() public {
        bytes32 signed = registry.identityProofDigest(identity, alice, 0, 1, _deadline());
        bytes memory proof = _signature(IDENTITY_KEY, signed);
        bytes32 digest = registry.identityProofDigest(identity, alice, 0, 0, _deadline());
        _expectInvalidProof(identity, _recover(digest, proof));
        vm.prank(alice);
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsOnProofSignedByAnotherKey() public {
        bytes memory proof = _signature(OTHER_KEY, registry.identityProofDigest(identity, alice, 0, 0, _deadline()));
        _expectInvalidProof(identity, otherIdentity);
        vm.prank(alice);
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsOnProofFromAnotherRegistry() public {
        AgentRegistry other = new AgentRegistry(manager);
        bytes memory proof = IdentityProofs.sign(other, IDENTITY_KEY, alice, 0, _deadline());
        bytes32 digest = registry.identityProofDigest(identity, alice, 0, 0, _deadline());
        _expectInvalidProof(identity, _recover(digest, proof));
        vm.prank(alice);
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsOnProofFromAnotherChain() public {
        uint256 chainId = block.chainid;
        vm.chainId(chainId + 1);
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        vm.chainId(chainId);
        bytes32 digest = registry.identityProofDigest(identity, alice, 0, 0, _deadline());
        _expectInvalidProof(identity, _recover(digest, proof));
        vm.prank(alice);
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function test_register_revertsOnMalformedProofs() public {
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        (bytes32 r, bytes32 s) = abi.decode(proof, (bytes32, bytes32));
        uint8 v = uint8(proof[64]);
        bytes[4] memory malformed = [
            bytes(""),
            abi.encodePacked(r, s),
            // The high-s twin of the same signature: ecrecover accepts it, OpenZeppelin's ECDSA does not.
            abi.encodePacked(r, bytes32(SECP256K1_ORDER - uint256(s)), v == 27 ? uint8(28) : uint8(27)),
            abi.encodePacked(r, s, uint8(29))
        ];
        vm.startPrank(alice);
        for (uint256 i = 0; i < malformed.length; ++i) {
            _expectInvalidProof(identity, address(0));
            registry.register(identity, CODE, URI, _deadline(), malformed[i]);
        }
        vm.stopPrank();
        assertEq(registry.nonces(identity), 0, "failed proofs consume no nonce");
    }

    // ---------------------------------------------------------- rotateIdentity

    function test_rotateIdentity_replacesKeyAndKeepsOldOneBound() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        bytes memory proof = _proof(OTHER_KEY, alice, agentId);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentIdentityRotated(agentId, identity, otherIdentity);
        registry.rotateIdentity(agentId, otherIdentity, _deadline(), proof);

        assertEq(registry.getAgent(agentId).identity, otherIdentity);
        assertEq(registry.agentOfIdentity(otherIdentity), agentId);
        assertEq(registry.agentOfIdentity(identity), agentId, "old identity stays attributable");
    }

    function test_rotateIdentity_oldIdentityNeverReusable() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        _rotate(alice, agentId, OTHER_KEY);

        // Not even with a fresh proof of the old key.
        bytes memory proof = _proof(IDENTITY_KEY, bob, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.register(identity, CODE, URI, _deadline(), proof);

        // Not even the same agent may rotate back to it.
        proof = _proof(IDENTITY_KEY, alice, agentId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.rotateIdentity(agentId, identity, _deadline(), proof);
    }

    function test_rotateIdentity_revertsOnCurrentIdentity() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        bytes memory proof = _proof(IDENTITY_KEY, alice, agentId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.rotateIdentity(agentId, identity, _deadline(), proof);
    }

    function test_rotateIdentity_revertsOnAnotherAgentsIdentity() public {
        uint256 first = _register(alice, IDENTITY_KEY);
        _register(bob, OTHER_KEY);
        bytes memory proof = _proof(OTHER_KEY, alice, first);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, otherIdentity, 2));
        registry.rotateIdentity(first, otherIdentity, _deadline(), proof);
    }

    function test_rotateIdentity_revertsOnZeroIdentity() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(alice);
        vm.expectRevert(IAgentRegistry.AgentRegistryZeroIdentity.selector);
        registry.rotateIdentity(agentId, address(0), _deadline(), "");
    }

    function test_rotateIdentity_revertsForUnknownAgent() public {
        bytes memory proof = _proof(OTHER_KEY, alice, 7);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 7));
        registry.rotateIdentity(7, otherIdentity, _deadline(), proof);
    }

    function test_rotateIdentity_revertsForNonOperator() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        bytes memory proof = _proof(OTHER_KEY, bob, agentId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.rotateIdentity(agentId, otherIdentity, _deadline(), proof);
    }

    function test_rotateIdentity_revertsWhenRetired() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        bytes memory proof = _proof(OTHER_KEY, alice, agentId);
        vm.startPrank(alice);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryAgentRetired.selector, agentId));
        registry.rotateIdentity(agentId, otherIdentity, _deadline(), proof);
        vm.stopPrank();
    }

    function test_rotateIdentity_worksWithoutMinimumStake() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(alice);
        manager.requestWithdrawal(MINIMUM_STAKE);
        // An operator whose stake is unbonding may still rotate a compromised key.
        _rotate(alice, agentId, OTHER_KEY);
        assertEq(registry.getAgent(agentId).identity, otherIdentity);
    }

    function test_rotateIdentity_consumesTheNewIdentitysNonce() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        _rotate(alice, agentId, OTHER_KEY);
        assertEq(registry.nonces(otherIdentity), 1);
    }

    function test_rotateIdentity_revertsOnRegistrationProof() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        bytes memory proof = _proof(OTHER_KEY, alice, 0);
        bytes32 digest = registry.identityProofDigest(otherIdentity, alice, agentId, 0, _deadline());
        _expectInvalidProof(otherIdentity, _recover(digest, proof));
        vm.prank(alice);
        registry.rotateIdentity(agentId, otherIdentity, _deadline(), proof);
    }

    function test_rotateIdentity_revertsOnProofForAnotherAgent() public {
        uint256 first = _register(alice, IDENTITY_KEY);
        uint256 second = _register(alice, 3);
        bytes memory proof = _proof(OTHER_KEY, alice, second);
        bytes32 digest = registry.identityProofDigest(otherIdentity, alice, first, 0, _deadline());
        _expectInvalidProof(otherIdentity, _recover(digest, proof));
        vm.prank(alice);
        registry.rotateIdentity(first, otherIdentity, _deadline(), proof);
    }

    function test_rotateIdentity_revertsOnExpiredProof() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        uint64 deadline = uint64(block.timestamp);
        bytes memory proof = IdentityProofs.sign(registry, OTHER_KEY, alice, agentId, deadline);
        vm.warp(uint256(deadline) + 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityProofExpired.selector, otherIdentity, deadline)
        );
        registry.rotateIdentity(agentId, otherIdentity, deadline, proof);
    }

    // -------------------------------------------------------------- updateCode

    function test_updateCode_replacesCodeHash() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentCodeUpdated(agentId, CODE, NEW_CODE);
        registry.updateCode(agentId, NEW_CODE);
        assertEq(registry.getAgent(agentId).codeHash, NEW_CODE);
    }

    function test_updateCode_revertsOnZeroCodeHash() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
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
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.updateCode(agentId, NEW_CODE);
    }

    function test_updateCode_revertsWhenRetired() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.startPrank(alice);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryAgentRetired.selector, agentId));
        registry.updateCode(agentId, NEW_CODE);
        vm.stopPrank();
    }

    // ---------------------------------------------------------- updateMetadata

    function test_updateMetadata_replacesURI() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(alice);
        vm.expectEmit(address(registry));
        emit IAgentRegistry.AgentMetadataUpdated(agentId, "ipfs://new");
        registry.updateMetadata(agentId, "ipfs://new");
        assertEq(registry.getAgent(agentId).metadataURI, "ipfs://new");
    }

    function test_updateMetadata_revertsOnLongURI() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
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
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.updateMetadata(agentId, "ipfs://new");
    }

    function test_updateMetadata_revertsWhenRetired() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.startPrank(alice);
        registry.retire(agentId);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryAgentRetired.selector, agentId));
        registry.updateMetadata(agentId, "ipfs://new");
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ retire

    function test_retire_isFinal() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
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
        uint256 agentId = _register(alice, IDENTITY_KEY);
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
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.retire(agentId);
    }

    function test_retire_nonOperatorOfRetiredAgentGetsNotOperator() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(alice);
        registry.retire(agentId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryNotOperator.selector, agentId, bob));
        registry.retire(agentId);
    }

    function test_retire_identityNeverReusable() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(alice);
        registry.retire(agentId);
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, identity, agentId));
        registry.register(identity, CODE, URI, _deadline(), proof);
        assertEq(registry.agentOfIdentity(identity), agentId);
    }

    // ------------------------------------------------------------------- views

    function test_getAgent_revertsForUnknownAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryUnknownAgent.selector, 0));
        registry.getAgent(0);
        _register(alice, IDENTITY_KEY);
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
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(alice);
        manager.requestWithdrawal(1);
        assertFalse(registry.isActive(agentId));
        vm.prank(alice);
        manager.cancelWithdrawal();
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_dropsOnSlashAndReturnsAfterDeposit() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(slasher);
        manager.slash(alice, 10 ether, slasher, keccak256("fault"));
        assertFalse(registry.isActive(agentId));
        _deposit(alice, 10 ether);
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_dropsWhileCollateralIsLocked() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(locker);
        manager.lock(alice, 1 ether);
        assertFalse(registry.isActive(agentId));
        vm.prank(locker);
        manager.release(alice, 1 ether);
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_followsMinimumStakeChanges() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
        vm.prank(admin);
        manager.setMinimumStake(MINIMUM_STAKE + 1);
        assertFalse(registry.isActive(agentId));
        vm.prank(admin);
        manager.setMinimumStake(MINIMUM_STAKE);
        assertTrue(registry.isActive(agentId));
    }

    function test_isActive_dropsAfterFullWithdrawal() public {
        uint256 agentId = _register(alice, IDENTITY_KEY);
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
        uint256 agentId = _register(alice, IDENTITY_KEY);
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

        uint256 agentId = _register(alice, firstKey);
        _rotate(alice, agentId, secondKey);
        if (retireFirst) {
            vm.prank(alice);
            registry.retire(agentId);
        }

        // Even with proofs signed by the keys themselves.
        bytes memory proof = _proof(firstKey, bob, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, first, agentId));
        registry.register(first, CODE, URI, _deadline(), proof);
        proof = _proof(secondKey, bob, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, second, agentId));
        registry.register(second, CODE, URI, _deadline(), proof);
    }

    function testFuzz_updateMetadata_length(uint256 length) public {
        length = bound(length, 0, 2 * MAX_URI);
        uint256 agentId = _register(alice, IDENTITY_KEY);
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
        bytes memory proof = _proof(IDENTITY_KEY, operator, 0);
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
            registry.register(identity, CODE, URI, _deadline(), proof);
        } else {
            uint256 agentId = registry.register(identity, CODE, URI, _deadline(), proof);
            assertEq(registry.getAgent(agentId).operator, operator);
            assertTrue(registry.isActive(agentId));
        }
    }

    function testFuzz_register_proofServesOnlyTheOperatorItNames(address caller) public {
        vm.assume(caller != alice && caller != address(0) && caller != address(manager) && caller != address(vm));
        vm.assume(manager.stakeOf(caller).free == 0);
        _deposit(caller, MINIMUM_STAKE);
        bytes memory proof = _proof(IDENTITY_KEY, alice, 0);
        bytes32 digest = registry.identityProofDigest(identity, caller, 0, 0, _deadline());
        _expectInvalidProof(identity, _recover(digest, proof));
        vm.prank(caller);
        registry.register(identity, CODE, URI, _deadline(), proof);
    }

    function testFuzz_register_proofValidThroughItsDeadline(uint64 deadline, uint64 at) public {
        deadline = uint64(bound(deadline, block.timestamp, type(uint64).max - 1));
        at = uint64(bound(at, block.timestamp, type(uint64).max));
        bytes memory proof = IdentityProofs.sign(registry, IDENTITY_KEY, alice, 0, deadline);
        vm.warp(at);
        vm.prank(alice);
        if (at > deadline) {
            vm.expectRevert(
                abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityProofExpired.selector, identity, deadline)
            );
            registry.register(identity, CODE, URI, deadline, proof);
        } else {
            registry.register(identity, CODE, URI, deadline, proof);
            assertEq(registry.agentOfIdentity(identity), 1);
        }
    }

    // ----------------------------------------------------------------- helpers

    function _signature(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Whom a well-formed `proof` recovers to over `digest` (ecrecover, as the registry does).
    function _recover(bytes32 digest, bytes memory proof) internal pure returns (address) {
        (bytes32 r, bytes32 s) = abi.decode(proof, (bytes32, bytes32));
        return ecrecover(digest, uint8(proof[64]), r, s);
    }
}
