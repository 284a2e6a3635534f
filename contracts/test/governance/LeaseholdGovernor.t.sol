// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {ICodeRegistry} from "../../src/interfaces/ICodeRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {GovernanceFixture} from "../utils/GovernanceFixture.sol";

/// @notice The governance stack wired as the deploy step wires it, driven through IGovernor.
contract LeaseholdGovernorTest is GovernanceFixture {
    bytes32 internal constant CODE = keccak256("agent-bundle-v1");

    address internal publisher;

    function setUp() public {
        publisher = makeAddr("publisher");
        _deployGovernance(new MockERC20(), 0, address(0));
    }

    function test_lifecycle_approvesAReleaseThroughTheTimelock() public {
        vm.prank(publisher);
        uint64 approvableAt = codeRegistry.publish(CODE, keccak256("cid"), 4096, ICodeRegistry.Urgency.Routine, "");
        IGovernor igovernor = IGovernor(address(governor));
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _approvalCall(publisher, CODE);
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
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _approvalCall(publisher, CODE);
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
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryReviewWindowNotOver.selector,
                publisher,
                CODE,
                approvableAt
            )
        );
        governor.execute(targets, values, calldatas, descriptionHash);
        vm.warp(approvableAt);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertTrue(codeRegistry.isApproved(CODE));
    }

    function test_quorum_isFourPercentOfTheSupplyAtTheSnapshot() public view {
        assertEq(governor.quorum(block.timestamp - 1), (VOTES_SUPPLY * 4) / 100);
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
    }
}
