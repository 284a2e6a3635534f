// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title DevStakeToken
/// @notice Stake token for local development chains only: anyone can draw from the faucet.
/// @dev The deploy step refuses to deploy it on any chain but the local one; real deployments
///  name an existing ERC-20 as the stake token.
contract DevStakeToken is ERC20, ERC20Permit {
    /// @notice Tokens handed out per faucet call.
    uint256 public constant FAUCET_AMOUNT = 1_000 ether;
    /// @notice Time an account waits between two faucet calls.
    uint256 public constant FAUCET_COOLDOWN = 1 hours;

    /// @notice The caller drew from the faucet too soon.
    error DevStakeTokenFaucetCoolingDown(address account, uint256 availableAt);

    /// @notice `account` drew `amount` from the faucet.
    event FaucetDrawn(address indexed account, uint256 amount);

    mapping(address account => uint256 timestamp) private _lastDraw;

    constructor() ERC20("Leasehold Dev Stake", "dLEASE") ERC20Permit("Leasehold Dev Stake") {}

    /// @notice Mint FAUCET_AMOUNT to the caller, at most once per FAUCET_COOLDOWN.
    function faucet() external {
        uint256 last = _lastDraw[msg.sender];
        if (last != 0 && block.timestamp < last + FAUCET_COOLDOWN) {
            revert DevStakeTokenFaucetCoolingDown(msg.sender, last + FAUCET_COOLDOWN);
        }
        _lastDraw[msg.sender] = block.timestamp;
        _mint(msg.sender, FAUCET_AMOUNT);
        emit FaucetDrawn(msg.sender, FAUCET_AMOUNT);
    }

    /// @notice When `account` may next draw from the faucet; 0 when it may draw now.
    function faucetAvailableAt(address account) external view returns (uint256) {
        uint256 last = _lastDraw[account];
        if (last == 0 || block.timestamp >= last + FAUCET_COOLDOWN) return 0;
        return last + FAUCET_COOLDOWN;
    }
}
