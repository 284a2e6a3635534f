// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Vm
/// @notice The subset of the cheatcodes built into Hardhat's test engine (EDR) that our tests use.
/// @dev The engine answers calls to the cheatcode address (`address(uint160(uint256(keccak256("hevm cheat code"))))`);
///  only the signatures matter, so this interface lists exactly what we call and nothing more.
///  Add a cheatcode here before using it; the selector must match the engine's exactly.
// The name every Solidity test suite uses for the cheatcodes.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    // ------------------------------------------------------------ environment

    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;

    /// @notice Sets `block.number`.
    function roll(uint256 newHeight) external;

    /// @notice Sets `block.chainid`.
    function chainId(uint256 newChainId) external;

    /// @notice Sets block.basefee.
    function fee(uint256 newBasefee) external;

    /// @notice Sets tx.gasprice for the rest of the transaction.
    function txGasPrice(uint256 newGasPrice) external;

    /// @notice Sets `account`'s ether balance.
    function deal(address account, uint256 newBalance) external;

    /// @notice Sets the hash `blockhash(blockNumber)` returns (within the last 256 blocks).
    function setBlockhash(uint256 blockNumber, bytes32 blockHash) external;

    /// @notice Records the whole EVM state; returns an id to go back to it.
    function snapshotState() external returns (uint256 snapshotId);

    /// @notice Puts the EVM state back as `snapshotId` recorded it (the snapshot stays usable).
    function revertToState(uint256 snapshotId) external returns (bool success);

    /// @notice The address of the secp256k1 key `privateKey`.
    function addr(uint256 privateKey) external pure returns (address keyAddr);

    /// @notice Signs `digest` with `privateKey` (low-s, v of 27 or 28).
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    /// @notice The value of storage slot `slot` of `target`.
    function load(address target, bytes32 slot) external view returns (bytes32 data);

    /// @notice The nonce of `account` (for a contract: 1 + the contracts it created).
    function getNonce(address account) external view returns (uint64 nonce);

    /// @notice The address `deployer` creates its contract with nonce `nonce` at (CREATE).
    function computeCreateAddress(address deployer, uint256 nonce) external pure returns (address);

    /// @notice `value` in decimal.
    function toString(uint256 value) external pure returns (string memory stringifiedValue);

    /// @notice Names `account` in traces.
    function label(address account, string calldata newLabel) external;

    // ---------------------------------------------------------------- callers

    /// @notice Sets `msg.sender` for the next call only.
    function prank(address msgSender) external;

    /// @notice Sets `msg.sender` for every call until `stopPrank`.
    function startPrank(address msgSender) external;

    /// @notice Ends a `startPrank`.
    function stopPrank() external;

    // ---------------------------------------------------------- expectations

    /// @notice The next call must revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;

    /// @notice The next call must revert with a custom error that has this selector and no arguments.
    function expectRevert(bytes4 revertData) external;

    /// @notice The next call must revert, for any reason.
    function expectRevert() external;

    /// @notice The next emitted event must match the one emitted right after this call, comparing
    ///  the chosen topics and data, and be emitted by `emitter`.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;

    /// @notice Like the above, from any emitter.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;

    /// @notice Like `expectEmit(true, true, true, true, emitter)`.
    function expectEmit(address emitter) external;

    // ------------------------------------------------------------------ state

    /// @notice Starts recording every storage slot read and written.
    function record() external;

    /// @notice The slots of `target` read and written since `record`, one entry per access.
    function accesses(address target) external returns (bytes32[] memory readSlots, bytes32[] memory writeSlots);

    // -------------------------------------------------------------------- gas

    /// @notice Records the gas of the last call as `name` in `group` (written under snapshots/ by `--snapshot`).
    function snapshotGasLastCall(string calldata group, string calldata name) external returns (uint256 gasUsed);

    // ---------------------------------------------------------------- fuzzing

    /// @notice Discards the current fuzz input when `condition` is false.
    function assume(bool condition) external pure;

    // ------------------------------------------------------------- assertions

    function assertTrue(bool condition, string calldata error) external pure;
    function assertFalse(bool condition, string calldata error) external pure;
    function assertEq(bool left, bool right, string calldata error) external pure;
    function assertEq(uint256 left, uint256 right, string calldata error) external pure;
    function assertEq(address left, address right, string calldata error) external pure;
    function assertEq(bytes32 left, bytes32 right, string calldata error) external pure;
    function assertEq(string calldata left, string calldata right, string calldata error) external pure;
    function assertLt(uint256 left, uint256 right, string calldata error) external pure;
    function assertLe(uint256 left, uint256 right, string calldata error) external pure;
    function assertGt(uint256 left, uint256 right, string calldata error) external pure;
    function assertGe(uint256 left, uint256 right, string calldata error) external pure;
}
