// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAgentRegistry} from "../../src/interfaces/IAgentRegistry.sol";
import {Vm} from "./Vm.sol";

/// @title IdentityProofs
/// @notice Identity proofs (IAgentRegistry) signed with test keys through the cheatcodes.
/// @dev Internal library functions run in the calling test contract, where the cheatcodes answer.
library IdentityProofs {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice How long the proofs of the test helpers stay valid.
    uint64 internal constant VALIDITY = 1 hours;

    /// @notice `identityKey`'s proof letting `operator` bind it to `agentId` (NEW_AGENT to register),
    ///  with the identity's current nonce.
    function sign(
        IAgentRegistry registry,
        uint256 identityKey,
        address operator,
        uint256 agentId,
        uint64 deadline
    ) internal view returns (bytes memory) {
        address identity = VM.addr(identityKey);
        bytes32 digest = registry.identityProofDigest(identity, operator, agentId, registry.nonces(identity), deadline);
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(identityKey, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @notice Registers, as `operator` (already staked), an agent under `identityKey`'s address
    ///  with that key's proof; returns the agent's id.
    function register(
        IAgentRegistry registry,
        uint256 identityKey,
        address operator,
        bytes32 codeHash,
        string memory uri
    ) internal returns (uint256 agentId) {
        uint64 deadline = uint64(block.timestamp) + VALIDITY;
        bytes memory proof = sign(registry, identityKey, operator, 0, deadline);
        VM.prank(operator);
        agentId = registry.register(VM.addr(identityKey), codeHash, uri, deadline, proof);
    }
}
