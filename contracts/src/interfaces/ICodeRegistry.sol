// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ICodeRegistry
/// @notice Releases of agent code and their approval by governance. Workers run only code whose
///  hash `isApproved`.
/// @dev A release is one publisher's submission of one code hash (the keccak256 of an agent
///  bundle), keyed by the pair (publisher, codeHash), and goes
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
///    has passed. The guardian role may revoke at once, with a reason, but has no way to approve.
///  - Pending, approved and revoked releases are each kept in an enumerable set, read in pages.
///
///  Squatting. Nobody can publish, and so nobody can occupy, a release in another publisher's
///  name: the same code hash may be published by any number of publishers, each release with its
///  own metadata, bond, review window and fate. Publishing a code hash first wins nothing; a copy
///  front-run with bogus metadata is one more release, which voters refuse and the guardian may
///  revoke, and the author's own release goes its way. Governance approves a named pair
///  (`approve(publisher, codeHash)`), so a proposal says whose release (whose metadata) it vouches for.
///
///  Two revocations, for two different faults, both by the guardian, at once, with a reason:
///  - `revoke(publisher, codeHash, reason)`: this release is wrong (not the author's, a false size
///    or urgency, a description or content id that does not match the code, a publisher no longer
///    trusted). It ends that release only: every other release of the code hash, pending or
///    approved, is untouched. A revoked release is final for its pair: that publisher cannot
///    publish that code hash again.
///  - `revokeCode(codeHash, reason)`: the code itself must never run. Final for the code hash:
///    `isApproved` turns false at once and no release of it can be published or approved again,
///    by anyone. It may name a hash never published (known-bad code blocked in advance). Pending
///    releases of revoked code keep their bonds until the guardian revokes them too.
///  The bytes a reviewer fetched are this code only if their keccak256 is `codeHash`: a release
///  whose content id leads to other bytes is a bogus release (`revoke`), not bad code.
///
///  The rule workers and the AgentRegistry side read: `isApproved(codeHash)` is true exactly when
///  at least one release of `codeHash` is Approved and the code was never revoked, i.e.
///  `codeOf(codeHash).approvedReleases > 0 && codeOf(codeHash).revokedAt == 0`. So revoking a
///  squatter's release never blocks the author's: it changes neither whether the author's
///  release can be approved nor, once approved, whether the code is; and the only way to stop
///  code whatever its releases is `revokeCode`.
interface ICodeRegistry {
    /// @notice How urgent the publisher declares a release to be; shortens the review window.
    enum Urgency {
        Routine,
        Urgent,
        Emergency
    }

    /// @notice Where a release stands; `None` for a (publisher, codeHash) pair never published.
    enum ReleaseStatus {
        None,
        Pending,
        Approved,
        Revoked
    }

    struct Release {
        /// @dev keccak256 of the agent bundle.
        bytes32 codeHash;
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

    /// @notice A release's key, as the paged lists return it.
    struct ReleaseKey {
        address publisher;
        bytes32 codeHash;
    }

    /// @notice One code hash across all its releases.
    struct Code {
        /// @dev How many releases of it are Approved now.
        uint64 approvedReleases;
        /// @dev When the guardian revoked the code itself (`revokeCode`); 0 if it never did.
        uint64 revokedAt;
    }

    /// @notice Review parameters governance may change; the floor is not among them.
    struct ReviewPolicy {
        /// @dev Seconds every routine release is reviewed, whatever its size.
        uint64 reviewBase;
        /// @dev Seconds added per started KiB of bundle.
        uint64 reviewPerKiB;
    }

    /// @notice The code hash is zero.
    error CodeRegistryZeroCodeHash();
    /// @notice The content id is zero.
    error CodeRegistryZeroContentId();
    /// @notice A bundle of size zero cannot hold an agent.
    error CodeRegistryZeroSize();
    /// @notice The description URI is longer than MAX_DESCRIPTION_LENGTH bytes.
    error CodeRegistryDescriptionTooLong(uint256 length, uint256 maxLength);
    /// @notice `publisher` already published `codeHash` (in any status: a revoked release stays revoked).
    error CodeRegistryAlreadyPublished(address publisher, bytes32 codeHash, ReleaseStatus status);
    /// @notice `publisher` never published `codeHash`.
    error CodeRegistryUnknownRelease(address publisher, bytes32 codeHash);
    /// @notice The release is not in a status that allows this.
    error CodeRegistryInvalidStatus(address publisher, bytes32 codeHash, ReleaseStatus status);
    /// @notice The guardian revoked this code hash: no release of it may be published or approved.
    error CodeRegistryCodeRevoked(bytes32 codeHash, uint64 revokedAt);
    /// @notice Only the timelock (governance) may do this.
    error CodeRegistryNotGovernance(address caller);
    /// @notice The review window of the release has not passed yet.
    error CodeRegistryReviewWindowNotOver(address publisher, bytes32 codeHash, uint64 approvableAt);
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
    /// @notice Governance approved `publisher`'s release of `codeHash`, so `isApproved(codeHash)`
    ///  is true; `bondRefunded` went back to the publisher.
    event ReleaseApproved(
        bytes32 indexed codeHash,
        address indexed publisher,
        address indexed approver,
        uint256 bondRefunded
    );
    /// @notice `guardian` revoked `publisher`'s release of `codeHash` (formerly `previousStatus`)
    ///  for `reason`; a pending release's bond (`bondForfeited`) went to governance. Other releases
    ///  of the code are untouched; `codeApproved` is `isApproved(codeHash)` afterwards.
    event ReleaseRevoked(
        bytes32 indexed codeHash,
        address indexed publisher,
        address indexed guardian,
        ReleaseStatus previousStatus,
        string reason,
        uint256 bondForfeited,
        bool codeApproved
    );
    /// @notice `guardian` revoked the code `codeHash` itself for `reason`, for good; `wasApproved`
    ///  was `isApproved(codeHash)` until now (it is false from now on).
    event CodeRevoked(bytes32 indexed codeHash, address indexed guardian, string reason, bool wasApproved);
    /// @notice The review parameters changed; they apply to releases published from now on.
    event ReviewPolicyUpdated(ReviewPolicy oldPolicy, ReviewPolicy newPolicy);
    /// @notice The publication bond changed; it applies to releases published from now on.
    event PublicationBondUpdated(uint256 oldBond, uint256 newBond);

    /// @notice Role allowed to revoke releases and code (never to approve anything).
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

    /// @notice The check a worker runs before running code: true exactly when at least one
    ///  release of `codeHash` is Approved and the guardian never revoked the code itself.
    function isApproved(bytes32 codeHash) external view returns (bool);

    /// @notice `publisher`'s release of `codeHash`. Reverts for a pair never published.
    function releaseOf(address publisher, bytes32 codeHash) external view returns (Release memory);

    /// @notice `codeHash` across its releases: how many are Approved and whether the code was
    ///  revoked. All zero for a hash nobody published and nobody revoked.
    function codeOf(bytes32 codeHash) external view returns (Code memory);

    /// @notice How many releases are in `status` (Pending, Approved or Revoked).
    function releaseCount(ReleaseStatus status) external view returns (uint256);

    /// @notice Up to `limit` keys of releases in `status`, from position `offset`. Order is not
    ///  stable across state changes (approving or revoking moves the last entry into the gap).
    function releases(ReleaseStatus status, uint256 offset, uint256 limit) external view returns (ReleaseKey[] memory);

    /// @notice Publish the caller's release of `codeHash`; pulls the publication bond from the
    ///  caller (pre-approved). Other publishers' releases of the same code never stand in the way;
    ///  reverts if the caller already published it or the code was revoked.
    /// @return approvableAt When governance may approve it.
    function publish(
        bytes32 codeHash,
        bytes32 contentId,
        uint64 size,
        Urgency urgency,
        string calldata descriptionURI
    ) external returns (uint64 approvableAt);

    /// @notice Approve `publisher`'s pending release of `codeHash` once its review window has
    ///  passed, unless the code was revoked; refunds its bond. Governance only.
    function approve(address publisher, bytes32 codeHash) external;

    /// @notice Revoke `publisher`'s pending or approved release of `codeHash` at once, for good;
    ///  no other release of the code changes. A pending release's bond goes to governance. The
    ///  code stays approved if another release of it is. Guardian role only.
    function revoke(address publisher, bytes32 codeHash, string calldata reason) external;

    /// @notice Revoke the code `codeHash` itself at once, for good, whoever published it and
    ///  whether or not anyone did: `isApproved` turns false and no release of it can be published
    ///  or approved again. Releases keep their status and bonds (revoke them one by one to forfeit
    ///  the pending bonds). Guardian role only.
    function revokeCode(bytes32 codeHash, string calldata reason) external;

    /// @notice Set the review parameters of future releases (each at most MAX_REVIEW_PARAMETER).
    ///  Governance only.
    function setReviewPolicy(ReviewPolicy calldata newPolicy) external;

    /// @notice Set the bond of future publications (at most MAX_PUBLICATION_BOND). Governance only.
    function setPublicationBond(uint256 newBond) external;
}
