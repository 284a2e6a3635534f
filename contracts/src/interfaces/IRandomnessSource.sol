// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IRandomnessSource
/// @notice Where the court's draws get their randomness: a request now, a value later. The
///  arbitrator registry asks for one value per draw session and uses it only for draws whose
///  weights and order were fixed before the request (see IArbitratorRegistry).
/// @dev Implementations are picked at deploy time and can be replaced by governance between
///  sessions: `BlockhashRandomness` for local chains and chains without an oracle (a future block
///  hash: biasable by that block's producer), `ChainlinkVrfRandomness` for chains with Chainlink
///  VRF v2.5 (verifiable, but it depends on the oracle network and a funded subscription).
///  A value is final once Ready: it never changes for the same request.
interface IRandomnessSource {
    /// @notice Where a request stands.
    enum RequestStatus {
        /// @dev No such request.
        None,
        /// @dev Requested; the value is not known yet.
        Pending,
        /// @dev The value is known and final.
        Ready,
        /// @dev The value can no longer be produced (e.g. its block hash aged out): request again.
        Expired
    }

    /// @notice `requester` asked for randomness under `requestId`.
    event RandomnessRequested(uint256 indexed requestId, address indexed requester);

    /// @notice Ask for a random value.
    /// @return requestId The id to read the value with.
    function requestRandomness() external returns (uint256 requestId);

    /// @notice Where request `requestId` stands, and its value once Ready (0 otherwise).
    function randomnessOf(uint256 requestId) external view returns (RequestStatus status, uint256 value);
}
