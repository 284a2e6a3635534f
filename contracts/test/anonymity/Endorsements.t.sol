// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {AnonymousStakeGroup} from "../../src/anonymity/AnonymousStakeGroup.sol";
import {Endorsements} from "../../src/anonymity/Endorsements.sol";
import {IAnonymousStakeGroup} from "../../src/interfaces/IAnonymousStakeGroup.sol";
import {IEndorsements} from "../../src/interfaces/IEndorsements.sol";
import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {RlnShareLibrary} from "../../src/libraries/RlnShareLibrary.sol";
import {StakeTreeLibrary} from "../../src/libraries/StakeTreeLibrary.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {StakeMembershipVerifier} from "../../src/zk/StakeMembershipVerifier.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockStakeMembershipVerifier} from "../mocks/MockStakeMembershipVerifier.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {StakeProofFixture} from "../utils/StakeProofFixture.sol";
import {Test} from "../utils/Test.sol";

contract EndorsementsTest is Test {
    uint64 internal constant EPOCH = 1 days;
    uint96 internal constant THRESHOLD = 80 ether;
    bytes32 internal constant SIGNAL = keccak256("review: reliable");
    bytes32 internal constant OTHER_SIGNAL = keccak256("review: exfiltrates");

    MockERC20 internal token;
    MockStakeMembershipVerifier internal verifier;
    AnonymousStakeGroup internal group;
    AgentRegistry internal registry;
    Endorsements internal endorsements;
    uint256 internal agentId;
    uint256 internal epoch;
    Groth16Proof internal proof;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new MockERC20();
        verifier = new MockStakeMembershipVerifier();
        StakeManager manager = new StakeManager(token, makeAddr("admin"), 100 ether, 7 days);
        registry = new AgentRegistry(manager);
        // The group names the endorsements contract created right after it.
        group = new AnonymousStakeGroup(
            token,
            verifier,
            makeAddr("sink"),
            nextCreateAddress(1),
            10 ether,
            7 days,
            1 hours
        );
        endorsements = new Endorsements(group, registry, EPOCH, THRESHOLD);

        address operator = makeAddr("operator");
        token.mint(operator, 100 ether);
        vm.startPrank(operator);
        token.approve(address(manager), 100 ether);
        manager.deposit(100 ether);
        vm.stopPrank();
        agentId = IdentityProofs.register(registry, 0xA11CE, operator, keccak256("code"), "ipfs://agent");
        epoch = endorsements.currentEpoch();
    }

    function _expect(uint256 y, uint256 nullifier, bytes32 signal) internal {
        verifier.expect(
            [
                y,
                nullifier,
                group.root(),
                uint256(THRESHOLD),
                endorsements.scopeOf(agentId, epoch),
                endorsements.messageOf(agentId, epoch, signal)
            ]
        );
    }

    function test_endorse_asksTheVerifierWithTheContractsThresholdScopeAndMessage() public {
        uint256 root = group.root();
        _expect(11, 22, SIGNAL);
        vm.expectRevert(IEndorsements.EndorsementsInvalidProof.selector);
        endorsements.endorse(agentId, epoch, OTHER_SIGNAL, root, 11, 22, proof);
        endorsements.endorse(agentId, epoch, SIGNAL, root, 11, 22, proof);
        vm.snapshotGasLastCall("Endorsements", "endorse (mock verifier)");
        assertEq(endorsements.endorsementCount(agentId, epoch), 1);
        assertEq(
            endorsements.scopeOf(agentId, epoch),
            uint256(
                keccak256(
                    abi.encode(block.chainid, address(endorsements), keccak256("leasehold.endorse"), agentId, epoch)
                )
            ) >> 8
        );
    }

    function test_endorse_storesBothSharesOfADoubleSignal() public {
        uint256 root = group.root();
        endorsements.endorse(agentId, epoch, SIGNAL, root, 11, 22, proof);
        endorsements.endorse(agentId, epoch, OTHER_SIGNAL, root, 33, 22, proof);
        vm.snapshotGasLastCall("Endorsements", "endorse double signal (mock verifier)");
        (IEndorsements.Share memory first, IEndorsements.Share memory second) = endorsements.sharesOf(22);
        assertEq(first.x, endorsements.messageOf(agentId, epoch, SIGNAL));
        assertEq(first.y, 11);
        assertEq(second.x, endorsements.messageOf(agentId, epoch, OTHER_SIGNAL));
        assertEq(second.y, 33);
        assertEq(endorsements.endorsementCount(agentId, epoch), 0);
    }

    function test_constructor_refusesAGroupThatNamesAnotherEndorsementsContract() public {
        vm.expectRevert(
            abi.encodeWithSelector(IEndorsements.EndorsementsNotTheGroupsEndorsements.selector, address(endorsements))
        );
        new Endorsements(group, registry, EPOCH, THRESHOLD);
    }

    function test_endorse_slashesTheDoubleSignallerInTheSameTransaction() public {
        uint256 secret = 0x5ec12e7;
        uint256 commitment = PoseidonT2.hash([secret]);
        token.mint(address(this), 100 ether);
        token.approve(address(group), 100 ether);
        group.deposit(commitment, 100 ether);
        uint256 root = group.root();
        uint256 scope = endorsements.scopeOf(agentId, epoch);
        uint256 a1 = PoseidonT3.hash([secret, scope]);
        uint256 x1 = endorsements.messageOf(agentId, epoch, SIGNAL);
        uint256 x2 = endorsements.messageOf(agentId, epoch, OTHER_SIGNAL);
        uint256 p = RlnShareLibrary.FIELD;
        endorsements.endorse(agentId, epoch, SIGNAL, root, addmod(secret, mulmod(a1, x1, p), p), 22, proof);
        endorsements.endorse(agentId, epoch, OTHER_SIGNAL, root, addmod(secret, mulmod(a1, x2, p), p), 22, proof);
        vm.snapshotGasLastCall("Endorsements", "endorse double signal and slash (mock verifier)");
        assertEq(uint256(group.identityOf(commitment).status), uint256(IAnonymousStakeGroup.IdentityStatus.Slashed));
        assertEq(token.balanceOf(makeAddr("sink")), 100 ether);
        assertEq(group.root(), StakeTreeLibrary.zero(20), "the only leaf is zeroed");
        assertEq(group.totalLive(), 0);
    }

    function testFuzz_endorse_acceptsOnlyTheCurrentAndPreviousEpoch(uint256 claimed, uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 10 * uint256(EPOCH));
        claimed = bound(claimed, 0, epoch + 20);
        vm.warp(block.timestamp + elapsed);
        uint256 current = endorsements.currentEpoch();
        uint256 root = group.root();
        if (claimed == current || claimed + 1 == current) {
            endorsements.endorse(agentId, claimed, SIGNAL, root, 11, 22, proof);
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(IEndorsements.EndorsementsEpochNotAccepted.selector, claimed, current)
            );
            endorsements.endorse(agentId, claimed, SIGNAL, root, 11, 22, proof);
        }
    }

    function test_verifyProof_acceptsTheFixtureAndRejectsAnyAlteredSignal() public {
        StakeMembershipVerifier real = new StakeMembershipVerifier();
        Groth16Proof memory fixture = StakeProofFixture.proof();
        uint256[6] memory signals = StakeProofFixture.publicSignals();
        assertTrue(real.verifyProof(fixture.a, fixture.b, fixture.c, signals));
        vm.snapshotGasLastCall("StakeMembershipVerifier", "verifyProof");
        for (uint256 i = 0; i < 6; ++i) {
            uint256[6] memory altered = signals;
            ++altered[i];
            assertFalse(real.verifyProof(fixture.a, fixture.b, fixture.c, altered));
        }
    }
}
