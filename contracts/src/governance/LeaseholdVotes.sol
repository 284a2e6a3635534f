// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title LeaseholdVotes
/// @notice The governance token: an ERC-20 with delegation and vote checkpoints (ERC-5805) and
///  permits (ERC-2612).
/// @dev The whole supply is minted once, in the constructor, to a distribution address (a
///  treasury or distribution contract on a real chain; the deployer on the devnet). Nobody can
///  mint afterwards: the token has no owner and no roles, so no key can dilute the voters.
///  The clock is the block timestamp (ERC-6372 `mode=timestamp`), so governance periods are in
///  seconds and match the chain time every other Leasehold contract reads. Votes count only once
///  delegated (to oneself or another account).
contract LeaseholdVotes is ERC20, ERC20Permit, ERC20Votes {
    /// @notice The supply is zero: governance with no votes could never pass anything.
    error LeaseholdVotesZeroSupply();

    constructor(
        address distribution,
        uint256 supply
    ) ERC20("Leasehold Votes", "vLEASE") ERC20Permit("Leasehold Votes") {
        if (supply == 0) revert LeaseholdVotesZeroSupply();
        _mint(distribution, supply);
    }

    /// @notice The current timepoint: the block timestamp (ERC-6372).
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // ERC-6372 names it in capitals.
    // solhint-disable func-name-mixedcase
    /// @notice The clock's mode, per ERC-6372.
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }
    // solhint-enable func-name-mixedcase

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
