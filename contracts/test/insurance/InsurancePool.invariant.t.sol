// SPDX-License-Identifier: MIT
// The handler shares this file with the test on purpose (see its NatSpec).
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {InsurancePool} from "../../src/insurance/InsurancePool.sol";
import {IInsurancePool} from "../../src/interfaces/IInsurancePool.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

/// @title InsurancePoolHandler
/// @notice Drives an InsurancePool through random but well-formed sequences played by insurers
///  with different strategies, for the invariant tests:
///  - an honest insurer deposits once, before anything else, and never moves;
///  - an early insurer front-runs claims: it deposits in the same block just before a filing, or
///    leaves with a matured redeem request just before one, and otherwise holds an open request
///    as an exit option; it also trades its shares;
///  - a late insurer deposits only while claims are pending and leaves once none is;
///  - two traders deposit, mint, request, cancel, transfer, redeem and withdraw at any time;
///  - premiums arrive as plain transfers; this handler (holding CLAIMS_ROLE) files, pays in part
///    or in full, and cancels claims, retrying settled ones; anyone collects anyone's releases.
///  Ghost variables follow every token, each actor's money in (deposits, and shares received at
///  their value then) and what it earned (its pro-rata part of each premium while it held shares),
///  and each claim's part of the honest insurer, so the invariants can bound what each actor can
///  be worth. Observations that would break a property are counted, and the invariants require
///  every count to stay zero.
///  It lives in this file rather than its own: Hardhat only writes artifacts for the test files it
///  is asked to run, and the invariant fuzzer needs the handler's artifact to call it.
contract InsurancePoolHandler is Test {
    uint256 public constant HONEST_DEPOSIT = 1e24;
    uint256 internal constant MAX_AMOUNT = 1e26;
    uint256 internal constant MAX_WARP = 10 days;
    uint256 internal constant VIRTUAL_SHARES = 1e6;

    InsurancePool public immutable pool;
    MockERC20 public immutable token;
    address public immutable admin;

    address public immutable honest;
    address public immutable early;
    address public immutable late;
    address[2] internal _traders;
    address[2] internal _recipients;

    /// @notice The timestamp the sequence has reached; every call starts by restoring it.
    uint256 public currentTime;

    // Every token that entered or left the pool.
    uint256 public ghostDeposited;
    uint256 public ghostPremiums;
    uint256 public ghostRedeemed;
    uint256 public ghostClaimsPaid;
    uint256 public ghostCollected;

    // Per actor: money in (deposits, plus shares received less shares sent, each at its value
    // then), premiums earned while holding shares (rounded up), and tokens taken out.
    mapping(address actor => int256) public ghostPutIn;
    mapping(address actor => uint256) public ghostEarned;
    mapping(address actor => uint256) public ghostWithdrawn;
    mapping(address actor => uint256) public ghostCollectedBy;
    /// @notice Deposits, mints, redemptions and withdrawals by anyone: each leaves the pool less
    ///  than a wei of rounding while a share is worth less than a wei, shared by every holder.
    uint256 public ghostRoundingOps;

    // The honest insurer: premiums earned (rounded down), and per claim its part of the reservation
    // and of what was paid (rounded up).
    uint256 public ghostHonestEarned;
    mapping(uint256 claimId => uint256) public ghostHonestReserved;
    mapping(uint256 claimId => uint256) public ghostHonestPaid;

    // Per claim: how often it was paid and what; who collected what of its release.
    mapping(uint256 claimId => uint256) public ghostPayCount;
    mapping(uint256 claimId => uint256) public ghostPaidAmount;
    mapping(uint256 claimId => mapping(address holder => uint256)) public ghostCollectedFrom;
    /// @notice Claims the late insurer bought into while they were pending, holding nothing at filing.
    mapping(uint256 claimId => bool) public ghostLateJoined;
    uint256 public ghostPendingCount;

    // Violations observed; the invariants require every one to stay zero.
    uint256 public ghostSecondSettlements;
    uint256 public ghostWrongPayments;
    uint256 public ghostRefusedMaturedRedemptions;
    uint256 public ghostEarlyRedemptions;
    uint256 public ghostRefusedPendingClaims;
    uint256 public ghostLockedTransfers;
    uint256 public ghostPreviewMismatches;
    uint256 public ghostCollectMismatches;

    // How often each action really changed state: read them from a probe invariant to check that a
    // campaign reaches every action.
    mapping(bytes32 action => uint256) public calls;

    constructor(InsurancePool pool_, MockERC20 token_, address admin_) {
        pool = pool_;
        token = token_;
        admin = admin_;
        honest = makeAddr("honest insurer");
        early = makeAddr("early insurer");
        late = makeAddr("late insurer");
        _traders = [makeAddr("trader0"), makeAddr("trader1")];
        _recipients = [makeAddr("victim0"), makeAddr("victim1")];
        currentTime = block.timestamp;
    }

    modifier useTime() {
        vm.warp(currentTime);
        _;
    }

    /// @notice The honest insurer's only deposit; the test's setUp calls it before any action.
    function depositHonestly() external {
        _deposit(honest, HONEST_DEPOSIT);
    }

    // ------------------------------------------------------------- read helpers

    /// @notice Every account that ever holds shares.
    function actors() public view returns (address[] memory list) {
        list = new address[](5);
        (list[0], list[1], list[2], list[3], list[4]) = (honest, early, late, _traders[0], _traders[1]);
    }

    function _trader(uint256 seed) internal view returns (address) {
        return _traders[seed % 2];
    }

    /// @dev The actors that trade shares: the early insurer and the traders.
    function _mover(uint256 seed) internal view returns (address) {
        uint256 i = seed % 3;
        return i == 2 ? early : _traders[i];
    }

    function _unlocked(address holder) internal view returns (uint256) {
        return pool.balanceOf(holder) - pool.redeemRequestOf(holder).shares;
    }

    /// @dev The exact value of `shares` now, `shares × (totalAssets + 1) / (supply + virtual)`, rounded as asked.
    function _valueOf(uint256 shares, Math.Rounding rounding) internal view returns (uint256) {
        return Math.mulDiv(shares, pool.totalAssets() + 1, pool.totalSupply() + VIRTUAL_SHARES, rounding);
    }

    // ------------------------------------------------------------ money moves

    function _deposit(address holder, uint256 assets) internal returns (uint256 shares) {
        uint256 preview = pool.previewDeposit(assets);
        token.mint(holder, assets);
        vm.startPrank(holder);
        token.approve(address(pool), assets);
        shares = pool.deposit(assets, holder);
        vm.stopPrank();
        if (shares != preview) ++ghostPreviewMismatches;
        ghostDeposited += assets;
        ghostPutIn[holder] += int256(assets);
        ++ghostRoundingOps;
    }

    /// @dev Deposits at most what the pool accepts: after claims empty it, a share costs so
    ///  little that the share supply soon meets its cap (2**224 - 1) and maxDeposit falls to nothing.
    function _boundDeposit(uint256 assets) internal view returns (uint256) {
        uint256 max = pool.maxDeposit(address(0));
        return bound(assets, 0, max < MAX_AMOUNT ? max : MAX_AMOUNT);
    }

    function _redeem(address holder, uint256 shares) internal returns (bool ok) {
        uint256 preview = pool.previewRedeem(shares);
        vm.prank(holder);
        try pool.redeem(shares, holder, holder) returns (uint256 assets) {
            if (assets != preview) ++ghostPreviewMismatches;
            ghostRedeemed += assets;
            ghostWithdrawn[holder] += assets;
            ++ghostRoundingOps;
            ok = true;
        } catch {
            ok = false;
        }
    }

    // ------------------------------------------------------------------ actions

    function warp(uint256 seconds_) external useTime {
        currentTime += bound(seconds_, 0, MAX_WARP);
        vm.warp(currentTime);
        ++calls["warp"];
    }

    function deposit(uint256 actorSeed, uint256 assets) external useTime {
        _deposit(_trader(actorSeed), _boundDeposit(assets));
        ++calls["deposit"];
    }

    function mint(uint256 actorSeed, uint256 shares) external useTime {
        address holder = _trader(actorSeed);
        uint256 max = pool.maxMint(holder);
        shares = bound(shares, 0, max < MAX_AMOUNT * VIRTUAL_SHARES ? max : MAX_AMOUNT * VIRTUAL_SHARES);
        uint256 assets = pool.previewMint(shares);
        if (assets > MAX_AMOUNT) return;
        token.mint(holder, assets);
        vm.startPrank(holder);
        token.approve(address(pool), assets);
        uint256 pulled = pool.mint(shares, holder);
        vm.stopPrank();
        if (pulled != assets) ++ghostPreviewMismatches;
        ghostDeposited += pulled;
        ghostPutIn[holder] += int256(pulled);
        ++ghostRoundingOps;
        ++calls["mint"];
    }

    /// @dev A premium of at most a fiftieth of the free assets (or a million wei in an empty pool):
    ///  shares stay worth less than a wei, as with any real token amounts, which keeps every
    ///  rounding allowance below a wei per operation.
    function premium(uint256 amount) external useTime {
        amount = bound(amount, 1, pool.totalAssets() / 50 + VIRTUAL_SHARES);
        uint256 supply = pool.totalSupply() + VIRTUAL_SHARES;
        address[] memory list = actors();
        for (uint256 i = 0; i < list.length; ++i) {
            uint256 held = pool.balanceOf(list[i]);
            ghostEarned[list[i]] += Math.mulDiv(amount, held, supply, Math.Rounding.Ceil);
        }
        ghostHonestEarned += Math.mulDiv(amount, pool.balanceOf(honest), supply);
        token.mint(address(pool), amount);
        ghostPremiums += amount;
        ++calls["premium"];
    }

    function requestRedeem(uint256 actorSeed, uint256 shares) external useTime {
        address holder = _trader(actorSeed);
        uint256 unlocked = _unlocked(holder);
        if (unlocked == 0) return;
        shares = bound(shares, 1, unlocked);
        vm.prank(holder);
        pool.requestRedeem(shares);
        ++calls["requestRedeem"];
    }

    function cancelRedeem(uint256 actorSeed) external useTime {
        address holder = _trader(actorSeed);
        if (pool.redeemRequestOf(holder).shares == 0) return;
        vm.prank(holder);
        pool.cancelRedeem();
        ++calls["cancelRedeem"];
    }

    /// @dev Moves any amount up to the whole balance between the early insurer and the traders: it
    ///  must go through exactly when the unlocked shares cover it. The receiver puts in the shares'
    ///  value (rounded up), the sender takes it out (rounded down).
    function transfer(uint256 fromSeed, uint256 toSeed, uint256 shares) external useTime {
        address from = _mover(fromSeed);
        address to = _mover(toSeed);
        uint256 balance = pool.balanceOf(from);
        if (balance == 0) return;
        shares = bound(shares, 1, balance);
        bool allowed = shares <= _unlocked(from);
        uint256 valueUp = _valueOf(shares, Math.Rounding.Ceil);
        uint256 valueDown = _valueOf(shares, Math.Rounding.Floor);
        vm.prank(from);
        try pool.transfer(to, shares) {
            if (!allowed) ++ghostLockedTransfers;
            if (from != to) _movePutIn(from, to, valueDown, valueUp);
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
        address holder = _trader(actorSeed);
        IInsurancePool.RedeemRequest memory request = pool.redeemRequestOf(holder);
        if (request.shares == 0) return;
        _waitTowards(request.unlockAt, wait);
        bool matured = block.timestamp >= request.unlockAt;
        bool ok = _redeem(holder, bound(shares, 1, request.shares));
        if (ok && !matured) ++ghostEarlyRedemptions;
        if (!ok && matured) ++ghostRefusedMaturedRedemptions;
        ++calls[ok ? bytes32("redeem") : bytes32("redeemRefused")];
    }

    function withdraw(uint256 actorSeed, uint256 wait, uint256 assets) external useTime {
        address holder = _trader(actorSeed);
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
            ghostWithdrawn[holder] += assets;
            ++ghostRoundingOps;
            ++calls["withdraw"];
        } catch {
            if (matured) ++ghostRefusedMaturedRedemptions;
            ++calls["withdrawRefused"];
        }
    }

    /// @dev The late insurer buys in only while some claim is pending, at the reduced price.
    function lateDeposit(uint256 assets) external useTime {
        if (ghostPendingCount == 0) return;
        uint256 count = pool.claimCount();
        for (uint256 id = 1; id <= count; ++id) {
            if (pool.getClaim(id).status != IInsurancePool.ClaimStatus.Pending) continue;
            if (pool.sharesAtFiling(id, late) == 0) ghostLateJoined[id] = true;
        }
        _deposit(late, _boundDeposit(assets));
        ++calls["lateDeposit"];
    }

    /// @dev Once no claim is pending, the late insurer leaves: it requests every free share, and
    ///  redeems them once the cooldown has passed (waiting for it here, if `wait` says so).
    function lateLeave(uint256 wait) external useTime {
        if (ghostPendingCount != 0) return;
        IInsurancePool.RedeemRequest memory request = pool.redeemRequestOf(late);
        if (request.shares != 0) {
            if (wait % 2 == 0 && request.unlockAt > currentTime) {
                currentTime = request.unlockAt;
                vm.warp(currentTime);
            }
            if (block.timestamp < request.unlockAt) return;
            if (!_redeem(late, request.shares)) ++ghostRefusedMaturedRedemptions;
            ++calls["lateRedeem"];
        } else {
            uint256 unlocked = _unlocked(late);
            if (unlocked == 0) return;
            vm.prank(late);
            pool.requestRedeem(unlocked);
            ++calls["lateRequest"];
        }
    }

    /// @dev The early insurer keeps an exit option open: a request for every free share.
    function earlyRequest() external useTime {
        uint256 unlocked = _unlocked(early);
        if (unlocked == 0) return;
        vm.prank(early);
        pool.requestRedeem(unlocked);
        ++calls["earlyRequest"];
    }

    /// @dev Files a claim for up to half the free assets, or one time in four for up to twice
    ///  them (to exercise the shortfall and the empty pool, whose shares then cost so little that
    ///  the supply soon meets its cap and stops deposits). A third of the time the early insurer
    ///  deposits in the same block just before the filing, a third of the time it leaves just
    ///  before it with whatever its matured request allows.
    function fileClaim(uint256 recipientSeed, uint256 amount, uint256 mode, uint256 frontRun) external useTime {
        if (mode % 3 == 1) {
            _deposit(early, _boundDeposit(frontRun));
            ++calls["earlyFrontRunDeposit"];
        } else if (mode % 3 == 2) {
            uint256 max = pool.maxRedeem(early);
            if (max != 0 && _redeem(early, max)) ++calls["earlyFrontRunExit"];
        }
        uint256 free = pool.totalAssets();
        amount = bound(amount, 1, recipientSeed % 4 == 0 ? 2 * free + 1 : free / 2 + 1);
        bytes32 ref = keccak256(abi.encode("claim", pool.claimCount() + 1));
        uint256 claimId = pool.fileClaim(_recipients[recipientSeed % 2], amount, ref);
        IInsurancePool.Claim memory claim = pool.getClaim(claimId);
        ghostHonestReserved[claimId] = Math.mulDiv(
            claim.reserved,
            pool.balanceOf(honest),
            claim.supplyAtFiling + VIRTUAL_SHARES,
            Math.Rounding.Ceil
        );
        ++ghostPendingCount;
        ++calls["fileClaim"];
    }

    /// @dev Mostly a pending claim (the first from a random one on), sometimes any claim ever
    ///  filed, to retry settled ones.
    function _pickClaim(uint256 claimSeed) internal view returns (uint256 claimId) {
        uint256 count = pool.claimCount();
        claimId = bound(claimSeed, 1, count);
        if (claimSeed % 4 == 0 || ghostPendingCount == 0) return claimId;
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = ((claimId - 1 + i) % count) + 1;
            if (pool.getClaim(id).status == IInsurancePool.ClaimStatus.Pending) return id;
        }
    }

    /// @dev Pays a claim (see _pickClaim) any amount up to twice its reservation: a pending one
    ///  must pay the lesser of the two, a settled one must refuse.
    function payClaim(uint256 claimSeed, uint256 amount) external useTime {
        if (pool.claimCount() == 0) return;
        uint256 claimId = _pickClaim(claimSeed);
        IInsurancePool.Claim memory claim = pool.getClaim(claimId);
        bool pending = claim.status == IInsurancePool.ClaimStatus.Pending;
        amount = bound(amount, 0, 2 * claim.reserved + 1);
        uint256 expected = amount < claim.reserved ? amount : claim.reserved;
        uint256 recipientBefore = token.balanceOf(claim.recipient);
        try pool.payClaim(claimId, amount) returns (uint256 paid) {
            if (!pending) ++ghostSecondSettlements;
            if (paid != expected || token.balanceOf(claim.recipient) - recipientBefore != paid) ++ghostWrongPayments;
            ++ghostPayCount[claimId];
            ghostPaidAmount[claimId] += paid;
            ghostClaimsPaid += paid;
            ghostHonestPaid[claimId] = Math.mulDiv(
                paid,
                pool.sharesAtFiling(claimId, honest),
                claim.supplyAtFiling + VIRTUAL_SHARES,
                Math.Rounding.Ceil
            );
            --ghostPendingCount;
            ++calls["payClaim"];
        } catch {
            if (pending) ++ghostRefusedPendingClaims;
            ++calls["payClaimRefused"];
        }
    }

    /// @dev Cancels a claim (see _pickClaim): a pending one must cancel, a settled one must refuse.
    function cancelClaim(uint256 claimSeed) external useTime {
        if (pool.claimCount() == 0) return;
        uint256 claimId = _pickClaim(claimSeed);
        bool pending = pool.getClaim(claimId).status == IInsurancePool.ClaimStatus.Pending;
        try pool.cancelClaim(claimId) {
            if (!pending) ++ghostSecondSettlements;
            --ghostPendingCount;
            ++calls["cancelClaim"];
        } catch {
            if (pending) ++ghostRefusedPendingClaims;
            ++calls["cancelClaimRefused"];
        }
    }

    /// @dev Anyone collects for any actor: one claim (which must pay exactly `releasableOf`, or
    ///  refuse a pending claim or an empty part with the right error) or every claim at once.
    function collect(uint256 actorSeed, uint256 claimSeed, bool all) external useTime {
        uint256 count = pool.claimCount();
        if (count == 0) return;
        address holder = actors()[actorSeed % 5];
        if (all) {
            uint256[] memory ids = new uint256[](count);
            uint256 expected;
            for (uint256 i = 0; i < count; ++i) {
                ids[i] = i + 1;
                uint256 part = pool.releasableOf(i + 1, holder);
                ghostCollectedFrom[i + 1][holder] += part;
                expected += part;
            }
            uint256 total = pool.collectReleases(holder, ids);
            if (total != expected) ++ghostCollectMismatches;
            _collected(holder, total);
            ++calls["collectReleases"];
            return;
        }
        uint256 claimId = bound(claimSeed, 1, count);
        bool pending = pool.getClaim(claimId).status == IInsurancePool.ClaimStatus.Pending;
        uint256 releasable = pool.releasableOf(claimId, holder);
        try pool.collectRelease(claimId, holder) returns (uint256 amount) {
            if (pending || amount != releasable || amount == 0) ++ghostCollectMismatches;
            ghostCollectedFrom[claimId][holder] += amount;
            _collected(holder, amount);
            ++calls["collectRelease"];
        } catch (bytes memory reason) {
            bytes memory expected =
                pending
                    ? abi.encodeWithSelector(IInsurancePool.InsurancePoolClaimPending.selector, claimId)
                    : abi.encodeWithSelector(IInsurancePool.InsurancePoolNothingToCollect.selector, claimId, holder);
            if (releasable != 0 || keccak256(reason) != keccak256(expected)) ++ghostCollectMismatches;
            ++calls["collectRefused"];
        }
    }

    /// @dev The admin may change the cooldown at any time; requests already made keep their clock.
    function setCooldown(uint256 newCooldown) external useTime {
        newCooldown = bound(newCooldown, 0, pool.MAX_COOLDOWN());
        vm.prank(admin);
        pool.setCooldown(uint64(newCooldown));
        ++calls["setCooldown"];
    }

    function _movePutIn(address from, address to, uint256 taken, uint256 given) internal {
        ghostPutIn[from] -= int256(taken);
        ghostPutIn[to] += int256(given);
    }

    function _collected(address holder, uint256 amount) internal {
        ghostCollected += amount;
        ghostCollectedBy[holder] += amount;
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
        handler.depositHonestly();

        bytes4[] memory selectors = new bytes4[](17);
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
        selectors[13] = InsurancePoolHandler.lateDeposit.selector;
        selectors[14] = InsurancePoolHandler.lateLeave.selector;
        selectors[15] = InsurancePoolHandler.earlyRequest.selector;
        selectors[16] = InsurancePoolHandler.collect.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ------------------------------------------------------------ conservation

    function invariant_balanceSplitsIntoAssetsReservedReleasableAndUnowned() public view {
        assertEq(
            token.balanceOf(address(pool)),
            pool.totalAssets() + pool.totalReserved() + pool.totalReleasable() + pool.totalUnowned(),
            "balance != totalAssets + reserved + releasable + unowned"
        );
    }

    function invariant_everyTokenAccountedFor() public view {
        assertEq(
            handler.ghostDeposited() + handler.ghostPremiums(),
            handler.ghostRedeemed() +
                handler.ghostClaimsPaid() +
                handler.ghostCollected() +
                token.balanceOf(address(pool)),
            "tokens created or lost"
        );
    }

    /// @dev Reservations are the pending claims'; releases are the settled claims' uncollected
    ///  parts; each settled claim paid plus released its reservation, and its holders' part plus
    ///  the virtual shares' part is what it released.
    function invariant_claimLedgersAddUp() public view {
        uint256 count = pool.claimCount();
        uint256 pending;
        uint256 pendingCount;
        uint256 uncollected;
        for (uint256 id = 1; id <= count; ++id) {
            IInsurancePool.Claim memory claim = pool.getClaim(id);
            assertLe(claim.reserved, claim.amount);
            if (claim.status == IInsurancePool.ClaimStatus.Pending) {
                pending += claim.reserved;
                ++pendingCount;
                assertEq(claim.paid + claim.released + claim.uncollected, 0, "a pending claim settled something");
                continue;
            }
            assertEq(claim.paid + claim.released, claim.reserved, "paid + released != reserved");
            assertLe(claim.uncollected, claim.released);
            uncollected += claim.uncollected;
        }
        assertEq(pool.totalReserved(), pending, "reserved != sum of pending reservations");
        assertEq(pool.totalReleasable(), uncollected, "releasable != sum of claims' uncollected");
        assertEq(handler.ghostPendingCount(), pendingCount, "the handler lost count of pending claims");
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

    // ------------------------------------------------------------- side pockets

    /// @dev The checkpoints agree with the supply at every filing, and every holder's part of every
    ///  settled claim is exactly its shares at filing over the supply plus the virtual shares:
    ///  what it collected plus what it may still collect.
    function invariant_everyReleaseIsSharedProRataAmongTheHoldersAtFiling() public view {
        address[] memory holders = handler.actors();
        uint256 count = pool.claimCount();
        for (uint256 id = 1; id <= count; ++id) {
            IInsurancePool.Claim memory claim = pool.getClaim(id);
            uint256 denominator = claim.supplyAtFiling + 1e6;
            uint256 heldAtFiling;
            uint256 collected;
            for (uint256 i = 0; i < holders.length; ++i) {
                uint256 held = pool.sharesAtFiling(id, holders[i]);
                heldAtFiling += held;
                uint256 part = handler.ghostCollectedFrom(id, holders[i]) + pool.releasableOf(id, holders[i]);
                collected += handler.ghostCollectedFrom(id, holders[i]);
                if (claim.status == IInsurancePool.ClaimStatus.Pending) {
                    assertEq(part, 0, "a pending claim released something");
                } else {
                    assertEq(part, Math.mulDiv(claim.released, held, denominator), "part != pro-rata part");
                }
            }
            assertEq(heldAtFiling, claim.supplyAtFiling, "shares at filing != supply at filing");
            if (claim.status != IInsurancePool.ClaimStatus.Pending) {
                assertEq(
                    claim.uncollected + collected,
                    Math.mulDiv(claim.released, claim.supplyAtFiling, denominator),
                    "uncollected + collected != the holders' part"
                );
            }
        }
    }

    /// @dev The late insurer, who only buys in while claims are pending, has no part in them.
    function invariant_lateInsurerHasNoPartInClaimsItBoughtInto() public view {
        address late = handler.late();
        uint256 count = pool.claimCount();
        for (uint256 id = 1; id <= count; ++id) {
            if (!handler.ghostLateJoined(id)) continue;
            assertEq(pool.sharesAtFiling(id, late), 0, "the late insurer held shares at filing");
            assertEq(pool.releasableOf(id, late) + handler.ghostCollectedFrom(id, late), 0, "late part");
        }
    }

    // ---------------------------------------------------------- per-role value

    /// @dev What an actor is worth: its shares at today's price, what it redeemed or withdrew, what
    ///  it collected, and what it may collect now.
    function _valueOf(address actor) internal view returns (uint256 value) {
        value = pool.previewRedeem(pool.balanceOf(actor)) + handler.ghostWithdrawn(actor);
        value += handler.ghostCollectedBy(actor);
        uint256 count = pool.claimCount();
        for (uint256 id = 1; id <= count; ++id) value += pool.releasableOf(id, actor);
    }

    /// @dev The bounds below assume a share is worth less than a wei (premiums are kept to a
    ///  fiftieth of the pool, see the handler); this checks the assumption holds.
    function invariant_aShareIsWorthLessThanAWei() public view {
        assertEq(pool.convertToAssets(1), 0, "a share is worth a wei: the rounding allowances no longer hold");
    }

    /// @dev No actor, whatever its strategy (front-running filings, buying in while claims are
    ///  pending, leaving before filings, trading shares), ends up worth more than it put in
    ///  (deposits, and shares received at their value then, less shares sent) plus its pro-rata
    ///  part of every premium that arrived while it held shares. The allowance: a wei per
    ///  deposit, mint, redemption or withdrawal by anyone (each leaves less than a wei of rounding
    ///  in the pool while a share is worth less than a wei, and a holder gets a part of it), and a
    ///  wei for the virtual asset the share price counts.
    function invariant_noActorGainsMoreThanItPutInAndEarned() public view {
        address[] memory holders = handler.actors();
        int256 allowance = int256(handler.ghostRoundingOps() + 1);
        for (uint256 i = 0; i < holders.length; ++i) {
            int256 bound_ = handler.ghostPutIn(holders[i]) + int256(handler.ghostEarned(holders[i])) + allowance;
            assertTrue(int256(_valueOf(holders[i])) <= bound_, string.concat(vm.toString(i), ": gained"));
        }
    }

    /// @dev The honest insurer, who deposited once and never moved, is worth at least its deposit
    ///  plus its part of every premium, less its part (by its shares at filing) of what every paid
    ///  claim paid and of what every pending claim still holds reserved. The allowance: a wei per
    ///  settled claim (its part of the release is rounded down) and two for its own deposit and
    ///  the final rounding of its shares' value.
    function invariant_honestInsurerLosesOnlyByPaidClaimsProRata() public view {
        address honest = handler.honest();
        uint256 count = pool.claimCount();
        uint256 lost;
        uint256 settled;
        for (uint256 id = 1; id <= count; ++id) {
            IInsurancePool.ClaimStatus status = pool.getClaim(id).status;
            if (status == IInsurancePool.ClaimStatus.Pending) {
                lost += handler.ghostHonestReserved(id);
            } else {
                lost += handler.ghostHonestPaid(id);
                ++settled;
            }
        }
        assertEq(pool.balanceOf(honest), handler.HONEST_DEPOSIT() * 1e6, "the honest insurer moved");
        uint256 floor = handler.HONEST_DEPOSIT() + handler.ghostHonestEarned();
        uint256 allowance = lost + settled + 2;
        uint256 lowerBound = floor > allowance ? floor - allowance : 0;
        assertGe(_valueOf(honest), lowerBound, "the honest insurer lost more than paid claims");
    }

    // ------------------------------------------------------------- liveness

    function invariant_noClaimSettledTwiceAndPaymentsAreRight() public view {
        uint256 count = pool.claimCount();
        for (uint256 id = 1; id <= count; ++id) {
            IInsurancePool.Claim memory claim = pool.getClaim(id);
            uint256 pays = handler.ghostPayCount(id);
            assertLe(pays, 1);
            assertEq(pays == 1, claim.status == IInsurancePool.ClaimStatus.Paid, "paid status != one payment");
            assertEq(handler.ghostPaidAmount(id), claim.paid, "paid != what the recipient got");
        }
        assertEq(handler.ghostSecondSettlements(), 0, "a claim was settled twice");
        assertEq(handler.ghostWrongPayments(), 0, "a claim paid other than the lesser of amount and reservation");
        assertEq(handler.ghostRefusedPendingClaims(), 0, "a pending claim could not be settled");
        assertEq(handler.ghostCollectMismatches(), 0, "a collection differed from releasableOf or its error");
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
