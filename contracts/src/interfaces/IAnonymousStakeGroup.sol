// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Groth16Proof, IStakeMembershipVerifier} from "./IStakeMembershipVerifier.sol";

/// @title IAnonymousStakeGroup
/// @notice Stake behind anonymous identities. An identity is a secret field element; its
///  commitment is Poseidon(secret). Depositing stake-token amount `a` behind a commitment `c`
///  appends the leaf Poseidon(c, a) to a Poseidon Merkle tree of depth TREE_DEPTH; the holder of
///  the secret can then prove with the StakeMembership circuit "I own a leaf of this tree with at
///  least T staked" without saying which (see circuits/circom/stake-membership.circom).
/// @dev What the circuit leaves to this contract, and how it is done:
///  - Leaves are only ever inserted here, as Poseidon(commitment, amount) with amount a uint96
///    (< 2^96, the circuit's range) and at least `minimumDeposit`; commitments are field elements,
///    not zero, and each is accepted once, ever (a withdrawn or slashed commitment stays spent,
///    so a public secret can never back stake again).
///  - Root freshness: `isValidRoot` accepts the current root, and a replaced root for
///    `rootValidity` seconds after it was replaced, so proofs built just before a deposit still
///    land. That window is the documented limit of every leaf change: a withdrawn or slashed
///    leaf keeps proving its old amount against roots that are still inside it.
///  - Withdrawal, two steps. `requestWithdrawal` proves knowledge of the secret without
///    revealing it, zeroes the leaf (Merkle proof of its siblings, checked on chain against the
///    current root) and records the recipient; `withdraw` pays the recipient once
///    `withdrawalDelay` has passed. The stake stays slashable during the delay, so a double
///    signal made just before leaving still costs the stake. The ownership proof is a
///    StakeMembership proof against the root of a tree holding only this identity's leaf at
///    index 0 (`singletonRoot`): it shows the prover knows s with Poseidon(Poseidon(s), amount)
///    equal to the leaf, which is exactly ownership of the commitment. A proof against the group
///    root would not do: it shows membership of some leaf, not of this one. The scope is
///    `withdrawalScope(commitment)` (chain, group, purpose, commitment) and the message
///    `withdrawalMessage(recipient)`, so a copied proof can only pay the same recipient. The
///    secret is never revealed: revealing it would let anyone slash the identity during the
///    delay and compute the nullifiers of all its past signals.
///  - Slashing by anyone who knows a secret (recovered from two shares of one scope, see
///    sdk/src/zk/shares.ts `recoverSecret`). The reward is bound to the slasher by
///    commit-reveal: `commitSlash(slashCommitment(slasher, secret, salt))` first, then
///    `slash(secret, salt, siblings)` from the slasher's account at least one block later. A
///    front-runner who copies the reveal holds no commit for the secret and needs a block to
///    make one, by which time the slash is done; a commit cannot be made before the secret is
///    known, since it binds the secret itself (binding only the public commitment would let
///    anyone pre-commit against every identity). The first valid reveal slashes; its commit is
///    consumed. `slashRewardBps` of the stake goes to the slasher, the rest to `sink` (the
///    insurance pool).
///  - Tree sync: every leaf change emits its leaf index and the new root (`Deposited`,
///    `WithdrawalRequested`, `Slashed` when it zeroes a live leaf), so the tree can be rebuilt
///    from events alone (sdk/src/zk/tree.ts: insert the leaf, or update it to 0).
///  Invariant: the token balance equals `totalLive() + totalPending()` (plus tokens sent here
///  by plain transfer, which nothing can take out).
interface IAnonymousStakeGroup {
    /// @notice Where an identity is in its life.
    enum IdentityStatus {
        None,
        Active,
        Withdrawing,
        Withdrawn,
        Slashed
    }

    /// @notice An identity's stake.
    struct Identity {
        /// @dev The amount in its leaf.
        uint96 amount;
        IdentityStatus status;
        /// @dev Its leaf's index in the tree.
        uint32 leafIndex;
        /// @dev When a requested withdrawal may be paid; 0 before a request.
        uint64 unlockAt;
        /// @dev Who a requested withdrawal pays; zero before a request.
        address recipient;
    }

    /// @notice An address parameter is the zero address.
    error AnonymousStakeGroupZeroAddress();
    /// @notice The minimum deposit must be at least 1.
    error AnonymousStakeGroupZeroMinimumDeposit();
    /// @notice The slasher's share is above 100%.
    error AnonymousStakeGroupRewardTooHigh(uint256 bps, uint256 maxBps);
    /// @notice `value` is not below the BN254 scalar field order.
    error AnonymousStakeGroupValueNotInField(uint256 value);
    /// @notice A commitment of 0 is refused.
    error AnonymousStakeGroupZeroCommitment();
    /// @notice `commitment` already backs (or once backed) stake.
    error AnonymousStakeGroupCommitmentUsed(uint256 commitment, IdentityStatus status);
    /// @notice The deposit is below the minimum.
    error AnonymousStakeGroupDepositTooSmall(uint256 amount, uint256 minimum);
    /// @notice A deposit brought `received` tokens instead of `expected` (a fee-on-transfer token).
    error AnonymousStakeGroupTransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice The identity is not in the state this call needs.
    error AnonymousStakeGroupWrongStatus(uint256 commitment, IdentityStatus status);
    /// @notice The ownership proof of a withdrawal request does not verify.
    error AnonymousStakeGroupInvalidProof();
    /// @notice The withdrawal cannot be paid before `unlockAt`.
    error AnonymousStakeGroupWithdrawalLocked(uint256 commitment, uint64 unlockAt);
    /// @notice A secret must be a field element (below the BN254 scalar field order).
    error AnonymousStakeGroupInvalidSecret();
    /// @notice This slash commitment was already made (at `blockNumber`).
    error AnonymousStakeGroupSlashAlreadyCommitted(bytes32 slashCommitment, uint256 blockNumber);
    /// @notice No commit matches this reveal from this account.
    error AnonymousStakeGroupSlashNotCommitted(bytes32 slashCommitment);
    /// @notice The commit was made in this block; reveal in a later one.
    error AnonymousStakeGroupSlashCommitTooRecent(bytes32 slashCommitment, uint256 blockNumber);
    /// @notice A message hash reduced to 0 (a keccak256 output below 2^8): it would reveal the secret.
    error AnonymousStakeGroupZeroMessage();

    /// @notice Stake was deposited behind `commitment`; its leaf was appended at `leafIndex`.
    event Deposited(
        uint256 indexed commitment,
        address indexed depositor,
        uint256 leafIndex,
        uint96 amount,
        uint256 leaf,
        uint256 root
    );
    /// @notice The identity proved its secret and asked to withdraw to `recipient`; its leaf at
    ///  `leafIndex` is now 0 and `root` the new root.
    event WithdrawalRequested(
        uint256 indexed commitment,
        address indexed recipient,
        uint256 leafIndex,
        uint96 amount,
        uint64 unlockAt,
        uint256 root
    );
    /// @notice A requested withdrawal was paid.
    event Withdrawn(uint256 indexed commitment, address indexed recipient, uint96 amount);
    /// @notice `slasher` committed to a slash (the hash hides which identity).
    event SlashCommitted(bytes32 indexed slashCommitment, address indexed slasher);
    /// @notice The identity's secret was revealed and its stake slashed. `leafZeroed` is false when
    ///  the leaf was already 0 (a pending withdrawal); `root` is the current root either way.
    event Slashed(
        uint256 indexed commitment,
        address indexed slasher,
        uint256 leafIndex,
        uint96 amount,
        uint256 reward,
        uint256 toSink,
        bool leafZeroed,
        uint256 root
    );

    /// @notice Depth of the tree; circuits/config.ts holds the same value (a test checks).
    function TREE_DEPTH() external view returns (uint256);
    /// @notice Basis points of 100%.
    function MAX_BPS() external view returns (uint256);
    /// @notice The stake token (StakeManager's).
    function stakeToken() external view returns (IERC20);
    /// @notice The StakeMembership verifier, also used by the group's consumers (Endorsements).
    function verifier() external view returns (IStakeMembershipVerifier);
    /// @notice Where slashed stake goes, less the slasher's reward.
    function sink() external view returns (address);
    /// @notice Smallest deposit.
    function minimumDeposit() external view returns (uint96);
    /// @notice Seconds between a withdrawal request and its payment.
    function withdrawalDelay() external view returns (uint64);
    /// @notice Seconds a replaced root stays valid.
    function rootValidity() external view returns (uint64);
    /// @notice The slasher's share of a slashed stake, in basis points.
    function slashRewardBps() external view returns (uint16);

    /// @notice The current root.
    function root() external view returns (uint256);
    /// @notice Leaves appended so far (zeroed ones included); the next leaf's index.
    function size() external view returns (uint256);
    /// @notice Sum of the amounts of active identities.
    function totalLive() external view returns (uint256);
    /// @notice Sum of requested withdrawals not paid yet.
    function totalPending() external view returns (uint256);
    /// @notice True for the current root and for a replaced root within `rootValidity` of its replacement.
    function isValidRoot(uint256 root) external view returns (bool);
    /// @notice When `root` stopped being current (0 if never).
    function rootReplacedAt(uint256 root) external view returns (uint64);
    /// @notice The identity behind `commitment` (status None if there is none).
    function identityOf(uint256 commitment) external view returns (Identity memory);
    /// @notice Block of a slash commitment (0 if none).
    function slashCommittedAt(bytes32 slashCommitment) external view returns (uint256);

    /// @notice Root of a tree holding only `leaf`, at index 0: what a withdrawal proof proves against.
    function singletonRoot(uint256 leaf) external view returns (uint256);
    /// @notice Scope of `commitment`'s withdrawal proof:
    ///  uint256(keccak256(abi.encode(chainid, this, keccak256("leasehold.withdraw"), commitment))) >> 8.
    function withdrawalScope(uint256 commitment) external view returns (uint256);
    /// @notice Message of a withdrawal proof: uint256(keccak256(abi.encode(recipient))) >> 8.
    function withdrawalMessage(address recipient) external pure returns (uint256);
    /// @notice keccak256(abi.encode(chainid, this, slasher, secret, salt)): what `commitSlash` takes.
    function slashCommitment(address slasher, uint256 secret, bytes32 salt) external view returns (bytes32);

    /// @notice Deposits `amount` (pulled from the caller) behind `commitment`; returns the leaf index.
    function deposit(uint256 commitment, uint96 amount) external returns (uint256 leafIndex);

    /// @notice Proves ownership of `commitment` and zeroes its leaf; `withdraw` pays `recipient`
    ///  after `withdrawalDelay`. `y` and `nullifier` are the proof's outputs; `siblings` the
    ///  leaf's Merkle path (bottom up) in the current tree. Anyone may send it: the proof binds
    ///  the recipient.
    function requestWithdrawal(
        uint256 commitment,
        address recipient,
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof,
        uint256[] calldata siblings
    ) external;

    /// @notice Pays a matured withdrawal to its recipient; anyone may call.
    function withdraw(uint256 commitment) external;

    /// @notice First step of a slash: records `slashCommitment` with the current block.
    function commitSlash(bytes32 slashCommitment) external;

    /// @notice Second step, from the committing account at least one block later: slashes the
    ///  identity whose commitment is Poseidon(secret). `siblings` is its leaf's Merkle path in
    ///  the current tree when it is active (ignored during a pending withdrawal).
    function slash(uint256 secret, bytes32 salt, uint256[] calldata siblings) external;
}
