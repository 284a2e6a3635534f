// SPDX-License-Identifier: MIT
// The handler shares this file with the test: Hardhat only writes artifacts for the test files
// it runs, and the invariant fuzzer needs the handler's artifact to call it.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {Endorsements} from "../../src/anonymity/Endorsements.sol";
import {IAnonymousStakeGroup} from "../../src/interfaces/IAnonymousStakeGroup.sol";
import {IEndorsements} from "../../src/interfaces/IEndorsements.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {StakeTreeLibrary} from "../../src/libraries/StakeTreeLibrary.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {RlnVerifierMock} from "../mocks/RlnVerifierMock.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {Test} from "../utils/Test.sol";

/// @title AnonymousStakeGroupHandler
/// @notice Drives the group through random deposits, withdrawal requests (through a relayer
///  paid a fee), withdrawals, slashes by a third party and time, and an adversarial member with
///  its own account: it deposits identities at any moment (between anyone's steps, i.e.
///  concurrently with their removals), endorses and double-signals through the real
///  Endorsements, slashes itself, and withdraws to itself as its own relayer. The verifier
///  stand-in computes the circuit's real shares (RlnVerifierMock), so a double signal reveals
///  the true secret on chain. The handler keeps its own copy of the tree, every node stored and
///  rehashed along the changed path, to compare roots; and a ledger of every token in and out.
contract AnonymousStakeGroupHandler is Test {
    uint256 internal constant DEPTH = 20;
    uint256 internal constant MAX_IDENTITIES = 24;

    AnonymousStakeGroup public immutable group;
    Endorsements public immutable endorsements;
    MockERC20 public immutable token;
    RlnVerifierMock internal immutable _verifier;
    uint256 internal immutable _agentId;
    address internal immutable _depositor;
    address internal immutable _slasher;
    address internal immutable _recipient;
    address internal immutable _relayer;
    address public immutable adversary;
    address public immutable relayer;

    uint256[] internal _secrets;
    mapping(uint256 secret => bool) internal _isAdversary;
    mapping(uint256 secret => bool) public doubleSignalled;
    uint256[] internal _doubleSignallers;
    mapping(uint256 level => mapping(uint256 index => uint256 value)) internal _nodes;
    mapping(uint256 level => mapping(uint256 index => bool)) internal _known;

    uint256 public currentTime;
    uint256 public currentBlock;
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    uint256 public ghostSlashed;
    uint256 public ghostLive;
    uint256 public ghostPending;
    uint256 public ghostRelayerFees;
    uint256 public adversaryIn;
    uint256 public adversaryOut;
    uint256 public paidToDoubleSignallers;
    Groth16Proof internal _proof;

    constructor(
        AnonymousStakeGroup group_,
        Endorsements endorsements_,
        MockERC20 token_,
        RlnVerifierMock verifier_,
        uint256 agentId_
    ) {
        group = group_;
        endorsements = endorsements_;
        token = token_;
        _verifier = verifier_;
        _agentId = agentId_;
        _depositor = makeAddr("depositor");
        _slasher = makeAddr("slasher");
        _recipient = makeAddr("recipient");
        _relayer = makeAddr("relayer");
        relayer = _relayer;
        adversary = makeAddr("adversary");
        currentTime = block.timestamp;
        currentBlock = block.number;
    }

    modifier useChain() {
        vm.warp(currentTime);
        vm.roll(currentBlock);
        _;
    }

    // ------------------------------------------------------------------ tree

    function root() external view returns (uint256) {
        return _node(DEPTH, 0);
    }

    function doubleSignallerCount() external view returns (uint256) {
        return _doubleSignallers.length;
    }

    function doubleSignallerAt(uint256 i) external view returns (uint256) {
        return _doubleSignallers[i];
    }

    function _node(uint256 level, uint256 index) internal view returns (uint256) {
        return _known[level][index] ? _nodes[level][index] : StakeTreeLibrary.zero(level);
    }

    function _setLeaf(uint256 index, uint256 leaf) internal {
        _nodes[0][index] = leaf;
        _known[0][index] = true;
        for (uint256 level = 0; level < DEPTH; ++level) {
            uint256 left = (index >> level) & ~uint256(1);
            uint256 parent = PoseidonT3.hash([_node(level, left), _node(level, left + 1)]);
            _nodes[level + 1][index >> (level + 1)] = parent;
            _known[level + 1][index >> (level + 1)] = true;
        }
    }

    function _identity(uint256 seed) internal view returns (uint256 secret, IAnonymousStakeGroup.Identity memory id) {
        secret = _secrets[seed % _secrets.length];
        id = group.identityOf(PoseidonT2.hash([secret]));
    }

    /// @dev Books a slash of an identity that was `before` (Active or Withdrawing).
    function _bookSlash(IAnonymousStakeGroup.Identity memory before) internal {
        if (before.status == IAnonymousStakeGroup.IdentityStatus.Active) {
            _setLeaf(before.leafIndex, 0);
            ghostLive -= before.amount;
        } else {
            ghostPending -= before.amount;
        }
        ghostSlashed += before.amount;
    }

    function _deposit(address from, uint256 seed, uint256 amount) internal returns (bool) {
        if (_secrets.length >= MAX_IDENTITIES) return false;
        uint256 secret = uint256(keccak256(abi.encode("secret", seed))) >> 8;
        uint256 commitment = PoseidonT2.hash([secret]);
        if (group.identityOf(commitment).status != IAnonymousStakeGroup.IdentityStatus.None) return false;
        uint96 value = uint96(bound(amount, group.minimumDeposit(), 1e30));
        token.mint(from, value);
        vm.startPrank(from);
        token.approve(address(group), value);
        uint256 index = group.deposit(commitment, value);
        vm.stopPrank();
        _secrets.push(secret);
        _verifier.addSecret(secret);
        _isAdversary[secret] = from == adversary;
        _setLeaf(index, PoseidonT3.hash([commitment, uint256(value)]));
        ghostDeposited += value;
        ghostLive += value;
        if (from == adversary) adversaryIn += value;
        return true;
    }

    function _request(uint256 secret, address recipient, address sender, uint96 fee) internal {
        uint256 commitment = PoseidonT2.hash([secret]);
        IAnonymousStakeGroup.Identity memory id = group.identityOf(commitment);
        uint256 scope = group.withdrawalScope(commitment, recipient, fee);
        (uint256 y, uint256 nullifier) = _verifier.share(secret, scope, group.withdrawalMessage(recipient));
        vm.prank(sender);
        group.requestWithdrawal(commitment, recipient, fee, y, nullifier, _proof);
        _setLeaf(id.leafIndex, 0);
        ghostLive -= id.amount;
        ghostPending += id.amount;
    }

    // --------------------------------------------------------------- actions

    function deposit(uint256 seed, uint256 amount) external useChain {
        _deposit(_depositor, seed, amount);
    }

    function requestWithdrawal(uint256 seed, uint256 fee) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        if (_isAdversary[secret] || id.status != IAnonymousStakeGroup.IdentityStatus.Active) return;
        _request(secret, _recipient, _relayer, uint96(bound(fee, 0, id.amount)));
    }

    function withdraw(uint256 seed) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        if (id.status != IAnonymousStakeGroup.IdentityStatus.Withdrawing || block.timestamp < id.unlockAt) return;
        group.withdraw(PoseidonT2.hash([secret]));
        ghostPending -= id.amount;
        ghostWithdrawn += id.amount;
        if (_isAdversary[secret]) adversaryOut += id.amount;
        else ghostRelayerFees += id.relayerFee;
        if (doubleSignalled[secret]) paidToDoubleSignallers += id.amount;
    }

    /// @dev Someone who learned a secret (a leak) slashes it.
    function slash(uint256 seed) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        bool active = id.status == IAnonymousStakeGroup.IdentityStatus.Active;
        if (!active && id.status != IAnonymousStakeGroup.IdentityStatus.Withdrawing) return;
        vm.prank(_slasher);
        group.slash(secret);
        _bookSlash(id);
    }

    /// @dev The adversary deposits a new identity, between anyone's other steps.
    function adversaryDeposit(uint256 seed, uint256 amount) external useChain {
        _deposit(adversary, uint256(keccak256(abi.encode("adversary", seed))), amount);
    }

    /// @dev The adversary endorses with one of two signals against the current root: the second
    ///  signal of an identity in an epoch is a double signal.
    function adversaryEndorse(uint256 seed, bool secondSignal) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        if (!_isAdversary[secret]) return;
        uint256 epoch = endorsements.currentEpoch();
        bytes32 signal = secondSignal ? bytes32("second") : bytes32("first");
        uint256 scope = endorsements.scopeOf(_agentId, epoch);
        (uint256 y, uint256 nullifier) = _verifier.share(
            secret,
            scope,
            endorsements.messageOf(_agentId, epoch, signal)
        );
        (IEndorsements.Share memory first, IEndorsements.Share memory second) = endorsements.sharesOf(nullifier);
        uint256 message = endorsements.messageOf(_agentId, epoch, signal);
        // Skip what the contract refuses (replays, a third signal) and what no root allows: a
        // withdrawn leaf is in no valid root, since the delay outlasts the root validity.
        if (first.x == message || second.x != 0) return;
        if (id.status == IAnonymousStakeGroup.IdentityStatus.Withdrawn) return;
        uint256 groupRoot = group.root();
        vm.prank(adversary);
        endorsements.endorse(_agentId, epoch, signal, groupRoot, y, nullifier, _proof);
        if (first.x == 0) return;
        if (!doubleSignalled[secret]) {
            doubleSignalled[secret] = true;
            _doubleSignallers.push(secret);
        }
        if (
            id.status == IAnonymousStakeGroup.IdentityStatus.Active ||
            id.status == IAnonymousStakeGroup.IdentityStatus.Withdrawing
        ) _bookSlash(id);
    }

    /// @dev The adversary slashes one of its own identities (a reward was once paid for it).
    function adversarySelfSlash(uint256 seed) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        if (!_isAdversary[secret]) return;
        if (
            id.status != IAnonymousStakeGroup.IdentityStatus.Active &&
            id.status != IAnonymousStakeGroup.IdentityStatus.Withdrawing
        ) return;
        vm.prank(adversary);
        group.slash(secret);
        _bookSlash(id);
    }

    /// @dev The adversary withdraws one of its identities to itself, relaying its own request
    ///  for a fee, right after depositing another (a concurrent insert).
    function adversaryWithdraw(uint256 seed, uint256 fee, uint256 depositSeed) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        if (!_isAdversary[secret] || id.status != IAnonymousStakeGroup.IdentityStatus.Active) return;
        _deposit(adversary, uint256(keccak256(abi.encode("adversary", depositSeed))), 0);
        _request(secret, adversary, adversary, uint96(bound(fee, 0, id.amount)));
    }

    function warp(uint256 seconds_) external {
        currentTime += bound(seconds_, 1, 10 days);
        ++currentBlock;
    }
}

contract AnonymousStakeGroupInvariantTest is Test {
    MockERC20 internal token;
    AnonymousStakeGroup internal group;
    AnonymousStakeGroupHandler internal handler;
    address internal sink;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(100);
        sink = makeAddr("sink");
        token = new MockERC20();
        RlnVerifierMock verifier = new RlnVerifierMock();
        StakeManager manager = new StakeManager(token, makeAddr("admin"), 100 ether, 7 days);
        AgentRegistry registry = new AgentRegistry(manager);
        group = new AnonymousStakeGroup(token, verifier, sink, nextCreateAddress(1), 1 ether, 7 days, 1 hours);
        Endorsements endorsements = new Endorsements(group, registry, 1 days, 1 ether, 2 gwei, 1 ether);

        address operator = makeAddr("operator");
        token.mint(operator, 100 ether);
        vm.startPrank(operator);
        token.approve(address(manager), 100 ether);
        manager.deposit(100 ether);
        vm.stopPrank();
        uint256 agentId = IdentityProofs.register(registry, 0xA11CE, operator, keccak256("code"), "ipfs://a");

        handler = new AnonymousStakeGroupHandler(group, endorsements, token, verifier, agentId);

        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = AnonymousStakeGroupHandler.deposit.selector;
        selectors[1] = AnonymousStakeGroupHandler.requestWithdrawal.selector;
        selectors[2] = AnonymousStakeGroupHandler.withdraw.selector;
        selectors[3] = AnonymousStakeGroupHandler.slash.selector;
        selectors[4] = AnonymousStakeGroupHandler.warp.selector;
        selectors[5] = AnonymousStakeGroupHandler.adversaryDeposit.selector;
        selectors[6] = AnonymousStakeGroupHandler.adversaryEndorse.selector;
        selectors[7] = AnonymousStakeGroupHandler.adversarySelfSlash.selector;
        selectors[8] = AnonymousStakeGroupHandler.adversaryWithdraw.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_balanceEqualsLivePlusPending() public view {
        assertEq(
            token.balanceOf(address(group)),
            group.totalLive() + group.totalPending(),
            "balance != live deposits + pending withdrawals"
        );
    }

    function invariant_totalsMatchTheLedger() public view {
        assertEq(group.totalLive(), handler.ghostLive(), "live");
        assertEq(group.totalPending(), handler.ghostPending(), "pending");
        assertEq(
            handler.ghostDeposited(),
            handler.ghostLive() + handler.ghostPending() + handler.ghostWithdrawn() + handler.ghostSlashed(),
            "every deposited token is live, pending, withdrawn or slashed"
        );
        assertEq(token.balanceOf(sink), handler.ghostSlashed(), "every slashed token is at the sink");
        assertEq(token.balanceOf(handler.relayer()), handler.ghostRelayerFees(), "relayer fees");
    }

    function invariant_rootMatchesTheStoredTree() public view {
        assertEq(group.root(), handler.root(), "root");
    }

    /// @dev The adversary (member, relayer, slasher and depositor at once) never ends with more
    ///  than it deposited, and a double-signaller gets nothing of its stake back.
    function invariant_noMemberProfits() public view {
        assertEq(token.balanceOf(handler.adversary()), handler.adversaryOut(), "adversary's ledger");
        assertLe(handler.adversaryOut(), handler.adversaryIn(), "the adversary took out more than it put in");
        assertEq(handler.paidToDoubleSignallers(), 0, "a double-signaller got stake back");
        for (uint256 i = 0; i < handler.doubleSignallerCount(); ++i) {
            uint256 commitment = PoseidonT2.hash([handler.doubleSignallerAt(i)]);
            assertEq(
                uint256(group.identityOf(commitment).status),
                uint256(IAnonymousStakeGroup.IdentityStatus.Slashed),
                "a double-signaller's identity is not slashed"
            );
        }
    }
}
