// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VRFCoordinatorV2_5Mock} from "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";

/// @title ChainlinkVrfCoordinatorMock
/// @notice Chainlink's own VRF v2.5 mock coordinator, unchanged: declared here only so that Hardhat
///  builds an artifact the TypeScript tests can deploy (npm files get none unless listed).
contract ChainlinkVrfCoordinatorMock is VRFCoordinatorV2_5Mock {
    constructor(
        uint96 baseFee,
        uint96 gasPrice,
        int256 weiPerUnitLink
    ) VRFCoordinatorV2_5Mock(baseFee, gasPrice, weiPerUnitLink) {}
}
