// SPDX-License-Identifier: MIT
// The handler shares this file with the test on purpose (see StakeManager.invariant.t.sol).
// solhint-disable one-contract-per-file
pragma solidity ^0.8.28;

import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {Test} from "../utils/Test.sol";

/// @title ArbitratorRegistryHandler
/// @notice Drives an ArbitratorRegistry through random well-formed sequences: a few arbitrators
///  deposit, request and cancel leave and withdraw (with time passing); this handler, which holds
///  COURT_ROLE, draws panels (sometimes excluding an arbitrator), releases and penalizes seats it
///  remembers; the admin changes the minimum stake. Every observation that would break a property
///  is counted, so the invariants can assert the counts stay zero.
contract ArbitratorRegistryHandler is Test {
    struct Seat {
        address arbitrator;
        uint256 lock;
    }

    uint256 internal constant ACTORS = 5;
    uint256 internal constant MAX_DEPOSIT = 1e24;

    ArbitratorRegistry public immutable registry;
    MockERC20 public immutable token;
    address public immutable admin;
    address public immutable sink;

    address[] internal _actors;
    Seat[] internal _seats;
    uint256 public currentTime;

    uint256 public ghostBadPanels;
    uint256 public ghostRefusedDraws;
    uint256 public ghostEarlyWithdrawals;

    mapping(bytes32 action => uint256) public calls;

    constructor(ArbitratorRegistry registry_, MockERC20 token_, address admin_) {
        registry = registry_;
        token = token_;
        admin = admin_;
        sink = makeAddr("sink");
        for (uint256 i = 0; i < ACTORS; ++i) {
            _actors.push(makeAddr(string.concat("arbitrator", vm.toString(i))));
        }
        currentTime = block.timestamp;
    }

    modifier useTime() {
        vm.warp(currentTime);
        _;
    }

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    /// @notice Open seats per arbitrator and their summed locks, as the handler remembers them.
    function openSeats(address arbitrator) external view returns (uint256 count, uint256 locked) {
        for (uint256 i = 0; i < _seats.length; ++i) {
            if (_seats[i].arbitrator != arbitrator) continue;
            ++count;
            locked += _seats[i].lock;
        }
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % ACTORS];
    }

    function deposit(uint256 actorSeed, uint256 amount) external useTime {
        address who = _actor(actorSeed);
        amount = bound(amount, 1, MAX_DEPOSIT);
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(registry), amount);
        registry.deposit(amount);
        vm.stopPrank();
        ++calls["deposit"];
    }

    function requestLeave(uint256 actorSeed, uint256 amount) external useTime {
        address who = _actor(actorSeed);
        uint256 free = registry.arbitratorOf(who).free;
        if (free == 0) return;
        vm.prank(who);
        registry.requestLeave(bound(amount, 1, free));
        ++calls["requestLeave"];
    }

    function cancelLeave(uint256 actorSeed) external useTime {
        address who = _actor(actorSeed);
        if (registry.arbitratorOf(who).leaving == 0) return;
        vm.prank(who);
        registry.cancelLeave();
        ++calls["cancelLeave"];
    }

    function withdraw(uint256 actorSeed, uint256 wait) external useTime {
        address who = _actor(actorSeed);
        IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(who);
        if (stake.leaving == 0) return;
        currentTime += bound(wait, 0, 2 * uint256(registry.leaveDelay()) + 1);
        vm.warp(currentTime);
        bool allowed = block.timestamp >= stake.unlockAt && stake.seats == 0;
        vm.prank(who);
        try registry.withdraw(who) {
            if (!allowed) ++ghostEarlyWithdrawals;
            ++calls["withdraw"];
        } catch {
            if (allowed) ++ghostEarlyWithdrawals;
            ++calls["withdrawRefused"];
        }
    }

    function draw(uint256 seed, uint256 seats, uint256 excludedSeed) external useTime {
        address[] memory excluded = new address[](excludedSeed % 2);
        if (excluded.length != 0) excluded[0] = _actor(excludedSeed >> 1);
        uint256 available = 0;
        uint256 lock = registry.seatLock();
        for (uint256 i = 0; i < ACTORS; ++i) {
            if (excluded.length != 0 && _actors[i] == excluded[0]) continue;
            if (registry.weightOf(_actors[i]) != 0) ++available;
        }
        seats = bound(seats, 1, 3);
        if (available < seats) return;
        try registry.draw(bytes32(seed), seats, excluded) returns (address[] memory panel, uint256 lockPerSeat) {
            if (lockPerSeat != lock) ++ghostBadPanels;
            for (uint256 s = 0; s < panel.length; ++s) {
                if (excluded.length != 0 && panel[s] == excluded[0]) ++ghostBadPanels;
                for (uint256 t = 0; t < s; ++t) {
                    if (panel[t] == panel[s]) ++ghostBadPanels;
                }
                _seats.push(Seat(panel[s], lockPerSeat));
            }
            ++calls["draw"];
        } catch {
            ++ghostRefusedDraws;
        }
    }

    function releaseSeat(uint256 index) external useTime {
        if (_seats.length == 0) return;
        Seat memory seat = _takeSeat(index);
        registry.releaseSeat(seat.arbitrator, seat.lock);
        ++calls["releaseSeat"];
    }

    function penalizeSeat(uint256 index, uint256 penalty) external useTime {
        if (_seats.length == 0) return;
        Seat memory seat = _takeSeat(index);
        registry.penalizeSeat(seat.arbitrator, seat.lock, bound(penalty, 0, seat.lock), sink);
        ++calls["penalizeSeat"];
    }

    function setMinimumStake(uint256 minimum) external useTime {
        vm.prank(admin);
        registry.setMinimumStake(bound(minimum, 1, MAX_DEPOSIT / 2));
        ++calls["setMinimumStake"];
    }

    function _takeSeat(uint256 index) internal returns (Seat memory seat) {
        index %= _seats.length;
        seat = _seats[index];
        _seats[index] = _seats[_seats.length - 1];
        _seats.pop();
    }
}

contract ArbitratorRegistryInvariantTest is Test {
    MockERC20 internal token;
    ArbitratorRegistry internal registry;
    ArbitratorRegistryHandler internal handler;

    function setUp() public {
        address admin = makeAddr("admin");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        registry = new ArbitratorRegistry(token, admin, 100 ether, 7 days);
        handler = new ArbitratorRegistryHandler(registry, token, admin);
        bytes32 courtRole = registry.COURT_ROLE();
        vm.prank(admin);
        registry.grantRole(courtRole, address(handler));

        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = ArbitratorRegistryHandler.deposit.selector;
        selectors[1] = ArbitratorRegistryHandler.requestLeave.selector;
        selectors[2] = ArbitratorRegistryHandler.cancelLeave.selector;
        selectors[3] = ArbitratorRegistryHandler.withdraw.selector;
        selectors[4] = ArbitratorRegistryHandler.draw.selector;
        selectors[5] = ArbitratorRegistryHandler.releaseSeat.selector;
        selectors[6] = ArbitratorRegistryHandler.penalizeSeat.selector;
        selectors[7] = ArbitratorRegistryHandler.setMinimumStake.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_balanceEqualsTotalStakedEqualsSumOfBuckets() public view {
        address[] memory actors = handler.actors();
        uint256 sum;
        for (uint256 i = 0; i < actors.length; ++i) {
            IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(actors[i]);
            sum += stake.free + stake.locked + stake.leaving;
        }
        assertEq(token.balanceOf(address(registry)), registry.totalStaked(), "balance != totalStaked");
        assertEq(registry.totalStaked(), sum, "totalStaked != sum of buckets");
    }

    function invariant_totalWeightEqualsSumOfWeights() public view {
        address[] memory actors = handler.actors();
        uint256 minimum = registry.minimumStake();
        uint256 sum;
        uint256 drawable;
        for (uint256 i = 0; i < actors.length; ++i) {
            uint256 free = registry.arbitratorOf(actors[i]).free;
            uint256 weight = registry.weightOf(actors[i]);
            assertEq(weight, free >= minimum ? free : 0, "weight != effective free stake");
            sum += weight;
            if (weight != 0) ++drawable;
        }
        assertEq(registry.totalWeight(), sum, "totalWeight != sum of weightOf");
        assertEq(registry.drawableCount(), drawable, "drawableCount");
    }

    function invariant_seatsMatchOpenSeats() public view {
        address[] memory actors = handler.actors();
        for (uint256 i = 0; i < actors.length; ++i) {
            IArbitratorRegistry.Arbitrator memory stake = registry.arbitratorOf(actors[i]);
            (uint256 count, uint256 locked) = handler.openSeats(actors[i]);
            assertEq(stake.seats, count, "seats");
            assertEq(stake.locked, locked, "locked");
        }
    }

    function invariant_drawsAndWithdrawalsBehave() public view {
        assertEq(handler.ghostBadPanels(), 0, "duplicate, excluded or mis-locked seat");
        assertEq(handler.ghostRefusedDraws(), 0, "draw refused with enough arbitrators");
        assertEq(handler.ghostEarlyWithdrawals(), 0, "withdrawal allowed early or seated, or refused when due");
    }
}
