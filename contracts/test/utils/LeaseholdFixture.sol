// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {JobEscrow} from "../../src/jobs/JobEscrow.sol";
import {LeaseRegistry} from "../../src/leases/LeaseRegistry.sol";
import {ReceiptAnchor} from "../../src/receipts/ReceiptAnchor.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {IdentityProofs} from "./IdentityProofs.sol";
import {MerkleTreeBuilder} from "./MerkleTreeBuilder.sol";
import {ReceiptFixtures} from "./ReceiptFixtures.sol";

/// @title LeaseholdFixture
/// @notice Every Leasehold contract wired as the deploy step wires them, on a given stake token,
///  with the steps of a job as small helpers (the Solidity twin of contracts/test/helpers/job-flow.ts).
abstract contract LeaseholdFixture is ReceiptFixtures {
    uint256 internal constant MINIMUM_STAKE = 100 ether;
    uint64 internal constant UNBONDING_DELAY = 7 days;
    uint64 internal constant MAX_TTL = 30 days;
    uint64 internal constant CHALLENGE_WINDOW = 1 hours;
    uint16 internal constant COLLATERAL_BPS = 5_000;
    uint16 internal constant PREMIUM_BPS = 200;
    bytes32 internal constant SCOPE = keccak256("scope:summarise-inbox");
    bytes32 internal constant CONTEXT = keccak256("bafy-encrypted-context");
    bytes32 internal constant POLICY = keccak256("policy:summary-only");
    bytes32 internal constant OTHER_POLICY = keccak256("policy:exfiltrate");
    uint256 internal constant FEE = 10 ether;
    uint256 internal constant PAYMENT = 8 ether;
    uint64 internal constant BUDGET = 1_000_000;
    uint256 internal constant IDENTITY_KEY = 0xA11CE;
    uint256 internal constant OPERATOR_STAKE = 500 ether;

    IERC20 internal stakeToken;
    StakeManager internal manager;
    AgentRegistry internal registry;
    LeaseRegistry internal leases;
    ReceiptAnchor internal anchor;
    JobEscrow internal escrow;

    address internal admin;
    address internal operator;
    address internal client;
    address internal court;
    address internal insurance;
    address internal identity;

    function _deployStack(IERC20 token) internal {
        admin = makeAddr("admin");
        operator = makeAddr("operator");
        client = makeAddr("client");
        court = makeAddr("court");
        insurance = makeAddr("insurance");
        identity = vm.addr(IDENTITY_KEY);
        vm.warp(1_700_000_000);

        stakeToken = token;
        manager = new StakeManager(token, admin, MINIMUM_STAKE, UNBONDING_DELAY);
        registry = new AgentRegistry(manager);
        leases = new LeaseRegistry(registry, admin, MAX_TTL);
        anchor = new ReceiptAnchor(registry);
        escrow = new JobEscrow(leases, anchor, admin, CHALLENGE_WINDOW, COLLATERAL_BPS, PREMIUM_BPS, insurance);
        vm.startPrank(admin);
        manager.grantRole(manager.LOCKER_ROLE(), address(escrow));
        escrow.grantRole(escrow.DISPUTE_ROLE(), court);
        vm.stopPrank();
    }

    /// @dev Tests on the plain mock token mint freely; tests on other tokens fund accounts themselves.
    function _mint(address to, uint256 amount) internal virtual {
        MockERC20(address(stakeToken)).mint(to, amount);
    }

    function _deposit(address who, uint256 amount) internal {
        _mint(who, amount);
        vm.startPrank(who);
        stakeToken.approve(address(manager), amount);
        manager.deposit(amount);
        vm.stopPrank();
    }

    /// @notice Stake as `operator` and register an agent whose identity key `identityKey` signs its proof.
    function _registerAgent(uint256 identityKey) internal returns (uint256 agentId) {
        _deposit(operator, OPERATOR_STAKE);
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
        bytes memory proof = IdentityProofs.sign(registry, identityKey, operator, registry.NEW_AGENT(), deadline);
        vm.prank(operator);
        agentId = registry.register(vm.addr(identityKey), RECEIPT_CODE, "ipfs://agent", deadline, proof);
    }

    function _grantLease(uint256 agentId, uint256 fee) internal returns (uint256 leaseId) {
        vm.prank(client);
        leaseId = leases.grant(agentId, SCOPE, CONTEXT, uint64(block.timestamp) + MAX_TTL, fee);
    }

    function _openJob(uint256 leaseId, uint256 payment, uint64 deadline) internal returns (uint256 jobId) {
        _mint(client, payment);
        vm.startPrank(client);
        stakeToken.approve(address(escrow), payment);
        jobId = escrow.openJob(leaseId, payment, POLICY, BUDGET, deadline);
        vm.stopPrank();
    }

    /// @notice A registered agent with a lease and an accepted job paying `payment`.
    function _acceptedJob(uint256 payment) internal returns (uint256 agentId, uint256 jobId) {
        agentId = _registerAgent(IDENTITY_KEY);
        uint256 leaseId = _grantLease(agentId, payment);
        jobId = _openJob(leaseId, payment, uint64(block.timestamp) + 1 days);
        vm.prank(operator);
        escrow.acceptJob(jobId);
    }

    function _ephemeralKey(uint256 jobId) internal pure returns (uint256) {
        return (uint256(keccak256(abi.encode("ephemeral", jobId))) % 2 ** 128) + 1;
    }

    function _signedReceipt(
        uint256 jobId,
        uint256 agentId,
        bytes32 policyHash,
        uint8 outcome
    ) internal view returns (IReceiptAnchor.SignedReceipt memory) {
        IReceiptAnchor.Receipt memory receipt = _receipt(jobId, agentId, policyHash, BUDGET / 2, outcome);
        return _sign(anchor, IDENTITY_KEY, _ephemeralKey(jobId), receipt, uint64(block.timestamp) + 1 days);
    }

    /// @notice Anchor the receipt with two other digests (as the operator); returns the batch and the proof.
    function _anchorReceipt(
        uint256 agentId,
        IReceiptAnchor.SignedReceipt memory signed
    ) internal returns (bytes32 batchId, bytes32[] memory proof) {
        bytes32[] memory digests = MerkleTreeBuilder.digestsFrom(keccak256(abi.encode(signed.signature)), 3);
        digests[1] = anchor.receiptDigest(signed.receipt);
        vm.prank(operator);
        batchId = anchor.anchor(agentId, MerkleTreeBuilder.root(digests), 3);
        proof = MerkleTreeBuilder.proof(digests, 1);
    }

    function _submit(uint256 jobId, uint256 agentId, bytes32 policyHash, uint8 outcome) internal {
        IReceiptAnchor.SignedReceipt memory signed = _signedReceipt(jobId, agentId, policyHash, outcome);
        (bytes32 batchId, bytes32[] memory proof) = _anchorReceipt(agentId, signed);
        escrow.submitReceipt(jobId, signed, batchId, proof);
    }
}
