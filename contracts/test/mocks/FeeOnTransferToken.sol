// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice An ERC-20 that burns a fee on every transfer between two accounts, so the recipient
///  receives less than the amount sent (like some real tokens do).
contract FeeOnTransferToken is ERC20 {
    /// @notice Basis-point denominator.
    uint256 public constant BPS = 10_000;

    /// @notice The fee burned on every transfer, in basis points.
    uint256 public immutable feeBps;

    constructor(uint256 feeBps_) ERC20("Fee Token", "FEE") {
        feeBps = feeBps_;
    }

    /// @notice Mint `amount` to `to` (no fee).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice The fee burned when `amount` is transferred.
    function feeOn(uint256 amount) public view returns (uint256) {
        return (amount * feeBps) / BPS;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = feeOn(value);
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
