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
///    neither 0 nor Poseidon(0) (the secret 0 is refused everywhere, the sdk included: it is a
///    constant anyone knows), and each is accepted once, ever (a withdrawn or slashed commitment
///    stays spent, so a public secret can never back stake again).
///  - Root freshness: `isValidRoot` accepts the current root, and a replaced root for
///    `rootValidity` seconds after it was replaced, so proofs built just before a deposit still
///    land. That window is the documented limit of every leaf change: a withdrawn or slashed
///    leaf keeps proving its old amount against roots that are still inside it. Hence
///    `withdrawalDelay` > `rootValidity` (the constructor refuses otherwise): every root holding a
///    withdrawing leaf expires before its stake can leave, so a double signal against such a root
///    always lands while the stake is still here to slash.
///  - Leaf removals need no Merkle path from the caller: the tree stores its nodes
///    (StakeTreeLibrary), so no deposit or removal landing first, in the same block or any
///    order, can make a withdrawal request or a slash fail, and a depositor who deposits every
///    block can only pay for its own deposits.
///  - Withdrawal, two steps. `requestWithdrawal` proves knowledge of the secret without
///    revealing it, zeroes the leaf and records the recipient, the relayer fee and the account
///    that sent the request (the relayer); `withdraw` pays the recipient the amount less the fee
///    and the relayer the fee, once `withdrawalDelay` has passed. The stake stays slashable
///    during the delay. The ownership proof is a StakeMembership proof against the root of a tree
///    holding only this identity's leaf at index 0 (`singletonRoot`): it shows the prover knows s
///    with Poseidon(Poseidon(s), amount) equal to the leaf, which is exactly ownership of the
///    commitment. A proof against the group root would not do: it shows membership of some leaf,
///    not of this one. The scope is `withdrawalScope(commitment, recipient, relayerFee)`: it
///    binds the whole payload, so two different payloads are two different scopes (two lines,
///    one point each: nothing leaks, however many requests a member signs), and the same payload
///    gives the same scope and message, i.e. the same point (a copy, which leaks nothing either).
///    A scope naming only the commitment made every withdrawal proof of an identity a point of
///    one line: two proofs to two recipients gave away the secret, and whoever saw both could
///    request the withdrawal to itself. The message is `withdrawalMessage(recipient)` (any nonzero
///    value would do). The secret is never revealed: revealing it would let anyone slash the
///    identity during the delay and compute the nullifiers of all its past signals. The
///    depositor's address is never needed.
///  - Slashing. A double signal in Endorsements reveals the secret on chain; Endorsements, fixed
///    here at construction (`endorsements`), slashes it in the same transaction through
///    `slashDoubleSignal`. Anyone else who knows a secret (another application's double signal,
///    a leak) may `slash` it. Nobody is rewarded: the whole stake goes to `sink` (the insurance
///    pool). A reward would pay the offender itself, who knows its secret first: it could slash
///    itself for the reward and still double-signal against a root inside the validity window.
///    With no reward, nothing is gained by slashing first, so no commit-reveal is needed either.
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
        /// @dev Who sent the withdrawal request, paid `relayerFee` at `withdraw`; zero before a request.
        address relayer;
        /// @dev Part of `amount` the relayer is paid (bound into the withdrawal proof).
        uint96 relayerFee;
    }

    /// @notice An address parameter is the zero address.
    error AnonymousStakeGroupZeroAddress();
    /// @notice The minimum deposit must be at least 1.
    error AnonymousStakeGroupZeroMinimumDeposit();
    /// @notice The withdrawal delay must exceed the root validity (so it is never 0 either).
    error AnonymousStakeGroupWithdrawalDelayTooShort(uint64 withdrawalDelay, uint64 rootValidity);
    /// @notice `value` is not below the BN254 scalar field order.
    error AnonymousStakeGroupValueNotInField(uint256 value);
    /// @notice A commitment of 0 is refused.
    error AnonymousStakeGroupZeroCommitment();
    /// @notice Poseidon(0), the commitment of the secret 0 that everyone knows, is refused.
    error AnonymousStakeGroupZeroSecretCommitment();
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
    /// @notice The relayer fee is more than the stake it is paid from.
    error AnonymousStakeGroupRelayerFeeTooHigh(uint96 relayerFee, uint96 amount);
    /// @notice The withdrawal cannot be paid before `unlockAt`.
    error AnonymousStakeGroupWithdrawalLocked(uint256 commitment, uint64 unlockAt);
    /// @notice A secret must be a field element other than 0.
    error AnonymousStakeGroupInvalidSecret();
    /// @notice Only the endorsements contract fixed at construction may call this.
    error AnonymousStakeGroupNotEndorsements(address caller);
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
    /// @notice The identity proved its secret and asked to withdraw to `recipient`, `relayerFee`
    ///  of it to `relayer` (who sent the request); its leaf at `leafIndex` is now 0 and `root` the
    ///  new root.
    event WithdrawalRequested(
        uint256 indexed commitment,
        address indexed recipient,
        uint256 leafIndex,
        uint96 amount,
        uint64 unlockAt,
        uint256 root,
        address relayer,
        uint96 relayerFee
    );
    /// @notice A requested withdrawal was paid: `amount - relayerFee` to `recipient`, `relayerFee` to `relayer`.
    event Withdrawn(
        uint256 indexed commitment,
        address indexed recipient,
        uint96 amount,
        address relayer,
        uint96 relayerFee
    );
    /// @notice The identity's secret was revealed and its whole stake sent to the sink. `slasher`
    ///  is the endorsements contract for a double signal it saw, otherwise whoever called `slash`.
    ///  `leafZeroed` is false when the leaf was already 0 (a pending withdrawal); `root` is the
    ///  current root either way.
    event Slashed(
        uint256 indexed commitment,
        address indexed slasher,
        uint256 leafIndex,
        uint96 amount,
        bool leafZeroed,
        uint256 root
    );

    /// @notice Depth of the tree; circuits/config.ts holds the same value (a test checks).
    function TREE_DEPTH() external view returns (uint256);
    /// @notice The stake token (StakeManager's).
    function stakeToken() external view returns (IERC20);
    /// @notice The StakeMembership verifier, also used by the group's consumers (Endorsements).
    function verifier() external view returns (IStakeMembershipVerifier);
    /// @notice Where slashed stake goes.
    function sink() external view returns (address);
    /// @notice The one contract that may `slashDoubleSignal`, fixed at construction. The deploy step
    ///  predicts Endorsements' address (the deployer's next contract) and Endorsements' constructor
    ///  refuses a group that names another address, so a wrong prediction fails the deploy.
    function endorsements() external view returns (address);
    /// @notice Smallest deposit.
    function minimumDeposit() external view returns (uint96);
    /// @notice Seconds between a withdrawal request and its payment; always more than `rootValidity`.
    function withdrawalDelay() external view returns (uint64);
    /// @notice Seconds a replaced root stays valid.
    function rootValidity() external view returns (uint64);

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

    /// @notice Root of a tree holding only `leaf`, at index 0: what a withdrawal proof proves against.
    function singletonRoot(uint256 leaf) external view returns (uint256);
    /// @notice Scope of a withdrawal proof, binding its whole payload:
    ///  uint256(keccak256(abi.encode(chainid, this, keccak256("leasehold.withdraw"), commitment,
    ///  recipient, relayerFee))) >> 8 (sdk/src/zk/scopes.ts `withdrawalScope`).
    function withdrawalScope(uint256 commitment, address recipient, uint96 relayerFee) external view returns (uint256);
    /// @notice Message of a withdrawal proof: uint256(keccak256(abi.encode(recipient))) >> 8.
    function withdrawalMessage(address recipient) external pure returns (uint256);

    /// @notice Deposits `amount` (pulled from the caller) behind `commitment`; returns the leaf index.
    function deposit(uint256 commitment, uint96 amount) external returns (uint256 leafIndex);

    /// @notice Proves ownership of `commitment` and zeroes its leaf; `withdraw` pays `recipient`
    ///  the amount less `relayerFee`, and the sender of this call `relayerFee`, after
    ///  `withdrawalDelay`. `y` and `nullifier` are the proof's outputs. Anyone may send it: the
    ///  proof binds the recipient and the fee. Whoever sends it first is the relayer paid: a copy
    ///  of a relayer's transaction sent ahead of it takes the fee (issue 12 part 2 settles how
    ///  relayers are chosen); the member pays the same either way.
    function requestWithdrawal(
        uint256 commitment,
        address recipient,
        uint96 relayerFee,
        uint256 y,
        uint256 nullifier,
        Groth16Proof calldata proof
    ) external;

    /// @notice Pays a matured withdrawal to its recipient and relayer; anyone may call.
    function withdraw(uint256 commitment) external;

    /// @notice Slashes the identity whose commitment is Poseidon(secret), active or withdrawing:
    ///  zeroes its leaf if it is live and sends its whole stake to the sink. Anyone may call.
    function slash(uint256 secret) external;

    /// @notice As `slash`, for the endorsements contract only, in the transaction that recorded
    ///  a double signal of `secret`'s identity. Never reverts for the identity's status (an
    ///  identity already slashed, or none, gives 0), so the double signal is always recorded.
    /// @return amount The stake taken.
    function slashDoubleSignal(uint256 secret) external returns (uint96 amount);
}
