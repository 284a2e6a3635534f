// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {Endorsements} from "../../src/anonymity/Endorsements.sol";
import {IAnonymousStakeGroup} from "../../src/interfaces/IAnonymousStakeGroup.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {RlnShareLibrary} from "../../src/libraries/RlnShareLibrary.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {RlnVerifierMock} from "../mocks/RlnVerifierMock.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {StakeTreeReference} from "../utils/StakeTreeReference.sol";
import {Test} from "../utils/Test.sol";

/// @title AnonymousStakeGroupEdgesTest
/// @notice Issue 12's protocol edges of the anonymous stake group, each tried by one attacker who
///  is member, slasher, relayer and depositor at once, sees the mempool and orders calls. The
///  verifier stand-in (RlnVerifierMock) computes the circuit's real shares, so a secret recovered
///  from two shares is the secret exactly when the circuit would leak it. Each test failed on
///  the group as it stood before issue 12 (scope of the commitment alone, caller-supplied Merkle
///  paths, any withdrawal delay, a rewarded commit-reveal slash, secret 0 accepted).
contract AnonymousStakeGroupEdgesTest is Test {
    uint96 internal constant STAKE = 100 ether;
    uint64 internal constant DELAY = 7 days;
    uint64 internal constant VALIDITY = 1 hours;
    uint64 internal constant EPOCH = 1 days;
    uint96 internal constant THRESHOLD = 80 ether;
    uint256 internal constant DEPTH = 20;
    uint256 internal constant SECRET = 0x5ec12e7;

    MockERC20 internal token;
    RlnVerifierMock internal verifier;
    AnonymousStakeGroup internal group;
    Endorsements internal endorsements;
    AgentRegistry internal registry;
    address internal sink;
    address internal attacker;
    uint256 internal agentId;
    uint256[] internal leaves;
    Groth16Proof internal proof;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(100);
        sink = makeAddr("sink");
        attacker = makeAddr("attacker");
        token = new MockERC20();
        verifier = new RlnVerifierMock();
        StakeManager manager = new StakeManager(token, makeAddr("admin"), 100 ether, 7 days);
        registry = new AgentRegistry(manager);
        // The group names the endorsements contract deployed right after it, as the deploy step does.
        group = new AnonymousStakeGroup(token, verifier, sink, nextCreateAddress(1), 10 ether, DELAY, VALIDITY);
        endorsements = new Endorsements(group, registry, EPOCH, THRESHOLD, 2 gwei, 1 ether);

        address operator = makeAddr("operator");
        token.mint(operator, 100 ether);
        vm.startPrank(operator);
        token.approve(address(manager), 100 ether);
        manager.deposit(100 ether);
        vm.stopPrank();
        agentId = IdentityProofs.register(registry, 0xA11CE, operator, keccak256("code"), "ipfs://agent");

        token.mint(attacker, 1_000_000 ether);
        vm.prank(attacker);
        token.approve(address(group), type(uint256).max);
    }

    function _deposit(uint256 secret) internal returns (uint256 commitment) {
        commitment = PoseidonT2.hash([secret]);
        vm.prank(attacker);
        group.deposit(commitment, STAKE);
        leaves.push(PoseidonT3.hash([commitment, uint256(STAKE)]));
    }

    function _requestWithdrawal(uint256 secret, address recipient, uint96 fee) internal {
        uint256 commitment = PoseidonT2.hash([secret]);
        uint256 scope = group.withdrawalScope(commitment, recipient, fee);
        (uint256 y, uint256 nullifier) = verifier.share(secret, scope, group.withdrawalMessage(recipient));
        vm.prank(attacker);
        group.requestWithdrawal(commitment, recipient, fee, y, nullifier, proof);
    }

    function _endorse(uint256 secret, bytes32 signal) internal {
        uint256 epoch = endorsements.currentEpoch();
        uint256 scope = endorsements.scopeOf(agentId, epoch);
        (uint256 y, uint256 nullifier) = verifier.share(secret, scope, endorsements.messageOf(agentId, epoch, signal));
        uint256 root = group.root();
        vm.prank(attacker);
        endorsements.endorse(agentId, epoch, signal, root, y, nullifier, proof);
    }

    // ------------------------------------------------- 1. withdrawal proofs leak the secret

    /// @dev The member signs withdrawals to two recipients (say a relayer's offer and its own
    ///  wallet); a mempool watcher sees both proofs' shares. With the scope of the commitment
    ///  alone they were two points of one line: the watcher recovered the secret and requested
    ///  the withdrawal to itself first. Now each payload has its own scope.
    function test_attack_twoWithdrawalProofsRevealTheSecret() public {
        verifier.addSecret(SECRET);
        uint256 commitment = _deposit(SECRET);
        address walletA = makeAddr("walletA");
        address walletB = makeAddr("walletB");
        uint256 xA = group.withdrawalMessage(walletA);
        uint256 xB = group.withdrawalMessage(walletB);
        (uint256 yA, uint256 nA) = verifier.share(SECRET, group.withdrawalScope(commitment, walletA, 0), xA);
        (uint256 yB, uint256 nB) = verifier.share(SECRET, group.withdrawalScope(commitment, walletB, 1 ether), xB);
        assertTrue(nA != nB, "two payloads share a nullifier, i.e. a line");
        _stealWith(commitment, RlnShareLibrary.recoverSecret(xA, yA, xB, yB));

        // The same payload twice is the same point: a copy, which leaks nothing and pays the same.
        (uint256 yA2, uint256 nA2) = verifier.share(SECRET, group.withdrawalScope(commitment, walletA, 0), xA);
        assertEq(yA2, yA);
        assertEq(nA2, nA);
    }

    function _stealWith(uint256 commitment, uint256 guess) internal {
        assertTrue(guess != SECRET, "the two shares give the secret away");
        uint256 scope = group.withdrawalScope(commitment, attacker, 0);
        (uint256 y, uint256 nullifier) = verifier.share(guess, scope, group.withdrawalMessage(attacker));
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidProof.selector);
        group.requestWithdrawal(commitment, attacker, 0, y, nullifier, proof);
    }

    /// @dev A relayer cannot raise the fee the member signed: the fee is in the scope.
    function test_attack_relayerRaisesTheSignedFee() public {
        verifier.addSecret(SECRET);
        uint256 commitment = _deposit(SECRET);
        address wallet = makeAddr("wallet");
        uint256 scope = group.withdrawalScope(commitment, wallet, 1 ether);
        (uint256 y, uint256 nullifier) = verifier.share(SECRET, scope, group.withdrawalMessage(wallet));
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidProof.selector);
        vm.prank(attacker);
        group.requestWithdrawal(commitment, wallet, 50 ether, y, nullifier, proof);
    }

    // --------------------------------------------- 2. concurrent deposits and stale paths

    /// @dev A deposit placed ahead of a withdrawal request in the same block changed the request's
    ///  right-hand siblings and made it revert; a griefer depositing every block blocked exits.
    function test_attack_depositInTheSameBlockBlocksAWithdrawalRequest() public {
        verifier.addSecret(SECRET);
        _deposit(SECRET);
        _deposit(0xbeef);
        // Front-run in the same block (no vm.roll), then the member's request lands.
        _deposit(0xfeed);
        _requestWithdrawal(SECRET, makeAddr("wallet"), 0);
        leaves[0] = 0;
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH), "root after the request");
    }

    /// @dev The same for a slash, behind several deposits the attacker reordered ahead of it.
    function test_attack_reorderedDepositsBlockASlash() public {
        verifier.addSecret(SECRET);
        _deposit(0x1);
        _deposit(SECRET);
        for (uint256 i = 0; i < 5; ++i) _deposit(0x100 + i);
        vm.prank(makeAddr("anyone"));
        group.slash(SECRET);
        leaves[1] = 0;
        assertEq(group.root(), StakeTreeReference.root(leaves, DEPTH), "root after the slash");
        assertEq(token.balanceOf(sink), STAKE);
    }

    // --------------------------------------------- 3. withdrawing inside the root window

    /// @dev With a delay at most the root validity (0 included) a member withdrew, then
    ///  double-signalled against a root still holding its leaf: nothing was left to slash.
    function test_attack_withdrawBeforeOldRootsExpire() public {
        address e = makeAddr("endorsements");
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupWithdrawalDelayTooShort.selector,
                uint64(0),
                VALIDITY
            )
        );
        new AnonymousStakeGroup(token, verifier, sink, e, 10 ether, 0, VALIDITY);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupWithdrawalDelayTooShort.selector,
                VALIDITY,
                VALIDITY
            )
        );
        new AnonymousStakeGroup(token, verifier, sink, e, 10 ether, VALIDITY, VALIDITY);
    }

    /// @dev With the deployed rule, the latest double signal against a root holding the leaf
    ///  lands while the stake is still pending, and takes it.
    function test_attack_doubleSignalAtTheEndOfTheRootWindowIsSlashed() public {
        verifier.addSecret(SECRET);
        _deposit(SECRET);
        uint256 oldRoot = group.root();
        _endorse(SECRET, "first");
        _requestWithdrawal(SECRET, attacker, 0);
        vm.warp(block.timestamp + VALIDITY);
        assertTrue(group.isValidRoot(oldRoot));
        uint256 epoch = endorsements.currentEpoch();
        uint256 scope = endorsements.scopeOf(agentId, epoch);
        (uint256 y, uint256 nullifier) = verifier.share(
            SECRET,
            scope,
            endorsements.messageOf(agentId, epoch, "second")
        );
        endorsements.endorse(agentId, epoch, "second", oldRoot, y, nullifier, proof);
        assertEq(token.balanceOf(sink), STAKE);
        vm.warp(block.timestamp + DELAY);
        uint256 commitment = PoseidonT2.hash([SECRET]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupWrongStatus.selector,
                commitment,
                IAnonymousStakeGroup.IdentityStatus.Slashed
            )
        );
        group.withdraw(commitment);
    }

    // ------------------------------------------------- 4. the offender's own slash reward

    /// @dev The offender committed a slash of its own secret in advance, double-signalled and
    ///  revealed first, collecting the slasher's reward out of its own stake. Now the double
    ///  signal slashes in its own transaction, for no reward, and a self-slash pays nothing.
    function test_attack_offenderSlashesItselfForTheReward() public {
        verifier.addSecret(SECRET);
        _deposit(SECRET);
        uint256 before = token.balanceOf(attacker);
        _endorse(SECRET, "first");
        _endorse(SECRET, "second");
        assertEq(token.balanceOf(sink), STAKE, "the double signal took the whole stake");
        uint256 commitment = PoseidonT2.hash([SECRET]);
        assertEq(uint256(group.identityOf(commitment).status), uint256(IAnonymousStakeGroup.IdentityStatus.Slashed));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAnonymousStakeGroup.AnonymousStakeGroupWrongStatus.selector,
                commitment,
                IAnonymousStakeGroup.IdentityStatus.Slashed
            )
        );
        vm.prank(attacker);
        group.slash(SECRET);
        assertEq(token.balanceOf(attacker), before, "the double-signaller got something back");
    }

    /// @dev The other order: slash itself first (for a reward, before), then double-signal
    ///  against a root still inside the window. No reward exists, so it only loses its stake.
    function test_attack_offenderSlashesItselfBeforeDoubleSignalling() public {
        verifier.addSecret(SECRET);
        _deposit(SECRET);
        uint256 oldRoot = group.root();
        uint256 before = token.balanceOf(attacker);
        _endorse(SECRET, "first");
        vm.prank(attacker);
        group.slash(SECRET);
        uint256 epoch = endorsements.currentEpoch();
        uint256 scope = endorsements.scopeOf(agentId, epoch);
        (uint256 y, uint256 nullifier) = verifier.share(
            SECRET,
            scope,
            endorsements.messageOf(agentId, epoch, "second")
        );
        endorsements.endorse(agentId, epoch, "second", oldRoot, y, nullifier, proof);
        assertEq(token.balanceOf(attacker), before);
        assertEq(token.balanceOf(sink), STAKE);
        assertEq(endorsements.endorsementCount(agentId, epoch), 0);
    }

    // -------------------------------------------------------- 5. the secret 0

    /// @dev Stake behind Poseidon(0) was anyone's: everyone knows the secret 0.
    function test_attack_stakeBehindTheZeroSecret() public {
        uint256 commitment = PoseidonT2.hash([uint256(0)]);
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupZeroSecretCommitment.selector);
        vm.prank(attacker);
        group.deposit(commitment, STAKE);
        vm.expectRevert(IAnonymousStakeGroup.AnonymousStakeGroupInvalidSecret.selector);
        group.slash(0);
    }
}
