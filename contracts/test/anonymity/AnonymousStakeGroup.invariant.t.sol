// SPDX-License-Identifier: MIT
// The handler shares this file with the test: Hardhat only writes artifacts for the test files
// it runs, and the invariant fuzzer needs the handler's artifact to call it.
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {IAnonymousStakeGroup} from "../../src/interfaces/IAnonymousStakeGroup.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {StakeTreeLibrary} from "../../src/libraries/StakeTreeLibrary.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockStakeMembershipVerifier} from "../mocks/MockStakeMembershipVerifier.sol";
import {Test} from "../utils/Test.sol";

/// @title AnonymousStakeGroupHandler
/// @notice Drives the group through random deposits, withdrawal requests, withdrawals, slashes
///  (commit, then reveal a block later) and time, with a verifier that accepts every proof. It
///  keeps its own copy of the tree, every node stored and rehashed along the changed path, to
///  hand the contract Merkle paths and to compare roots; and a ledger of every token in and out.
contract AnonymousStakeGroupHandler is Test {
    uint256 internal constant DEPTH = 20;
    uint256 internal constant MAX_IDENTITIES = 24;
    bytes32 internal constant SALT = keccak256("salt");

    AnonymousStakeGroup public immutable group;
    MockERC20 public immutable token;
    address internal immutable _depositor;
    address internal immutable _slasher;
    address internal immutable _recipient;

    uint256[] internal _secrets;
    mapping(uint256 level => mapping(uint256 index => uint256 value)) internal _nodes;
    mapping(uint256 level => mapping(uint256 index => bool)) internal _known;

    uint256 public currentTime;
    uint256 public currentBlock;
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    uint256 public ghostSlashed;
    uint256 public ghostLive;
    uint256 public ghostPending;
    Groth16Proof internal _proof;

    constructor(AnonymousStakeGroup group_, MockERC20 token_) {
        group = group_;
        token = token_;
        _depositor = makeAddr("depositor");
        _slasher = makeAddr("slasher");
        _recipient = makeAddr("recipient");
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

    function _siblings(uint256 index) internal view returns (uint256[] memory path) {
        path = new uint256[](DEPTH);
        for (uint256 level = 0; level < DEPTH; ++level) path[level] = _node(level, (index >> level) ^ 1);
    }

    function _identity(uint256 seed) internal view returns (uint256 secret, IAnonymousStakeGroup.Identity memory id) {
        secret = _secrets[seed % _secrets.length];
        id = group.identityOf(PoseidonT2.hash([secret]));
    }

    // --------------------------------------------------------------- actions

    function deposit(uint256 seed, uint256 amount) external useChain {
        if (_secrets.length >= MAX_IDENTITIES) return;
        uint256 secret = uint256(keccak256(abi.encode("secret", seed))) >> 8;
        uint256 commitment = PoseidonT2.hash([secret]);
        if (group.identityOf(commitment).status != IAnonymousStakeGroup.IdentityStatus.None) return;
        uint96 value = uint96(bound(amount, group.minimumDeposit(), 1e30));
        token.mint(_depositor, value);
        vm.startPrank(_depositor);
        token.approve(address(group), value);
        uint256 index = group.deposit(commitment, value);
        vm.stopPrank();
        _secrets.push(secret);
        _setLeaf(index, PoseidonT3.hash([commitment, uint256(value)]));
        ghostDeposited += value;
        ghostLive += value;
    }

    function requestWithdrawal(uint256 seed) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        if (id.status != IAnonymousStakeGroup.IdentityStatus.Active) return;
        group.requestWithdrawal(PoseidonT2.hash([secret]), _recipient, 1, 2, _proof, _siblings(id.leafIndex));
        _setLeaf(id.leafIndex, 0);
        ghostLive -= id.amount;
        ghostPending += id.amount;
    }

    function withdraw(uint256 seed) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        if (id.status != IAnonymousStakeGroup.IdentityStatus.Withdrawing || block.timestamp < id.unlockAt) return;
        group.withdraw(PoseidonT2.hash([secret]));
        ghostPending -= id.amount;
        ghostWithdrawn += id.amount;
    }

    function slash(uint256 seed) external useChain {
        if (_secrets.length == 0) return;
        (uint256 secret, IAnonymousStakeGroup.Identity memory id) = _identity(seed);
        bool active = id.status == IAnonymousStakeGroup.IdentityStatus.Active;
        if (!active && id.status != IAnonymousStakeGroup.IdentityStatus.Withdrawing) return;
        bytes32 hash = group.slashCommitment(_slasher, secret, SALT);
        vm.startPrank(_slasher);
        group.commitSlash(hash);
        ++currentBlock;
        vm.roll(currentBlock);
        group.slash(secret, SALT, active ? _siblings(id.leafIndex) : new uint256[](0));
        vm.stopPrank();
        if (active) {
            _setLeaf(id.leafIndex, 0);
            ghostLive -= id.amount;
        } else {
            ghostPending -= id.amount;
        }
        ghostSlashed += id.amount;
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

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(100);
        token = new MockERC20();
        MockStakeMembershipVerifier verifier = new MockStakeMembershipVerifier();
        group = new AnonymousStakeGroup(token, verifier, makeAddr("sink"), 1 ether, 7 days, 1 hours, 1_000);
        handler = new AnonymousStakeGroupHandler(group, token);

        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = AnonymousStakeGroupHandler.deposit.selector;
        selectors[1] = AnonymousStakeGroupHandler.requestWithdrawal.selector;
        selectors[2] = AnonymousStakeGroupHandler.withdraw.selector;
        selectors[3] = AnonymousStakeGroupHandler.slash.selector;
        selectors[4] = AnonymousStakeGroupHandler.warp.selector;
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
    }

    function invariant_rootMatchesTheStoredTree() public view {
        assertEq(group.root(), handler.root(), "root");
    }
}
