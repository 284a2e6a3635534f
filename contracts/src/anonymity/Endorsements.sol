// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IAnonymousStakeGroup} from "../interfaces/IAnonymousStakeGroup.sol";
import {IEndorsements} from "../interfaces/IEndorsements.sol";
import {Groth16Proof, IStakeMembershipVerifier} from "../interfaces/IStakeMembershipVerifier.sol";
import {RlnShareLibrary} from "../libraries/RlnShareLibrary.sol";

/// @title Endorsements
/// @notice Anonymous, rate-limited endorsements of agents by the stake group's members (see
///  IEndorsements for the rules).
/// @dev No admin and no funds: parameters are immutable and slashing goes through the group,
///  which accepts a double-signal slash from this contract alone.
contract Endorsements is IEndorsements {
    /// @dev Domain of endorsement scopes.
    bytes32 private constant _ENDORSE_DOMAIN = keccak256("leasehold.endorse");
    uint256 private constant _FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    IAnonymousStakeGroup private immutable _group;
    IStakeMembershipVerifier private immutable _verifier;
    IAgentRegistry private immutable _agentRegistry;
    uint64 private immutable _epochLength;
    uint96 private immutable _threshold;

    /// @dev nullifier => [first share, second share]; x = 0 means none (messages are never 0).
    mapping(uint256 nullifier => Share[2]) private _shares;
    mapping(uint256 agentId => mapping(uint256 epoch => uint256)) private _counts;

    constructor(IAnonymousStakeGroup group_, IAgentRegistry agentRegistry_, uint64 epochLength_, uint96 threshold_) {
        if (address(group_) == address(0) || address(agentRegistry_) == address(0)) {
            revert EndorsementsZeroAddress();
        }
        if (epochLength_ == 0) revert EndorsementsZeroEpochLength();
        if (threshold_ == 0) revert EndorsementsZeroThreshold();
        // The group fixed its slashing endorsements contract before this one existed (the deploy
        // step predicts the address): refuse to be a second, powerless one.
        address named = group_.endorsements();
        if (named != address(this)) revert EndorsementsNotTheGroupsEndorsements(named);
        _group = group_;
        _verifier = group_.verifier();
        _agentRegistry = agentRegistry_;
        _epochLength = epochLength_;
        _threshold = threshold_;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IEndorsements
    function group() external view returns (IAnonymousStakeGroup) {
        return _group;
    }

    /// @inheritdoc IEndorsements
    function agentRegistry() external view returns (IAgentRegistry) {
        return _agentRegistry;
    }

    /// @inheritdoc IEndorsements
    function epochLength() external view returns (uint64) {
        return _epochLength;
    }

    /// @inheritdoc IEndorsements
    function threshold() external view returns (uint96) {
        return _threshold;
    }

    /// @inheritdoc IEndorsements
    function currentEpoch() public view returns (uint256) {
        return block.timestamp / _epochLength;
    }

    /// @inheritdoc IEndorsements
    function scopeOf(uint256 agentId, uint256 epoch) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), _ENDORSE_DOMAIN, agentId, epoch))) >> 8;
    }

    /// @inheritdoc IEndorsements
    function messageOf(uint256 agentId, uint256 epoch, bytes32 signal) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(agentId, epoch, signal))) >> 8;
    }

    /// @inheritdoc IEndorsements
    function endorsementCount(uint256 agentId, uint256 epoch) external view returns (uint256) {
        return _counts[agentId][epoch];
    }

    /// @inheritdoc IEndorsements
    function sharesOf(uint256 nullifier) external view returns (Share memory first, Share memory second) {
        Share[2] storage shares = _shares[nullifier];
        return (shares[0], shares[1]);
    }

    // ------------------------------------------------------------- endorse

    /// @inheritdoc IEndorsements
    function endorse(
        uint256 agentId,
        uint256 epoch,
        bytes32 signal,
        uint256 root,
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof
    ) external {
        if (agentId == 0 || agentId > _agentRegistry.agentCount()) revert EndorsementsUnknownAgent(agentId);
        uint256 current = currentEpoch();
        if (epoch > current || epoch + 1 < current) revert EndorsementsEpochNotAccepted(epoch, current);
        if (y >= _FIELD) revert EndorsementsValueNotInField(y);
        if (nullifier >= _FIELD) revert EndorsementsValueNotInField(nullifier);
        if (!_group.isValidRoot(root)) revert EndorsementsInvalidRoot(root);
        uint256 message = messageOf(agentId, epoch, signal);
        if (message == 0) revert EndorsementsZeroMessage();

        Share[2] storage shares = _shares[nullifier];
        uint256 firstX = shares[0].x;
        // A replay leaks nothing and changes nothing: refuse it before paying for the pairing.
        if (firstX == message) revert EndorsementsReplayed(nullifier, message);
        if (shares[1].x != 0) revert EndorsementsAlreadyDoubleSignalled(nullifier);

        uint256[6] memory signals = [y, nullifier, root, uint256(_threshold), scopeOf(agentId, epoch), message];
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, signals)) revert EndorsementsInvalidProof();

        if (firstX == 0) {
            shares[0] = Share(message, y);
            ++_counts[agentId][epoch];
            emit Endorsed(agentId, epoch, nullifier, signal, message, y, root);
        } else {
            // Same nullifier, so same identity and scope (agent and epoch): the first
            // endorsement was counted under these very agentId and epoch.
            uint256 firstY = shares[0].y;
            shares[1] = Share(message, y);
            --_counts[agentId][epoch];
            emit DoubleSignalled(agentId, epoch, nullifier, firstX, firstY, message, y);
            // Two verified points of one line (same nullifier: same identity and scope) give the
            // secret. Slash now, in the transaction that exposes it, so nobody can act on the
            // secret first: the group pays nobody, so there is nothing to race for anyway.
            _group.slashDoubleSignal(RlnShareLibrary.recoverSecret(firstX, firstY, message, y));
        }
    }
}
