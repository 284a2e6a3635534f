// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IInsurancePool} from "../interfaces/IInsurancePool.sol";

/// @title InsurancePool
/// @notice The insurance pool: an ERC-4626 vault in the stake token with a redemption cooldown,
///  claims reserved the moment they are filed, and reservations released to the holders of the
///  day they were filed (see IInsurancePool for the rules).
/// @dev Built on OpenZeppelin's ERC4626, which prices shares against `totalAssets() + 1` virtual
///  asset and `totalSupply() + 10 ** _decimalsOffset()` virtual shares. Only the hooks change:
///  `totalAssets` leaves out reservations and releases, `maxRedeem` follows the redeem request,
///  `_withdraw` consumes it, `_update` keeps locked shares in place and checkpoints every
///  balance it moves, and `_transferIn` refuses short transfers.
///
///  Side pockets. Every balance change is checkpointed under the number of claims filed so far
///  (OpenZeppelin's Checkpoints), so the shares a holder had when claim `c` was filed are the
///  last checkpoint at or below key `c - 1`: changes in the same block but after the filing carry
///  key `c`. Each claim stores the share supply at filing; a holder's part of what it releases is
///  `released * sharesAtFiling / (supplyAtFiling + 10 ** _decimalsOffset())`, rounded down (the
///  dust stays uncollected): exactly its part of the loss the reservation made, since the
///  reservation lowered every share's price, the virtual shares' too. The virtual shares' part
///  goes to `totalUnowned`, outside every share's price (see totalUnowned); all of a release is
///  theirs when the claim was filed while no share existed. Handing their part to the real
///  holders instead would let a holder of a few shares, alone in a pool whose value sits with the
///  virtual shares (premiums paid before anyone deposited), take that value through a claim that
///  is filed and cancelled, and so undo the offset's defence.
///  Premiums arrive as plain transfers (JobEscrow pays its `insurance` address; the court slashes
///  to it) and so raise the share price without any call into the pool. The default admin role
///  sets the cooldown and grants CLAIMS_ROLE (to the court); governance takes it over.
contract InsurancePool is IInsurancePool, ERC4626, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace224;

    /// @inheritdoc IInsurancePool
    bytes32 public constant CLAIMS_ROLE = keccak256("CLAIMS_ROLE");
    /// @inheritdoc IInsurancePool
    uint64 public constant MAX_COOLDOWN = 30 days;

    /// @dev Shares carry 6 more decimals than the stake token, so 10**6 virtual shares stand
    ///  against 1 virtual asset. Two reasons. First, the inflation (donation) attack: to round a
    ///  victim's deposit down to zero shares, an attacker must donate about 10**6 times that
    ///  deposit, and the virtual shares keep most of the donation, so the attack costs far more
    ///  than it could take. Second, and more likely here, honest donations: premiums arrive before
    ///  anyone deposits and whenever the pool is small. With no offset, a pool holding P tokens and
    ///  few shares prices a share at about P, so a deposit near P loses up to a whole share to
    ///  rounding; with 10**6 virtual shares the loss is at most about 10**-6 of P. The cost is
    ///  negligible: 24-decimal share amounts stay far from overflow (mulDiv is full precision) and
    ///  premiums paid while no shares exist stay with the virtual shares, where they still back
    ///  claims (the first depositor does not receive them, which is exactly the defence).
    uint8 private constant _DECIMALS_OFFSET = 6;
    /// @dev The share supply stays within what a balance checkpoint holds (224 bits: about
    ///  2.7e43 tokens' worth of shares at the first price, far beyond any token's supply).
    uint256 private constant _MAX_SUPPLY = type(uint224).max;
    /// @dev See `_reservable`: a claim leaves one asset unit per this many shares.
    uint256 private constant _PRICE_FLOOR_SHARES = 10 ** 12;

    uint64 private _cooldown;
    uint256 private _totalReserved;
    uint256 private _totalReleasable;
    uint256 private _totalUnowned;
    uint256 private _claimCount;

    mapping(uint256 claimId => Claim) private _claims;
    mapping(bytes32 ref => uint256 claimId) private _claimOfRef;
    mapping(address owner => RedeemRequest) private _requests;
    /// @dev Balances keyed by the number of claims filed when they were written.
    mapping(address holder => Checkpoints.Trace224) private _balanceHistory;
    mapping(uint256 claimId => mapping(address holder => bool)) private _collected;

    constructor(
        IERC20 stakeToken_,
        address admin,
        uint64 cooldown_
    ) ERC20("Leasehold Insurance Share", "lhINS") ERC4626(stakeToken_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setCooldown(cooldown_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IInsurancePool
    function cooldown() external view returns (uint64) {
        return _cooldown;
    }

    /// @inheritdoc IInsurancePool
    function totalReserved() external view returns (uint256) {
        return _totalReserved;
    }

    /// @inheritdoc IInsurancePool
    function totalReleasable() external view returns (uint256) {
        return _totalReleasable;
    }

    /// @inheritdoc IInsurancePool
    function totalUnowned() external view returns (uint256) {
        return _totalUnowned;
    }

    /// @inheritdoc IInsurancePool
    function sharesAtFiling(uint256 claimId, address holder) public view returns (uint256) {
        if (_claims[claimId].status == ClaimStatus.None) revert InsurancePoolUnknownClaim(claimId);
        // Claim ids fit 32 bits long before anything else runs out (see _update).
        return _balanceHistory[holder].upperLookupRecent(uint32(claimId - 1));
    }

    /// @inheritdoc IInsurancePool
    function releasableOf(uint256 claimId, address holder) public view returns (uint256) {
        uint256 held = sharesAtFiling(claimId, holder);
        Claim storage claim = _claims[claimId];
        if (claim.status == ClaimStatus.Pending || held == 0 || _collected[claimId][holder]) return 0;
        return Math.mulDiv(claim.released, held, claim.supplyAtFiling + 10 ** _DECIMALS_OFFSET);
    }

    /// @inheritdoc IInsurancePool
    function claimCount() external view returns (uint256) {
        return _claimCount;
    }

    /// @inheritdoc IInsurancePool
    function getClaim(uint256 claimId) external view returns (Claim memory) {
        Claim storage claim = _claims[claimId];
        if (claim.status == ClaimStatus.None) revert InsurancePoolUnknownClaim(claimId);
        return claim;
    }

    /// @inheritdoc IInsurancePool
    function claimOfRef(bytes32 ref) external view returns (uint256) {
        return _claimOfRef[ref];
    }

    /// @inheritdoc IInsurancePool
    function redeemRequestOf(address owner) external view returns (RedeemRequest memory) {
        return _requests[owner];
    }

    /// @inheritdoc IERC4626
    /// @dev The balance less every pending claim's reservation, every uncollected release and
    ///  what is unowned. The balance never falls below those with a standard token (reservations
    ///  are capped by `totalAssets` when filed and only redemptions, priced on `totalAssets`,
    ///  claim payments and collections take tokens out); the saturating subtraction keeps the
    ///  function from reverting, as ERC-4626 requires, even if the token misbehaved.
    function totalAssets() public view override(IERC4626, ERC4626) returns (uint256) {
        uint256 balance = IERC20(asset()).balanceOf(address(this));
        uint256 held = _totalReserved + _totalReleasable + _totalUnowned;
        return balance > held ? balance - held : 0;
    }

    /// @inheritdoc IERC4626
    /// @dev The most assets whose shares still fit: `type(uint256).max` only when the price is so
    ///  high that no token supply could reach the limit. Share supply is capped at 2**224 - 1 so
    ///  every balance fits a checkpoint and the conversions can never overflow; the cap only
    ///  matters after claims have all but emptied the pool, when a share is worth almost nothing
    ///  and a deposit mints astronomically many. Rounds down, so it never overstates what `deposit` accepts.
    function maxDeposit(address) public view override(IERC4626, ERC4626) returns (uint256) {
        (uint256 room, uint256 assets, uint256 supply) = _mintRoom();
        if (assets > supply && room >= Math.mulDiv(type(uint256).max, supply, assets)) return type(uint256).max;
        return Math.mulDiv(room, assets, supply);
    }

    /// @inheritdoc IERC4626
    /// @dev The shares still mintable under the supply cap (see maxDeposit), lowered when
    ///  needed so that their price, `previewMint`, stays below 2**256.
    function maxMint(address) public view override(IERC4626, ERC4626) returns (uint256) {
        (uint256 room, uint256 assets, uint256 supply) = _mintRoom();
        if (assets > supply) {
            uint256 affordable = Math.mulDiv(type(uint256).max, supply, assets);
            if (affordable < room) return affordable;
        }
        return room;
    }

    /// @inheritdoc IERC4626
    /// @dev The shares of `owner`'s redeem request once it has matured, else zero. `maxWithdraw`
    ///  is OpenZeppelin's `previewRedeem(maxRedeem(owner))`, so both say exactly what can leave now.
    function maxRedeem(address owner) public view override(IERC4626, ERC4626) returns (uint256) {
        RedeemRequest storage request = _requests[owner];
        if (block.timestamp < request.unlockAt) return 0;
        return request.shares;
    }

    // -------------------------------------------------------------- holders

    /// @inheritdoc IInsurancePool
    function requestRedeem(uint256 shares) external returns (uint64 unlockAt) {
        if (shares == 0) revert InsurancePoolZeroAmount();
        RedeemRequest storage request = _requests[msg.sender];
        uint256 locked = request.shares;
        uint256 unlocked = balanceOf(msg.sender) - locked;
        if (unlocked < shares) revert InsurancePoolInsufficientShares(msg.sender, unlocked, shares);
        // Safe: locked + shares <= balanceOf(msg.sender) <= totalSupply.
        unchecked {
            locked += shares;
        }
        unlockAt = uint64(block.timestamp) + _cooldown;
        request.shares = locked;
        request.unlockAt = unlockAt;
        emit RedeemRequested(msg.sender, shares, locked, unlockAt);
    }

    /// @inheritdoc IInsurancePool
    function cancelRedeem() external {
        RedeemRequest storage request = _requests[msg.sender];
        uint256 shares = request.shares;
        if (shares == 0) revert InsurancePoolNoRedeemRequest(msg.sender);
        delete _requests[msg.sender];
        emit RedeemCancelled(msg.sender, shares);
    }

    // --------------------------------------------------------------- claims

    /// @inheritdoc IInsurancePool
    function fileClaim(
        address recipient,
        uint256 amount,
        bytes32 ref
    ) external onlyRole(CLAIMS_ROLE) returns (uint256 claimId) {
        if (recipient == address(0) || recipient == address(this)) revert InsurancePoolInvalidRecipient(recipient);
        if (amount == 0) revert InsurancePoolZeroAmount();
        if (ref == bytes32(0)) revert InsurancePoolZeroReference();
        uint256 existing = _claimOfRef[ref];
        if (existing != 0) revert InsurancePoolDuplicateReference(ref, existing);

        uint256 available = _reservable();
        uint256 reserved = amount < available ? amount : available;
        claimId = ++_claimCount;
        _claims[claimId] = Claim({
            recipient: recipient,
            status: ClaimStatus.Pending,
            filedAt: uint64(block.timestamp),
            amount: amount,
            reserved: reserved,
            paid: 0,
            released: 0,
            supplyAtFiling: totalSupply(),
            uncollected: 0,
            ref: ref
        });
        _claimOfRef[ref] = claimId;
        _totalReserved += reserved;
        emit ClaimFiled(claimId, recipient, ref, amount, reserved, msg.sender);
    }

    /// @inheritdoc IInsurancePool
    function payClaim(
        uint256 claimId,
        uint256 amount
    ) external onlyRole(CLAIMS_ROLE) nonReentrant returns (uint256 paid) {
        Claim storage claim = _pendingClaim(claimId);
        uint256 reserved = claim.reserved;
        paid = amount < reserved ? amount : reserved;
        claim.status = ClaimStatus.Paid;
        claim.paid = paid;
        // Safe: paid <= reserved.
        uint256 released;
        unchecked {
            released = reserved - paid;
        }
        _settle(claim, reserved, released);
        address recipient = claim.recipient;
        uint256 asked = claim.amount;
        emit ClaimPaid(claimId, recipient, paid, asked > paid ? asked - paid : 0, released);
        if (paid != 0) IERC20(asset()).safeTransfer(recipient, paid);
    }

    /// @inheritdoc IInsurancePool
    function cancelClaim(uint256 claimId) external onlyRole(CLAIMS_ROLE) {
        Claim storage claim = _pendingClaim(claimId);
        claim.status = ClaimStatus.Cancelled;
        uint256 reserved = claim.reserved;
        _settle(claim, reserved, reserved);
        // The reference may be filed again (say, with a corrected amount).
        delete _claimOfRef[claim.ref];
        emit ClaimCancelled(claimId, reserved);
    }

    // ------------------------------------------------------------ releases

    /// @inheritdoc IInsurancePool
    function collectRelease(uint256 claimId, address holder) external nonReentrant returns (uint256 amount) {
        if (_claims[claimId].status == ClaimStatus.Pending) revert InsurancePoolClaimPending(claimId);
        amount = _collect(claimId, holder);
        if (amount == 0) revert InsurancePoolNothingToCollect(claimId, holder);
        IERC20(asset()).safeTransfer(holder, amount);
    }

    /// @inheritdoc IInsurancePool
    function collectReleases(
        address holder,
        uint256[] calldata claimIds
    ) external nonReentrant returns (uint256 total) {
        for (uint256 i = 0; i < claimIds.length; ++i) total += _collect(claimIds[i], holder);
        if (total != 0) IERC20(asset()).safeTransfer(holder, total);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IInsurancePool
    function setCooldown(uint64 newCooldown) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCooldown(newCooldown);
    }

    // ------------------------------------------------------------ internals

    /// @dev See _DECIMALS_OFFSET.
    function _decimalsOffset() internal pure override returns (uint8) {
        return _DECIMALS_OFFSET;
    }

    /// @dev Deposits and mints, guarded against reentrancy through token hooks.
    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override nonReentrant {
        super._deposit(caller, receiver, assets, shares);
    }

    /// @dev Pulls `assets` and refuses to price shares on tokens that did not arrive.
    function _transferIn(address from, uint256 assets) internal override {
        IERC20 token = IERC20(asset());
        uint256 balanceBefore = token.balanceOf(address(this));
        super._transferIn(from, assets);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != assets) revert InsurancePoolTransferAmountMismatch(assets, received);
    }

    /// @dev Withdrawals and redemptions consume the owner's matured request. `maxRedeem` has
    ///  already capped `shares` at the request (`withdraw` converts rounding up, which never
    ///  exceeds the shares `maxWithdraw` was computed from), so the subtraction cannot underflow;
    ///  it stays checked all the same.
    function _withdraw(
        address caller,
        address receiver,
        address owner,
        uint256 assets,
        uint256 shares
    ) internal override nonReentrant {
        RedeemRequest storage request = _requests[owner];
        uint256 locked = request.shares - shares;
        request.shares = locked;
        if (locked == 0) request.unlockAt = 0;
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    /// @dev Locked shares cannot move: transfers and burns take only from the unlocked part (a
    ///  redemption unlocks its shares in `_withdraw` before burning them). Amounts above the
    ///  balance are left to ERC20's own ERC20InsufficientBalance. Every balance moved is
    ///  checkpointed under the number of claims filed so far (see the contract's NatSpec);
    ///  `_MAX_SUPPLY` keeps every balance within a checkpoint.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0)) {
            uint256 locked = _requests[from].shares;
            if (locked != 0) {
                uint256 balance = balanceOf(from);
                if (value <= balance && balance - value < locked) {
                    revert InsurancePoolSharesLocked(from, balance - locked, value);
                }
            }
        }
        super._update(from, to, value);
        uint32 key = SafeCast.toUint32(_claimCount);
        if (from != address(0)) _balanceHistory[from].push(key, SafeCast.toUint224(balanceOf(from)));
        if (to != address(0) && to != from) _balanceHistory[to].push(key, SafeCast.toUint224(balanceOf(to)));
    }

    /// @dev A claim leaves the pending set: `reserved` leaves the reservations, and `released` of
    ///  it goes to the holders at filing, all but the virtual shares' part, which nobody owns (all
    ///  of it when no share existed at filing; see the contract's NatSpec).
    function _settle(Claim storage claim, uint256 reserved, uint256 released) private {
        // Safe: every pending claim's reservation is part of the total, and this one leaves it once.
        unchecked {
            _totalReserved -= reserved;
        }
        claim.released = released;
        if (released == 0) return;
        uint256 supply = claim.supplyAtFiling;
        // The holders' parts, each rounded down, never sum above this (their shares sum to `supply`).
        uint256 owned = Math.mulDiv(released, supply, supply + 10 ** _DECIMALS_OFFSET);
        if (owned != 0) {
            claim.uncollected = owned;
            _totalReleasable += owned;
        }
        // Safe: owned <= released.
        unchecked {
            if (released != owned) _totalUnowned += released - owned;
        }
    }

    /// @dev Marks `holder`'s part of claim `claimId`'s release collected and returns it (0 when
    ///  there is nothing to collect); the caller sends it.
    function _collect(uint256 claimId, address holder) private returns (uint256 amount) {
        amount = releasableOf(claimId, holder);
        if (amount == 0) return 0;
        _collected[claimId][holder] = true;
        // Safe: the parts are rounded down, so they never sum above the holders' part of the
        // release, which `uncollected` started from and `_totalReleasable` includes.
        unchecked {
            _claims[claimId].uncollected -= amount;
            _totalReleasable -= amount;
        }
        emit ReleaseCollected(claimId, holder, amount);
    }

    /// @dev What a claim may reserve: all of `totalAssets()` but one asset unit per
    ///  `_PRICE_FLOOR_SHARES` shares, so the share price never falls below a millionth of the first
    ///  price (10**6 shares per asset unit). Without that floor, a claim that reserves everything
    ///  prices a share at almost nothing, each unit deposited while it runs mints about the whole
    ///  supply again, and a few such claims push the supply to its cap and shut new capital out
    ///  for good. With it, minting stays below 10**12 shares per unit ever deposited, far from the
    ///  cap; the cost is a shortfall of at most a millionth of the first price per share on a
    ///  claim that asks for the whole pool.
    function _reservable() private view returns (uint256) {
        uint256 available = totalAssets();
        uint256 floor = Math.ceilDiv(totalSupply(), _PRICE_FLOOR_SHARES);
        return available > floor ? available - floor : 0;
    }

    /// @dev Shares mintable before the supply reaches its cap, and the virtual-offset totals the
    ///  conversions use: `totalAssets() + 1` and `totalSupply() + 10 ** _DECIMALS_OFFSET`.
    function _mintRoom() private view returns (uint256 room, uint256 assets, uint256 supply) {
        uint256 supplied = totalSupply();
        room = Math.saturatingSub(_MAX_SUPPLY, supplied);
        assets = totalAssets() + 1;
        supply = supplied + 10 ** _DECIMALS_OFFSET;
    }

    function _pendingClaim(uint256 claimId) private view returns (Claim storage claim) {
        claim = _claims[claimId];
        ClaimStatus status = claim.status;
        if (status == ClaimStatus.None) revert InsurancePoolUnknownClaim(claimId);
        if (status != ClaimStatus.Pending) revert InsurancePoolClaimNotPending(claimId, status);
    }

    function _setCooldown(uint64 newCooldown) private {
        if (newCooldown > MAX_COOLDOWN) revert InsurancePoolCooldownTooLong(newCooldown, MAX_COOLDOWN);
        uint64 oldCooldown = _cooldown;
        _cooldown = newCooldown;
        emit CooldownUpdated(oldCooldown, newCooldown);
    }
}
