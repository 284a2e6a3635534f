// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {CourtFixture} from "../utils/CourtFixture.sol";

/// @notice Attack 3 of docs/THREAT-MODEL.md: a squatter takes the registry's 1,024 drawing slots
///  with dust deposits and closes the court to every new arbitrator. On the registry that gave a
///  slot to every depositor, 1,024 one-wei deposits did it for 1,024 wei.
contract ArbitratorSlotSquattingTest is CourtFixture {
    function setUp() public {
        _deployCourt(new MockERC20(), _defaultCourtParams());
    }

    function _squatter(uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("squatter", i)))));
    }

    function _stake(address who, uint256 amount) internal {
        _mint(who, amount);
        vm.startPrank(who);
        stakeToken.approve(address(arbitratorRegistry), amount);
        arbitratorRegistry.deposit(amount);
        vm.stopPrank();
    }

    function test_attack_arbitratorSlotSquatting_dustDepositsTakeNoSlot() public {
        uint256 slots = arbitratorRegistry.MAX_ARBITRATORS();
        for (uint256 i = 0; i < slots; ++i) _stake(_squatter(i), 1);
        assertEq(arbitratorRegistry.drawableCount(), 0, "dust took slots");
        assertEq(arbitratorRegistry.totalWeight(), 0);

        address newcomer = makeAddr("newcomer");
        _stake(newcomer, ARBITRATOR_MINIMUM);
        assertEq(arbitratorRegistry.weightOf(newcomer), ARBITRATOR_MINIMUM, "the newcomer cannot sit");
        assertEq(arbitratorRegistry.drawableCount(), 1);
    }

    function test_attack_arbitratorSlotSquatting_aSlotCostsTheMinimumAndFreesBelowIt() public {
        uint256 slots = arbitratorRegistry.MAX_ARBITRATORS();
        // Filling the court takes MAX_ARBITRATORS times the minimum stake...
        for (uint256 i = 0; i < slots; ++i) _stake(_squatter(i), ARBITRATOR_MINIMUM);
        assertEq(arbitratorRegistry.drawableCount(), slots);
        address newcomer = makeAddr("newcomer");
        _mint(newcomer, ARBITRATOR_MINIMUM);
        vm.startPrank(newcomer);
        stakeToken.approve(address(arbitratorRegistry), ARBITRATOR_MINIMUM);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorRegistry.ArbitratorRegistryFull.selector, slots));
        arbitratorRegistry.deposit(ARBITRATOR_MINIMUM);
        vm.stopPrank();

        // ...and a squatter that falls below it (here by leaving one wei) frees its slot at once.
        vm.prank(_squatter(7));
        arbitratorRegistry.requestLeave(1);
        assertEq(arbitratorRegistry.weightOf(_squatter(7)), 0);
        _stake(newcomer, ARBITRATOR_MINIMUM);
        assertEq(arbitratorRegistry.weightOf(newcomer), ARBITRATOR_MINIMUM, "the freed slot was not reused");

        // A raised minimum drops every holder below it at once (the governance answer to a full
        // court of minimum stakes). Its gas is measured with cold storage, as a real transaction
        // pays it, in ArbitratorRegistryMinimumGasTest: here the squatters' slots are warm.
        vm.prank(admin);
        arbitratorRegistry.setMinimumStake(ARBITRATOR_MINIMUM + 1);
        assertEq(arbitratorRegistry.drawableCount(), 0);
    }
}
