// SPDX-License-Identifier: MIT
// The handler shares this file with the test on purpose (see StakeManager.invariant.t.sol).
// solhint-disable one-contract-per-file
// The handler calls the escrow through raw calls where it must observe a failure without reverting.
// solhint-disable avoid-low-level-calls
pragma solidity ^0.8.28;

import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {IJobEscrow} from "../../src/interfaces/IJobEscrow.sol";
import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {JobEscrow} from "../../src/jobs/JobEscrow.sol";
import {LeaseRegistry} from "../../src/leases/LeaseRegistry.sol";
import {ReceiptMerkle} from "../../src/libraries/ReceiptMerkle.sol";
import {ReceiptAnchor} from "../../src/receipts/ReceiptAnchor.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {ReceiptFixtures} from "../utils/ReceiptFixtures.sol";
import {Test} from "../utils/Test.sol";

/// @notice The deployed contracts and actors the handler drives, passed as one value.
struct Stack {
    MockERC20 token;
    StakeManager manager;
    AgentRegistry registry;
    LeaseRegistry leases;
    ReceiptAnchor anchor;
    JobEscrow escrow;
    address admin;
    address court;
    address insurance;
}

/// @title JobEscrowHandler
/// @notice Drives a JobEscrow through random but well-formed job lives: clients lease agents and
///  open jobs, two operators accept them (as operator or as the agent's identity), receipts of
///  every outcome and of matching or foreign policies are signed, anchored and submitted, windows
///  pass, the court freezes and settles (or, now and then, never rules and anyone releases the
///  frozen job at the escrow's timeout), the admin changes rates, and deadlines expire. It also
///  replays every settling call on jobs already settled and counts any that succeeds. Ghost
///  variables record every token that entered or left the escrow and how often each job paid.
contract JobEscrowHandler is ReceiptFixtures {
    uint256 internal constant CLIENTS = 3;
    uint256 internal constant OPERATORS = 2;
    uint256 internal constant MAX_PAYMENT = 100 ether;
    uint256 internal constant MAX_WARP = 1 hours;
    bytes32 internal constant SCOPE = keccak256("scope");
    bytes32 internal constant POLICY = keccak256("policy");
    uint64 internal constant BUDGET = 1_000;

    MockERC20 public immutable token;
    StakeManager public immutable manager;
    AgentRegistry public immutable registry;
    LeaseRegistry public immutable leases;
    ReceiptAnchor public immutable anchor;
    JobEscrow public immutable escrow;
    address public immutable admin;
    address public immutable court;
    address public immutable insurance;

    address[] internal _clients;
    address[] internal _operators;
    uint256[] internal _agentIds;
    uint256[] internal _identityKeys;
    mapping(uint256 agentId => uint256) internal _indexOfAgent;
    uint256[] internal _jobIds;

    /// @notice The timestamp the sequence has reached; every call starts by restoring it.
    uint256 public currentTime;

    // Every token that entered or left the escrow, by the balances that moved.
    uint256 public ghostEscrowed;
    uint256 public ghostPaidOut;
    uint256 public ghostRefunded;
    // How many times each job's money left the escrow (paid or refunded); must never exceed one.
    mapping(uint256 jobId => uint256) public ghostSettlements;
    // Settling calls that succeeded on a job already settled; must stay zero.
    uint256 public ghostReplays;

    // How often each action really changed state: read them from a probe invariant to check
    // that a campaign reaches every action (all of them did when this suite was written).
    mapping(bytes32 action => uint256) public calls;

    constructor(Stack memory stack) {
        token = stack.token;
        manager = stack.manager;
        registry = stack.registry;
        leases = stack.leases;
        anchor = stack.anchor;
        escrow = stack.escrow;
        admin = stack.admin;
        court = stack.court;
        insurance = stack.insurance;
        for (uint256 i = 0; i < CLIENTS; ++i) {
            _clients.push(makeAddr(string.concat("client", vm.toString(i))));
        }
        for (uint256 i = 0; i < OPERATORS; ++i) {
            address operator = makeAddr(string.concat("operator", vm.toString(i)));
            uint256 identityKey = 0xA11CE + i;
            _operators.push(operator);
            _identityKeys.push(identityKey);
            _fundStake(operator, manager.minimumStake());
            address identity = vm.addr(identityKey);
            uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
            bytes memory proof = IdentityProofs.sign(registry, identityKey, operator, 0, deadline);
            vm.prank(operator);
            uint256 agentId = registry.register(identity, RECEIPT_CODE, "", deadline, proof);
            _agentIds.push(agentId);
            _indexOfAgent[agentId] = i;
        }
        currentTime = block.timestamp;
    }

    modifier useTime() {
        vm.warp(currentTime);
        _;
    }

    // ------------------------------------------------------------- read helpers

    function operators() external view returns (address[] memory) {
        return _operators;
    }

    function jobIds() external view returns (uint256[] memory) {
        return _jobIds;
    }

    function _isHeld(IJobEscrow.JobStatus status) internal pure returns (bool) {
        return
            status == IJobEscrow.JobStatus.Open ||
            status == IJobEscrow.JobStatus.Accepted ||
            status == IJobEscrow.JobStatus.Submitted ||
            status == IJobEscrow.JobStatus.Frozen;
    }

    function _warpTo(uint256 timestamp) internal {
        if (timestamp > currentTime) currentTime = timestamp;
        vm.warp(currentTime);
    }

    function _fundStake(address operator, uint256 amount) internal {
        token.mint(operator, amount);
        vm.startPrank(operator);
        token.approve(address(manager), amount);
        manager.deposit(amount);
        vm.stopPrank();
    }

    /// @dev Calls `data` on the escrow as `caller` to settle a job, and books what left the escrow and where.
    function _settle(uint256 jobId, address caller, bytes memory data) internal {
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        uint256 escrowBefore = token.balanceOf(address(escrow));
        uint256 clientBefore = token.balanceOf(job.client);
        uint256 operatorBefore = job.operator == address(0) ? 0 : token.balanceOf(job.operator);
        uint256 insuranceBefore = token.balanceOf(insurance);
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(escrow).call(data);
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
        uint256 left = escrowBefore - token.balanceOf(address(escrow));
        ++ghostSettlements[jobId];
        if (left != job.payment) ++ghostSettlements[jobId];
        if (escrow.getJob(jobId).status == IJobEscrow.JobStatus.Paid) {
            ghostPaidOut +=
                token.balanceOf(job.operator) -
                operatorBefore +
                token.balanceOf(insurance) -
                insuranceBefore;
        } else {
            ghostRefunded += token.balanceOf(job.client) - clientBefore;
        }
    }

    // ------------------------------------------------------------------ actions

    function warp(uint256 seconds_) external useTime {
        _warpTo(currentTime + bound(seconds_, 0, MAX_WARP));
        ++calls["warp"];
    }

    function openJob(uint256 clientSeed, uint256 agentSeed, uint256 payment, uint256 deadlineIn) external useTime {
        address client = _clients[clientSeed % CLIENTS];
        uint256 agentId = _agentIds[agentSeed % OPERATORS];
        payment = bound(payment, 1, MAX_PAYMENT);
        uint64 expiry = uint64(block.timestamp) + leases.maxTtl();
        uint64 deadline = uint64(block.timestamp + bound(deadlineIn, 2 hours, 2 days));
        token.mint(client, payment);
        vm.startPrank(client);
        uint256 leaseId = leases.grant(agentId, SCOPE, keccak256("context"), expiry, payment);
        token.approve(address(escrow), payment);
        _jobIds.push(escrow.openJob(leaseId, payment, POLICY, BUDGET, deadline));
        vm.stopPrank();
        ghostEscrowed += payment;
        ++calls["openJob"];
    }

    /// @notice Take one unsettled job (from `jobSeed`) a step further along a path its state
    ///  allows, chosen by `choice`; `outcome` and `fuelUsed` shape a receipt if one is submitted.
    function advance(uint256 jobSeed, uint256 choice, uint256 outcome, uint64 fuelUsed) external useTime {
        _advance(jobSeed, choice, outcome, fuelUsed);
    }

    /// @notice Like `advance`, for the oldest unsettled job, so that single jobs travel their
    ///  whole life (to disputes and settlements) within one sequence.
    function advanceOldest(uint256 choice, uint256 outcome, uint64 fuelUsed) external useTime {
        _advance(0, choice, outcome, fuelUsed);
    }

    function _advance(uint256 jobSeed, uint256 choice, uint256 outcome, uint64 fuelUsed) internal {
        uint256 count = _jobIds.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 jobId = _jobIds[(jobSeed + i) % count];
            IJobEscrow.Job memory job = escrow.getJob(jobId);
            if (!_isHeld(job.status)) continue;
            bool beforeDeadline = block.timestamp <= job.deadline;
            // Hashed, so the fuzzer's favourite edge values (0, max) do not all take one path.
            uint256 path = uint256(keccak256(abi.encode(choice))) % 8;
            if (job.status == IJobEscrow.JobStatus.Open) {
                // Mostly accepted; sometimes cancelled or left to expire.
                if (path < 6 && beforeDeadline) _accept(jobId, job, path % 2 == 1);
                else if (path == 6) _cancel(jobId, job);
                else _refundExpired(jobId, job);
            } else if (job.status == IJobEscrow.JobStatus.Accepted) {
                // Mostly a receipt, a quarter of them for a foreign policy; sometimes left to expire.
                if (path < 7 && beforeDeadline) _submitReceipt(jobId, job, path < 2, outcome, fuelUsed);
                else _refundExpired(jobId, job);
            } else if (job.status == IJobEscrow.JobStatus.Submitted) {
                if (path < 3 && block.timestamp < job.challengeEndsAt) _freeze(jobId);
                else _finalize(jobId, job);
            } else if (path == 7) {
                // Now and then no ruling comes: anyone releases the job at the escrow's timeout.
                _releaseFrozen(jobId, job);
            } else {
                _settleDisputed(jobId, path % 2 == 0);
            }
            return;
        }
    }

    function _accept(uint256 jobId, IJobEscrow.Job memory job, bool asIdentity) internal {
        uint256 index = _indexOfAgent[job.agentId];
        address operator = _operators[index];
        // Keep the agent active after the lock, so every open job can be accepted.
        _fundStake(operator, (job.payment * escrow.collateralBps()) / 10_000 + 1);
        address caller = asIdentity ? vm.addr(_identityKeys[index]) : operator;
        vm.prank(caller);
        escrow.acceptJob(jobId);
        ++calls["acceptJob"];
    }

    function _cancel(uint256 jobId, IJobEscrow.Job memory job) internal {
        _settle(jobId, job.client, abi.encodeCall(IJobEscrow.cancel, (jobId)));
        ++calls["cancel"];
    }

    function _submitReceipt(
        uint256 jobId,
        IJobEscrow.Job memory job,
        bool foreignPolicy,
        uint256 outcome,
        uint64 fuelUsed
    ) internal {
        uint256 index = _indexOfAgent[job.agentId];
        IReceiptAnchor.Receipt memory receipt = _receipt(
            jobId,
            job.agentId,
            foreignPolicy ? keccak256(abi.encode("foreign", jobId)) : POLICY,
            uint64(bound(fuelUsed, 0, BUDGET)),
            uint8(bound(outcome, 0, 3))
        );
        uint256 ephemeralKey = (uint256(keccak256(abi.encode("ephemeral", jobId))) % 2 ** 128) + 1;
        IReceiptAnchor.SignedReceipt memory signed = _sign(
            anchor,
            _identityKeys[index],
            ephemeralKey,
            receipt,
            job.deadline
        );
        // A batch of one: its root is the receipt's leaf and its proof is empty.
        bytes32 root = ReceiptMerkle.hashLeaf(anchor.receiptDigest(signed.receipt));
        vm.prank(_operators[index]);
        bytes32 batchId = anchor.anchor(job.agentId, root, 1);

        uint256 escrowBefore = token.balanceOf(address(escrow));
        uint256 clientBefore = token.balanceOf(job.client);
        escrow.submitReceipt(jobId, signed, batchId, new bytes32[](0));
        uint256 left = escrowBefore - token.balanceOf(address(escrow));
        if (left != 0) {
            // Voided or refused: refunded at once.
            ghostRefunded += token.balanceOf(job.client) - clientBefore;
            ++ghostSettlements[jobId];
            if (left != job.payment) ++ghostSettlements[jobId];
        }
        ++calls[left == 0 ? bytes32("submitted") : bytes32("refundedOnReceipt")];
    }

    function _finalize(uint256 jobId, IJobEscrow.Job memory job) internal {
        _warpTo(job.challengeEndsAt);
        _settle(jobId, address(this), abi.encodeCall(IJobEscrow.finalize, (jobId)));
        ++calls["finalize"];
    }

    function _refundExpired(uint256 jobId, IJobEscrow.Job memory job) internal {
        _warpTo(uint256(job.deadline) + 1);
        _settle(jobId, address(this), abi.encodeCall(IJobEscrow.refundExpired, (jobId)));
        ++calls["refundExpired"];
    }

    function _freeze(uint256 jobId) internal {
        vm.prank(court);
        escrow.freeze(jobId);
        ++calls["freeze"];
    }

    function _settleDisputed(uint256 jobId, bool agentWins) internal {
        _settle(jobId, court, abi.encodeCall(IJobEscrow.settleDisputed, (jobId, agentWins)));
        ++calls[agentWins ? bytes32("settleForAgent") : bytes32("settleForClient")];
    }

    function _releaseFrozen(uint256 jobId, IJobEscrow.Job memory job) internal {
        _warpTo(uint256(job.challengeEndsAt) + escrow.FROZEN_TIMEOUT());
        _settle(jobId, address(this), abi.encodeCall(IJobEscrow.releaseFrozen, (jobId)));
        ++calls["releaseFrozen"];
    }

    /// @dev The admin may change rates at any time; jobs keep the collateral locked at acceptance.
    function setRates(uint256 collateralBps, uint256 premiumBps) external useTime {
        vm.startPrank(admin);
        escrow.setCollateralBps(uint16(bound(collateralBps, 0, escrow.MAX_COLLATERAL_BPS())));
        escrow.setPremiumBps(uint16(bound(premiumBps, 0, escrow.MAX_PREMIUM_BPS())));
        vm.stopPrank();
        ++calls["setRates"];
    }

    /// @dev Every way of moving a settled job's money again must fail.
    function replay(uint256 jobSeed, uint256 which) external useTime {
        uint256 count = _jobIds.length;
        if (count == 0) return;
        uint256 jobId = _jobIds[jobSeed % count];
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        if (_isHeld(job.status)) return;
        bool succeeded;
        which %= 6;
        if (which == 0) {
            (succeeded, ) = address(escrow).call(abi.encodeCall(IJobEscrow.finalize, (jobId)));
        } else if (which == 1) {
            (succeeded, ) = address(escrow).call(abi.encodeCall(IJobEscrow.refundExpired, (jobId)));
        } else if (which == 2) {
            vm.prank(job.client);
            (succeeded, ) = address(escrow).call(abi.encodeCall(IJobEscrow.cancel, (jobId)));
        } else if (which == 3) {
            vm.prank(court);
            (succeeded, ) = address(escrow).call(abi.encodeCall(IJobEscrow.settleDisputed, (jobId, true)));
        } else if (which == 4) {
            vm.prank(_operators[_indexOfAgent[job.agentId]]);
            (succeeded, ) = address(escrow).call(abi.encodeCall(IJobEscrow.acceptJob, (jobId)));
        } else {
            (succeeded, ) = address(escrow).call(abi.encodeCall(IJobEscrow.releaseFrozen, (jobId)));
        }
        if (succeeded) ++ghostReplays;
        ++calls["replay"];
    }
}

contract JobEscrowInvariantTest is Test {
    JobEscrowHandler internal handler;
    MockERC20 internal token;
    StakeManager internal manager;
    JobEscrow internal escrow;

    function setUp() public {
        address admin = makeAddr("admin");
        address court = makeAddr("court");
        address insurance = makeAddr("insurance");
        vm.warp(1_700_000_000);
        token = new MockERC20();
        manager = new StakeManager(token, admin, 100 ether, 7 days);
        AgentRegistry registry = new AgentRegistry(manager);
        LeaseRegistry leases = new LeaseRegistry(registry, admin, 30 days);
        ReceiptAnchor anchor = new ReceiptAnchor(registry);
        escrow = new JobEscrow(leases, anchor, admin, 1 hours, 5_000, 200, insurance);
        vm.startPrank(admin);
        manager.grantRole(manager.LOCKER_ROLE(), address(escrow));
        escrow.grantRole(escrow.DISPUTE_ROLE(), court);
        vm.stopPrank();
        handler = new JobEscrowHandler(
            Stack({
                token: token,
                manager: manager,
                registry: registry,
                leases: leases,
                anchor: anchor,
                escrow: escrow,
                admin: admin,
                court: court,
                insurance: insurance
            })
        );

        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = JobEscrowHandler.warp.selector;
        selectors[1] = JobEscrowHandler.openJob.selector;
        selectors[2] = JobEscrowHandler.advance.selector;
        selectors[3] = JobEscrowHandler.advanceOldest.selector;
        selectors[4] = JobEscrowHandler.setRates.selector;
        selectors[5] = JobEscrowHandler.replay.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice Escrowed funds are always exactly paid out, refunded or still held, and what is
    ///  held is exactly the payments of the jobs that have not settled.
    function invariant_escrowHoldsExactlyTheUnsettledPayments() public view {
        uint256[] memory jobIds = handler.jobIds();
        uint256 held;
        for (uint256 i = 0; i < jobIds.length; ++i) {
            IJobEscrow.Job memory job = escrow.getJob(jobIds[i]);
            if (
                job.status == IJobEscrow.JobStatus.Open ||
                job.status == IJobEscrow.JobStatus.Accepted ||
                job.status == IJobEscrow.JobStatus.Submitted ||
                job.status == IJobEscrow.JobStatus.Frozen
            ) held += job.payment;
        }
        uint256 balance = token.balanceOf(address(escrow));
        assertEq(balance, held, "balance != unsettled payments");
        assertEq(
            handler.ghostEscrowed(),
            handler.ghostPaidOut() + handler.ghostRefunded() + balance,
            "tokens created or lost"
        );
    }

    /// @notice Collateral is never double-locked: what the escrow holds locked for each operator
    ///  is exactly the collateral of that operator's accepted and unsettled jobs.
    function invariant_lockedCollateralIsExactlyThatOfUnsettledAcceptedJobs() public view {
        address[] memory operators = handler.operators();
        uint256[] memory jobIds = handler.jobIds();
        for (uint256 o = 0; o < operators.length; ++o) {
            uint256 expected;
            for (uint256 i = 0; i < jobIds.length; ++i) {
                IJobEscrow.Job memory job = escrow.getJob(jobIds[i]);
                if (
                    job.operator == operators[o] &&
                    (job.status == IJobEscrow.JobStatus.Accepted ||
                        job.status == IJobEscrow.JobStatus.Submitted ||
                        job.status == IJobEscrow.JobStatus.Frozen)
                ) expected += job.collateral;
            }
            assertEq(manager.lockedBy(address(escrow), operators[o]), expected, "lockedBy != open collateral");
            assertEq(manager.stakeOf(operators[o]).locked, expected, "locked != escrow's ledger");
        }
    }

    /// @notice No job pays twice: each job's money leaves the escrow once, in full, and only when it settles.
    function invariant_noJobPaysTwice() public view {
        uint256[] memory jobIds = handler.jobIds();
        for (uint256 i = 0; i < jobIds.length; ++i) {
            IJobEscrow.JobStatus status = escrow.getJob(jobIds[i]).status;
            bool settled =
                !(status == IJobEscrow.JobStatus.Open ||
                    status == IJobEscrow.JobStatus.Accepted ||
                    status == IJobEscrow.JobStatus.Submitted ||
                    status == IJobEscrow.JobStatus.Frozen);
            assertEq(handler.ghostSettlements(jobIds[i]), settled ? 1 : 0, "settled other than once, in full");
        }
        assertEq(handler.ghostReplays(), 0, "a settled job moved money again");
    }
}
