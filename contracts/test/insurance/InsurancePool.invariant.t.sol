// SPDX-License-Identifier: MIT
// The handler shares this file with the test on purpose (see its NatSpec).
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {InsurancePool} from "../../src/insurance/InsurancePool.sol";
import {IInsurancePool} from "../../src/interfaces/IInsurancePool.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

/// @title InsurancePoolHandler
/// @notice Drives an InsurancePool through random but well-formed sequences for the invariant
///  tests: a few holders deposit, mint, request, cancel, transfer, redeem and withdraw (with time
///  passing), premiums arrive as plain transfers, and this handler (holding CLAIMS_ROLE) files,
///  pays and cancels claims, including attempts to pay or cancel a settled claim again. Ghost
///  variables keep every token that came in or went out and count every observation that would
///  break a property, so the invariants can assert they stay zero.
///  It lives in this file rather than its own: Hardhat only writes artifacts for the test files it
///  is asked to run, and the invariant fuzzer needs the handler's artifact to call it.
contract InsurancePoolHandler is Test {
    uint256 internal constant ACTORS = 3;
    uint256 internal constant MAX_AMOUNT = 1e27;
    uint256 internal constant MAX_WARP = 10 days;

    InsurancePool public immutable pool;
    MockERC20 public immutable token;
    address public immutable admin;

    address[] internal _actors;
    address[2] internal _recipients;

    /// @notice The timestamp the sequence has reached; every call starts by restoring it.
    uint256 public currentTime;

    // Every token that entered or left the pool.
    uint256 public ghostDeposited;
    uint256 public ghostPremiums;
    uint256 public ghostRedeemed;
    uint256 public ghostClaimsPaid;

    // Per claim: how often it was paid, and what.
    mapping(uint256 claimId => uint256) public ghostPayCount;
    mapping(uint256 claimId => uint256) public ghostPaidAmount;

    // Violations observed; the invariants require every one to stay zero.
    uint256 public ghostSecondSettlements;
    uint256 public ghostRefusedMaturedRedemptions;
    uint256 public ghostEarlyRedemptions;
    uint256 public ghostRefusedPendingClaims;
    uint256 public ghostLockedTransfers;
    uint256 public ghostPreviewMismatches;

    // How often each action really changed state: read them from a probe invariant to check that a
    // campaign reaches every action.
    mapping(bytes32 action => uint256) public calls;

    constructor(InsurancePool pool_, MockERC20 token_, address admin_) {
        pool = pool_;
        token = token_;
        admin = admin_;
        for (uint256 i = 0; i < ACTORS; ++i) {
            _actors.push(makeAddr(string.concat("holder", vm.toString(i))));
        }
        _recipients = [makeAddr("victim0"), makeAddr("victim1")];
        currentTime = block.timestamp;
    }

    modifier useTime() {
        vm.warp(currentTime);
        _;
    }

    // ------------------------------------------------------------- read helpers

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % ACTORS];
    }

    function _unlocked(address holder) internal view returns (uint256) {
        return pool.balanceOf(holder) - pool.redeemRequestOf(holder).shares;
    }

    // ------------------------------------------------------------------ actions

    function warp(uint256 seconds_) external useTime {
        currentTime += bound(seconds_, 0, MAX_WARP);
        vm.warp(currentTime);
        ++calls["warp"];
    }

    function deposit(uint256 actorSeed, uint256 assets) external useTime {
        address holder = _actor(actorSeed);
        assets = bound(assets, 0, MAX_AMOUNT);
        uint256 preview = pool.previewDeposit(assets);
        token.mint(holder, assets);
        vm.startPrank(holder);
        token.approve(address(pool), assets);
        uint256 shares = pool.deposit(assets, holder);
        vm.stopPrank();
        if (shares != preview) ++ghostPreviewMismatches;
        ghostDeposited += assets;
        ++calls["deposit"];
    }

    function mint(uint256 actorSeed, uint256 shares) external useTime {
        address holder = _actor(actorSeed);
        shares = bound(shares, 0, MAX_AMOUNT * 1e6);
        uint256 assets = pool.previewMint(shares);
        if (assets > MAX_AMOUNT * 4) return;
        token.mint(holder, assets);
        vm.startPrank(holder);
        token.approve(address(pool), assets);
        uint256 pulled = pool.mint(shares, holder);
        vm.stopPrank();
        if (pulled != assets) ++ghostPreviewMismatches;
        ghostDeposited += pulled;
        ++calls["mint"];
    }

    function premium(uint256 amount) external useTime {
        amount = bound(amount, 1, MAX_AMOUNT / 100);
        token.mint(address(pool), amount);
        ghostPremiums += amount;
        ++calls["premium"];
    }

    function requestRedeem(uint256 actorSeed, uint256 shares) external useTime {
        address holder = _actor(actorSeed);
        uint256 unlocked = _unlocked(holder);
        if (unlocked == 0) return;
        shares = bound(shares, 1, unlocked);
        vm.prank(holder);
        pool.requestRedeem(shares);
        ++calls["requestRedeem"];
    }

    function cancelRedeem(uint256 actorSeed) external useTime {
        address holder = _actor(actorSeed);
        if (pool.redeemRequestOf(holder).shares == 0) return;
        vm.prank(holder);
        pool.cancelRedeem();
        ++calls["cancelRedeem"];
    }

    /// @dev Tries to move any amount up to the whole balance: it must go through exactly when the
    ///  unlocked shares cover it.
    function transfer(uint256 fromSeed, uint256 toSeed, uint256 shares) external useTime {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        uint256 balance = pool.balanceOf(from);
        if (balance == 0) return;
        shares = bound(shares, 1, balance);
        bool allowed = shares <= _unlocked(from);
        vm.prank(from);
        try pool.transfer(to, shares) {
            if (!allowed) ++ghostLockedTransfers;
            ++calls["transfer"];
        } catch {
            if (allowed) ++ghostLockedTransfers;
            ++calls["transferRefused"];
        }
    }

    /// @dev Lets time pass first (a quarter of the time to one second before the unlock, a quarter
    ///  exactly onto it), then redeems part of the request: a matured request must always redeem in
    ///  full at its preview, an immature one never.
    function redeem(uint256 actorSeed, uint256 wait, uint256 shares) external useTime {
        address holder = _actor(actorSeed);
        IInsurancePool.RedeemRequest memory request = pool.redeemRequestOf(holder);
        if (request.shares == 0) return;
        _waitTowards(request.unlockAt, wait);
        bool matured = block.timestamp >= request.unlockAt;
        shares = bound(shares, 1, request.shares);
        uint256 preview = pool.previewRedeem(shares);
        vm.prank(holder);
        try pool.redeem(shares, holder, holder) returns (uint256 assets) {
            if (!matured) ++ghostEarlyRedemptions;
            if (assets != preview) ++ghostPreviewMismatches;
            ghostRedeemed += assets;
            ++calls["redeem"];
        } catch {
            if (matured) ++ghostRefusedMaturedRedemptions;
            ++calls["redeemRefused"];
        }
    }

    function withdraw(uint256 actorSeed, uint256 wait, uint256 assets) external useTime {
        address holder = _actor(actorSeed);
        IInsurancePool.RedeemRequest memory request = pool.redeemRequestOf(holder);
        if (request.shares == 0) return;
        _waitTowards(request.unlockAt, wait);
        bool matured = block.timestamp >= request.unlockAt;
        uint256 max = pool.previewRedeem(request.shares);
        if (max == 0) return;
        assets = bound(assets, 1, max);
        uint256 preview = pool.previewWithdraw(assets);
        vm.prank(holder);
        try pool.withdraw(assets, holder, holder) returns (uint256 shares) {
            if (!matured) ++ghostEarlyRedemptions;
            if (shares != preview) ++ghostPreviewMismatches;
            ghostRedeemed += assets;
            ++calls["withdraw"];
        } catch {
            if (matured) ++ghostRefusedMaturedRedemptions;
            ++calls["withdrawRefused"];
        }
    }

    function fileClaim(uint256 recipientSeed, uint256 amount) external useTime {
        // Sometimes more than the pool holds, to exercise the shortfall.
        amount = bound(amount, 1, 2 * pool.totalAssets() + 1);
        bytes32 ref = keccak256(abi.encode("claim", pool.claimCount() + 1));
        pool.fileClaim(_recipients[recipientSeed % 2], amount, ref);
        ++calls["fileClaim"];
    }

    /// @dev Picks any claim ever filed: a pending one must pay, a settled one must refuse.
    function payClaim(uint256 claimSeed) external useTime {
        uint256 count = pool.claimCount();
        if (count == 0) return;
        uint256 claimId = bound(claimSeed, 1, count);
        IInsurancePool.Claim memory claim = pool.getClaim(claimId);
        bool pending = claim.status == IInsurancePool.ClaimStatus.Pending;
        uint256 recipientBefore = token.balanceOf(claim.recipient);
        try pool.payClaim(claimId) returns (uint256 paid) {
            if (!pending) ++ghostSecondSettlements;
            if (paid != claim.reserved || token.balanceOf(claim.recipient) - recipientBefore != paid) {
                ++ghostSecondSettlements;
            }
            ++ghostPayCount[claimId];
            ghostPaidAmount[claimId] += paid;
            ghostClaimsPaid += paid;
            ++calls["payClaim"];
        } catch {
            if (pending) ++ghostRefusedPendingClaims;
            ++calls["payClaimRefused"];
        }
    }

    function cancelClaim(uint256 claimSeed) external useTime {
        uint256 count = pool.claimCount();
        if (count == 0) return;
        uint256 claimId = bound(claimSeed, 1, count);
        bool pending = pool.getClaim(claimId).status == IInsurancePool.ClaimStatus.Pending;
        try pool.cancelClaim(claimId) {
            if (!pending) ++ghostSecondSettlements;
            ++calls["cancelClaim"];
        } catch {
            if (pending) ++ghostRefusedPendingClaims;
            ++calls["cancelClaimRefused"];
        }
    }

    /// @dev The admin may change the cooldown at any time; requests already made keep their clock.
    function setCooldown(uint256 newCooldown) external useTime {
        newCooldown = bound(newCooldown, 0, pool.MAX_COOLDOWN());
        vm.prank(admin);
        pool.setCooldown(uint64(newCooldown));
        ++calls["setCooldown"];
    }

    function _waitTowards(uint64 unlockAt, uint256 wait) internal {
        if (wait % 4 == 0 && unlockAt > currentTime) currentTime = unlockAt - 1;
        else if (wait % 4 == 1 && unlockAt > currentTime) currentTime = unlockAt;
        else currentTime += bound(wait, 0, 2 * uint256(pool.cooldown()) + 1);
        vm.warp(currentTime);
    }
}

contract InsurancePoolInvariantTest is Test {
    MockERC20 internal token;
    InsurancePool internal pool;
    InsurancePoolHandler internal handler;

    function setUp() public {
        address admin = makeAddr("admin");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        pool = new InsurancePool(token, admin, 7 days);
        handler = new InsurancePoolHandler(pool, token, admin);
        bytes32 claimsRole = pool.CLAIMS_ROLE();
        vm.prank(admin);
        pool.grantRole(claimsRole, address(handler));

        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = InsurancePoolHandler.deposit.selector;
        selectors[1] = InsurancePoolHandler.mint.selector;
        selectors[2] = InsurancePoolHandler.premium.selector;
        selectors[3] = InsurancePoolHandler.requestRedeem.selector;
        selectors[4] = InsurancePoolHandler.cancelRedeem.selector;
        selectors[5] = InsurancePoolHandler.transfer.selector;
        selectors[6] = InsurancePoolHandler.redeem.selector;
        selectors[7] = InsurancePoolHandler.withdraw.selector;
        selectors[8] = InsurancePoolHandler.fileClaim.selector;
        selectors[9] = InsurancePoolHandler.payClaim.selector;
        selectors[10] = InsurancePoolHandler.cancelClaim.selector;
        selectors[11] = InsurancePoolHandler.warp.selector;
        selectors[12] = InsurancePoolHandler.setCooldown.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_balanceEqualsTotalAssetsPlusReserved() public view {
        uint256 balance = token.balanceOf(address(pool));
        assertGe(balance, pool.totalReserved());
        assertEq(balance, pool.totalAssets() + pool.totalReserved(), "balance != totalAssets + reserved");
    }

    function invariant_reservedEqualsPendingClaims() public view {
        uint256 count = pool.claimCount();
        uint256 pending;
        for (uint256 id = 1; id <= count; ++id) {
            IInsurancePool.Claim memory claim = pool.getClaim(id);
            assertLe(claim.reserved, claim.amount);
            if (claim.status == IInsurancePool.ClaimStatus.Pending) pending += claim.reserved;
        }
        assertEq(pool.totalReserved(), pending, "reserved != sum of pending reservations");
    }

    function invariant_everyTokenAccountedFor() public view {
        assertEq(
            handler.ghostDeposited() + handler.ghostPremiums(),
            handler.ghostRedeemed() + handler.ghostClaimsPaid() + token.balanceOf(address(pool)),
            "tokens created or lost"
        );
    }

    function invariant_sharesSumToTotalSupply() public view {
        address[] memory holders = handler.actors();
        uint256 sum;
        for (uint256 i = 0; i < holders.length; ++i) {
            uint256 balance = pool.balanceOf(holders[i]);
            assertLe(pool.redeemRequestOf(holders[i]).shares, balance);
            sum += balance;
        }
        assertEq(sum, pool.totalSupply(), "sum of shares != totalSupply");
    }

    function invariant_noClaimSettledTwice() public view {
        uint256 count = pool.claimCount();
        for (uint256 id = 1; id <= count; ++id) {
            IInsurancePool.Claim memory claim = pool.getClaim(id);
            uint256 pays = handler.ghostPayCount(id);
            assertLe(pays, 1);
            assertEq(pays == 1, claim.status == IInsurancePool.ClaimStatus.Paid, "paid status != one payment");
            assertEq(handler.ghostPaidAmount(id), pays == 1 ? claim.reserved : 0, "paid != reservation");
        }
        assertEq(handler.ghostSecondSettlements(), 0, "a claim was settled twice");
        assertEq(handler.ghostRefusedPendingClaims(), 0, "a pending claim could not be settled");
    }

    /// @dev No lock-forever: a matured request always redeems (checked on every attempt), its
    ///  shares are what maxRedeem offers, the assets behind them are free (not reserved), and
    ///  what no holder can ever take is at most the virtual shares' part plus a wei per holder.
    function invariant_maturedRequestsAreAlwaysRedeemable() public view {
        assertEq(handler.ghostRefusedMaturedRedemptions(), 0, "matured request refused");
        assertEq(handler.ghostEarlyRedemptions(), 0, "redeemed before the cooldown");
        address[] memory holders = handler.actors();
        uint256 claimable;
        for (uint256 i = 0; i < holders.length; ++i) {
            IInsurancePool.RedeemRequest memory request = pool.redeemRequestOf(holders[i]);
            bool matured = block.timestamp >= request.unlockAt;
            assertEq(pool.maxRedeem(holders[i]), matured ? request.shares : 0, "maxRedeem");
            assertEq(pool.maxWithdraw(holders[i]), pool.previewRedeem(pool.maxRedeem(holders[i])), "maxWithdraw");
            claimable += pool.previewRedeem(pool.balanceOf(holders[i]));
        }
        uint256 totalAssets = pool.totalAssets();
        assertLe(claimable, totalAssets);
        uint256 virtualPart = pool.convertToAssets(1e6) + 1;
        assertLe(totalAssets - claimable, virtualPart + holders.length, "assets out of every holder's reach");
    }

    function invariant_previewsMatchExecution() public view {
        assertEq(handler.ghostPreviewMismatches(), 0, "an action differed from its preview");
        assertEq(handler.ghostLockedTransfers(), 0, "locked shares moved or unlocked shares did not");
    }
}
