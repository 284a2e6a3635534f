// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ICodeRegistry
/// @notice Releases of agent code and their approval by governance. Workers run only code whose
///  hash `isApproved`.
/// @dev A release is keyed by the content hash of its agent bundle and goes
///  `Pending ─approve─► Approved`, and from either of those `─revoke─► Revoked` (final):
///  - Anyone publishes, paying the publication bond (in the stake token) at the time. The bond
///    is what keeps the pending list from being spammed: it comes back to the publisher when the
///    release is approved and goes to governance (the timelock) when a pending release is revoked.
///  - Publishing fixes the release's review window, the time reviewers get before approval:
///
///        raw    = reviewBase + reviewPerKiB × ceil(size / 1024)        (seconds)
///        window = max(reviewFloor, min(raw, MAX_REVIEW_WINDOW) × factor(urgency) / 4)
///        factor(Routine) = 4, factor(Urgent) = 1, factor(Emergency) = 0
///
///    so a routine release waits the whole raw window, an urgent one a quarter of it and an
///    emergency one the floor; `reviewFloor` is immutable and no urgency cuts below it. The
///    window is computed and stored at publication (`approvableAt`), so later parameter changes
///    never shorten or lengthen a published release's review.
///  - `size` and `urgency` are the publisher's declarations. Reviewers check the size against
///    the bundle and the urgency against its description; a false declaration is grounds for
///    revocation by the guardian and for voters to refuse the proposal.
///  - Only governance (the timelock, fixed at deployment) approves, and only once `approvableAt`
///    has passed. The guardian role may revoke a pending or approved release at once, with a
///    reason, but has no way to approve one.
///  - Pending, approved and revoked releases are each kept in an enumerable set, read in pages.
interface ICodeRegistry {
    /// @notice How urgent the publisher declares a release to be; shortens the review window.
    enum Urgency {
        Routine,
        Urgent,
        Emergency
    }

    /// @notice Where a release stands; `None` for a hash never published.
    enum ReleaseStatus {
        None,
        Pending,
        Approved,
        Revoked
    }

    struct Release {
        address publisher;
        ReleaseStatus status;
        Urgency urgency;
        /// @dev When it was published.
        uint64 publishedAt;
        /// @dev From when governance may approve it: publishedAt + its review window.
        uint64 approvableAt;
        /// @dev When it was approved or revoked; 0 while pending.
        uint64 decidedAt;
        /// @dev Size of the agent bundle in bytes, as declared.
        uint64 size;
        /// @dev Bond paid at publication and still held by the registry (0 once refunded or forfeited).
        uint128 bond;
        /// @dev Content id of the agent bundle (where to fetch it).
        bytes32 contentId;
        /// @dev Where the release notes and review material are.
        string descriptionURI;
    }

    /// @notice Review parameters governance may change; the floor is not among them.
    struct ReviewPolicy {
        /// @dev Seconds every routine release is reviewed, whatever its size.
        uint64 reviewBase;
        /// @dev Seconds added per started KiB of bundle.
        uint64 reviewPerKiB;
    }

    /// @notice The content hash is zero.
    error CodeRegistryZeroCodeHash();
    /// @notice The content id is zero.
    error CodeRegistryZeroContentId();
    /// @notice A bundle of size zero cannot hold an agent.
    error CodeRegistryZeroSize();
    /// @notice The description URI is longer than MAX_DESCRIPTION_LENGTH bytes.
    error CodeRegistryDescriptionTooLong(uint256 length, uint256 maxLength);
    /// @notice A release with this hash exists (in any status: revocation is final, never a reset).
    error CodeRegistryAlreadyPublished(bytes32 codeHash, ReleaseStatus status);
    /// @notice No release with this hash was published.
    error CodeRegistryUnknownRelease(bytes32 codeHash);
    /// @notice The release is not in a status that allows this.
    error CodeRegistryInvalidStatus(bytes32 codeHash, ReleaseStatus status);
    /// @notice Only the timelock (governance) may do this.
    error CodeRegistryNotGovernance(address caller);
    /// @notice The review window of the release has not passed yet.
    error CodeRegistryReviewWindowNotOver(bytes32 codeHash, uint64 approvableAt);
    /// @notice A revocation must say why.
    error CodeRegistryEmptyReason();
    /// @notice A review parameter is above its cap.
    error CodeRegistryReviewPolicyOutOfRange(uint64 reviewBase, uint64 reviewPerKiB);
    /// @notice The review floor is zero or above MAX_REVIEW_WINDOW.
    error CodeRegistryReviewFloorOutOfRange(uint64 floor, uint64 maxWindow);
    /// @notice The publication bond is above MAX_PUBLICATION_BOND.
    error CodeRegistryBondTooHigh(uint256 bond, uint256 maxBond);
    /// @notice The governance address is zero.
    error CodeRegistryZeroGovernance();

    /// @notice `publisher` published `codeHash`; governance may approve it from `approvableAt`.
    event ReleasePublished(
        bytes32 indexed codeHash,
        address indexed publisher,
        bytes32 contentId,
        uint64 size,
        Urgency urgency,
        string descriptionURI,
        uint256 bond,
        uint64 approvableAt
    );
    /// @notice Governance approved `codeHash`; `bondRefunded` went back to its publisher.
    event ReleaseApproved(bytes32 indexed codeHash, address indexed approver, uint256 bondRefunded);
    /// @notice `guardian` revoked `codeHash` (formerly `previousStatus`) for `reason`; a pending
    ///  release's bond (`bondForfeited`) went to governance.
    event ReleaseRevoked(
        bytes32 indexed codeHash,
        address indexed guardian,
        ReleaseStatus previousStatus,
        string reason,
        uint256 bondForfeited
    );
    /// @notice The review parameters changed; they apply to releases published from now on.
    event ReviewPolicyUpdated(ReviewPolicy oldPolicy, ReviewPolicy newPolicy);
    /// @notice The publication bond changed; it applies to releases published from now on.
    event PublicationBondUpdated(uint256 oldBond, uint256 newBond);

    /// @notice Role allowed to revoke releases (never to approve them).
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice Longest review window any release can get, whatever its size.
    function MAX_REVIEW_WINDOW() external view returns (uint64);

    /// @notice Cap on `reviewBase` and on `reviewPerKiB`.
    function MAX_REVIEW_PARAMETER() external view returns (uint64);

    /// @notice Cap on the publication bond, so governance cannot price publishing out of reach.
    function MAX_PUBLICATION_BOND() external view returns (uint256);

    /// @notice Longest description URI, in bytes.
    function MAX_DESCRIPTION_LENGTH() external view returns (uint256);

    /// @notice Shortest review window of any release, whatever its urgency; fixed at deployment.
    function reviewFloor() external view returns (uint64);

    /// @notice The only address that may approve releases and change parameters (the timelock).
    function governance() external view returns (address);

    /// @notice The token bonds are paid in (the stake token).
    function bondToken() external view returns (IERC20);

    /// @notice The review parameters releases are published under now.
    function reviewPolicy() external view returns (ReviewPolicy memory);

    /// @notice Bond a publisher pays now.
    function publicationBond() external view returns (uint256);

    /// @notice The review window a release of `size` bytes and `urgency` gets under the current
    ///  policy (the formula in the contract's documentation).
    function reviewWindow(uint64 size, Urgency urgency) external view returns (uint64);

    /// @notice Whether `codeHash` was approved and not revoked: the check a worker runs.
    function isApproved(bytes32 codeHash) external view returns (bool);

    /// @notice The release's record. Reverts for hashes never published.
    function releaseOf(bytes32 codeHash) external view returns (Release memory);

    /// @notice How many releases are in `status` (Pending, Approved or Revoked).
    function releaseCount(ReleaseStatus status) external view returns (uint256);

    /// @notice Up to `limit` hashes of releases in `status`, from position `offset`. Order is
    ///  not stable across state changes (approving or revoking moves the last entry into the gap).
    function releases(ReleaseStatus status, uint256 offset, uint256 limit) external view returns (bytes32[] memory);

    /// @notice Publish a release; pulls the publication bond from the caller (pre-approved).
    /// @return approvableAt When governance may approve it.
    function publish(
        bytes32 codeHash,
        bytes32 contentId,
        uint64 size,
        Urgency urgency,
        string calldata descriptionURI
    ) external returns (uint64 approvableAt);

    /// @notice Approve a pending release whose review window has passed; refunds its bond.
    ///  Governance only.
    function approve(bytes32 codeHash) external;

    /// @notice Revoke a pending or approved release at once, for good. Guardian role only. A
    ///  pending release's bond goes to governance.
    function revoke(bytes32 codeHash, string calldata reason) external;

    /// @notice Set the review parameters of future releases (each at most MAX_REVIEW_PARAMETER).
    ///  Governance only.
    function setReviewPolicy(ReviewPolicy calldata newPolicy) external;

    /// @notice Set the bond of future publications (at most MAX_PUBLICATION_BOND). Governance only.
    function setPublicationBond(uint256 newBond) external;
}
