// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {CodeRegistry} from "../../src/governance/CodeRegistry.sol";
import {LeaseholdGovernor} from "../../src/governance/LeaseholdGovernor.sol";
import {LeaseholdVotes} from "../../src/governance/LeaseholdVotes.sol";
import {ICodeRegistry} from "../../src/interfaces/ICodeRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

/// @notice The governance stack wired as the deploy step wires it, driven through IGovernor.
contract LeaseholdGovernorTest is Test {
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 7 days;
    uint256 internal constant TIMELOCK_DELAY = 2 days;
    uint256 internal constant SUPPLY = 1_000_000 ether;
    bytes32 internal constant CODE = keccak256("agent-bundle-v1");

    LeaseholdVotes internal votes;
    TimelockController internal timelock;
    LeaseholdGovernor internal governor;
    CodeRegistry internal codeRegistry;
    MockERC20 internal token;
    address internal voter;
    address internal publisher;

    function setUp() public {
        voter = makeAddr("voter");
        publisher = makeAddr("publisher");
        vm.warp(1_700_000_000);
        votes = new LeaseholdVotes(voter, SUPPLY);
        timelock = new TimelockController(TIMELOCK_DELAY, new address[](0), new address[](0), address(this));
        governor = new LeaseholdGovernor(votes, timelock, VOTING_DELAY, VOTING_PERIOD, 1_000 ether, 4);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        token = new MockERC20();
        codeRegistry = new CodeRegistry(
            token,
            address(timelock),
            address(0),
            2 days,
            ICodeRegistry.ReviewPolicy(7 days, 1 hours),
            0
        );
        vm.prank(voter);
        votes.delegate(voter);
        vm.warp(block.timestamp + 1);
    }

    function _approveProposal()
        internal
        view
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        targets = new address[](1);
        targets[0] = address(codeRegistry);
        values = new uint256[](1);
        calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(ICodeRegistry.approve, (CODE));
    }

    function test_lifecycle_approvesAReleaseThroughTheTimelock() public {
        vm.prank(publisher);
        uint64 approvableAt = codeRegistry.publish(CODE, keccak256("cid"), 4096, ICodeRegistry.Urgency.Routine, "");
        IGovernor igovernor = IGovernor(address(governor));
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _approveProposal();
        bytes32 descriptionHash = keccak256("Approve agent-bundle-v1");

        vm.prank(voter);
        uint256 proposalId = igovernor.propose(targets, values, calldatas, "Approve agent-bundle-v1");
        vm.snapshotGasLastCall("LeaseholdGovernor", "propose");
        assertEq(uint256(igovernor.state(proposalId)), uint256(IGovernor.ProposalState.Pending));

        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(voter);
        igovernor.castVote(proposalId, 1);
        vm.snapshotGasLastCall("LeaseholdGovernor", "castVote");

        vm.warp(block.timestamp + VOTING_PERIOD);
        assertEq(uint256(igovernor.state(proposalId)), uint256(IGovernor.ProposalState.Succeeded));
        igovernor.queue(targets, values, calldatas, descriptionHash);
        vm.snapshotGasLastCall("LeaseholdGovernor", "queue");

        vm.warp(block.timestamp + TIMELOCK_DELAY);
        assertGe(block.timestamp, approvableAt);
        igovernor.execute(targets, values, calldatas, descriptionHash);
        vm.snapshotGasLastCall("LeaseholdGovernor", "execute");
        assertEq(uint256(igovernor.state(proposalId)), uint256(IGovernor.ProposalState.Executed));
        assertTrue(codeRegistry.isApproved(CODE));
    }

    function test_execute_revertsInsideTheReviewWindowAndSucceedsAfter() public {
        vm.prank(publisher);
        uint64 approvableAt = codeRegistry.publish(
            CODE,
            keccak256("cid"),
            1024 * 1024,
            ICodeRegistry.Urgency.Routine,
            ""
        );
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _approveProposal();
        bytes32 descriptionHash = keccak256("Approve a large bundle");
        vm.prank(voter);
        governor.propose(targets, values, calldatas, "Approve a large bundle");
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        uint256 proposalId = governor.getProposalId(targets, values, calldatas, descriptionHash);
        vm.prank(voter);
        governor.castVote(proposalId, 1);
        vm.warp(block.timestamp + VOTING_PERIOD);
        governor.queue(targets, values, calldatas, descriptionHash);
        vm.warp(block.timestamp + TIMELOCK_DELAY);

        vm.expectRevert(
            abi.encodeWithSelector(ICodeRegistry.CodeRegistryReviewWindowNotOver.selector, CODE, approvableAt)
        );
        governor.execute(targets, values, calldatas, descriptionHash);
        vm.warp(approvableAt);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertTrue(codeRegistry.isApproved(CODE));
    }

    function test_quorum_isFourPercentOfTheSupplyAtTheSnapshot() public view {
        assertEq(governor.quorum(block.timestamp - 1), (SUPPLY * 4) / 100);
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
    }
}
