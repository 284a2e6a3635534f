// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IAnonymousStakeGroup} from "../interfaces/IAnonymousStakeGroup.sol";
import {IEndorsements} from "../interfaces/IEndorsements.sol";
import {Groth16Proof, IStakeMembershipVerifier} from "../interfaces/IStakeMembershipVerifier.sol";
import {RlnShareLibrary} from "../libraries/RlnShareLibrary.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title Endorsements
/// @notice Anonymous, rate-limited endorsements of agents by the stake group's members (see
///  IEndorsements for the rules).
/// @dev No admin: parameters are immutable and slashing goes through the group, which accepts a
///  double-signal slash from this contract alone. The only funds are the relay budget's ether,
///  which leaves as gas refunds to endorsements' senders and nowhere else.
contract Endorsements is IEndorsements, ReentrancyGuardTransient {
    /// @dev Domain of endorsement scopes.
    bytes32 private constant _ENDORSE_DOMAIN = keccak256("leasehold.endorse");
    uint256 private constant _FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @notice Gas a refund adds for what `gasleft()` cannot see: the transaction's base cost
    ///  (21,000), the calldata of a well-formed endorse call (452 bytes priced as nonzero, about
    ///  7,200: bytes a sender appends are its own cost, never refunded) and the refund's own
    ///  bookkeeping after the measurement (loads, stores, event) with every slot already in use.
    ///  Each slot the refund creates adds `RELAY_NEW_SLOT_GAS`. Calibrated against real
    ///  transactions in Endorsements.test.ts, which keeps refunds within 1 % of the sender's
    ///  cost, first refund and later ones alike.
    uint256 public constant RELAY_GAS_OVERHEAD = 45_500;
    /// @notice What storing a first nonzero value costs more than changing one (20,000 - 2,900).
    uint256 public constant RELAY_NEW_SLOT_GAS = 17_100;

    IAnonymousStakeGroup private immutable _group;
    IStakeMembershipVerifier private immutable _verifier;
    IAgentRegistry private immutable _agentRegistry;
    uint64 private immutable _epochLength;
    uint96 private immutable _threshold;
    uint256 private immutable _relayTipCap;
    uint256 private immutable _relaySpendPerEpoch;

    uint256 private _relayBudget;
    mapping(address relayer => uint256) private _relayFees;
    mapping(uint256 epoch => uint256) private _relaySpent;

    /// @dev nullifier => [first share, second share]; x = 0 means none (messages are never 0).
    mapping(uint256 nullifier => Share[2]) private _shares;
    mapping(uint256 agentId => mapping(uint256 epoch => uint256)) private _counts;

    constructor(
        IAnonymousStakeGroup group_,
        IAgentRegistry agentRegistry_,
        uint64 epochLength_,
        uint96 threshold_,
        uint256 relayTipCap_,
        uint256 relaySpendPerEpoch_
    ) {
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
        _relayTipCap = relayTipCap_;
        _relaySpendPerEpoch = relaySpendPerEpoch_;
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
    function relayTipCap() external view returns (uint256) {
        return _relayTipCap;
    }

    /// @inheritdoc IEndorsements
    function relaySpendPerEpoch() external view returns (uint256) {
        return _relaySpendPerEpoch;
    }

    /// @inheritdoc IEndorsements
    function relayBudget() external view returns (uint256) {
        return _relayBudget;
    }

    /// @inheritdoc IEndorsements
    function relaySpent(uint256 epoch) external view returns (uint256) {
        return _relaySpent[epoch];
    }

    /// @inheritdoc IEndorsements
    function relayFeesOf(address relayer) external view returns (uint256) {
        return _relayFees[relayer];
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

    // ---------------------------------------------------------------- relay

    /// @inheritdoc IEndorsements
    function fundRelay() external payable {
        if (msg.value == 0) revert EndorsementsZeroFunding();
        _relayBudget += msg.value;
        emit RelayFunded(msg.sender, msg.value);
    }

    /// @inheritdoc IEndorsements
    function claimRelayFees(address payable to) external nonReentrant {
        if (to == address(0)) revert EndorsementsZeroAddress();
        uint256 amount = _relayFees[msg.sender];
        if (amount == 0) revert EndorsementsNoRelayFees(msg.sender);
        _relayFees[msg.sender] = 0;
        emit RelayFeesClaimed(msg.sender, to, amount);
        (bool sent, ) = to.call{value: amount}("");
        if (!sent) revert EndorsementsRelayFeeTransferFailed(to, amount);
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
    ) external nonReentrant {
        uint256 gasAtStart = gasleft();
        _endorse(agentId, epoch, signal, messageOf(agentId, epoch, signal), root, y, nullifier, proof);
        _refundSender(nullifier, gasAtStart);
    }

    // ------------------------------------------------------------ internals

    /// @dev Checks and records one signal (see IEndorsements): counts a first endorsement,
    ///  refuses a replay, and slashes a double signal in the same transaction.
    function _endorse(
        uint256 agentId,
        uint256 epoch,
        bytes32 signal,
        uint256 message,
        uint256 root,
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof
    ) private {
        if (agentId == 0 || agentId > _agentRegistry.agentCount()) revert EndorsementsUnknownAgent(agentId);
        uint256 current = currentEpoch();
        if (epoch > current || epoch + 1 < current) revert EndorsementsEpochNotAccepted(epoch, current);
        if (y >= _FIELD) revert EndorsementsValueNotInField(y);
        if (nullifier >= _FIELD) revert EndorsementsValueNotInField(nullifier);
        if (!_group.isValidRoot(root)) revert EndorsementsInvalidRoot(root);
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

    /// @dev Credits the sender its gas so far plus the overhead, priced at most `relayTipCap`
    ///  above the base fee (a sender that is also the block's producer gets its priority fee
    ///  back, so an uncapped price would be free money), within the budget and this epoch's
    ///  spending cap. Whatever is short is simply not refunded: the endorsement stands either
    ///  way, and a relayer checks the budget (and simulates) before sending.
    ///  The gas this spends must not depend on the gas price, or a gas estimate made at one price
    ///  (wallets often estimate at price 0) falls short of the transaction mined at another: the
    ///  price is floored at 1 wei, so a funded budget takes the same stores in both, and the caps
    ///  are branch-free minimums.
    function _refundSender(uint256 nullifier, uint256 gasAtStart) private {
        uint256 gas = gasAtStart - gasleft() + RELAY_GAS_OVERHEAD;
        uint256 epoch = currentEpoch();
        uint256 spent = _relaySpent[epoch];
        uint256 credit = _relayFees[msg.sender];
        if (spent == 0) gas += RELAY_NEW_SLOT_GAS;
        if (credit == 0) gas += RELAY_NEW_SLOT_GAS;
        uint256 price = _min(tx.gasprice, block.basefee + _relayTipCap);
        // solhint-disable-next-line no-inline-assembly
        assembly {
            price := add(price, iszero(price)) // at least 1 wei, without a branch
        }
        uint256 budget = _relayBudget;
        // Never underflows: each refund is cut to what is left of the cap.
        uint256 fee = _min(_min(gas * price, budget), _relaySpendPerEpoch - spent);
        if (fee == 0) return;
        unchecked {
            _relayBudget = budget - fee;
            _relaySpent[epoch] = spent + fee;
            // Cannot overflow: credits are parts of ether this contract received.
            _relayFees[msg.sender] = credit + fee;
        }
        emit RelayFeeAccrued(msg.sender, nullifier, fee);
    }

    /// @dev The smaller of `a` and `b`, in the same gas whichever it is.
    function _min(uint256 a, uint256 b) private pure returns (uint256 smaller) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            smaller := xor(b, mul(xor(a, b), lt(a, b)))
        }
    }
}
