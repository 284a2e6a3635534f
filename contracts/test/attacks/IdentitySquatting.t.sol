// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {IAgentRegistry} from "../../src/interfaces/IAgentRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {LeaseholdFixture} from "../utils/LeaseholdFixture.sol";

/// @notice Issue 11, attack 4 (identity squatting): a staked mempool watcher sees an operator's
///  `register` or `rotateIdentity` and sends the same identity first, with the victim's own proof
///  copied from the pending transaction or with none. An identity is bound for good on first use,
///  so before identity proofs the watcher owned the victim's key for ever: receipts signed by it
///  would count for the watcher's agent and the victim could never register it.
contract IdentitySquattingTest is LeaseholdFixture {
    uint256 internal constant VICTIM_KEY = 0x5EC12E7;
    uint256 internal constant NEXT_VICTIM_KEY = 0x5EC12E8;
    uint256 internal constant WATCHER_KEY = 0xBAD;

    address internal watcher;
    address internal victimIdentity;
    uint256 internal watcherAgent;

    function setUp() public {
        _deployStack(new MockERC20());
        victimIdentity = vm.addr(VICTIM_KEY);
        // The watcher meets the minimum stake and runs an agent of its own under its own key.
        watcher = makeAddr("mempool watcher");
        _deposit(watcher, OPERATOR_STAKE);
        watcherAgent = _registerAs(watcher, WATCHER_KEY);
        _deposit(operator, OPERATOR_STAKE);
    }

    function _registerAs(address who, uint256 identityKey) internal returns (uint256 agentId) {
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
        bytes memory proof = IdentityProofs.sign(registry, identityKey, who, registry.NEW_AGENT(), deadline);
        vm.prank(who);
        agentId = registry.register(vm.addr(identityKey), RECEIPT_CODE, "ipfs://agent", deadline, proof);
    }

    /// @dev Whom `proof` recovers to when `caller` submits it for `identity` and `agentId`.
    function _signerSeenBy(
        address caller,
        address identity,
        uint256 agentId,
        uint64 deadline,
        bytes memory proof
    ) internal view returns (address) {
        bytes32 digest = registry.identityProofDigest(identity, caller, agentId, registry.nonces(identity), deadline);
        return ECDSA.recover(digest, proof);
    }

    function _expectInvalidProof(address identity, address signer) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryInvalidIdentityProof.selector, identity, signer)
        );
    }

    function test_attack_identitySquatting_watcherCannotRegisterTheVictimsIdentity() public {
        // The victim's pending transaction: its identity key's proof for the victim operator.
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
        bytes memory proof = IdentityProofs.sign(registry, VICTIM_KEY, operator, registry.NEW_AGENT(), deadline);

        // Front-run with the copied proof: it names the victim operator, so for the watcher it
        // recovers to some unrelated address.
        address seen = _signerSeenBy(watcher, victimIdentity, registry.NEW_AGENT(), deadline, proof);
        assertTrue(seen != victimIdentity, "the copied proof must not recover to the victim");
        _expectInvalidProof(victimIdentity, seen);
        vm.prank(watcher);
        registry.register(victimIdentity, RECEIPT_CODE, "ipfs://squat", deadline, proof);

        // Front-run without any proof, or with one the watcher signed with its own key.
        _expectInvalidProof(victimIdentity, address(0));
        vm.prank(watcher);
        registry.register(victimIdentity, RECEIPT_CODE, "ipfs://squat", deadline, "");
        bytes memory forged = _signature(
            WATCHER_KEY,
            registry.identityProofDigest(victimIdentity, watcher, registry.NEW_AGENT(), 0, deadline)
        );
        _expectInvalidProof(victimIdentity, vm.addr(WATCHER_KEY));
        vm.prank(watcher);
        registry.register(victimIdentity, RECEIPT_CODE, "ipfs://squat", deadline, forged);

        // The victim's transaction lands after all of them and gets its identity.
        assertEq(registry.agentOfIdentity(victimIdentity), 0, "nobody holds the identity yet");
        vm.prank(operator);
        uint256 victimAgent = registry.register(victimIdentity, RECEIPT_CODE, "ipfs://agent", deadline, proof);
        assertEq(registry.agentOfIdentity(victimIdentity), victimAgent);
        assertEq(registry.getAgent(victimAgent).operator, operator);
        assertEq(registry.agentCount(), 2, "the watcher registered nothing");
    }

    function test_attack_identitySquatting_watcherCannotRotateToTheVictimsIdentity() public {
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;

        // A registration proof copied into the watcher's rotation: wrong operator and wrong action.
        bytes memory registerProof = IdentityProofs.sign(
            registry,
            VICTIM_KEY,
            operator,
            registry.NEW_AGENT(),
            deadline
        );
        _expectInvalidProof(
            victimIdentity,
            _signerSeenBy(watcher, victimIdentity, watcherAgent, deadline, registerProof)
        );
        vm.prank(watcher);
        registry.rotateIdentity(watcherAgent, victimIdentity, deadline, registerProof);

        // Without a proof.
        _expectInvalidProof(victimIdentity, address(0));
        vm.prank(watcher);
        registry.rotateIdentity(watcherAgent, victimIdentity, deadline, "");

        // The victim registers; later it rotates to a fresh key, and the watcher copies that
        // rotation proof into a rotation of its own agent and into a registration.
        vm.prank(operator);
        uint256 victimAgent = registry.register(victimIdentity, RECEIPT_CODE, "ipfs://agent", deadline, registerProof);
        address nextIdentity = vm.addr(NEXT_VICTIM_KEY);
        bytes memory rotateProof = IdentityProofs.sign(registry, NEXT_VICTIM_KEY, operator, victimAgent, deadline);
        _expectInvalidProof(nextIdentity, _signerSeenBy(watcher, nextIdentity, watcherAgent, deadline, rotateProof));
        vm.prank(watcher);
        registry.rotateIdentity(watcherAgent, nextIdentity, deadline, rotateProof);
        _expectInvalidProof(
            nextIdentity,
            _signerSeenBy(watcher, nextIdentity, registry.NEW_AGENT(), deadline, rotateProof)
        );
        vm.prank(watcher);
        registry.register(nextIdentity, RECEIPT_CODE, "ipfs://squat", deadline, rotateProof);

        vm.prank(operator);
        registry.rotateIdentity(victimAgent, nextIdentity, deadline, rotateProof);
        assertEq(registry.getAgent(victimAgent).identity, nextIdentity);
        assertEq(registry.agentOfIdentity(nextIdentity), victimAgent);
        assertEq(registry.getAgent(watcherAgent).identity, vm.addr(WATCHER_KEY), "the watcher's agent is unchanged");
    }

    function test_attack_identitySquatting_copiedProofIsUselessToTheCopier() public {
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
        bytes memory proof = IdentityProofs.sign(registry, VICTIM_KEY, operator, registry.NEW_AGENT(), deadline);

        // Every way of spending the copy fails, and none of them consumes the victim's nonce.
        vm.startPrank(watcher);
        vm.expectRevert();
        registry.register(victimIdentity, RECEIPT_CODE, "", deadline, proof);
        vm.expectRevert();
        registry.rotateIdentity(watcherAgent, victimIdentity, deadline, proof);
        // Its malleable twin (s -> n - s, v flipped) is no signature at all to OpenZeppelin's ECDSA.
        _expectInvalidProof(victimIdentity, address(0));
        registry.register(victimIdentity, RECEIPT_CODE, "", deadline, _twin(proof));
        vm.stopPrank();
        assertEq(registry.nonces(victimIdentity), 0, "the victim's nonce is untouched");

        // The same proof on another registry (another verifying contract) or another chain.
        AgentRegistry otherRegistry = new AgentRegistry(manager);
        vm.prank(operator);
        vm.expectRevert();
        otherRegistry.register(victimIdentity, RECEIPT_CODE, "", deadline, proof);
        uint256 chainId = block.chainid;
        vm.chainId(chainId + 1);
        vm.prank(operator);
        vm.expectRevert();
        registry.register(victimIdentity, RECEIPT_CODE, "", deadline, proof);
        vm.chainId(chainId);

        // Only the operator it names can use it, once.
        vm.prank(operator);
        uint256 victimAgent = registry.register(victimIdentity, RECEIPT_CODE, "", deadline, proof);
        assertEq(registry.nonces(victimIdentity), 1, "the proof's nonce is spent");
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IAgentRegistry.AgentRegistryIdentityTaken.selector, victimIdentity, victimAgent)
        );
        registry.register(victimIdentity, RECEIPT_CODE, "", deadline, proof);
    }

    /// @dev The other valid-looking encoding of the same ECDSA signature.
    function _twin(bytes memory proof) internal pure returns (bytes memory) {
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        (bytes32 r, bytes32 s) = abi.decode(proof, (bytes32, bytes32));
        uint8 v = uint8(proof[64]);
        return abi.encodePacked(r, bytes32(n - uint256(s)), v == 27 ? uint8(28) : uint8(27));
    }
}
