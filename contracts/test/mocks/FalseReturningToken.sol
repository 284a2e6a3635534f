// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FalseReturningToken
/// @notice An ERC-20 whose `transfer` reports failure by returning false instead of reverting,
///  once switched off (some real tokens behave this way).
contract FalseReturningToken is ERC20 {
    bool private _transfersFail;

    constructor() ERC20("False Token", "FALSE") {}

    /// @notice Mint `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Make every later `transfer` and `transferFrom` return false without moving tokens.
    function setTransfersFail(bool fail) external {
        _transfersFail = fail;
    }

    /// @inheritdoc ERC20
    function transfer(address to, uint256 value) public override returns (bool) {
        if (_transfersFail) return false;
        return super.transfer(to, value);
    }

    /// @inheritdoc ERC20
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (_transfersFail) return false;
        return super.transferFrom(from, to, value);
    }
}
