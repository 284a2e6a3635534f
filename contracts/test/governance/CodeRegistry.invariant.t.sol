// SPDX-License-Identifier: MIT
// The handler shares this file with the test on purpose (see StakeManager.invariant.t.sol).
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {CodeRegistry} from "../../src/governance/CodeRegistry.sol";
import {ICodeRegistry} from "../../src/interfaces/ICodeRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

/// @title CodeRegistryHandler
/// @notice Drives a CodeRegistry through random publications (any size and urgency, by a few
///  publishers), approvals by governance at random times (some too early, which must fail),
///  revocations by the guardian of any release (some already revoked, which must fail), policy
///  and bond changes, and time passing. Ghost variables record every hash published, every
///  approval that succeeded and when, and every bond that entered or left.
contract CodeRegistryHandler is Test {
    uint256 internal constant PUBLISHERS = 3;
    uint256 internal constant MAX_WARP = 3 days;

    CodeRegistry public immutable codeRegistry;
    MockERC20 public immutable token;
    address public immutable governance;
    address public immutable guardian;

    address[] internal _publishers;
    bytes32[] internal _published;
    uint256 public currentTime;
    uint256 public ghostBondsIn;
    uint256 public ghostBondsOut;
    uint256 public ghostEarlyApprovals;
    uint256 public ghostRevokedTwice;
    mapping(bytes32 codeHash => bool) public ghostRevoked;

    constructor(CodeRegistry codeRegistry_, MockERC20 token_, address governance_, address guardian_) {
        codeRegistry = codeRegistry_;
        token = token_;
        governance = governance_;
        guardian = guardian_;
        currentTime = block.timestamp;
        for (uint256 i = 0; i < PUBLISHERS; ++i) {
            address publisher = makeAddr(string.concat("publisher-", vm.toString(i)));
            _publishers.push(publisher);
            token.mint(publisher, 1_000_000 ether);
            vm.prank(publisher);
            token.approve(address(codeRegistry_), type(uint256).max);
        }
    }

    modifier useTime() {
        vm.warp(currentTime);
        _;
    }

    function published() external view returns (bytes32[] memory) {
        return _published;
    }

    function _pick(uint256 seed) internal view returns (bytes32) {
        return _published[seed % _published.length];
    }

    function warp(uint256 seconds_) external useTime {
        currentTime += bound(seconds_, 1, MAX_WARP);
        vm.warp(currentTime);
    }

    function publish(uint256 publisherSeed, uint64 size, uint8 urgency) external useTime {
        address publisher = _publishers[publisherSeed % PUBLISHERS];
        bytes32 codeHash = keccak256(abi.encode("bundle", _published.length));
        size = uint64(bound(size, 1, type(uint64).max));
        uint256 bond = codeRegistry.publicationBond();
        vm.prank(publisher);
        codeRegistry.publish(codeHash, keccak256(abi.encode(codeHash)), size, ICodeRegistry.Urgency(urgency % 3), "");
        _published.push(codeHash);
        ghostBondsIn += bond;
    }

    function approve(uint256 seed) external useTime {
        if (_published.length == 0) return;
        bytes32 codeHash = _pick(seed);
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(codeHash);
        vm.prank(governance);
        try codeRegistry.approve(codeHash) {
            if (block.timestamp < release.approvableAt) ++ghostEarlyApprovals;
            ghostBondsOut += release.bond;
        } catch {
            // Refused: too early, or not pending. Either way nothing may have changed.
            assertEq(uint256(codeRegistry.releaseOf(codeHash).status), uint256(release.status));
        }
    }

    function revoke(uint256 seed) external useTime {
        if (_published.length == 0) return;
        bytes32 codeHash = _pick(seed);
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(codeHash);
        vm.prank(guardian);
        try codeRegistry.revoke(codeHash, "fuzzed") {
            if (ghostRevoked[codeHash]) ++ghostRevokedTwice;
            ghostRevoked[codeHash] = true;
            ghostBondsOut += release.bond;
        } catch {
            assertTrue(ghostRevoked[codeHash], "revocation of a live release refused");
        }
    }

    function setParameters(uint64 base, uint64 perKiB, uint256 bond) external useTime {
        uint64 maxParameter = codeRegistry.MAX_REVIEW_PARAMETER();
        vm.startPrank(governance);
        codeRegistry.setReviewPolicy(
            ICodeRegistry.ReviewPolicy(uint64(bound(base, 0, maxParameter)), uint64(bound(perKiB, 0, maxParameter)))
        );
        codeRegistry.setPublicationBond(bound(bond, 0, 1_000 ether));
        vm.stopPrank();
    }
}

contract CodeRegistryInvariantTest is Test {
    uint64 internal constant FLOOR = 1 days;

    CodeRegistry internal codeRegistry;
    MockERC20 internal token;
    CodeRegistryHandler internal handler;
    address internal governance;

    function setUp() public {
        governance = makeAddr("timelock");
        address guardian = makeAddr("guardian");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        codeRegistry = new CodeRegistry(
            token,
            governance,
            guardian,
            FLOOR,
            ICodeRegistry.ReviewPolicy(7 days, 1 hours),
            10 ether
        );
        handler = new CodeRegistryHandler(codeRegistry, token, governance, guardian);

        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = CodeRegistryHandler.warp.selector;
        selectors[1] = CodeRegistryHandler.publish.selector;
        selectors[2] = CodeRegistryHandler.approve.selector;
        selectors[3] = CodeRegistryHandler.revoke.selector;
        selectors[4] = CodeRegistryHandler.setParameters.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice The registry holds exactly the bonds of pending releases; every bond that came in
    ///  went back to a publisher, to governance, or is still held.
    function invariant_holdsExactlyThePendingBonds() public view {
        bytes32[] memory hashes = handler.published();
        uint256 pendingBonds;
        for (uint256 i = 0; i < hashes.length; ++i) {
            ICodeRegistry.Release memory release = codeRegistry.releaseOf(hashes[i]);
            if (release.status == ICodeRegistry.ReleaseStatus.Pending) pendingBonds += release.bond;
            else assertEq(release.bond, 0, "a decided release still holds a bond");
        }
        uint256 balance = token.balanceOf(address(codeRegistry));
        assertEq(balance, pendingBonds, "balance != pending bonds");
        assertEq(handler.ghostBondsIn(), handler.ghostBondsOut() + balance, "bonds created or lost");
    }

    /// @notice Every release is in exactly the list of its status, and isApproved says Approved.
    function invariant_listsPartitionTheReleases() public view {
        bytes32[] memory hashes = handler.published();
        uint256[4] memory counts;
        for (uint256 i = 0; i < hashes.length; ++i) {
            ICodeRegistry.ReleaseStatus status = codeRegistry.releaseOf(hashes[i]).status;
            ++counts[uint256(status)];
            assertEq(
                codeRegistry.isApproved(hashes[i]),
                status == ICodeRegistry.ReleaseStatus.Approved,
                "isApproved disagrees with the status"
            );
        }
        assertEq(counts[0], 0, "a published release reads as unknown");
        for (uint256 status = 1; status <= 3; ++status) {
            assertEq(
                codeRegistry.releaseCount(ICodeRegistry.ReleaseStatus(status)),
                counts[status],
                "list length != releases in that status"
            );
            bytes32[] memory listed = codeRegistry.releases(ICodeRegistry.ReleaseStatus(status), 0, hashes.length);
            for (uint256 i = 0; i < listed.length; ++i) {
                assertEq(uint256(codeRegistry.releaseOf(listed[i]).status), status, "listed under the wrong status");
            }
        }
    }

    /// @notice No release is approved before its window, no window is shorter than the floor,
    ///  and revocation is final.
    function invariant_windowsHoldAndRevocationIsFinal() public view {
        assertEq(handler.ghostEarlyApprovals(), 0, "approved inside its review window");
        assertEq(handler.ghostRevokedTwice(), 0, "revoked twice");
        bytes32[] memory hashes = handler.published();
        for (uint256 i = 0; i < hashes.length; ++i) {
            ICodeRegistry.Release memory release = codeRegistry.releaseOf(hashes[i]);
            assertTrue(release.approvableAt - release.publishedAt >= FLOOR, "window below the floor");
            if (release.status == ICodeRegistry.ReleaseStatus.Approved) {
                assertTrue(release.decidedAt >= release.approvableAt, "approved early");
            }
            if (handler.ghostRevoked(hashes[i])) {
                assertEq(uint256(release.status), uint256(ICodeRegistry.ReleaseStatus.Revoked), "revocation undone");
            }
        }
    }
}
