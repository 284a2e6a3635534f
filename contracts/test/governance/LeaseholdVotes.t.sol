// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LeaseholdVotes} from "../../src/governance/LeaseholdVotes.sol";
import {Test} from "../utils/Test.sol";

contract LeaseholdVotesTest is Test {
    uint256 internal constant SUPPLY = 1_000_000 ether;

    LeaseholdVotes internal votes;
    address internal treasury;
    address internal voter;

    function setUp() public {
        treasury = makeAddr("treasury");
        voter = makeAddr("voter");
        vm.warp(1_700_000_000);
        votes = new LeaseholdVotes(treasury, SUPPLY);
    }

    function test_constructor_mintsTheWholeSupplyToTheDistribution() public view {
        assertEq(votes.totalSupply(), SUPPLY);
        assertEq(votes.balanceOf(treasury), SUPPLY);
        assertEq(votes.name(), "Leasehold Votes");
        assertEq(votes.symbol(), "vLEASE");
    }

    function test_constructor_revertsOnZeroSupply() public {
        vm.expectRevert(LeaseholdVotes.LeaseholdVotesZeroSupply.selector);
        new LeaseholdVotes(treasury, 0);
    }

    function test_clock_isTheBlockTimestamp() public {
        assertEq(votes.clock(), block.timestamp);
        assertEq(votes.CLOCK_MODE(), "mode=timestamp");
        vm.warp(block.timestamp + 123);
        assertEq(votes.clock(), block.timestamp);
    }

    function test_delegate_countsVotesOnlyOnceDelegatedAndFollowsTransfers() public {
        assertEq(votes.getVotes(treasury), 0);
        vm.prank(treasury);
        votes.delegate(treasury);
        vm.snapshotGasLastCall("LeaseholdVotes", "delegate");
        assertEq(votes.getVotes(treasury), SUPPLY);

        vm.prank(treasury);
        votes.transfer(voter, 100 ether);
        assertEq(votes.getVotes(treasury), SUPPLY - 100 ether);
        assertEq(votes.getVotes(voter), 0);
        vm.prank(voter);
        votes.delegate(voter);
        assertEq(votes.getVotes(voter), 100 ether);
    }

    function test_getPastVotes_readsCheckpointsByTimestamp() public {
        vm.prank(treasury);
        votes.delegate(treasury);
        uint256 delegatedAt = block.timestamp;
        vm.warp(delegatedAt + 10);
        vm.prank(treasury);
        votes.transfer(voter, 1 ether);
        vm.warp(delegatedAt + 20);
        assertEq(votes.getPastVotes(treasury, delegatedAt - 1), 0);
        assertEq(votes.getPastVotes(treasury, delegatedAt), SUPPLY);
        assertEq(votes.getPastVotes(treasury, delegatedAt + 10), SUPPLY - 1 ether);
        assertEq(votes.getPastTotalSupply(delegatedAt), SUPPLY);
    }
}
