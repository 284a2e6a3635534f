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
///  them first and link them, as the tests do. Parameters are immutable: a new policy is a new
///  group, so nobody can change the rules under stake already deposited.
contract AnonymousStakeGroup is IAnonymousStakeGroup, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using StakeTreeLibrary for StakeTreeLibrary.Tree;

    /// @inheritdoc IAnonymousStakeGroup
    uint256 public constant TREE_DEPTH = 20;
    /// @inheritdoc IAnonymousStakeGroup
    uint256 public constant MAX_BPS = 10_000;

    /// @dev Domain of withdrawal scopes.
    bytes32 private constant _WITHDRAW_DOMAIN = keccak256("leasehold.withdraw");
    uint256 private constant _FIELD = StakeTreeLibrary.SNARK_SCALAR_FIELD;

    IERC20 private immutable _stakeToken;
    IStakeMembershipVerifier private immutable _verifier;
    address private immutable _sink;
    uint96 private immutable _minimumDeposit;
    uint64 private immutable _withdrawalDelay;
    uint64 private immutable _rootValidity;
    uint16 private immutable _slashRewardBps;

    StakeTreeLibrary.Tree private _tree;
    uint256 private _totalLive;
    uint256 private _totalPending;

    mapping(uint256 commitment => Identity) private _identities;
    mapping(uint256 root => uint64 replacedAt) private _rootReplacedAt;
    mapping(bytes32 slashCommitment => uint256 blockNumber) private _slashCommits;

    constructor(
        IERC20 stakeToken_,
        IStakeMembershipVerifier verifier_,
        address sink_,
        uint96 minimumDeposit_,
        uint64 withdrawalDelay_,
        uint64 rootValidity_,
        uint16 slashRewardBps_
    ) {
        if (address(stakeToken_) == address(0) || address(verifier_) == address(0) || sink_ == address(0)) {
            revert AnonymousStakeGroupZeroAddress();
        }
        if (minimumDeposit_ == 0) revert AnonymousStakeGroupZeroMinimumDeposit();
        if (slashRewardBps_ > MAX_BPS) revert AnonymousStakeGroupRewardTooHigh(slashRewardBps_, MAX_BPS);
        _stakeToken = stakeToken_;
        _verifier = verifier_;
        _sink = sink_;
        _minimumDeposit = minimumDeposit_;
        _withdrawalDelay = withdrawalDelay_;
        _rootValidity = rootValidity_;
        _slashRewardBps = slashRewardBps_;
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
    function slashRewardBps() external view returns (uint16) {
        return _slashRewardBps;
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
    function slashCommittedAt(bytes32 slashCommitment_) external view returns (uint256) {
        return _slashCommits[slashCommitment_];
    }

    /// @inheritdoc IAnonymousStakeGroup
    function singletonRoot(uint256 leaf) public pure returns (uint256 node) {
        node = leaf;
        for (uint256 level = 0; level < TREE_DEPTH; ++level) {
            node = PoseidonT3.hash([node, StakeTreeLibrary.zero(level)]);
        }
    }

    /// @inheritdoc IAnonymousStakeGroup
    function withdrawalScope(uint256 commitment) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), _WITHDRAW_DOMAIN, commitment))) >> 8;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function withdrawalMessage(address recipient) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(recipient))) >> 8;
    }

    /// @inheritdoc IAnonymousStakeGroup
    function slashCommitment(address slasher, uint256 secret, bytes32 salt) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), slasher, secret, salt));
    }

    // -------------------------------------------------------------- deposit

    /// @inheritdoc IAnonymousStakeGroup
    function deposit(uint256 commitment, uint96 amount) external nonReentrant returns (uint256 leafIndex) {
        if (commitment == 0) revert AnonymousStakeGroupZeroCommitment();
        if (commitment >= _FIELD) revert AnonymousStakeGroupValueNotInField(commitment);
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
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof,
        uint256[] calldata siblings
    ) external {
        if (recipient == address(0)) revert AnonymousStakeGroupZeroAddress();
        Identity storage identity = _identities[commitment];
        if (identity.status != IdentityStatus.Active) {
            revert AnonymousStakeGroupWrongStatus(commitment, identity.status);
        }
        uint96 amount = identity.amount;
        uint256 leaf = PoseidonT3.hash([commitment, uint256(amount)]);
        uint256 message = withdrawalMessage(recipient);
        if (message == 0) revert AnonymousStakeGroupZeroMessage();
        // Threshold 0: the singleton root already fixes the amount.
        uint256[6] memory signals = [y, nullifier, singletonRoot(leaf), 0, withdrawalScope(commitment), message];
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, signals)) revert AnonymousStakeGroupInvalidProof();

        uint256 newRoot = _zeroLeaf(identity.leafIndex, leaf, siblings);
        uint64 unlockAt = uint64(block.timestamp) + _withdrawalDelay;
        identity.status = IdentityStatus.Withdrawing;
        identity.unlockAt = unlockAt;
        identity.recipient = recipient;
        // Safe: an active identity's amount is part of the live total.
        unchecked {
            _totalLive -= amount;
        }
        _totalPending += amount;
        emit WithdrawalRequested(commitment, recipient, identity.leafIndex, amount, unlockAt, newRoot);
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
        identity.status = IdentityStatus.Withdrawn;
        // Safe: a pending withdrawal's amount is part of the pending total.
        unchecked {
            _totalPending -= amount;
        }
        emit Withdrawn(commitment, recipient, amount);
        _stakeToken.safeTransfer(recipient, amount);
    }

    // ---------------------------------------------------------------- slash

    /// @inheritdoc IAnonymousStakeGroup
    function commitSlash(bytes32 slashCommitment_) external {
        uint256 committedAt = _slashCommits[slashCommitment_];
        if (committedAt != 0) revert AnonymousStakeGroupSlashAlreadyCommitted(slashCommitment_, committedAt);
        _slashCommits[slashCommitment_] = block.number;
        emit SlashCommitted(slashCommitment_, msg.sender);
    }

    /// @inheritdoc IAnonymousStakeGroup
    function slash(uint256 secret, bytes32 salt, uint256[] calldata siblings) external nonReentrant {
        // 0 is a valid secret here: the circuit does not exclude it, so an identity behind
        // Poseidon(0) can signal, and refusing 0 would make its double signals unslashable.
        if (secret >= _FIELD) revert AnonymousStakeGroupInvalidSecret();
        bytes32 hash = slashCommitment(msg.sender, secret, salt);
        uint256 committedAt = _slashCommits[hash];
        if (committedAt == 0) revert AnonymousStakeGroupSlashNotCommitted(hash);
        if (committedAt >= block.number) revert AnonymousStakeGroupSlashCommitTooRecent(hash, committedAt);

        uint256 commitment = PoseidonT2.hash([secret]);
        Identity storage identity = _identities[commitment];
        IdentityStatus status = identity.status;
        uint96 amount = identity.amount;
        bool leafZeroed = status == IdentityStatus.Active;
        uint256 newRoot = _tree.root;
        if (leafZeroed) {
            newRoot = _zeroLeaf(identity.leafIndex, PoseidonT3.hash([commitment, uint256(amount)]), siblings);
            // Safe: as in requestWithdrawal.
            unchecked {
                _totalLive -= amount;
            }
        } else if (status == IdentityStatus.Withdrawing) {
            // Safe: as in withdraw.
            unchecked {
                _totalPending -= amount;
            }
        } else {
            revert AnonymousStakeGroupWrongStatus(commitment, status);
        }
        delete _slashCommits[hash];
        identity.status = IdentityStatus.Slashed;

        // Safe: amount < 2^96 and bps <= 10^4, so the product fits; reward <= amount.
        uint256 reward;
        uint256 toSink;
        unchecked {
            reward = (uint256(amount) * _slashRewardBps) / MAX_BPS;
            toSink = amount - reward;
        }
        emit Slashed(commitment, msg.sender, identity.leafIndex, amount, reward, toSink, leafZeroed, newRoot);
        if (reward != 0) _stakeToken.safeTransfer(msg.sender, reward);
        if (toSink != 0) _stakeToken.safeTransfer(_sink, toSink);
    }

    // ------------------------------------------------------------ internals

    /// @dev Sets leaf `leafIndex` (proven to be `leaf`) to 0 and records the replaced root.
    function _zeroLeaf(uint256 leafIndex, uint256 leaf, uint256[] calldata siblings) private returns (uint256) {
        uint256 oldRoot = _tree.root;
        uint256 newRoot = _tree.update(leafIndex, leaf, 0, siblings);
        _rootReplacedAt[oldRoot] = uint64(block.timestamp);
        return newRoot;
    }
}
