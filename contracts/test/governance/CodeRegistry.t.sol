// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {CodeRegistry} from "../../src/governance/CodeRegistry.sol";
import {ICodeRegistry} from "../../src/interfaces/ICodeRegistry.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

contract CodeRegistryTest is Test {
    uint64 internal constant FLOOR = 1 days;
    uint64 internal constant BASE = 7 days;
    uint64 internal constant PER_KIB = 1 hours;
    uint256 internal constant BOND = 50 ether;
    bytes32 internal constant CODE = keccak256("agent-bundle-v1");
    bytes32 internal constant OTHER_CODE = keccak256("agent-bundle-v2");
    bytes32 internal constant CONTENT = keccak256("bafy-agent-bundle-v1");
    bytes32 internal constant OTHER_CONTENT = keccak256("bafy-something-else");
    uint64 internal constant SIZE = 10_000;
    string internal constant DESCRIPTION = "ipfs://release-notes-v1";

    MockERC20 internal token;
    CodeRegistry internal codeRegistry;
    address internal timelock;
    address internal guardian;
    address internal publisher;
    address internal other;
    address internal squatter;

    function setUp() public {
        timelock = makeAddr("timelock");
        guardian = makeAddr("guardian");
        publisher = makeAddr("publisher");
        other = makeAddr("other");
        squatter = makeAddr("squatter");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        codeRegistry = _deploy(token, BOND);
        token.mint(publisher, 10 * BOND);
        vm.prank(publisher);
        token.approve(address(codeRegistry), type(uint256).max);
    }

    function _deploy(MockERC20 bondToken, uint256 bond) internal returns (CodeRegistry) {
        return new CodeRegistry(bondToken, timelock, guardian, FLOOR, ICodeRegistry.ReviewPolicy(BASE, PER_KIB), bond);
    }

    function _publish(bytes32 codeHash, ICodeRegistry.Urgency urgency) internal returns (uint64) {
        vm.prank(publisher);
        return codeRegistry.publish(codeHash, CONTENT, SIZE, urgency, DESCRIPTION);
    }

    function _publishAndWait(bytes32 codeHash) internal {
        uint64 approvableAt = _publish(codeHash, ICodeRegistry.Urgency.Routine);
        vm.warp(approvableAt);
    }

    function _publishAs(address who, bytes32 codeHash) internal returns (uint64) {
        token.mint(who, BOND);
        vm.startPrank(who);
        token.approve(address(codeRegistry), BOND);
        uint64 approvableAt = codeRegistry.publish(codeHash, OTHER_CONTENT, 1, ICodeRegistry.Urgency.Emergency, "");
        vm.stopPrank();
        return approvableAt;
    }

    function _approve(address who, bytes32 codeHash) internal {
        vm.prank(timelock);
        codeRegistry.approve(who, codeHash);
    }

    function _revoke(address who, bytes32 codeHash) internal {
        vm.prank(guardian);
        codeRegistry.revoke(who, codeHash, "bogus release");
    }

    function _keys(address who, bytes32 codeHash) internal pure returns (ICodeRegistry.ReleaseKey[] memory list) {
        list = new ICodeRegistry.ReleaseKey[](1);
        list[0] = ICodeRegistry.ReleaseKey(who, codeHash);
    }

    function _assertList(ICodeRegistry.ReleaseStatus status, ICodeRegistry.ReleaseKey[] memory expected) internal view {
        ICodeRegistry.ReleaseKey[] memory actual = codeRegistry.releases(status, 0, 100);
        assertEq(codeRegistry.releaseCount(status), expected.length);
        assertEq(actual.length, expected.length);
        for (uint256 i = 0; i < expected.length; ++i) {
            assertEq(actual[i].publisher, expected[i].publisher);
            assertEq(actual[i].codeHash, expected[i].codeHash);
        }
    }

    function _assertStatus(address who, bytes32 codeHash, ICodeRegistry.ReleaseStatus status) internal view {
        assertEq(uint256(codeRegistry.releaseOf(who, codeHash).status), uint256(status));
    }

    // ------------------------------------------------------------ constructor

    function test_constructor_setsRolesAndParameters() public view {
        assertEq(codeRegistry.governance(), timelock);
        assertEq(address(codeRegistry.bondToken()), address(token));
        assertEq(codeRegistry.reviewFloor(), FLOOR);
        assertEq(codeRegistry.publicationBond(), BOND);
        assertEq(codeRegistry.reviewPolicy().reviewBase, BASE);
        assertEq(codeRegistry.reviewPolicy().reviewPerKiB, PER_KIB);
        assertTrue(codeRegistry.hasRole(codeRegistry.DEFAULT_ADMIN_ROLE(), timelock));
        assertTrue(codeRegistry.hasRole(codeRegistry.GUARDIAN_ROLE(), guardian));
        assertFalse(codeRegistry.hasRole(codeRegistry.DEFAULT_ADMIN_ROLE(), guardian));
        assertEq(codeRegistry.GUARDIAN_ROLE(), keccak256("GUARDIAN_ROLE"));
    }

    function test_constructor_acceptsNoGuardian() public {
        CodeRegistry unguarded = new CodeRegistry(
            token,
            timelock,
            address(0),
            FLOOR,
            ICodeRegistry.ReviewPolicy(BASE, PER_KIB),
            0
        );
        assertFalse(unguarded.hasRole(unguarded.GUARDIAN_ROLE(), address(0)));
    }

    function test_constructor_revertsOnZeroGovernance() public {
        vm.expectRevert(ICodeRegistry.CodeRegistryZeroGovernance.selector);
        new CodeRegistry(token, address(0), guardian, FLOOR, ICodeRegistry.ReviewPolicy(BASE, PER_KIB), 0);
    }

    function test_constructor_revertsOnFloorOutOfRange() public {
        uint64 maxWindow = codeRegistry.MAX_REVIEW_WINDOW();
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryReviewFloorOutOfRange.selector, 0, maxWindow));
        new CodeRegistry(token, timelock, guardian, 0, ICodeRegistry.ReviewPolicy(BASE, PER_KIB), 0);
        vm.expectRevert(
            abi.encodeWithSelector(ICodeRegistry.CodeRegistryReviewFloorOutOfRange.selector, maxWindow + 1, maxWindow)
        );
        new CodeRegistry(token, timelock, guardian, maxWindow + 1, ICodeRegistry.ReviewPolicy(BASE, PER_KIB), 0);
    }

    // ----------------------------------------------------------- reviewWindow

    function test_reviewWindow_followsTheDocumentedFormula() public view {
        // 10,000 bytes are 10 started KiB: 7 days + 10 hours for a routine release.
        uint64 raw = BASE + 10 * PER_KIB;
        assertEq(codeRegistry.reviewWindow(SIZE, ICodeRegistry.Urgency.Routine), raw);
        assertEq(codeRegistry.reviewWindow(SIZE, ICodeRegistry.Urgency.Urgent), raw / 4);
        assertEq(codeRegistry.reviewWindow(SIZE, ICodeRegistry.Urgency.Emergency), FLOOR);
        assertEq(codeRegistry.reviewWindow(1024, ICodeRegistry.Urgency.Routine), BASE + PER_KIB);
        assertEq(codeRegistry.reviewWindow(1025, ICodeRegistry.Urgency.Routine), BASE + 2 * PER_KIB);
    }

    function test_reviewWindow_capsAtTheMaximum() public view {
        uint64 maxWindow = codeRegistry.MAX_REVIEW_WINDOW();
        assertEq(codeRegistry.reviewWindow(type(uint64).max, ICodeRegistry.Urgency.Routine), maxWindow);
        assertEq(codeRegistry.reviewWindow(type(uint64).max, ICodeRegistry.Urgency.Urgent), maxWindow / 4);
    }

    function test_reviewWindow_neverBelowTheFloorForSmallBundles() public {
        vm.prank(timelock);
        codeRegistry.setReviewPolicy(ICodeRegistry.ReviewPolicy(0, 0));
        assertEq(codeRegistry.reviewWindow(1, ICodeRegistry.Urgency.Routine), FLOOR);
        assertEq(codeRegistry.reviewWindow(1, ICodeRegistry.Urgency.Urgent), FLOOR);
    }

    function testFuzz_reviewWindow_floorIsNeverCut(uint64 size, uint8 urgency, uint64 base, uint64 perKiB) public {
        uint64 maxParameter = codeRegistry.MAX_REVIEW_PARAMETER();
        base = uint64(bound(base, 0, maxParameter));
        perKiB = uint64(bound(perKiB, 0, maxParameter));
        ICodeRegistry.Urgency level = ICodeRegistry.Urgency(bound(urgency, 0, 2));
        vm.prank(timelock);
        codeRegistry.setReviewPolicy(ICodeRegistry.ReviewPolicy(base, perKiB));
        uint64 window = codeRegistry.reviewWindow(size, level);
        assertGe(window, FLOOR);
        assertLe(window, codeRegistry.MAX_REVIEW_WINDOW());
    }

    function testFuzz_reviewWindow_matchesTheFormula(uint64 size, uint8 urgency, uint64 base, uint64 perKiB) public {
        uint64 maxParameter = codeRegistry.MAX_REVIEW_PARAMETER();
        base = uint64(bound(base, 0, maxParameter));
        perKiB = uint64(bound(perKiB, 0, maxParameter));
        uint256 level = bound(urgency, 0, 2);
        vm.prank(timelock);
        codeRegistry.setReviewPolicy(ICodeRegistry.ReviewPolicy(base, perKiB));
        uint256 kib = uint256(size) / 1024 + (size % 1024 == 0 ? 0 : 1);
        uint256 raw = uint256(base) + uint256(perKiB) * kib;
        if (raw > codeRegistry.MAX_REVIEW_WINDOW()) raw = codeRegistry.MAX_REVIEW_WINDOW();
        uint256 expected = (raw * [uint256(4), 1, 0][level]) / 4;
        if (expected < FLOOR) expected = FLOOR;
        assertEq(codeRegistry.reviewWindow(size, ICodeRegistry.Urgency(level)), expected);
    }

    function testFuzz_reviewWindow_neverShorterForMoreUrgencyOrLessSize(uint64 size, uint64 smaller) public view {
        smaller = uint64(bound(smaller, 0, size));
        uint64 routine = codeRegistry.reviewWindow(size, ICodeRegistry.Urgency.Routine);
        uint64 urgent = codeRegistry.reviewWindow(size, ICodeRegistry.Urgency.Urgent);
        uint64 emergency = codeRegistry.reviewWindow(size, ICodeRegistry.Urgency.Emergency);
        assertGe(routine, urgent);
        assertGe(urgent, emergency);
        assertGe(routine, codeRegistry.reviewWindow(smaller, ICodeRegistry.Urgency.Routine));
    }

    // ---------------------------------------------------------------- publish

    function test_publish_recordsReleaseTakesBondAndEmits() public {
        uint64 approvableAt = uint64(block.timestamp) + BASE + 10 * PER_KIB;
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.ReleasePublished(
            CODE,
            publisher,
            CONTENT,
            SIZE,
            ICodeRegistry.Urgency.Routine,
            DESCRIPTION,
            BOND,
            approvableAt
        );
        vm.prank(publisher);
        assertEq(codeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Routine, DESCRIPTION), approvableAt);
        vm.snapshotGasLastCall("CodeRegistry", "publish");

        ICodeRegistry.Release memory release = codeRegistry.releaseOf(publisher, CODE);
        assertEq(release.codeHash, CODE);
        assertEq(release.publisher, publisher);
        assertEq(uint256(release.status), uint256(ICodeRegistry.ReleaseStatus.Pending));
        assertEq(uint256(release.urgency), uint256(ICodeRegistry.Urgency.Routine));
        assertEq(release.publishedAt, block.timestamp);
        assertEq(release.approvableAt, approvableAt);
        assertEq(release.decidedAt, 0);
        assertEq(release.size, SIZE);
        assertEq(release.bond, BOND);
        assertEq(release.contentId, CONTENT);
        assertEq(release.descriptionURI, DESCRIPTION);
        assertEq(token.balanceOf(address(codeRegistry)), BOND);
        assertFalse(codeRegistry.isApproved(CODE));
        _assertList(ICodeRegistry.ReleaseStatus.Pending, _keys(publisher, CODE));
    }

    function test_publish_worksWithoutBond() public {
        vm.prank(timelock);
        codeRegistry.setPublicationBond(0);
        vm.prank(other);
        codeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Emergency, "");
        assertEq(codeRegistry.releaseOf(other, CODE).bond, 0);
        assertEq(codeRegistry.releaseOf(other, CODE).approvableAt, block.timestamp + FLOOR);
    }

    function test_publish_recordsTheBondThatArrived() public {
        FeeOnTransferToken feeToken = new FeeOnTransferToken(100);
        CodeRegistry feeRegistry = new CodeRegistry(
            feeToken,
            timelock,
            guardian,
            FLOOR,
            ICodeRegistry.ReviewPolicy(BASE, PER_KIB),
            BOND
        );
        feeToken.mint(publisher, BOND);
        vm.startPrank(publisher);
        feeToken.approve(address(feeRegistry), BOND);
        feeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Routine, DESCRIPTION);
        vm.stopPrank();
        assertEq(feeRegistry.releaseOf(publisher, CODE).bond, feeToken.balanceOf(address(feeRegistry)));
        assertLt(feeRegistry.releaseOf(publisher, CODE).bond, BOND);
    }

    function test_publish_acceptsDescriptionAtMaxLength() public {
        vm.prank(publisher);
        codeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Routine, string(new bytes(512)));
        assertEq(bytes(codeRegistry.releaseOf(publisher, CODE).descriptionURI).length, 512);
    }

    function test_publish_revertsOnLongDescription() public {
        vm.prank(publisher);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryDescriptionTooLong.selector, 513, 512));
        codeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Routine, string(new bytes(513)));
    }

    function test_publish_revertsOnZeroInputs() public {
        vm.startPrank(publisher);
        vm.expectRevert(ICodeRegistry.CodeRegistryZeroCodeHash.selector);
        codeRegistry.publish(bytes32(0), CONTENT, SIZE, ICodeRegistry.Urgency.Routine, DESCRIPTION);
        vm.expectRevert(ICodeRegistry.CodeRegistryZeroContentId.selector);
        codeRegistry.publish(CODE, bytes32(0), SIZE, ICodeRegistry.Urgency.Routine, DESCRIPTION);
        vm.expectRevert(ICodeRegistry.CodeRegistryZeroSize.selector);
        codeRegistry.publish(CODE, CONTENT, 0, ICodeRegistry.Urgency.Routine, DESCRIPTION);
        vm.stopPrank();
    }

    function test_publish_revertsWhenThePublisherAlreadyPublishedItEvenAfterRevocation() public {
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryAlreadyPublished.selector,
                publisher,
                CODE,
                ICodeRegistry.ReleaseStatus.Pending
            )
        );
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        _revoke(publisher, CODE);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryAlreadyPublished.selector,
                publisher,
                CODE,
                ICodeRegistry.ReleaseStatus.Revoked
            )
        );
        _publish(CODE, ICodeRegistry.Urgency.Routine);
    }

    function test_publish_anotherPublisherOfTheSameCodeGetsItsOwnRelease() public {
        uint64 squatterApprovableAt = _publishAs(squatter, CODE);
        uint64 approvableAt = _publish(CODE, ICodeRegistry.Urgency.Routine);
        ICodeRegistry.Release memory copy = codeRegistry.releaseOf(squatter, CODE);
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(publisher, CODE);
        assertEq(copy.codeHash, CODE);
        assertEq(copy.publisher, squatter);
        assertEq(copy.contentId, OTHER_CONTENT);
        assertEq(copy.approvableAt, squatterApprovableAt);
        assertEq(release.codeHash, CODE);
        assertEq(release.publisher, publisher);
        assertEq(release.contentId, CONTENT);
        assertEq(release.approvableAt, approvableAt);
        assertEq(release.bond, BOND);
        assertEq(codeRegistry.releaseCount(ICodeRegistry.ReleaseStatus.Pending), 2);
    }

    function test_publish_worksAfterAnotherPublishersReleaseOfItWasRevoked() public {
        _publishAs(squatter, CODE);
        _revoke(squatter, CODE);
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        _assertStatus(publisher, CODE, ICodeRegistry.ReleaseStatus.Pending);
        assertEq(codeRegistry.codeOf(CODE).revokedAt, 0);
    }

    function test_publish_revertsForRevokedCode() public {
        vm.prank(guardian);
        codeRegistry.revokeCode(CODE, "known malware");
        vm.expectRevert(
            abi.encodeWithSelector(ICodeRegistry.CodeRegistryCodeRevoked.selector, CODE, uint64(block.timestamp))
        );
        _publish(CODE, ICodeRegistry.Urgency.Routine);
    }

    function test_publish_revertsWithoutBondAllowance() public {
        vm.prank(other);
        vm.expectRevert();
        codeRegistry.publish(CODE, CONTENT, SIZE, ICodeRegistry.Urgency.Routine, DESCRIPTION);
    }

    function test_publish_laterPolicyChangesLeaveTheWindowAlone() public {
        uint64 approvableAt = _publish(CODE, ICodeRegistry.Urgency.Routine);
        vm.prank(timelock);
        codeRegistry.setReviewPolicy(ICodeRegistry.ReviewPolicy(0, 0));
        assertEq(codeRegistry.releaseOf(publisher, CODE).approvableAt, approvableAt);
    }

    // ---------------------------------------------------------------- approve

    function test_approve_approvesAfterTheWindowRefundsBondAndEmits() public {
        _publishAndWait(CODE);
        uint256 balanceBefore = token.balanceOf(publisher);
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.ReleaseApproved(CODE, publisher, timelock, BOND);
        vm.prank(timelock);
        codeRegistry.approve(publisher, CODE);
        vm.snapshotGasLastCall("CodeRegistry", "approve");

        assertTrue(codeRegistry.isApproved(CODE));
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(publisher, CODE);
        assertEq(uint256(release.status), uint256(ICodeRegistry.ReleaseStatus.Approved));
        assertEq(release.decidedAt, block.timestamp);
        assertEq(release.bond, 0);
        assertEq(token.balanceOf(publisher), balanceBefore + BOND);
        assertEq(token.balanceOf(address(codeRegistry)), 0);
        _assertList(ICodeRegistry.ReleaseStatus.Pending, new ICodeRegistry.ReleaseKey[](0));
        _assertList(ICodeRegistry.ReleaseStatus.Approved, _keys(publisher, CODE));
    }

    function test_approve_revertsOneSecondBeforeTheWindowEnds() public {
        uint64 approvableAt = _publish(CODE, ICodeRegistry.Urgency.Routine);
        vm.warp(approvableAt - 1);
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryReviewWindowNotOver.selector,
                publisher,
                CODE,
                approvableAt
            )
        );
        codeRegistry.approve(publisher, CODE);
    }

    function test_approve_emergencyStillWaitsTheFloor() public {
        uint64 approvableAt = _publish(CODE, ICodeRegistry.Urgency.Emergency);
        assertEq(approvableAt, block.timestamp + FLOOR);
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryReviewWindowNotOver.selector,
                publisher,
                CODE,
                approvableAt
            )
        );
        codeRegistry.approve(publisher, CODE);
    }

    function test_approve_revertsForAnyoneButGovernance() public {
        _publishAndWait(CODE);
        address[3] memory callers = [guardian, publisher, other];
        for (uint256 i = 0; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryNotGovernance.selector, callers[i]));
            codeRegistry.approve(publisher, CODE);
        }
    }

    function test_approve_guardianCannotApproveEvenWithTheAdminRole() public {
        _publishAndWait(CODE);
        bytes32 adminRole = codeRegistry.DEFAULT_ADMIN_ROLE();
        vm.prank(timelock);
        codeRegistry.grantRole(adminRole, guardian);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryNotGovernance.selector, guardian));
        codeRegistry.approve(publisher, CODE);
    }

    function test_approve_revertsForUnknownRelease() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryUnknownRelease.selector, publisher, CODE));
        codeRegistry.approve(publisher, CODE);
    }

    function test_approve_revertsWhenNotPending() public {
        _publishAndWait(CODE);
        vm.startPrank(timelock);
        codeRegistry.approve(publisher, CODE);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryInvalidStatus.selector,
                publisher,
                CODE,
                ICodeRegistry.ReleaseStatus.Approved
            )
        );
        codeRegistry.approve(publisher, CODE);
        vm.stopPrank();
        vm.prank(guardian);
        codeRegistry.revoke(publisher, CODE, "key leak");
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryInvalidStatus.selector,
                publisher,
                CODE,
                ICodeRegistry.ReleaseStatus.Revoked
            )
        );
        codeRegistry.approve(publisher, CODE);
    }

    function test_approve_revertsForRevokedCode() public {
        _publishAndWait(CODE);
        vm.prank(guardian);
        codeRegistry.revokeCode(CODE, "exploit");
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(ICodeRegistry.CodeRegistryCodeRevoked.selector, CODE, uint64(block.timestamp))
        );
        codeRegistry.approve(publisher, CODE);
        _assertStatus(publisher, CODE, ICodeRegistry.ReleaseStatus.Pending);
    }

    function test_approve_countsEveryApprovedReleaseOfTheCode() public {
        _publishAs(squatter, CODE);
        _publishAndWait(CODE);
        _approve(publisher, CODE);
        assertEq(codeRegistry.codeOf(CODE).approvedReleases, 1);
        _approve(squatter, CODE);
        assertEq(codeRegistry.codeOf(CODE).approvedReleases, 2);
        assertTrue(codeRegistry.isApproved(CODE));
        assertFalse(codeRegistry.isApproved(OTHER_CODE));
    }

    // ----------------------------------------------------------------- revoke

    function test_revoke_pendingForfeitsBondToGovernanceAndEmits() public {
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.ReleaseRevoked(
            CODE,
            publisher,
            guardian,
            ICodeRegistry.ReleaseStatus.Pending,
            "malware",
            BOND,
            false
        );
        vm.prank(guardian);
        codeRegistry.revoke(publisher, CODE, "malware");
        vm.snapshotGasLastCall("CodeRegistry", "revoke");

        ICodeRegistry.Release memory release = codeRegistry.releaseOf(publisher, CODE);
        assertEq(uint256(release.status), uint256(ICodeRegistry.ReleaseStatus.Revoked));
        assertEq(release.decidedAt, block.timestamp);
        assertEq(release.bond, 0);
        assertEq(token.balanceOf(timelock), BOND);
        assertFalse(codeRegistry.isApproved(CODE));
        _assertList(ICodeRegistry.ReleaseStatus.Pending, new ICodeRegistry.ReleaseKey[](0));
        _assertList(ICodeRegistry.ReleaseStatus.Revoked, _keys(publisher, CODE));
    }

    function test_revoke_approvedTakesEffectAtOnce() public {
        _publishAndWait(CODE);
        vm.prank(timelock);
        codeRegistry.approve(publisher, CODE);
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.ReleaseRevoked(
            CODE,
            publisher,
            guardian,
            ICodeRegistry.ReleaseStatus.Approved,
            "exploit",
            0,
            false
        );
        vm.prank(guardian);
        codeRegistry.revoke(publisher, CODE, "exploit");
        assertFalse(codeRegistry.isApproved(CODE));
        _assertList(ICodeRegistry.ReleaseStatus.Approved, new ICodeRegistry.ReleaseKey[](0));
        _assertList(ICodeRegistry.ReleaseStatus.Revoked, _keys(publisher, CODE));
    }

    function test_revoke_isFinal() public {
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        vm.startPrank(guardian);
        codeRegistry.revoke(publisher, CODE, "malware");
        vm.expectRevert(
            abi.encodeWithSelector(
                ICodeRegistry.CodeRegistryInvalidStatus.selector,
                publisher,
                CODE,
                ICodeRegistry.ReleaseStatus.Revoked
            )
        );
        codeRegistry.revoke(publisher, CODE, "again");
        vm.stopPrank();
    }

    function test_revoke_revertsWithoutGuardianRole() public {
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        bytes32 role = codeRegistry.GUARDIAN_ROLE();
        address[3] memory callers = [timelock, publisher, other];
        for (uint256 i = 0; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], role)
            );
            codeRegistry.revoke(publisher, CODE, "malware");
        }
    }

    function test_revoke_revertsOnEmptyReason() public {
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        vm.prank(guardian);
        vm.expectRevert(ICodeRegistry.CodeRegistryEmptyReason.selector);
        codeRegistry.revoke(publisher, CODE, "");
    }

    function test_revoke_revertsForUnknownRelease() public {
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryUnknownRelease.selector, publisher, CODE));
        codeRegistry.revoke(publisher, CODE, "malware");
    }

    function test_revoke_ofAPendingCopyLeavesTheOtherReleaseApprovable() public {
        _publishAs(squatter, CODE);
        _publishAndWait(CODE);
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.ReleaseRevoked(
            CODE,
            squatter,
            guardian,
            ICodeRegistry.ReleaseStatus.Pending,
            "bogus release",
            BOND,
            false
        );
        _revoke(squatter, CODE);
        _approve(publisher, CODE);
        assertTrue(codeRegistry.isApproved(CODE));
        _assertList(ICodeRegistry.ReleaseStatus.Revoked, _keys(squatter, CODE));
        _assertList(ICodeRegistry.ReleaseStatus.Approved, _keys(publisher, CODE));
    }

    function test_revoke_ofOneApprovedReleaseKeepsTheCodeApprovedByAnother() public {
        _publishAs(squatter, CODE);
        _publishAndWait(CODE);
        _approve(squatter, CODE);
        _approve(publisher, CODE);
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.ReleaseRevoked(
            CODE,
            squatter,
            guardian,
            ICodeRegistry.ReleaseStatus.Approved,
            "bogus release",
            0,
            true
        );
        _revoke(squatter, CODE);
        assertTrue(codeRegistry.isApproved(CODE));
        assertEq(codeRegistry.codeOf(CODE).approvedReleases, 1);
        _revoke(publisher, CODE);
        assertFalse(codeRegistry.isApproved(CODE));
        assertEq(codeRegistry.codeOf(CODE).approvedReleases, 0);
        // Revoking releases never revokes the code: a further release of it may still be approved.
        assertEq(codeRegistry.codeOf(CODE).revokedAt, 0);
        vm.warp(_publishAs(other, CODE));
        _approve(other, CODE);
        assertTrue(codeRegistry.isApproved(CODE));
    }

    function testFuzz_revoke_squattersNeverBlockTheAuthor(
        uint256 seed,
        uint64 size,
        uint8 urgency,
        uint8 revokedBefore
    ) public {
        size = uint64(bound(size, 1, type(uint64).max));
        ICodeRegistry.Urgency level = ICodeRegistry.Urgency(bound(urgency, 0, 2));
        address[3] memory squatters;
        for (uint256 i = 0; i < squatters.length; ++i) {
            squatters[i] = address(uint160(uint256(keccak256(abi.encode(seed, i)))));
        }
        uint256 early = bound(revokedBefore, 0, squatters.length);
        // Front-run, with any metadata; some copies revoked before the author publishes.
        for (uint256 i = 0; i < squatters.length; ++i) {
            token.mint(squatters[i], BOND);
            vm.startPrank(squatters[i]);
            token.approve(address(codeRegistry), BOND);
            codeRegistry.publish(CODE, keccak256(abi.encode(i)), size, level, "ipfs://bogus");
            vm.stopPrank();
        }
        for (uint256 i = 0; i < early; ++i) _revoke(squatters[i], CODE);
        uint64 approvableAt = _publish(CODE, ICodeRegistry.Urgency.Routine);
        for (uint256 i = early; i < squatters.length; ++i) _revoke(squatters[i], CODE);
        vm.warp(approvableAt);
        _approve(publisher, CODE);
        assertTrue(codeRegistry.isApproved(CODE));
        assertEq(codeRegistry.releaseOf(publisher, CODE).contentId, CONTENT);
        assertEq(token.balanceOf(timelock), squatters.length * BOND);
    }

    // ------------------------------------------------------------- revokeCode

    function test_revokeCode_stopsApprovedCodeAtOnceAndEmits() public {
        _publishAndWait(CODE);
        _approve(publisher, CODE);
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.CodeRevoked(CODE, guardian, "exfiltrates lease data", true);
        vm.prank(guardian);
        codeRegistry.revokeCode(CODE, "exfiltrates lease data");
        vm.snapshotGasLastCall("CodeRegistry", "revokeCode");
        assertFalse(codeRegistry.isApproved(CODE));
        assertEq(codeRegistry.codeOf(CODE).revokedAt, block.timestamp);
        // The releases keep their record: the code is what was revoked.
        _assertStatus(publisher, CODE, ICodeRegistry.ReleaseStatus.Approved);
        assertEq(codeRegistry.codeOf(CODE).approvedReleases, 1);
    }

    function test_revokeCode_blocksAHashNobodyPublishedYet() public {
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.CodeRevoked(CODE, guardian, "known malware", false);
        vm.prank(guardian);
        codeRegistry.revokeCode(CODE, "known malware");
        assertEq(codeRegistry.codeOf(CODE).revokedAt, block.timestamp);
        assertEq(codeRegistry.releaseCount(ICodeRegistry.ReleaseStatus.Pending), 0);
    }

    function test_revokeCode_leavesPendingBondsForTheGuardianToForfeit() public {
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        vm.prank(guardian);
        codeRegistry.revokeCode(CODE, "exploit");
        assertEq(codeRegistry.releaseOf(publisher, CODE).bond, BOND);
        assertEq(token.balanceOf(address(codeRegistry)), BOND);
        _revoke(publisher, CODE);
        assertEq(token.balanceOf(timelock), BOND);
        assertEq(token.balanceOf(address(codeRegistry)), 0);
    }

    function test_revokeCode_isFinal() public {
        vm.startPrank(guardian);
        codeRegistry.revokeCode(CODE, "exploit");
        uint64 revokedAt = uint64(block.timestamp);
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryCodeRevoked.selector, CODE, revokedAt));
        codeRegistry.revokeCode(CODE, "again");
        vm.stopPrank();
        assertEq(codeRegistry.codeOf(CODE).revokedAt, revokedAt);
    }

    function test_revokeCode_revertsOnEmptyReasonOrZeroHash() public {
        vm.startPrank(guardian);
        vm.expectRevert(ICodeRegistry.CodeRegistryEmptyReason.selector);
        codeRegistry.revokeCode(CODE, "");
        vm.expectRevert(ICodeRegistry.CodeRegistryZeroCodeHash.selector);
        codeRegistry.revokeCode(bytes32(0), "exploit");
        vm.stopPrank();
    }

    function test_revokeCode_revertsWithoutGuardianRole() public {
        bytes32 role = codeRegistry.GUARDIAN_ROLE();
        address[3] memory callers = [timelock, publisher, squatter];
        for (uint256 i = 0; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], role)
            );
            codeRegistry.revokeCode(CODE, "griefing");
        }
    }

    // ----------------------------------------------------------------- lists

    function test_releases_pagesEachStatus() public {
        _publish(CODE, ICodeRegistry.Urgency.Routine);
        _publish(OTHER_CODE, ICodeRegistry.Urgency.Routine);
        _publishAs(squatter, CODE);
        ICodeRegistry.ReleaseKey[] memory page = codeRegistry.releases(ICodeRegistry.ReleaseStatus.Pending, 1, 5);
        assertEq(page.length, 2);
        assertEq(page[0].publisher, publisher);
        assertEq(page[0].codeHash, OTHER_CODE);
        assertEq(page[1].publisher, squatter);
        assertEq(page[1].codeHash, CODE);
        assertEq(codeRegistry.releases(ICodeRegistry.ReleaseStatus.Pending, 0, 1).length, 1);
        assertEq(codeRegistry.releases(ICodeRegistry.ReleaseStatus.Pending, 3, 5).length, 0);
        assertEq(codeRegistry.releases(ICodeRegistry.ReleaseStatus.None, 0, 5).length, 0);
    }

    function test_codeOf_isZeroForCodeNobodyPublished() public view {
        ICodeRegistry.Code memory code = codeRegistry.codeOf(CODE);
        assertEq(code.approvedReleases, 0);
        assertEq(code.revokedAt, 0);
        assertFalse(codeRegistry.isApproved(CODE));
    }

    function test_releaseOf_revertsForUnknownRelease() public {
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryUnknownRelease.selector, publisher, CODE));
        codeRegistry.releaseOf(publisher, CODE);
    }

    // ------------------------------------------------------------ parameters

    function test_setReviewPolicy_updatesAndEmits() public {
        ICodeRegistry.ReviewPolicy memory newPolicy = ICodeRegistry.ReviewPolicy(30 days, 30 days);
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.ReviewPolicyUpdated(ICodeRegistry.ReviewPolicy(BASE, PER_KIB), newPolicy);
        vm.prank(timelock);
        codeRegistry.setReviewPolicy(newPolicy);
        assertEq(codeRegistry.reviewPolicy().reviewBase, 30 days);
    }

    function test_setReviewPolicy_revertsAboveTheCap() public {
        vm.startPrank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(ICodeRegistry.CodeRegistryReviewPolicyOutOfRange.selector, 30 days + 1, 0)
        );
        codeRegistry.setReviewPolicy(ICodeRegistry.ReviewPolicy(30 days + 1, 0));
        vm.expectRevert(
            abi.encodeWithSelector(ICodeRegistry.CodeRegistryReviewPolicyOutOfRange.selector, 0, 30 days + 1)
        );
        codeRegistry.setReviewPolicy(ICodeRegistry.ReviewPolicy(0, 30 days + 1));
        vm.stopPrank();
    }

    function test_setPublicationBond_updatesAndEmits() public {
        vm.expectEmit(address(codeRegistry));
        emit ICodeRegistry.PublicationBondUpdated(BOND, 1 ether);
        vm.prank(timelock);
        codeRegistry.setPublicationBond(1 ether);
        assertEq(codeRegistry.publicationBond(), 1 ether);
    }

    function test_setPublicationBond_revertsAboveTheCap() public {
        uint256 maxBond = codeRegistry.MAX_PUBLICATION_BOND();
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryBondTooHigh.selector, maxBond + 1, maxBond));
        codeRegistry.setPublicationBond(maxBond + 1);
    }

    function test_setters_revertForAnyoneButGovernance() public {
        vm.startPrank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryNotGovernance.selector, guardian));
        codeRegistry.setPublicationBond(0);
        vm.expectRevert(abi.encodeWithSelector(ICodeRegistry.CodeRegistryNotGovernance.selector, guardian));
        codeRegistry.setReviewPolicy(ICodeRegistry.ReviewPolicy(0, 0));
        vm.stopPrank();
    }

    function test_grantRole_onlyGovernanceAppointsGuardians() public {
        bytes32 role = codeRegistry.GUARDIAN_ROLE();
        bytes32 adminRole = codeRegistry.DEFAULT_ADMIN_ROLE();
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, adminRole)
        );
        codeRegistry.grantRole(role, other);
        vm.prank(timelock);
        codeRegistry.grantRole(role, other);
        assertTrue(codeRegistry.hasRole(role, other));
    }
}
