// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IVRFCoordinatorV2Plus} from "@chainlink/contracts/src/v0.8/vrf/dev/interfaces/IVRFCoordinatorV2Plus.sol";
import {VRFV2PlusClient} from "@chainlink/contracts/src/v0.8/vrf/dev/libraries/VRFV2PlusClient.sol";
import {IRandomnessSource} from "../interfaces/IRandomnessSource.sol";

/// @title ChainlinkVrfRandomness
/// @notice Randomness from Chainlink VRF v2.5: each request is answered by the coordinator with a
///  value and a proof it verifies on chain, so neither the requester nor a block producer can
///  choose it.
/// @dev An adapter with no owner: the coordinator, key hash, subscription, confirmations and
///  callback gas are fixed at construction; to change any of them governance deploys a new
///  adapter and points the arbitrator registry at it between draw sessions. Only the bound
///  requester (the registry) may request, since requests spend the subscription's funds; the
///  deployer binds it once (`bindRequester`), which lets the adapter be deployed before the
///  registry that uses it. The subscription itself (funding, consumers) is managed with the
///  coordinator by its owner, outside Leasehold: add this adapter as a consumer.
///  The fulfillment callback never reverts (the coordinator does not retry a reverted one); a
///  request that is never fulfilled stays Pending, and the registry's draw session times out.
contract ChainlinkVrfRandomness is IRandomnessSource {
    /// @notice Only the coordinator fulfils requests.
    error ChainlinkVrfRandomnessNotCoordinator(address caller);
    /// @notice Only the bound requester may request.
    error ChainlinkVrfRandomnessNotRequester(address caller);
    /// @notice Only the deployer binds the requester, once, to a real address.
    error ChainlinkVrfRandomnessCannotBind(address caller, address requester);
    /// @notice A constructor parameter is unusable (`which` names it).
    error ChainlinkVrfRandomnessInvalidParam(bytes32 which);

    /// @notice The requester was bound.
    event RequesterBound(address indexed requester);
    /// @notice The coordinator answered `requestId`.
    event RandomnessFulfilled(uint256 indexed requestId, uint256 value);

    /// @notice The VRF v2.5 coordinator.
    IVRFCoordinatorV2Plus public immutable coordinator;
    /// @notice The VRF key (gas lane) requests use.
    bytes32 public immutable keyHash;
    /// @notice The subscription that pays for requests.
    uint256 public immutable subscriptionId;
    /// @notice Blocks the coordinator waits before answering (reorg safety).
    uint16 public immutable requestConfirmations;
    /// @notice Gas the coordinator gives the fulfillment callback.
    uint32 public immutable callbackGasLimit;
    /// @notice Whether requests pay in the chain's native token rather than LINK.
    bool public immutable nativePayment;

    address private immutable _deployer;
    address private _requester;

    struct Answer {
        bool requested;
        bool fulfilled;
        uint256 value;
    }

    mapping(uint256 requestId => Answer) private _answers;

    constructor(
        IVRFCoordinatorV2Plus coordinator_,
        bytes32 keyHash_,
        uint256 subscriptionId_,
        uint16 requestConfirmations_,
        uint32 callbackGasLimit_,
        bool nativePayment_
    ) {
        if (address(coordinator_) == address(0)) revert ChainlinkVrfRandomnessInvalidParam("coordinator");
        if (keyHash_ == bytes32(0)) revert ChainlinkVrfRandomnessInvalidParam("keyHash");
        if (subscriptionId_ == 0) revert ChainlinkVrfRandomnessInvalidParam("subscriptionId");
        if (callbackGasLimit_ == 0) revert ChainlinkVrfRandomnessInvalidParam("callbackGasLimit");
        coordinator = coordinator_;
        keyHash = keyHash_;
        subscriptionId = subscriptionId_;
        requestConfirmations = requestConfirmations_;
        callbackGasLimit = callbackGasLimit_;
        nativePayment = nativePayment_;
        _deployer = msg.sender;
    }

    /// @notice The only address that may request (zero until bound).
    function requester() external view returns (address) {
        return _requester;
    }

    /// @notice Bind the requester, once. Deployer only.
    function bindRequester(address requester_) external {
        if (msg.sender != _deployer || _requester != address(0) || requester_ == address(0)) {
            revert ChainlinkVrfRandomnessCannotBind(msg.sender, requester_);
        }
        _requester = requester_;
        emit RequesterBound(requester_);
    }

    /// @inheritdoc IRandomnessSource
    function requestRandomness() external returns (uint256 requestId) {
        if (msg.sender != _requester) revert ChainlinkVrfRandomnessNotRequester(msg.sender);
        requestId = coordinator.requestRandomWords(
            VRFV2PlusClient.RandomWordsRequest({
                keyHash: keyHash,
                subId: subscriptionId,
                requestConfirmations: requestConfirmations,
                callbackGasLimit: callbackGasLimit,
                numWords: 1,
                extraArgs: VRFV2PlusClient._argsToBytes(VRFV2PlusClient.ExtraArgsV1({nativePayment: nativePayment}))
            })
        );
        _answers[requestId].requested = true;
        emit RandomnessRequested(requestId, msg.sender);
    }

    /// @inheritdoc IRandomnessSource
    function randomnessOf(uint256 requestId) external view returns (RequestStatus status, uint256 value) {
        Answer storage answer = _answers[requestId];
        if (!answer.requested) return (RequestStatus.None, 0);
        if (!answer.fulfilled) return (RequestStatus.Pending, 0);
        return (RequestStatus.Ready, answer.value);
    }

    /// @notice The coordinator's callback (the name and shape VRF v2.5 consumers answer to).
    /// @dev Ignores what it cannot use instead of reverting: an unknown or already answered
    ///  request, or no word.
    function rawFulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) external {
        if (msg.sender != address(coordinator)) revert ChainlinkVrfRandomnessNotCoordinator(msg.sender);
        Answer storage answer = _answers[requestId];
        if (!answer.requested || answer.fulfilled || randomWords.length == 0) return;
        answer.fulfilled = true;
        answer.value = randomWords[0];
        emit RandomnessFulfilled(requestId, randomWords[0]);
    }
}
