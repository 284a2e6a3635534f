// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRandomnessSource} from "../../src/interfaces/IRandomnessSource.sol";

/// @title ScriptedRandomness
/// @notice A randomness source the test scripts: it answers, expires or forgets requests when told,
///  and can misbehave the ways a broken source would (revert on request or on read, answer
///  something that is not a (status, value) pair, answer a status out of range).
contract ScriptedRandomness is IRandomnessSource {
    /// @notice How `randomnessOf` behaves.
    enum Mode {
        Honest,
        RevertOnRead,
        ShortAnswer,
        StatusOutOfRange
    }

    /// @notice Raised by `requestRandomness` while requests are refused, and by reads in RevertOnRead.
    error ScriptedRandomnessBroken();

    uint256 public requestCount;
    Mode public mode;
    bool public refuseRequests;

    mapping(uint256 requestId => RequestStatus) private _status;
    mapping(uint256 requestId => uint256) private _value;

    /// @notice Make `randomnessOf` behave as `mode_`.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Make `requestRandomness` revert (or stop reverting).
    function setRefuseRequests(bool refuse) external {
        refuseRequests = refuse;
    }

    /// @notice Answer request `requestId` with `value` (again, if it was answered before).
    function answer(uint256 requestId, uint256 value) external {
        _status[requestId] = RequestStatus.Ready;
        _value[requestId] = value;
    }

    /// @notice Set request `requestId`'s status without a value.
    function setStatus(uint256 requestId, RequestStatus status) external {
        _status[requestId] = status;
        _value[requestId] = 0;
    }

    /// @inheritdoc IRandomnessSource
    function requestRandomness() external returns (uint256 requestId) {
        if (refuseRequests) revert ScriptedRandomnessBroken();
        requestId = ++requestCount;
        _status[requestId] = RequestStatus.Pending;
        emit RandomnessRequested(requestId, msg.sender);
    }

    /// @inheritdoc IRandomnessSource
    function randomnessOf(uint256 requestId) external view returns (RequestStatus, uint256) {
        Mode current = mode;
        if (current == Mode.RevertOnRead) revert ScriptedRandomnessBroken();
        if (current == Mode.ShortAnswer) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                mstore(0, 2)
                return(0, 32)
            }
        }
        if (current == Mode.StatusOutOfRange) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                mstore(0, 7)
                mstore(32, 42)
                return(0, 64)
            }
        }
        return (_status[requestId], _value[requestId]);
    }
}
