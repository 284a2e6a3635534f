// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {CourtFixture} from "../utils/CourtFixture.sol";

/// @notice Attack 1 of docs/THREAT-MODEL.md: one actor, as client and operator of its own job,
///  files a claim worth the whole pool, deposits at the depressed share price while it is
///  pending, lets the dispute lapse and redeems the released reservation. On the pool that put
///  released reservations back into the share price, this took about 10,000 of the honest
///  insurer's 10,000 tokens for one token in; now the release goes to the holders at filing.
contract InsuranceReservationDrainTest is CourtFixture {
    uint256 internal constant HONEST_COVER = 10_000 ether;
    /// @dev With the fixture's half-rate collateral, this job's compensation exceeds its collateral
    ///  by exactly the honest insurer's cover.
    uint256 internal constant JOB_PAYMENT = 20_000 ether;

    address internal honest;
    address internal depositor;

    function setUp() public {
        _deployCourt(new MockERC20(), _defaultCourtParams());
        _seatArbitrators(5, ARBITRATOR_STAKE);
        honest = makeAddr("honest insurer");
        depositor = makeAddr("attacker's depositor");
        _insure(honest, HONEST_COVER);
    }

    /// @dev Everything the attacker's three addresses hold or are owed, in stake tokens.
    function _attackerWealth() internal view returns (uint256 wealth) {
        address[3] memory accounts = [client, operator, depositor];
        for (uint256 i = 0; i < accounts.length; ++i) {
            wealth += stakeToken.balanceOf(accounts[i]);
            wealth += disputeCourt.balanceOf(accounts[i]);
            wealth += pool.previewRedeem(pool.balanceOf(accounts[i]));
        }
        (uint256 free, uint256 locked, uint256 unbonding, ) = _stake(operator);
        wealth += free + locked + unbonding;
    }

    function _stake(address who) internal view returns (uint256, uint256, uint256, uint64) {
        return (
            manager.stakeOf(who).free,
            manager.stakeOf(who).locked,
            manager.stakeOf(who).unbonding,
            manager.stakeOf(who).unlockAt
        );
    }

    function test_attack_insuranceReservationDrain_lapsedSelfDisputeLeavesTheAttackerNoProfit() public {
        // The attacker's operator stakes only what accepting the job needs (the collateral and the
        // minimum), so the court's lock backs little of the compensation; its client holds the
        // payment and the bond; its depositor one token.
        uint256 agentId = _registerAgent(IDENTITY_KEY);
        vm.prank(operator);
        manager.requestWithdrawal(OPERATOR_STAKE - MINIMUM_STAKE);
        vm.warp(block.timestamp + UNBONDING_DELAY);
        vm.prank(operator);
        manager.withdraw(operator);
        _deposit(operator, (JOB_PAYMENT * COLLATERAL_BPS) / 10_000);
        uint256 bond = disputeCourt.bondFor(JOB_PAYMENT);
        _mint(client, JOB_PAYMENT + bond);
        _mint(depositor, 1 ether);
        uint256 wealthBefore = _attackerWealth();

        uint256 leaseId = _grantLease(agentId, JOB_PAYMENT);
        vm.startPrank(client);
        stakeToken.approve(address(escrow), JOB_PAYMENT);
        uint256 jobId = escrow.openJob(leaseId, JOB_PAYMENT, POLICY, BUDGET, uint64(block.timestamp) + 1 days);
        vm.stopPrank();
        vm.prank(operator);
        escrow.acceptJob(jobId);
        IDisputeCourt.CitedReceipt[] memory cited = _submitCited(jobId, agentId);

        vm.startPrank(client);
        stakeToken.approve(address(disputeCourt), bond);
        uint256 disputeId = disputeCourt.openDispute(jobId, cited, "ipfs://self-dispute");
        vm.stopPrank();

        // One token in at the depressed price, redemption requested at once.
        vm.startPrank(depositor);
        stakeToken.approve(address(pool), 1 ether);
        uint256 shares = pool.deposit(1 ether, depositor);
        pool.requestRedeem(shares);
        vm.stopPrank();

        // Nobody draws: the dispute lapses, the job is paid, the claim is cancelled.
        vm.warp(block.timestamp + _defaultCourtParams().drawTimeout + 1);
        disputeCourt.lapse(disputeId);
        disputeCourt.execute(disputeId);
        vm.warp(block.timestamp + POOL_COOLDOWN);
        vm.startPrank(depositor);
        pool.redeem(pool.maxRedeem(depositor), depositor, depositor);
        vm.stopPrank();
        vm.prank(client);
        disputeCourt.withdrawBalance(client);

        // The attacker's depositor held no share when the claim was filed: nothing to collect.
        uint256 claimId = disputeCourt.getDispute(disputeId).claimId;
        assertGt(claimId, 0, "the self-dispute filed no claim");
        assertEq(pool.releasableOf(claimId, depositor), 0, "the late depositor shares the release");
        uint256 wealthAfter = _attackerWealth();
        assertLe(wealthAfter, wealthBefore, "the attacker gained");

        // The honest insurer lost nothing: its cover and the job's premium, less rounding.
        pool.collectRelease(claimId, honest);
        uint256 honestValue = pool.previewRedeem(pool.balanceOf(honest)) + stakeToken.balanceOf(honest);
        assertGe(honestValue + 1, HONEST_COVER, "the honest insurer lost value");
    }
}
