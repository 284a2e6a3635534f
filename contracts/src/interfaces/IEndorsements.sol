// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAgentRegistry} from "./IAgentRegistry.sol";
import {IAnonymousStakeGroup} from "./IAnonymousStakeGroup.sol";
import {Groth16Proof} from "./IStakeMembershipVerifier.sol";

/// @title IEndorsements
/// @notice Anonymous endorsements of agents: a member of the stake group with at least
///  `threshold` staked endorses an agent for an epoch with a StakeMembership proof, without
///  saying which member it is. One endorsement per identity, agent and epoch.
/// @dev What the contract supplies and checks around the circuit:
///  - threshold: `threshold()`, fixed at deployment, never taken from the prover;
///  - scope: `scopeOf(agentId, epoch)` =
///    uint256(keccak256(abi.encode(chainid, this, keccak256("leasehold.endorse"), agentId, epoch))) >> 8,
///    so the nullifier is one per (identity, agent, epoch) and unlinkable across them; the same
///    derivation is circuits/src/scopes.ts `endorsementScope` (a test checks they agree);
///  - epoch: `block.timestamp / epochLength`; only the current and the previous epoch are
///    accepted, so a proof made just before an epoch ends still lands;
///  - root: one the group accepts (`isValidRoot`: current, or replaced within its validity window);
///  - message: `messageOf(agentId, epoch, signal)` = uint256(keccak256(abi.encode(agentId, epoch,
///    signal))) >> 8, where `signal` is the endorser's statement (say, the hash of a review); it
///    is never 0 (0 would reveal the secret). It names no sender, so anyone can relay the proof.
///    It deliberately binds no fee either: the endorser pays none, and a fee in the message would
///    make a retry at a new quote a second message, i.e. a double signal that a relayer holding
///    the first proof could land to have the endorser slashed;
///  - relay refunds: an endorsement sent from the endorser's own address is not anonymous, so the
///    sender is refunded its gas in ether from a sponsor budget anyone funds (`fundRelay`):
///    (gas used so far + RELAY_GAS_OVERHEAD [+ RELAY_NEW_SLOT_GAS per slot created]) *
///    min(tx.gasprice, block.basefee + relayTipCap), capped by the budget and what is left of
///    `relaySpendPerEpoch` this epoch. Nothing the sender controls raises it but its gas price,
///    and that only up to the tip cap.
///    It is credited (`relayFeesOf`) and claimed with `claimRelayFees`. The refund is the sender's
///    gas cost plus at most the tip cap, so a member relaying its own endorsements gains at most
///    `relayTipCap` per gas; a member burning the budget by endorsing every agent every epoch is
///    stopped by the per-epoch cap (docs/THREAT-MODEL.md);
///  - nullifiers: the first signal of a nullifier is stored as (message, y) and counted. The same
///    nullifier and message again is a replay and reverts (it leaks nothing). A valid proof with
///    the same nullifier and a different message is a double signal: it is not counted, the
///    first endorsement is uncounted, both shares are stored and emitted in `DoubleSignalled`,
///    and in the same transaction the contract recovers the secret from the two shares
///    (RlnShareLibrary, as sdk/src/zk/shares.ts `recoverSecret`) and slashes the identity through
///    the group's `slashDoubleSignal`, which only this contract may call (the group names it at
///    construction, and this constructor refuses a group that names another contract). Nobody
///    is rewarded: the whole stake goes to the group's sink. Nobody needs paying to watch, and
///    the double-signaller cannot get ahead of the slash (by a self-slash for a reward, or a
///    withdrawal) since it happens in the very transaction that exposes the secret.
///  - Groth16 proofs are malleable: signals are identified by nullifier, never by proof bytes.
interface IEndorsements {
    /// @notice One rate-limiting share: the point (x = message, y) of an identity's line for a scope.
    struct Share {
        uint256 x;
        uint256 y;
    }

    /// @notice An address parameter is the zero address.
    error EndorsementsZeroAddress();
    /// @notice Epochs must last at least a second.
    error EndorsementsZeroEpochLength();
    /// @notice The threshold must be at least 1.
    error EndorsementsZeroThreshold();
    /// @notice No agent with this id exists in the registry.
    error EndorsementsUnknownAgent(uint256 agentId);
    /// @notice Only the current and the previous epoch are accepted.
    error EndorsementsEpochNotAccepted(uint256 epoch, uint256 currentEpoch);
    /// @notice `value` (y or nullifier) is not below the BN254 scalar field order.
    error EndorsementsValueNotInField(uint256 value);
    /// @notice The group does not accept `root` (unknown, or replaced longer ago than its validity).
    error EndorsementsInvalidRoot(uint256 root);
    /// @notice The proof does not verify for these public signals.
    error EndorsementsInvalidProof();
    /// @notice This nullifier already signalled this message.
    error EndorsementsReplayed(uint256 nullifier, uint256 message);
    /// @notice This nullifier already double-signalled; its shares are stored.
    error EndorsementsAlreadyDoubleSignalled(uint256 nullifier);
    /// @notice The message hash reduced to 0 (a keccak256 output below 2^8).
    error EndorsementsZeroMessage();
    /// @notice The group names `named` as its endorsements contract, not this one.
    error EndorsementsNotTheGroupsEndorsements(address named);
    /// @notice `fundRelay` was called without ether.
    error EndorsementsZeroFunding();
    /// @notice The caller has no relay fees to claim.
    error EndorsementsNoRelayFees(address relayer);
    /// @notice Sending `amount` of relay fees to `to` failed.
    error EndorsementsRelayFeeTransferFailed(address to, uint256 amount);

    /// @notice A member of the group endorsed `agentId` for `epoch`.
    event Endorsed(
        uint256 indexed agentId,
        uint256 indexed epoch,
        uint256 indexed nullifier,
        bytes32 signal,
        uint256 message,
        uint256 y,
        uint256 root
    );
    /// @notice `nullifier` signalled twice in one scope with different messages: the two shares
    ///  give away its secret, and the group slashed the identity in this transaction (its
    ///  `Slashed` event, slasher this contract, follows unless the stake was already gone). The
    ///  first endorsement no longer counts.
    event DoubleSignalled(
        uint256 indexed agentId,
        uint256 indexed epoch,
        uint256 indexed nullifier,
        uint256 x1,
        uint256 y1,
        uint256 x2,
        uint256 y2
    );

    /// @notice `funder` added `amount` wei to the relay budget.
    event RelayFunded(address indexed funder, uint256 amount);
    /// @notice The sender of `nullifier`'s endorsement was credited `fee` wei for its gas.
    event RelayFeeAccrued(address indexed relayer, uint256 indexed nullifier, uint256 fee);
    /// @notice `relayer` was paid its accrued `amount` wei, sent to `to`.
    event RelayFeesClaimed(address indexed relayer, address to, uint256 amount);

    /// @notice The stake group whose members endorse.
    function group() external view returns (IAnonymousStakeGroup);
    /// @notice The registry endorsed agents must exist in.
    function agentRegistry() external view returns (IAgentRegistry);
    /// @notice Seconds per epoch.
    function epochLength() external view returns (uint64);
    /// @notice Stake an endorser must prove (the circuit's threshold).
    function threshold() external view returns (uint96);
    /// @notice block.timestamp / epochLength.
    function currentEpoch() external view returns (uint256);
    /// @notice The circuit scope of endorsements of `agentId` in `epoch` (see the contract's NatSpec).
    function scopeOf(uint256 agentId, uint256 epoch) external view returns (uint256);
    /// @notice The circuit message of `signal` for `agentId` in `epoch`.
    function messageOf(uint256 agentId, uint256 epoch, bytes32 signal) external pure returns (uint256);
    /// @notice Endorsements of `agentId` in `epoch` by identities that did not double-signal.
    function endorsementCount(uint256 agentId, uint256 epoch) external view returns (uint256);
    /// @notice The shares `nullifier` signalled (x = 0 where there is none).
    function sharesOf(uint256 nullifier) external view returns (Share memory first, Share memory second);

    /// @notice Wei per gas the relay refund may pay above the block's base fee.
    function relayTipCap() external view returns (uint256);
    /// @notice Most wei the relay budget refunds per epoch, over all senders.
    function relaySpendPerEpoch() external view returns (uint256);
    /// @notice Wei left in the relay budget.
    function relayBudget() external view returns (uint256);
    /// @notice Wei refunded to senders in `epoch` (by block time, not the endorsement's epoch).
    function relaySpent(uint256 epoch) external view returns (uint256);
    /// @notice Wei credited to `relayer` and not yet claimed.
    function relayFeesOf(address relayer) external view returns (uint256);

    /// @notice Adds the sent ether to the relay budget. Irrevocable: the budget only pays refunds.
    function fundRelay() external payable;
    /// @notice Sends the caller's accrued relay fees to `to`.
    function claimRelayFees(address payable to) external;

    /// @notice Endorses `agentId` for `epoch` with `signal`. `root` is the group root the proof
    ///  was made against, `y` and `nullifier` its outputs. Anyone may relay it; the sender is
    ///  refunded its gas from the relay budget.
    function endorse(
        uint256 agentId,
        uint256 epoch,
        bytes32 signal,
        uint256 root,
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof
    ) external;
}
