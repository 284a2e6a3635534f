// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";

/// @title BlockhashRandomness
/// @notice Randomness from the hash of a block fixed at request time, `delayBlocks` ahead.
/// @dev Nobody, the requester included, picks the block whose hash decides, and nobody knows it
///  before that block is mined. Limits, stated: the producer of the target block can withhold it
///  (forfeiting its reward) to get another hash, and chooses its content; on a chain with a
///  single sequencer the sequencer can bias the value. The EVM keeps the last 256 block hashes
///  only: a request not read within 256 blocks of its target is Expired and must be made again,
///  so whoever waits that long (nobody else having read it) gets a second value. Use a VRF
///  source where block producers or long idle periods are a concern.
///  Anyone may request: requests cost nothing but their gas and share nothing between requesters.
contract BlockhashRandomness is IRandomnessSource {
    /// @notice Blocks between a request and the block whose hash answers it.
    uint64 public immutable delayBlocks;

    uint256 private _requestCount;
    mapping(uint256 requestId => uint64 targetBlock) private _targetBlock;

    /// @notice `delayBlocks` is at least 1 (the hash of the current block is not known yet).
    error BlockhashRandomnessZeroDelay();

    constructor(uint64 delayBlocks_) {
        if (delayBlocks_ == 0) revert BlockhashRandomnessZeroDelay();
        delayBlocks = delayBlocks_;
    }

    /// @notice The block whose hash answers `requestId` (0 for an unknown request).
    function targetBlockOf(uint256 requestId) external view returns (uint64) {
        return _targetBlock[requestId];
    }

    /// @inheritdoc IRandomnessSource
    function requestRandomness() external returns (uint256 requestId) {
        requestId = ++_requestCount;
        _targetBlock[requestId] = uint64(block.number) + delayBlocks;
        emit RandomnessRequested(requestId, msg.sender);
    }

    /// @inheritdoc IRandomnessSource
    function randomnessOf(uint256 requestId) external view returns (RequestStatus status, uint256 value) {
        uint64 target = _targetBlock[requestId];
        if (target == 0) return (RequestStatus.None, 0);
        if (block.number <= target) return (RequestStatus.Pending, 0);
        bytes32 hash = blockhash(target);
        if (hash == bytes32(0)) return (RequestStatus.Expired, 0);
        // Bound to this source and request, so two requests answered by one block differ.
        return (RequestStatus.Ready, uint256(keccak256(abi.encode(hash, block.chainid, address(this), requestId))));
    }
}
