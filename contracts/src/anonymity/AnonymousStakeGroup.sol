// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {IAnonymousStakeGroup} from "../interfaces/IAnonymousStakeGroup.sol";
import {Groth16Proof, IStakeMembershipVerifier} from "../interfaces/IStakeMembershipVerifier.sol";
import {StakeTreeLibrary} from "../libraries/StakeTreeLibrary.sol";

/// @title AnonymousStakeGroup
/// @notice Stake-token deposits behind anonymous identity commitments, in a Poseidon Merkle tree
///  that StakeMembership proofs are made against (see IAnonymousStakeGroup for the rules).
/// @dev Links poseidon-solidity's PoseidonT2 and PoseidonT3 (public library functions): deploy
///  them first and link them, as the tests do. Parameters, the endorsements contract included,
///  are immutable: a new policy is a new group, so nobody can change the rules under stake
///  already deposited.
contract AnonymousStakeGroup is IAnonymousStakeGroup, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using StakeTreeLibrary for StakeTreeLibrary.Tree;

    /// @inheritdoc IAnonymousStakeGroup
    uint256 public constant TREE_DEPTH = 20;

    /// @dev Domain of withdrawal scopes.
    bytes32 private constant _WITHDRAW_DOMAIN = keccak256("leasehold.withdraw");
    uint256 private constant _FIELD = StakeTreeLibrary.SNARK_SCALAR_FIELD;
    /// @dev Poseidon(0): the commitment of the secret 0, which everyone knows (a test checks the value).
    uint256 private constant _ZERO_SECRET_COMMITMENT =
        19014214495641488759237505126948346942972912379615652741039992445865937985820;

    IERC20 private immutable _stakeToken;
    IStakeMembershipVerifier private immutable _verifier;
    address private immutable _sink;
    address private immutable _endorsements;
    uint96 private immutable _minimumDeposit;
    uint64 private immutable _withdrawalDelay;
    uint64 private immutable _rootValidity;

    StakeTreeLibrary.Tree private _tree;
    uint256 private _totalLive;
    uint256 private _totalPending;

    mapping(uint256 commitment => Identity) private _identities;
    mapping(uint256 root => uint64 replacedAt) private _rootReplacedAt;

    constructor(
        IERC20 stakeToken_,
        IStakeMembershipVerifier verifier_,
        address sink_,
        address endorsements_,
        uint96 minimumDeposit_,
        uint64 withdrawalDelay_,
        uint64 rootValidity_
    ) {
        if (
            address(stakeToken_) == address(0) ||
            address(verifier_) == address(0) ||
            sink_ == address(0) ||
            endorsements_ == address(0)
        ) {
            revert AnonymousStakeGroupZeroAddress();
        }
        if (minimumDeposit_ == 0) revert AnonymousStakeGroupZeroMinimumDeposit();
        // A withdrawing leaf must drop out of every valid root before its stake can leave, or a
        // double signal against an old root would find nothing left to slash.
        if (withdrawalDelay_ <= rootValidity_) {
            revert AnonymousStakeGroupWithdrawalDelayTooShort(withdrawalDelay_, rootValidity_);
        }
        _stakeToken = stakeToken_;
        _verifier = verifier_;
        _sink = sink_;
        _endorsements = endorsements_;
        _minimumDeposit = minimumDeposit_;
        _withdrawalDelay = withdrawalDelay_;
        _rootValidity = rootValidity_;
        _tree.init(TREE_DEPTH);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAnonymousStakeGroup
    function stakeToken() external view returns (IERC20) {
        return _stakeToken;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function verifier() external view returns (IStakeMembershipVerifier) {
        return _verifier;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function sink() external view returns (address) {
        return _sink;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function endorsements() external view returns (address) {
        return _endorsements;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function minimumDeposit() external view returns (uint96) {
        return _minimumDeposit;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function withdrawalDelay() external view returns (uint64) {
        return _withdrawalDelay;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function rootValidity() external view returns (uint64) {
        return _rootValidity;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function root() external view returns (uint256) {
        return _tree.root;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function size() external view returns (uint256) {
        return _tree.size;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function totalLive() external view returns (uint256) {
        return _totalLive;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function totalPending() external view returns (uint256) {
        return _totalPending;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function isValidRoot(uint256 root_) external view returns (bool) {
        if (root_ == _tree.root) return true;
        uint256 replacedAt = _rootReplacedAt[root_];
        return replacedAt != 0 && block.timestamp <= replacedAt + _rootValidity;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function rootReplacedAt(uint256 root_) external view returns (uint64) {
        return _rootReplacedAt[root_];
    }

    /// @inheritdoc IAnonymousStakeGroup
    function identityOf(uint256 commitment) external view returns (Identity memory) {
        return _identities[commitment];
    }

    /// @inheritdoc IAnonymousStakeGroup
    function singletonRoot(uint256 leaf) public pure returns (uint256 node) {
        node = leaf;
        for (uint256 level = 0; level < TREE_DEPTH; ++level) {
            node = PoseidonT3.hash([node, StakeTreeLibrary.zero(level)]);
        }
    }

    /// @inheritdoc IAnonymousStakeGroup
    function withdrawalScope(uint256 commitment, address recipient, uint96 relayerFee) public view returns (uint256) {
        return
            uint256(
                keccak256(abi.encode(block.chainid, address(this), _WITHDRAW_DOMAIN, commitment, recipient, relayerFee))
            ) >> 8;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function withdrawalMessage(address recipient) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(recipient))) >> 8;
    }

    // -------------------------------------------------------------- deposit

    /// @inheritdoc IAnonymousStakeGroup
    function deposit(uint256 commitment, uint96 amount) external nonReentrant returns (uint256 leafIndex) {
        if (commitment == 0) revert AnonymousStakeGroupZeroCommitment();
        if (commitment >= _FIELD) revert AnonymousStakeGroupValueNotInField(commitment);
        // Anyone could prove, withdraw or slash for the secret 0: stake behind it is nobody's.
        if (commitment == _ZERO_SECRET_COMMITMENT) revert AnonymousStakeGroupZeroSecretCommitment();
        Identity storage identity = _identities[commitment];
        if (identity.status != IdentityStatus.None) {
            revert AnonymousStakeGroupCommitmentUsed(commitment, identity.status);
        }
        if (amount < _minimumDeposit) revert AnonymousStakeGroupDepositTooSmall(amount, _minimumDeposit);

        uint256 balanceBefore = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = _stakeToken.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert AnonymousStakeGroupTransferAmountMismatch(amount, received);

        uint256 leaf = PoseidonT3.hash([commitment, uint256(amount)]);
        uint256 oldRoot = _tree.root;
        uint256 newRoot;
        (leafIndex, newRoot) = _tree.insert(leaf);
        _rootReplacedAt[oldRoot] = uint64(block.timestamp);
        // Safe: the tree holds at most 2^TREE_DEPTH leaves, so the index fits 32 bits.
        identity.leafIndex = uint32(leafIndex);
        identity.amount = amount;
        identity.status = IdentityStatus.Active;
        _totalLive += amount;
        emit Deposited(commitment, msg.sender, leafIndex, amount, leaf, newRoot);
    }

    // ------------------------------------------------------------- withdraw

    /// @inheritdoc IAnonymousStakeGroup
    function requestWithdrawal(
        uint256 commitment,
        address recipient,
        uint96 relayerFee,
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof
    ) external {
        if (recipient == address(0)) revert AnonymousStakeGroupZeroAddress();
        Identity storage identity = _identities[commitment];
        if (identity.status != IdentityStatus.Active) {
            revert AnonymousStakeGroupWrongStatus(commitment, identity.status);
        }
        uint96 amount = identity.amount;
        if (relayerFee > amount) revert AnonymousStakeGroupRelayerFeeTooHigh(relayerFee, amount);
        _verifyOwnership(commitment, amount, recipient, relayerFee, y, nullifier, proof);

        uint256 newRoot = _zeroLeaf(identity.leafIndex);
        uint64 unlockAt = uint64(block.timestamp) + _withdrawalDelay;
        identity.status = IdentityStatus.Withdrawing;
        identity.unlockAt = unlockAt;
        identity.recipient = recipient;
        identity.relayer = msg.sender;
        identity.relayerFee = relayerFee;
        // Safe: an active identity's amount is part of the live total.
        unchecked {
            _totalLive -= amount;
        }
        _totalPending += amount;
        emit WithdrawalRequested(
            commitment,
            recipient,
            identity.leafIndex,
            amount,
            unlockAt,
            newRoot,
            msg.sender,
            relayerFee
        );
    }

    /// @inheritdoc IAnonymousStakeGroup
    function withdraw(uint256 commitment) external nonReentrant {
        Identity storage identity = _identities[commitment];
        if (identity.status != IdentityStatus.Withdrawing) {
            revert AnonymousStakeGroupWrongStatus(commitment, identity.status);
        }
        uint64 unlockAt = identity.unlockAt;
        if (block.timestamp < unlockAt) revert AnonymousStakeGroupWithdrawalLocked(commitment, unlockAt);
        uint96 amount = identity.amount;
        address recipient = identity.recipient;
        address relayer = identity.relayer;
        uint96 relayerFee = identity.relayerFee;
        identity.status = IdentityStatus.Withdrawn;
        // Safe: a pending withdrawal's amount is part of the pending total, and the fee was
        // checked to be at most the amount.
        unchecked {
            _totalPending -= amount;
            amount -= relayerFee;
        }
        emit Withdrawn(commitment, recipient, amount + relayerFee, relayer, relayerFee);
        if (amount != 0) _stakeToken.safeTransfer(recipient, amount);
        if (relayerFee != 0) _stakeToken.safeTransfer(relayer, relayerFee);
    }

    // ---------------------------------------------------------------- slash

    /// @inheritdoc IAnonymousStakeGroup
    function slash(uint256 secret) external nonReentrant {
        if (secret == 0 || secret >= _FIELD) revert AnonymousStakeGroupInvalidSecret();
        uint256 commitment = PoseidonT2.hash([secret]);
        IdentityStatus status = _identities[commitment].status;
        if (status != IdentityStatus.Active && status != IdentityStatus.Withdrawing) {
            revert AnonymousStakeGroupWrongStatus(commitment, status);
        }
        _slash(commitment);
    }

    /// @inheritdoc IAnonymousStakeGroup
    function slashDoubleSignal(uint256 secret) external nonReentrant returns (uint96 amount) {
        if (msg.sender != _endorsements) revert AnonymousStakeGroupNotEndorsements(msg.sender);
        // A recovered secret is a field element; 0 backs no stake (deposit refuses Poseidon(0)).
        if (secret == 0 || secret >= _FIELD) return 0;
        uint256 commitment = PoseidonT2.hash([secret]);
        IdentityStatus status = _identities[commitment].status;
        // Already slashed (its leaf still proved inside the validity window) or never here:
        // nothing to take, and the double signal must still be recorded.
        if (status != IdentityStatus.Active && status != IdentityStatus.Withdrawing) return 0;
        amount = _slash(commitment);
    }

    // ------------------------------------------------------------ internals

    /// @dev Reverts unless the proof shows knowledge of `commitment`'s secret for this payload.
    function _verifyOwnership(
        uint256 commitment,
        uint96 amount,
        address recipient,
        uint96 relayerFee,
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof
    ) private view {
        uint256 message = withdrawalMessage(recipient);
        if (message == 0) revert AnonymousStakeGroupZeroMessage();
        // Threshold 0: the singleton root already fixes the amount. The scope binds the payload.
        uint256[6] memory signals = [
            y,
            nullifier,
            singletonRoot(PoseidonT3.hash([commitment, uint256(amount)])),
            0,
            withdrawalScope(commitment, recipient, relayerFee),
            message
        ];
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, signals)) revert AnonymousStakeGroupInvalidProof();
    }

    /// @dev Takes an active or withdrawing identity's whole stake to the sink, zeroing a live leaf.
    function _slash(uint256 commitment) private returns (uint96 amount) {
        Identity storage identity = _identities[commitment];
        amount = identity.amount;
        bool leafZeroed = identity.status == IdentityStatus.Active;
        uint256 newRoot;
        if (leafZeroed) {
            newRoot = _zeroLeaf(identity.leafIndex);
            // Safe: as in requestWithdrawal.
            unchecked {
                _totalLive -= amount;
            }
        } else {
            newRoot = _tree.root;
            // Safe: as in withdraw.
            unchecked {
                _totalPending -= amount;
            }
        }
        identity.status = IdentityStatus.Slashed;
        emit Slashed(commitment, msg.sender, identity.leafIndex, amount, leafZeroed, newRoot);
        _stakeToken.safeTransfer(_sink, amount);
    }

    /// @dev Sets leaf `leafIndex` to 0 and records the replaced root. The tree reads the path
    ///  from its own nodes, so nothing a caller computed earlier can be stale.
    function _zeroLeaf(uint256 leafIndex) private returns (uint256 newRoot) {
        uint256 oldRoot = _tree.root;
        newRoot = _tree.update(leafIndex, 0);
        _rootReplacedAt[oldRoot] = uint64(block.timestamp);
    }
}
