// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

/// @title IInsurancePool
/// @notice The network's insurance: an ERC-4626 vault over the stake token. Depositors take
///  shares; premiums of paid jobs and slash remainders arrive as plain token transfers and raise
///  the value of every share; claims approved by the dispute court are paid out of it.
/// @dev Four rules make it an insurance pool rather than a savings account:
///  - Cooldown. Shares leave in two steps: `requestRedeem` locks shares (they can no longer be
///    transferred), and once `cooldown` has passed since the request, `redeem`/`withdraw` may
///    burn them. A new request adds to the locked shares and restarts the clock for all of them,
///    so no share can skip the cooldown by joining an older request; `cancelRedeem` unlocks them.
///    `maxRedeem`/`maxWithdraw` say exactly what can leave now (zero before maturity), as
///    ERC-4626 allows; the preview functions ignore the limits and round as the standard says.
///    The cooldown keeps capital from arriving just before a large premium and leaving right
///    after, and announces every exit a cooldown ahead. A matured request stays redeemable until
///    it is used or cancelled, so holding one open is an exit option against incidents not yet
///    filed as claims.
///  - Reservation. A claim filed by CLAIMS_ROLE sets aside its amount (or all there is) at once:
///    `totalAssets()` leaves out every pending claim's reservation, so the share price drops the
///    moment a claim is filed, for those who leave and those who stay alike. Nobody can exit at
///    the pre-claim price while the claim runs, so nobody can push its loss onto those who stay.
///  - Side pockets. A reservation belongs to the shares that existed when its claim was filed,
///    exactly as a side pocket of a fund belongs to the investors of the day it was made. What
///    the claim does not pay (all of it when cancelled, the rest when paid in part) is released
///    to the holders at filing, pro rata to the shares each held then: each takes its part with
///    `collectRelease`, whether it still holds shares or not. The part of the pool's virtual
///    shares (ERC-4626's inflation defence, which bears its pro-rata part of every loss) goes to
///    nobody (`totalUnowned`). Capital that enters while a claim runs buys at the reduced price
///    and has no part in that claim, neither its loss nor its release; capital that leaves keeps
///    its part. So an insurer's value moves only by premiums earned while it holds shares and by
///    claims actually paid, pro rata to what it held when each was filed, and filing or
///    cancelling a claim moves no value between insurers. Holdings are checkpointed at every
///    share movement, keyed by the number of claims filed before it.
///  - Claims never lock. A claim pays at most its reservation, once; what the pool could not
///    reserve at filing is recorded as the claim's shortfall for the court to cover elsewhere.
///    Paying or cancelling never lowers the share price, and a pending claim can always be paid
///    or cancelled.
///  Invariant: the pool's token balance equals
///  `totalAssets() + totalReserved() + totalReleasable() + totalUnowned()`.
interface IInsurancePool is IERC4626 {
    /// @notice Where a claim is in its life.
    enum ClaimStatus {
        None,
        Pending,
        Paid,
        Cancelled
    }

    /// @notice A claim on the pool.
    struct Claim {
        /// @dev Who is paid.
        address recipient;
        /// @dev When the claim was filed.
        uint64 filedAt;
        ClaimStatus status;
        /// @dev The amount the ruling asks for.
        uint256 amount;
        /// @dev What the pool set aside at filing (at most `amount`); at most this is paid.
        uint256 reserved;
        /// @dev What the claim paid (set when it is paid).
        uint256 paid;
        /// @dev What went back to the holders at filing: `reserved - paid` once settled (the
        ///  virtual shares' part of it goes to `totalUnowned`).
        uint256 released;
        /// @dev Share supply when the claim was filed: a holder's part of `released` is its
        ///  shares at filing over this plus the virtual shares (10 ** (decimals() - the token's)).
        uint256 supplyAtFiling;
        /// @dev What holders at filing have not collected yet of their part of `released`.
        uint256 uncollected;
        /// @dev The court's reference (e.g. its dispute id); unique among claims not cancelled.
        bytes32 ref;
    }

    /// @notice A holder's request to redeem shares.
    struct RedeemRequest {
        /// @dev Shares locked by the request: not transferable, redeemable from `unlockAt`.
        uint256 shares;
        /// @dev When the locked shares become redeemable; 0 when nothing is locked.
        uint64 unlockAt;
    }

    /// @notice Zero shares or a zero claim amount are refused: they only cost gas and pollute the history.
    error InsurancePoolZeroAmount();
    /// @notice `owner` has only `unlocked` shares free of a redeem request, less than `requested`.
    error InsurancePoolInsufficientShares(address owner, uint256 unlocked, uint256 requested);
    /// @notice `owner` has no redeem request to cancel.
    error InsurancePoolNoRedeemRequest(address owner);
    /// @notice `owner` tried to move `value` shares but only `unlocked` are free of its redeem request.
    error InsurancePoolSharesLocked(address owner, uint256 unlocked, uint256 value);
    /// @notice A deposit brought `received` tokens instead of `expected` (a fee-on-transfer token):
    ///  the shares would be backed by less than was priced.
    error InsurancePoolTransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice Claims are paid to an address that can hold them: not zero, not the pool itself.
    error InsurancePoolInvalidRecipient(address recipient);
    /// @notice A claim must carry the court's reference.
    error InsurancePoolZeroReference();
    /// @notice `ref` already belongs to claim `claimId`, which is pending or paid.
    error InsurancePoolDuplicateReference(bytes32 ref, uint256 claimId);
    /// @notice No claim has id `claimId`.
    error InsurancePoolUnknownClaim(uint256 claimId);
    /// @notice Claim `claimId` was already paid or cancelled.
    error InsurancePoolClaimNotPending(uint256 claimId, ClaimStatus status);
    /// @notice The cooldown is above the protocol cap, which keeps an admin from freezing withdrawals.
    error InsurancePoolCooldownTooLong(uint64 cooldown, uint64 maxCooldown);
    /// @notice Claim `claimId` is still pending: nothing has been released yet.
    error InsurancePoolClaimPending(uint256 claimId);
    /// @notice `holder` has nothing to collect from claim `claimId` (it held no shares at filing,
    ///  or already collected).
    error InsurancePoolNothingToCollect(uint256 claimId, address holder);

    /// @notice `owner` locked `shares` for redemption; all its `lockedAfter` locked shares unlock at `unlockAt`.
    event RedeemRequested(address indexed owner, uint256 shares, uint256 lockedAfter, uint64 unlockAt);
    /// @notice `owner` cancelled its redeem request, unlocking `shares`.
    event RedeemCancelled(address indexed owner, uint256 shares);
    /// @notice Claim `claimId` for `amount` to `recipient` was filed; `reserved` of it was set aside.
    event ClaimFiled(
        uint256 indexed claimId,
        address indexed recipient,
        bytes32 indexed ref,
        uint256 amount,
        uint256 reserved,
        address filer
    );
    /// @notice Claim `claimId` paid `paid` to `recipient`; `shortfall` of what was asked was not
    ///  covered; `released` of its reservation went back to the holders at filing.
    event ClaimPaid(
        uint256 indexed claimId,
        address indexed recipient,
        uint256 paid,
        uint256 shortfall,
        uint256 released
    );
    /// @notice Claim `claimId` was cancelled; its reservation `released` went back to the holders at filing.
    event ClaimCancelled(uint256 indexed claimId, uint256 released);
    /// @notice `holder` collected `amount`, its part of what claim `claimId` released.
    event ReleaseCollected(uint256 indexed claimId, address indexed holder, uint256 amount);
    /// @notice The cooldown changed; requests made before keep their `unlockAt`.
    event CooldownUpdated(uint64 oldCooldown, uint64 newCooldown);

    /// @notice Role allowed to file, pay and cancel claims (the dispute court).
    function CLAIMS_ROLE() external view returns (bytes32);

    /// @notice Upper bound on the cooldown any admin can set.
    function MAX_COOLDOWN() external view returns (uint64);

    /// @notice Time between a redeem request and the moment its shares can be redeemed.
    function cooldown() external view returns (uint64);

    /// @notice Sum of the reservations of every pending claim (held by the pool, outside `totalAssets`).
    function totalReserved() external view returns (uint256);

    /// @notice Released by settled claims and not yet collected by the holders at filing
    ///  (held by the pool, outside `totalAssets`).
    function totalReleasable() external view returns (uint256);

    /// @notice The virtual shares' part of every release, all of it for a claim filed while no
    ///  share existed: it belongs to no holder and stays outside every share's value, as premiums
    ///  paid into an empty pool stay with the virtual shares.
    function totalUnowned() external view returns (uint256);

    /// @notice The shares `holder` held when claim `claimId` was filed.
    function sharesAtFiling(uint256 claimId, address holder) external view returns (uint256);

    /// @notice What `holder` may collect now from claim `claimId` (0 while it is pending, and
    ///  after collecting).
    function releasableOf(uint256 claimId, address holder) external view returns (uint256);

    /// @notice Number of claims ever filed; claim ids run from 1 to this.
    function claimCount() external view returns (uint256);

    /// @notice Claim `claimId`; reverts with InsurancePoolUnknownClaim for an id never used.
    function getClaim(uint256 claimId) external view returns (Claim memory);

    /// @notice The pending or paid claim filed under `ref`, or 0.
    function claimOfRef(bytes32 ref) external view returns (uint256 claimId);

    /// @notice `owner`'s redeem request (zero when it has none).
    function redeemRequestOf(address owner) external view returns (RedeemRequest memory);

    /// @notice Lock `shares` of the caller's for redemption after the cooldown. Restarts the clock
    ///  for all of the caller's locked shares.
    /// @return unlockAt When the locked shares become redeemable.
    function requestRedeem(uint256 shares) external returns (uint64 unlockAt);

    /// @notice Unlock all of the caller's locked shares.
    function cancelRedeem() external;

    /// @notice Set aside `amount` (or all that can be reserved, if less) for `recipient` under the
    ///  court's `ref`. Claims role only. A claim reserves all of `totalAssets()` but one asset
    ///  unit per 10**12 shares, so no claim prices a share below a millionth of the first price and
    ///  shuts new capital out by driving the share supply to its cap.
    /// @return claimId The new claim's id.
    function fileClaim(address recipient, uint256 amount, bytes32 ref) external returns (uint256 claimId);

    /// @notice Pay a pending claim `amount` (at most its reservation), once, and release the rest
    ///  of its reservation to the holders at filing. Claims role only.
    /// @return paid What was paid.
    function payClaim(uint256 claimId, uint256 amount) external returns (uint256 paid);

    /// @notice Cancel a pending claim, releasing its reservation to the holders at filing. Claims role only.
    function cancelClaim(uint256 claimId) external;

    /// @notice Send `holder` its part of what settled claim `claimId` released. Anyone may call it
    ///  for anyone: the tokens go to `holder` only. Reverts with InsurancePoolClaimPending while
    ///  the claim is pending, and with InsurancePoolNothingToCollect when the part is zero.
    /// @return amount What was sent.
    function collectRelease(uint256 claimId, address holder) external returns (uint256 amount);

    /// @notice `collectRelease` for several claims, skipping those with nothing to collect (pending
    ///  ones included); an id never used reverts with InsurancePoolUnknownClaim.
    /// @return total What was sent.
    function collectReleases(address holder, uint256[] calldata claimIds) external returns (uint256 total);

    /// @notice Set the cooldown (at most MAX_COOLDOWN). Admin role only.
    function setCooldown(uint64 newCooldown) external;
}
