// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICodeRegistry} from "../interfaces/ICodeRegistry.sol";
import {ReviewWindowLibrary} from "../libraries/ReviewWindowLibrary.sol";

/// @title CodeRegistry
/// @notice Agent code releases, one per (publisher, code hash): publication with a bond, review
///  window, approval by governance, revocation of a release or of the code by the guardian.
/// @dev `governance` (the timelock) is immutable: approval cannot be handed to anyone else. It
///  also holds the default admin role, which grants and revokes GUARDIAN_ROLE. A release is
///  stored under keccak256(abi.encode(publisher, codeHash)), the id the status lists hold.
contract CodeRegistry is ICodeRegistry, AccessControl, ReentrancyGuard {
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using SafeERC20 for IERC20;

    /// @inheritdoc ICodeRegistry
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @inheritdoc ICodeRegistry
    uint64 public constant MAX_REVIEW_WINDOW = ReviewWindowLibrary.MAX_WINDOW;
    /// @inheritdoc ICodeRegistry
    uint64 public constant MAX_REVIEW_PARAMETER = 30 days;
    /// @inheritdoc ICodeRegistry
    uint256 public constant MAX_PUBLICATION_BOND = 1_000_000 ether;
    /// @inheritdoc ICodeRegistry
    uint256 public constant MAX_DESCRIPTION_LENGTH = 512;

    uint64 private immutable _reviewFloor;
    address private immutable _governance;
    IERC20 private immutable _bondToken;

    ReviewPolicy private _reviewPolicy;
    uint256 private _publicationBond;

    mapping(bytes32 releaseId => Release) private _releases;
    mapping(ReleaseStatus status => EnumerableSet.Bytes32Set releaseIds) private _byStatus;
    mapping(bytes32 codeHash => Code) private _codes;

    modifier onlyGovernance() {
        if (msg.sender != _governance) revert CodeRegistryNotGovernance(msg.sender);
        _;
    }

    constructor(
        IERC20 bondToken_,
        address governance_,
        address guardian,
        uint64 reviewFloor_,
        ReviewPolicy memory reviewPolicy_,
        uint256 publicationBond_
    ) {
        if (governance_ == address(0)) revert CodeRegistryZeroGovernance();
        if (reviewFloor_ == 0 || reviewFloor_ > MAX_REVIEW_WINDOW) {
            revert CodeRegistryReviewFloorOutOfRange(reviewFloor_, MAX_REVIEW_WINDOW);
        }
        _reviewFloor = reviewFloor_;
        _governance = governance_;
        _bondToken = bondToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, governance_);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        _setReviewPolicy(reviewPolicy_);
        _setPublicationBond(publicationBond_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICodeRegistry
    function reviewFloor() external view returns (uint64) {
        return _reviewFloor;
    }

    /// @inheritdoc ICodeRegistry
    function governance() external view returns (address) {
        return _governance;
    }

    /// @inheritdoc ICodeRegistry
    function bondToken() external view returns (IERC20) {
        return _bondToken;
    }

    /// @inheritdoc ICodeRegistry
    function reviewPolicy() external view returns (ReviewPolicy memory) {
        return _reviewPolicy;
    }

    /// @inheritdoc ICodeRegistry
    function publicationBond() external view returns (uint256) {
        return _publicationBond;
    }

    /// @inheritdoc ICodeRegistry
    function reviewWindow(uint64 size, Urgency urgency) public view returns (uint64) {
        ReviewPolicy memory policy = _reviewPolicy;
        return ReviewWindowLibrary.window(size, urgency, policy.reviewBase, policy.reviewPerKiB, _reviewFloor);
    }

    /// @inheritdoc ICodeRegistry
    function isApproved(bytes32 codeHash) external view returns (bool) {
        return _approved(_codes[codeHash]);
    }

    /// @inheritdoc ICodeRegistry
    function releaseOf(address publisher, bytes32 codeHash) external view returns (Release memory) {
        (, Release storage release) = _existingRelease(publisher, codeHash);
        return release;
    }

    /// @inheritdoc ICodeRegistry
    function codeOf(bytes32 codeHash) external view returns (Code memory) {
        return _codes[codeHash];
    }

    /// @inheritdoc ICodeRegistry
    function releaseCount(ReleaseStatus status) external view returns (uint256) {
        return _byStatus[status].length();
    }

    /// @inheritdoc ICodeRegistry
    function releases(
        ReleaseStatus status,
        uint256 offset,
        uint256 limit
    ) external view returns (ReleaseKey[] memory page) {
        EnumerableSet.Bytes32Set storage set = _byStatus[status];
        uint256 length = set.length();
        if (offset >= length) return new ReleaseKey[](0);
        uint256 count = Math.min(limit, length - offset);
        page = new ReleaseKey[](count);
        for (uint256 i = 0; i < count; ++i) {
            Release storage release = _releases[set.at(offset + i)];
            page[i] = ReleaseKey(release.publisher, release.codeHash);
        }
    }

    // ------------------------------------------------------------ publishers

    /// @inheritdoc ICodeRegistry
    function publish(
        bytes32 codeHash,
        bytes32 contentId,
        uint64 size,
        Urgency urgency,
        string calldata descriptionURI
    ) external nonReentrant returns (uint64 approvableAt) {
        if (codeHash == bytes32(0)) revert CodeRegistryZeroCodeHash();
        if (contentId == bytes32(0)) revert CodeRegistryZeroContentId();
        if (size == 0) revert CodeRegistryZeroSize();
        uint256 length = bytes(descriptionURI).length;
        if (length > MAX_DESCRIPTION_LENGTH) revert CodeRegistryDescriptionTooLong(length, MAX_DESCRIPTION_LENGTH);
        uint64 codeRevokedAt = _codes[codeHash].revokedAt;
        if (codeRevokedAt != 0) revert CodeRegistryCodeRevoked(codeHash, codeRevokedAt);
        bytes32 id = _releaseId(msg.sender, codeHash);
        Release storage release = _releases[id];
        if (release.status != ReleaseStatus.None) {
            revert CodeRegistryAlreadyPublished(msg.sender, codeHash, release.status);
        }

        // Pull first and record what arrived, so a fee-charging token cannot make the registry
        // promise a refund larger than it holds. At most MAX_PUBLICATION_BOND, so it fits 128 bits.
        uint256 bond = _publicationBond;
        if (bond != 0) {
            uint256 balanceBefore = _bondToken.balanceOf(address(this));
            _bondToken.safeTransferFrom(msg.sender, address(this), bond);
            bond = _bondToken.balanceOf(address(this)) - balanceBefore;
        }

        approvableAt = uint64(block.timestamp) + reviewWindow(size, urgency);
        release.codeHash = codeHash;
        release.publisher = msg.sender;
        release.status = ReleaseStatus.Pending;
        release.urgency = urgency;
        release.publishedAt = uint64(block.timestamp);
        release.approvableAt = approvableAt;
        release.size = size;
        release.bond = uint128(bond);
        release.contentId = contentId;
        release.descriptionURI = descriptionURI;
        _byStatus[ReleaseStatus.Pending].add(id);
        emit ReleasePublished(codeHash, msg.sender, contentId, size, urgency, descriptionURI, bond, approvableAt);
    }

    // ------------------------------------------------------------ governance

    /// @inheritdoc ICodeRegistry
    function approve(address publisher, bytes32 codeHash) external onlyGovernance nonReentrant {
        (bytes32 id, Release storage release) = _existingRelease(publisher, codeHash);
        ReleaseStatus status = release.status;
        if (status != ReleaseStatus.Pending) revert CodeRegistryInvalidStatus(publisher, codeHash, status);
        Code storage code = _codes[codeHash];
        uint64 codeRevokedAt = code.revokedAt;
        if (codeRevokedAt != 0) revert CodeRegistryCodeRevoked(codeHash, codeRevokedAt);
        uint64 approvableAt = release.approvableAt;
        if (block.timestamp < approvableAt) {
            revert CodeRegistryReviewWindowNotOver(publisher, codeHash, approvableAt);
        }
        uint256 bond = release.bond;
        release.status = ReleaseStatus.Approved;
        release.decidedAt = uint64(block.timestamp);
        release.bond = 0;
        ++code.approvedReleases;
        _byStatus[ReleaseStatus.Pending].remove(id);
        _byStatus[ReleaseStatus.Approved].add(id);
        emit ReleaseApproved(codeHash, publisher, msg.sender, bond);
        if (bond != 0) _bondToken.safeTransfer(publisher, bond);
    }

    /// @inheritdoc ICodeRegistry
    function setReviewPolicy(ReviewPolicy calldata newPolicy) external onlyGovernance {
        _setReviewPolicy(newPolicy);
    }

    /// @inheritdoc ICodeRegistry
    function setPublicationBond(uint256 newBond) external onlyGovernance {
        _setPublicationBond(newBond);
    }

    // -------------------------------------------------------------- guardian

    /// @inheritdoc ICodeRegistry
    function revoke(
        address publisher,
        bytes32 codeHash,
        string calldata reason
    ) external onlyRole(GUARDIAN_ROLE) nonReentrant {
        if (bytes(reason).length == 0) revert CodeRegistryEmptyReason();
        (bytes32 id, Release storage release) = _existingRelease(publisher, codeHash);
        ReleaseStatus status = release.status;
        if (status == ReleaseStatus.Revoked) revert CodeRegistryInvalidStatus(publisher, codeHash, status);
        uint256 bond = release.bond;
        release.status = ReleaseStatus.Revoked;
        release.decidedAt = uint64(block.timestamp);
        release.bond = 0;
        Code storage code = _codes[codeHash];
        if (status == ReleaseStatus.Approved) --code.approvedReleases;
        _byStatus[status].remove(id);
        _byStatus[ReleaseStatus.Revoked].add(id);
        emit ReleaseRevoked(codeHash, publisher, msg.sender, status, reason, bond, _approved(code));
        if (bond != 0) _bondToken.safeTransfer(_governance, bond);
    }

    /// @inheritdoc ICodeRegistry
    function revokeCode(bytes32 codeHash, string calldata reason) external onlyRole(GUARDIAN_ROLE) {
        if (bytes(reason).length == 0) revert CodeRegistryEmptyReason();
        if (codeHash == bytes32(0)) revert CodeRegistryZeroCodeHash();
        Code storage code = _codes[codeHash];
        uint64 revokedAt = code.revokedAt;
        if (revokedAt != 0) revert CodeRegistryCodeRevoked(codeHash, revokedAt);
        bool wasApproved = code.approvedReleases != 0;
        code.revokedAt = uint64(block.timestamp);
        emit CodeRevoked(codeHash, msg.sender, reason, wasApproved);
    }

    // -------------------------------------------------------------- private

    /// @dev The rule of `isApproved`, in one place.
    function _approved(Code storage code) private view returns (bool) {
        return code.approvedReleases != 0 && code.revokedAt == 0;
    }

    function _releaseId(address publisher, bytes32 codeHash) private pure returns (bytes32) {
        return keccak256(abi.encode(publisher, codeHash));
    }

    function _existingRelease(
        address publisher,
        bytes32 codeHash
    ) private view returns (bytes32 id, Release storage release) {
        id = _releaseId(publisher, codeHash);
        release = _releases[id];
        if (release.status == ReleaseStatus.None) revert CodeRegistryUnknownRelease(publisher, codeHash);
    }

    function _setReviewPolicy(ReviewPolicy memory newPolicy) private {
        if (newPolicy.reviewBase > MAX_REVIEW_PARAMETER || newPolicy.reviewPerKiB > MAX_REVIEW_PARAMETER) {
            revert CodeRegistryReviewPolicyOutOfRange(newPolicy.reviewBase, newPolicy.reviewPerKiB);
        }
        ReviewPolicy memory oldPolicy = _reviewPolicy;
        _reviewPolicy = newPolicy;
        emit ReviewPolicyUpdated(oldPolicy, newPolicy);
    }

    function _setPublicationBond(uint256 newBond) private {
        if (newBond > MAX_PUBLICATION_BOND) revert CodeRegistryBondTooHigh(newBond, MAX_PUBLICATION_BOND);
        uint256 oldBond = _publicationBond;
        _publicationBond = newBond;
        emit PublicationBondUpdated(oldBond, newBond);
    }
}
