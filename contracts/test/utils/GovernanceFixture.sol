// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {CodeRegistry} from "../../src/governance/CodeRegistry.sol";
import {LeaseholdGovernor} from "../../src/governance/LeaseholdGovernor.sol";
import {LeaseholdVotes} from "../../src/governance/LeaseholdVotes.sol";
import {ICodeRegistry} from "../../src/interfaces/ICodeRegistry.sol";
import {Test} from "./Test.sol";

/// @title GovernanceFixture
/// @notice The governance stack wired as the deploy step wires it (scripts/deploy/deploy-leasehold.ts,
///  with its default parameters): LeaseholdVotes, a TimelockController that is its own admin and
///  whose only proposer, canceller and executor is the LeaseholdGovernor, and the CodeRegistry
///  governed by the timelock, with a guardian. `voter` holds the whole voting supply, delegated
///  to itself; proposals go through IGovernor, as any governance tool would send them.
abstract contract GovernanceFixture is Test {
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 7 days;
    uint256 internal constant PROPOSAL_THRESHOLD = 1_000 ether;
    uint256 internal constant QUORUM_PERCENT = 4;
    uint256 internal constant TIMELOCK_DELAY = 2 days;
    uint256 internal constant VOTES_SUPPLY = 1_000_000 ether;
    uint64 internal constant REVIEW_FLOOR = 2 days;
    uint64 internal constant REVIEW_BASE = 7 days;
    uint64 internal constant REVIEW_PER_KIB = 1 hours;
    uint8 internal constant VOTE_FOR = 1;

    LeaseholdVotes internal votes;
    TimelockController internal timelock;
    LeaseholdGovernor internal governor;
    CodeRegistry internal codeRegistry;
    address internal voter;
    address internal guardian;

    /// @dev `guardian_` may be zero (no guardian), as the deploy allows.
    function _deployGovernance(IERC20 bondToken, uint256 publicationBond, address guardian_) internal {
        voter = makeAddr("voter");
        guardian = guardian_;
        vm.warp(1_700_000_000);
        votes = new LeaseholdVotes(voter, VOTES_SUPPLY);
        timelock = new TimelockController(TIMELOCK_DELAY, new address[](0), new address[](0), address(this));
        governor = new LeaseholdGovernor(
            votes,
            timelock,
            VOTING_DELAY,
            VOTING_PERIOD,
            PROPOSAL_THRESHOLD,
            QUORUM_PERCENT
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        codeRegistry = new CodeRegistry(
            bondToken,
            address(timelock),
            guardian_,
            REVIEW_FLOOR,
            ICodeRegistry.ReviewPolicy(REVIEW_BASE, REVIEW_PER_KIB),
            publicationBond
        );
        vm.prank(voter);
        votes.delegate(voter);
        // Votes count from the second after the delegation.
        vm.warp(block.timestamp + 1);
    }

    /// @notice The one-call proposal `codeRegistry.approve(publisher, codeHash)`.
    function _approvalCall(
        address publisher,
        bytes32 codeHash
    ) internal view returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) {
        targets = new address[](1);
        targets[0] = address(codeRegistry);
        values = new uint256[](1);
        calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(ICodeRegistry.approve, (publisher, codeHash));
    }

    /// @notice Propose `calls` as the voter, vote for them, close the vote and queue them in the
    ///  timelock; returns when the timelock lets them run.
    function _proposeVoteAndQueue(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) internal returns (uint256 eta) {
        IGovernor igovernor = IGovernor(address(governor));
        vm.prank(voter);
        uint256 proposalId = igovernor.propose(targets, values, calldatas, description);
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(voter);
        igovernor.castVote(proposalId, VOTE_FOR);
        vm.warp(block.timestamp + VOTING_PERIOD);
        igovernor.queue(targets, values, calldatas, keccak256(bytes(description)));
        eta = igovernor.proposalEta(proposalId);
    }

    /// @notice Approve `publisher`'s release of `codeHash` the only way there is: a proposal voted,
    ///  queued and executed once both the timelock delay and the review window are over.
    function _approveThroughGovernance(address publisher, bytes32 codeHash) internal {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _approvalCall(
            publisher,
            codeHash
        );
        string memory description = string.concat(
            "Approve the release of ",
            vm.toString(uint256(codeHash)),
            " by ",
            vm.toString(uint256(uint160(publisher)))
        );
        uint256 eta = _proposeVoteAndQueue(targets, values, calldatas, description);
        uint64 approvableAt = codeRegistry.releaseOf(publisher, codeHash).approvableAt;
        vm.warp(eta > approvableAt ? eta : approvableAt);
        IGovernor(address(governor)).execute(targets, values, calldatas, keccak256(bytes(description)));
    }
}
