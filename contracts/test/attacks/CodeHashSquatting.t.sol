// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICodeRegistry} from "../../src/interfaces/ICodeRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {GovernanceFixture} from "../utils/GovernanceFixture.sol";

/// @notice Attack 5 of issue 11, code-hash squatting: an attacker who watches the mempool sees the
///  author publish a bundle and front-runs the publication of the same code hash, from as many
///  addresses as it likes, with bogus metadata (an emergency urgency, a tiny size, its own content
///  id and notes). Against a registry keyed by code hash alone this blocked the author for good:
///  the author's publication reverted, and the guardian's revocation of the bogus entry made the
///  hash unapprovable forever. Releases are now keyed by (publisher, codeHash); these tests drive
///  the governance stack as deployed and show the author's release is published, reviewed and
///  approved whatever the squatters do, and that the guardian can still stop bad code.
contract CodeHashSquattingTest is GovernanceFixture {
    uint256 internal constant BOND = 100 ether;
    uint256 internal constant SQUATTERS = 3;
    bytes32 internal constant CODE = keccak256("the author's agent bundle");
    bytes32 internal constant CONTENT = keccak256("bafy the author's agent bundle");
    bytes32 internal constant BOGUS_CONTENT = keccak256("bafy something else entirely");
    uint64 internal constant SIZE = 48_000;
    string internal constant NOTES = "ipfs://the-author-release-notes";

    MockERC20 internal token;
    address internal author;
    address[] internal squatters;

    function setUp() public {
        token = new MockERC20();
        _deployGovernance(token, BOND, makeAddr("guardian"));
        author = makeAddr("author");
        _fund(author);
        for (uint256 i = 0; i < SQUATTERS; ++i) {
            address squatter = makeAddr(string.concat("squatter-", vm.toString(i)));
            squatters.push(squatter);
            _fund(squatter);
        }
    }

    function _fund(address account) internal {
        token.mint(account, 10 * BOND);
        vm.prank(account);
        token.approve(address(codeRegistry), type(uint256).max);
    }

    /// @dev Every squatter publishes the author's code hash with its own bogus metadata.
    function _squat() internal {
        for (uint256 i = 0; i < SQUATTERS; ++i) {
            vm.prank(squatters[i]);
            codeRegistry.publish(CODE, BOGUS_CONTENT, 1, ICodeRegistry.Urgency.Emergency, "ipfs://not-the-author");
        }
    }

    function _revokeSquatters() internal {
        for (uint256 i = 0; i < SQUATTERS; ++i) {
            vm.prank(guardian);
            codeRegistry.revoke(squatters[i], CODE, "Squatting: published another author's code with bogus notes");
        }
    }

    function _publishAsAuthor() internal returns (uint64 approvableAt) {
        vm.prank(author);
        approvableAt = codeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Routine, NOTES);
    }

    function _assertAuthorsRelease(ICodeRegistry.ReleaseStatus status) internal view {
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(author, CODE);
        assertEq(uint256(release.status), uint256(status));
        assertEq(release.publisher, author);
        assertEq(release.contentId, CONTENT);
        assertEq(release.size, SIZE);
        assertEq(uint256(release.urgency), uint256(ICodeRegistry.Urgency.Routine));
        assertEq(release.descriptionURI, NOTES);
    }

    function test_attack_codeHashSquatting_frontRunCopiesNeitherBlockNorOutliveTheAuthorsRelease() public {
        _squat();
        uint64 approvableAt = _publishAsAuthor();
        assertEq(approvableAt, block.timestamp + REVIEW_BASE + 47 * REVIEW_PER_KIB);
        _assertAuthorsRelease(ICodeRegistry.ReleaseStatus.Pending);
        assertEq(codeRegistry.releaseCount(ICodeRegistry.ReleaseStatus.Pending), SQUATTERS + 1);

        _revokeSquatters();
        _assertAuthorsRelease(ICodeRegistry.ReleaseStatus.Pending);
        assertEq(codeRegistry.codeOf(CODE).revokedAt, 0);
        assertEq(token.balanceOf(address(timelock)), SQUATTERS * BOND);

        uint256 authorBalance = token.balanceOf(author);
        _approveThroughGovernance(author, CODE);
        _assertAuthorsRelease(ICodeRegistry.ReleaseStatus.Approved);
        assertTrue(codeRegistry.isApproved(CODE));
        assertEq(token.balanceOf(author), authorBalance + BOND);

        // A squatter arriving after the approval, and its revocation, change nothing either.
        address late = makeAddr("late squatter");
        _fund(late);
        vm.prank(late);
        codeRegistry.publish(CODE, BOGUS_CONTENT, 1, ICodeRegistry.Urgency.Emergency, "ipfs://not-the-author");
        vm.prank(guardian);
        codeRegistry.revoke(late, CODE, "Squatting again");
        assertTrue(codeRegistry.isApproved(CODE));
        _assertAuthorsRelease(ICodeRegistry.ReleaseStatus.Approved);
    }

    function test_attack_codeHashSquatting_revokedSquatterLeavesTheHashPublishableAndApprovable() public {
        // The old registry's dead end: the bogus entry is revoked before the author publishes.
        _squat();
        _revokeSquatters();
        assertEq(codeRegistry.releaseCount(ICodeRegistry.ReleaseStatus.Revoked), SQUATTERS);

        _publishAsAuthor();
        _assertAuthorsRelease(ICodeRegistry.ReleaseStatus.Pending);
        _approveThroughGovernance(author, CODE);
        _assertAuthorsRelease(ICodeRegistry.ReleaseStatus.Approved);
        assertTrue(codeRegistry.isApproved(CODE));
    }

    function test_attack_codeHashSquatting_squattersCannotAlterOrRevokeTheAuthorsRelease() public {
        _publishAsAuthor();
        _squat();
        for (uint256 i = 0; i < SQUATTERS; ++i) {
            vm.startPrank(squatters[i]);
            // Publishing twice under its own name is refused; the author's release is out of reach.
            vm.expectRevert(
                abi.encodeWithSelector(
                    ICodeRegistry.CodeRegistryAlreadyPublished.selector,
                    squatters[i],
                    CODE,
                    ICodeRegistry.ReleaseStatus.Pending
                )
            );
            codeRegistry.publish(CODE, BOGUS_CONTENT, 1, ICodeRegistry.Urgency.Emergency, "");
            vm.expectRevert();
            codeRegistry.revoke(author, CODE, "griefing");
            vm.expectRevert();
            codeRegistry.revokeCode(CODE, "griefing");
            vm.stopPrank();
        }
        _assertAuthorsRelease(ICodeRegistry.ReleaseStatus.Pending);
        _approveThroughGovernance(author, CODE);
        assertTrue(codeRegistry.isApproved(CODE));
    }

    function test_attack_codeHashSquatting_guardianStillStopsBadCodeWhoeverPublishedIt() public {
        _squat();
        _publishAsAuthor();
        _approveThroughGovernance(author, CODE);
        assertTrue(codeRegistry.isApproved(CODE));

        // The code itself turns out harmful: one call stops it, for every release, for good.
        vm.prank(guardian);
        codeRegistry.revokeCode(CODE, "Exfiltrates lease data");
        assertFalse(codeRegistry.isApproved(CODE));
        uint64 revokedAt = uint64(block.timestamp);
        vm.prank(makeAddr("newcomer"));
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryCodeRevoked.selector, CODE, revokedAt));
        codeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Routine, NOTES);
        vm.prank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryCodeRevoked.selector, CODE, revokedAt));
        codeRegistry.approve(squatters[0], CODE);
    }
}
