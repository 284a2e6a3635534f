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
///  publishers, some copying a code hash another already published), approvals by governance at
///  random times (some too early, which must fail, and some of squatters' copies, by mistake),
///  revocations of releases and of code by the guardian (some already revoked, which must fail),
///  policy and bond changes, and time passing.
///  Adversaries: squatters, many addresses of one attacker, front-run the author's publications
///  of its genuine bundles with bogus metadata (any urgency, any size, their own content ids);
///  the guardian revokes squatters' copies. The honest guardian never revokes the author's
///  releases or code, and governance approves the author's releases once their window is over.
///  Ghost variables record every release and code hash, every revocation, every bond that entered
///  or left, and every time the author was refused.
contract CodeRegistryHandler is Test {
    uint256 internal constant PUBLISHERS = 3;
    uint256 internal constant SQUATTERS = 6;
    uint256 internal constant GENUINE_BUNDLES = 5;
    uint256 internal constant MAX_WARP = 3 days;

    CodeRegistry public immutable codeRegistry;
    MockERC20 public immutable token;
    address public immutable governance;
    address public immutable guardian;
    address public immutable author;

    address[] internal _publishers;
    address[] internal _squatters;
    ICodeRegistry.ReleaseKey[] internal _keys;
    ICodeRegistry.ReleaseKey[] internal _squats;
    bytes32[] internal _genericCodes;
    bytes32[] internal _genuineCodes;
    uint256 public currentTime;
    uint256 public ghostBondsIn;
    uint256 public ghostBondsOut;
    uint256 public ghostEarlyApprovals;
    uint256 public ghostRevokedTwice;
    uint256 public ghostWrongRefusals;
    /// @dev Publications or approvals of the author's genuine releases the registry refused.
    uint256 public ghostAuthorRefused;
    mapping(bytes32 releaseId => bool) public ghostReleaseRevoked;
    mapping(bytes32 codeHash => uint256) public ghostCodeRevokedAt;

    constructor(CodeRegistry codeRegistry_, MockERC20 token_, address governance_, address guardian_) {
        codeRegistry = codeRegistry_;
        token = token_;
        governance = governance_;
        guardian = guardian_;
        currentTime = block.timestamp;
        for (uint256 i = 0; i < PUBLISHERS; ++i) _publishers.push(_funded(string.concat("publisher-", vm.toString(i))));
        for (uint256 i = 0; i < SQUATTERS; ++i) _squatters.push(_funded(string.concat("squatter-", vm.toString(i))));
        author = _funded("author");
        for (uint256 i = 0; i < GENUINE_BUNDLES; ++i) _genuineCodes.push(keccak256(abi.encode("genuine", i)));
    }

    modifier useTime() {
        vm.warp(currentTime);
        _;
    }

    function _funded(string memory name) internal returns (address account) {
        account = makeAddr(name);
        token.mint(account, 1_000_000_000 ether);
        vm.prank(account);
        token.approve(address(codeRegistry), type(uint256).max);
    }

    // ------------------------------------------------------------ ghost reads

    function keys() external view returns (ICodeRegistry.ReleaseKey[] memory) {
        return _keys;
    }

    function genericCodes() external view returns (bytes32[] memory) {
        return _genericCodes;
    }

    function genuineCodes() external view returns (bytes32[] memory) {
        return _genuineCodes;
    }

    /// @notice What the author publishes for its genuine bundle `codeHash`.
    function genuineContent(bytes32 codeHash) public pure returns (bytes32) {
        return keccak256(abi.encode("genuine content", codeHash));
    }

    function releaseId(address publisher, bytes32 codeHash) public pure returns (bytes32) {
        return keccak256(abi.encode(publisher, codeHash));
    }

    function _status(address publisher, bytes32 codeHash) internal view returns (ICodeRegistry.ReleaseStatus) {
        try codeRegistry.releaseOf(publisher, codeHash) returns (ICodeRegistry.Release memory release) {
            return release.status;
        } catch {
            return ICodeRegistry.ReleaseStatus.None;
        }
    }

    /// @dev Publishes and records, or checks the refusal was one the rules call for.
    function _publish(
        address publisher,
        bytes32 codeHash,
        bytes32 contentId,
        uint64 size,
        ICodeRegistry.Urgency urgency
    ) internal returns (bool published) {
        bool expected =
            _status(publisher, codeHash) == ICodeRegistry.ReleaseStatus.None && ghostCodeRevokedAt[codeHash] == 0;
        uint256 bond = codeRegistry.publicationBond();
        vm.prank(publisher);
        try codeRegistry.publish(codeHash, contentId, size, urgency, "ipfs://notes") {
            published = true;
            _keys.push(ICodeRegistry.ReleaseKey(publisher, codeHash));
            ghostBondsIn += bond;
        } catch {}
        if (published != expected) ++ghostWrongRefusals;
    }

    // ---------------------------------------------------------------- actions

    function warp(uint256 seconds_) external useTime {
        currentTime += bound(seconds_, 1, MAX_WARP);
        vm.warp(currentTime);
    }

    /// @notice An honest publisher publishes a new bundle, or a copy of one already published.
    function publish(uint256 publisherSeed, uint256 copySeed, uint64 size, uint8 urgency) external useTime {
        address publisher = _publishers[publisherSeed % PUBLISHERS];
        bytes32 codeHash;
        if (copySeed % 4 == 0 && _genericCodes.length != 0) {
            codeHash = _genericCodes[copySeed % _genericCodes.length];
        } else {
            codeHash = keccak256(abi.encode("bundle", _genericCodes.length));
            _genericCodes.push(codeHash);
        }
        size = uint64(bound(size, 1, type(uint64).max));
        _publish(publisher, codeHash, keccak256(abi.encode(codeHash)), size, ICodeRegistry.Urgency(urgency % 3));
    }

    /// @notice A squatter front-runs the author's publication of a genuine bundle with bogus metadata.
    function squat(uint256 squatterSeed, uint256 bundleSeed, uint64 size, uint8 urgency) external useTime {
        address squatter = _squatters[squatterSeed % SQUATTERS];
        bytes32 codeHash = _genuineCodes[bundleSeed % GENUINE_BUNDLES];
        size = uint64(bound(size, 1, type(uint64).max));
        bytes32 bogus = keccak256(abi.encode("bogus", squatter, size));
        if (_publish(squatter, codeHash, bogus, size, ICodeRegistry.Urgency(urgency % 3))) {
            _squats.push(ICodeRegistry.ReleaseKey(squatter, codeHash));
        }
    }

    /// @notice The author publishes a genuine bundle (once), with its true metadata.
    function publishGenuine(uint256 bundleSeed) external useTime {
        bytes32 codeHash = _genuineCodes[bundleSeed % GENUINE_BUNDLES];
        if (_status(author, codeHash) != ICodeRegistry.ReleaseStatus.None) return;
        uint64 size = uint64(4_096 * (1 + (bundleSeed % GENUINE_BUNDLES)));
        if (!_publish(author, codeHash, genuineContent(codeHash), size, ICodeRegistry.Urgency.Routine)) {
            ++ghostAuthorRefused;
        }
    }

    /// @notice Governance approves any release (a squatter's too, by mistake) at a random time.
    function approve(uint256 seed) external useTime {
        if (_keys.length == 0) return;
        _approve(_keys[seed % _keys.length]);
    }

    /// @notice Governance approves one of the author's releases it reviewed.
    function approveGenuine(uint256 seed) external useTime {
        bytes32 codeHash = _genuineCodes[seed % GENUINE_BUNDLES];
        if (_status(author, codeHash) != ICodeRegistry.ReleaseStatus.None) {
            _approve(ICodeRegistry.ReleaseKey(author, codeHash));
        }
    }

    function _approve(ICodeRegistry.ReleaseKey memory key) internal {
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(key.publisher, key.codeHash);
        bool expected =
            release.status == ICodeRegistry.ReleaseStatus.Pending &&
                block.timestamp >= release.approvableAt &&
                ghostCodeRevokedAt[key.codeHash] == 0;
        vm.prank(governance);
        try codeRegistry.approve(key.publisher, key.codeHash) {
            if (block.timestamp < release.approvableAt) ++ghostEarlyApprovals;
            ghostBondsOut += release.bond;
            if (!expected) ++ghostWrongRefusals;
        } catch {
            // Refused: nothing may have changed, and the refusal must be one the rules call for.
            assertEq(uint256(codeRegistry.releaseOf(key.publisher, key.codeHash).status), uint256(release.status));
            if (expected) {
                ++ghostWrongRefusals;
                if (key.publisher == author) ++ghostAuthorRefused;
            }
        }
    }

    /// @notice The guardian revokes any release but the author's (some already revoked).
    function revoke(uint256 seed) external useTime {
        if (_keys.length == 0) return;
        ICodeRegistry.ReleaseKey memory key = _keys[seed % _keys.length];
        if (key.publisher != author) _revoke(key);
    }

    /// @notice The guardian revokes a squatter's copy.
    function revokeSquatter(uint256 seed) external useTime {
        if (_squats.length == 0) return;
        _revoke(_squats[seed % _squats.length]);
    }

    function _revoke(ICodeRegistry.ReleaseKey memory key) internal {
        bytes32 id = releaseId(key.publisher, key.codeHash);
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(key.publisher, key.codeHash);
        vm.prank(guardian);
        try codeRegistry.revoke(key.publisher, key.codeHash, "fuzzed") {
            if (ghostReleaseRevoked[id]) ++ghostRevokedTwice;
            ghostReleaseRevoked[id] = true;
            ghostBondsOut += release.bond;
        } catch {
            if (!ghostReleaseRevoked[id]) ++ghostWrongRefusals;
        }
    }

    /// @notice The guardian finds an honest publisher's bundle harmful and revokes the code.
    function revokeCode(uint256 seed) external useTime {
        if (_genericCodes.length == 0) return;
        bytes32 codeHash = _genericCodes[seed % _genericCodes.length];
        vm.prank(guardian);
        try codeRegistry.revokeCode(codeHash, "fuzzed") {
            if (ghostCodeRevokedAt[codeHash] != 0) ++ghostRevokedTwice;
            ghostCodeRevokedAt[codeHash] = block.timestamp;
        } catch {
            if (ghostCodeRevokedAt[codeHash] == 0) ++ghostWrongRefusals;
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

    /// @notice What `probeAuthor` found, carried out of the call it reverts.
    error CodeRegistryInvariantTestProbed(bool approved);

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

        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = CodeRegistryHandler.warp.selector;
        selectors[1] = CodeRegistryHandler.publish.selector;
        selectors[2] = CodeRegistryHandler.squat.selector;
        selectors[3] = CodeRegistryHandler.publishGenuine.selector;
        selectors[4] = CodeRegistryHandler.approve.selector;
        selectors[5] = CodeRegistryHandler.approveGenuine.selector;
        selectors[6] = CodeRegistryHandler.revoke.selector;
        selectors[7] = CodeRegistryHandler.revokeSquatter.selector;
        selectors[8] = CodeRegistryHandler.revokeCode.selector;
        selectors[9] = CodeRegistryHandler.setParameters.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice The registry holds exactly the bonds of pending releases; every bond that came in
    ///  went back to a publisher, to governance, or is still held.
    function invariant_holdsExactlyThePendingBonds() public view {
        ICodeRegistry.ReleaseKey[] memory keys = handler.keys();
        uint256 pendingBonds;
        for (uint256 i = 0; i < keys.length; ++i) {
            ICodeRegistry.Release memory release = codeRegistry.releaseOf(keys[i].publisher, keys[i].codeHash);
            if (release.status == ICodeRegistry.ReleaseStatus.Pending) pendingBonds += release.bond;
            else assertEq(release.bond, 0, "a decided release still holds a bond");
        }
        uint256 balance = token.balanceOf(address(codeRegistry));
        assertEq(balance, pendingBonds, "balance != pending bonds");
        assertEq(handler.ghostBondsIn(), handler.ghostBondsOut() + balance, "bonds created or lost");
    }

    /// @notice Every release is in exactly the list of its status, under its own key.
    function invariant_listsPartitionTheReleases() public view {
        ICodeRegistry.ReleaseKey[] memory keys = handler.keys();
        uint256[4] memory counts;
        for (uint256 i = 0; i < keys.length; ++i) {
            ICodeRegistry.Release memory release = codeRegistry.releaseOf(keys[i].publisher, keys[i].codeHash);
            assertEq(release.publisher, keys[i].publisher, "stored under another publisher");
            assertEq(release.codeHash, keys[i].codeHash, "stored under another code hash");
            ++counts[uint256(release.status)];
        }
        assertEq(counts[0], 0, "a published release reads as unknown");
        for (uint256 status = 1; status <= 3; ++status) {
            assertEq(
                codeRegistry.releaseCount(ICodeRegistry.ReleaseStatus(status)),
                counts[status],
                "list length != releases in that status"
            );
            ICodeRegistry.ReleaseKey[] memory listed = codeRegistry.releases(
                ICodeRegistry.ReleaseStatus(status),
                0,
                keys.length
            );
            for (uint256 i = 0; i < listed.length; ++i) {
                assertEq(
                    uint256(codeRegistry.releaseOf(listed[i].publisher, listed[i].codeHash).status),
                    status,
                    "listed under the wrong status"
                );
            }
        }
    }

    /// @notice isApproved(codeHash) is true exactly when some release of it is Approved and the
    ///  code was never revoked; codeOf counts the Approved releases and keeps the revocation.
    function invariant_isApprovedFollowsTheRule() public view {
        ICodeRegistry.ReleaseKey[] memory keys = handler.keys();
        bytes32[] memory generic = handler.genericCodes();
        bytes32[] memory genuine = handler.genuineCodes();
        for (uint256 c = 0; c < generic.length + genuine.length; ++c) {
            bytes32 codeHash = c < generic.length ? generic[c] : genuine[c - generic.length];
            uint256 approved;
            for (uint256 i = 0; i < keys.length; ++i) {
                if (keys[i].codeHash != codeHash) continue;
                ICodeRegistry.ReleaseStatus status = codeRegistry.releaseOf(keys[i].publisher, codeHash).status;
                if (status == ICodeRegistry.ReleaseStatus.Approved) ++approved;
            }
            ICodeRegistry.Code memory code = codeRegistry.codeOf(codeHash);
            assertEq(code.approvedReleases, approved, "approved releases miscounted");
            assertEq(code.revokedAt, handler.ghostCodeRevokedAt(codeHash), "code revocation lost or moved");
            assertEq(codeRegistry.isApproved(codeHash), approved != 0 && code.revokedAt == 0, "isApproved off rule");
        }
    }

    /// @notice No release is approved before its window, no window is shorter than the floor, no
    ///  refusal the rules do not call for, and revocation (of a release or of code) is final.
    function invariant_windowsHoldAndRevocationIsFinal() public view {
        assertEq(handler.ghostEarlyApprovals(), 0, "approved inside its review window");
        assertEq(handler.ghostRevokedTwice(), 0, "revoked twice");
        assertEq(handler.ghostWrongRefusals(), 0, "a call the rules allow was refused, or the reverse");
        ICodeRegistry.ReleaseKey[] memory keys = handler.keys();
        for (uint256 i = 0; i < keys.length; ++i) {
            ICodeRegistry.Release memory release = codeRegistry.releaseOf(keys[i].publisher, keys[i].codeHash);
            assertTrue(release.approvableAt - release.publishedAt >= FLOOR, "window below the floor");
            if (release.status == ICodeRegistry.ReleaseStatus.Approved) {
                assertTrue(release.decidedAt >= release.approvableAt, "approved early");
            }
            if (handler.ghostReleaseRevoked(handler.releaseId(keys[i].publisher, keys[i].codeHash))) {
                assertEq(uint256(release.status), uint256(ICodeRegistry.ReleaseStatus.Revoked), "revocation undone");
            }
        }
    }

    /// @notice Whatever the squatters published and the guardian revoked, the author's genuine
    ///  releases were never refused and each can still reach Approved: published now if it was
    ///  not yet, approved by governance once its window is over, and then `isApproved`.
    function invariant_squattersNeverBlockTheAuthor() public {
        assertEq(handler.ghostAuthorRefused(), 0, "the author was refused");
        bytes32[] memory genuine = handler.genuineCodes();
        address author = handler.author();
        for (uint256 i = 0; i < genuine.length; ++i) {
            try this.probeAuthor(author, genuine[i]) {
                assertTrue(false, "the probe always reverts");
            } catch (bytes memory result) {
                assertEq(
                    keccak256(result),
                    keccak256(abi.encodeWithSelector(CodeRegistryInvariantTestProbed.selector, true)),
                    "the author's release cannot reach Approved"
                );
            }
            ICodeRegistry.ReleaseStatus status = _statusOf(author, genuine[i]);
            assertTrue(status != ICodeRegistry.ReleaseStatus.Revoked, "the author's release was revoked");
            if (status == ICodeRegistry.ReleaseStatus.Pending) {
                assertEq(
                    codeRegistry.releaseOf(author, genuine[i]).contentId,
                    handler.genuineContent(genuine[i]),
                    "the author's metadata was replaced"
                );
            }
        }
        vm.warp(handler.currentTime());
    }

    /// @notice Publishes the author's release of `codeHash` if needed, waits out its window,
    ///  approves it as governance and reverts with whether the code is approved, undoing it all.
    function probeAuthor(address author, bytes32 codeHash) external {
        if (_statusOf(author, codeHash) == ICodeRegistry.ReleaseStatus.None) {
            bytes32 contentId = handler.genuineContent(codeHash);
            vm.prank(author);
            codeRegistry.publish(codeHash, contentId, 4_096, ICodeRegistry.Urgency.Routine, "");
        }
        ICodeRegistry.Release memory release = codeRegistry.releaseOf(author, codeHash);
        if (release.status == ICodeRegistry.ReleaseStatus.Pending) {
            if (block.timestamp < release.approvableAt) vm.warp(release.approvableAt);
            vm.prank(governance);
            codeRegistry.approve(author, codeHash);
        }
        revert CodeRegistryInvariantTestProbed(codeRegistry.isApproved(codeHash));
    }

    function _statusOf(address publisher, bytes32 codeHash) internal view returns (ICodeRegistry.ReleaseStatus) {
        try codeRegistry.releaseOf(publisher, codeHash) returns (ICodeRegistry.Release memory release) {
            return release.status;
        } catch {
            return ICodeRegistry.ReleaseStatus.None;
        }
    }
}
