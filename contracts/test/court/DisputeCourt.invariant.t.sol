// SPDX-License-Identifier: MIT
// The handler shares this file with the test on purpose (see StakeManager.invariant.t.sol).
// solhint-disable one-contract-per-file
// The handler replays settling calls through raw calls to observe that they fail without reverting.
// solhint-disable avoid-low-level-calls
pragma solidity ^0.8.28;

import {AgentRegistry} from "../../src/agents/AgentRegistry.sol";
import {ArbitratorRegistry} from "../../src/court/ArbitratorRegistry.sol";
import {DisputeCourt} from "../../src/court/DisputeCourt.sol";
import {InsurancePool} from "../../src/insurance/InsurancePool.sol";
import {IArbitratorRegistry} from "../../src/interfaces/IArbitratorRegistry.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {IInsurancePool} from "../../src/interfaces/IInsurancePool.sol";
import {IJobEscrow} from "../../src/interfaces/IJobEscrow.sol";
import {IReceiptAnchor} from "../../src/interfaces/IReceiptAnchor.sol";
import {IStakeManager} from "../../src/interfaces/IStakeManager.sol";
import {JobEscrow} from "../../src/jobs/JobEscrow.sol";
import {LeaseRegistry} from "../../src/leases/LeaseRegistry.sol";
import {EscrowLibrary} from "../../src/libraries/EscrowLibrary.sol";
import {ReceiptMerkle} from "../../src/libraries/ReceiptMerkle.sol";
import {ReceiptAnchor} from "../../src/receipts/ReceiptAnchor.sol";
import {StakeManager} from "../../src/staking/StakeManager.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {CourtFixture} from "../utils/CourtFixture.sol";
import {IdentityProofs} from "../utils/IdentityProofs.sol";
import {ReceiptFixtures} from "../utils/ReceiptFixtures.sol";

/// @notice The deployed contracts the handler drives, passed as one value.
struct CourtStack {
    MockERC20 token;
    StakeManager manager;
    AgentRegistry agents;
    LeaseRegistry leases;
    ReceiptAnchor anchor;
    JobEscrow escrow;
    InsurancePool pool;
    ArbitratorRegistry arbitrators;
    DisputeCourt court;
    address admin;
}

/// @title DisputeCourtHandler
/// @notice Drives the whole deployment (escrow, stake manager, pool, arbitrator registry, court)
///  through random but well-formed lives: operators stake and unbond; clients open jobs, agents
///  accept them and submit signed, anchored receipts; clients dispute inside the window citing the
///  receipt; panels are drawn (sometimes after the draw block's hash aged out), seats commit and
///  reveal (some stay silent, some only commit), rounds close or lapse, losers appeal, rulings are
///  executed and credits withdrawn; arbitrators and insurers come and go; admins change the
///  court's parameters, the seat lock and the escrow's rates; time and blocks pass.
///  Ghost variables record every token minted, every execution and what each execution paid, so
///  the invariants can compare the contracts' books with what really happened.
contract DisputeCourtHandler is ReceiptFixtures {
    uint256 internal constant CLIENTS = 2;
    uint256 internal constant OPERATORS = 2;
    uint256 internal constant ARBITRATORS = 10;
    uint256 internal constant INSURERS = 2;
    uint256 internal constant MAX_PAYMENT = 400 ether;
    uint256 internal constant MAX_STAKE = 500 ether;
    uint256 internal constant MAX_WARP = 12 hours;
    uint256 internal constant BLOCKHASH_WINDOW = 256;
    bytes32 internal constant SCOPE = keccak256("scope");
    bytes32 internal constant POLICY = keccak256("policy");
    uint64 internal constant BUDGET = 1_000;

    MockERC20 public immutable token;
    StakeManager public immutable manager;
    AgentRegistry public immutable agents;
    LeaseRegistry public immutable leases;
    ReceiptAnchor public immutable anchor;
    JobEscrow public immutable escrow;
    InsurancePool public immutable pool;
    ArbitratorRegistry public immutable arbitrators;
    DisputeCourt public immutable court;
    address public immutable admin;

    address[] internal _clients;
    address[] internal _operators;
    address[] internal _arbitrators;
    address[] internal _insurers;
    uint256[] internal _agentIds;
    uint256[] internal _identityKeys;
    mapping(uint256 agentId => uint256) internal _indexOfAgent;
    uint256[] internal _jobIds;
    uint256[] internal _disputeIds;
    mapping(uint256 jobId => bytes32) internal _batchOfJob;
    mapping(uint256 disputeId => mapping(uint8 round => mapping(address arbitrator => IDisputeCourt.Ruling)))
        internal _intended;

    /// @notice The time and block the sequence has reached; every call starts by restoring them.
    uint256 public currentTime;
    uint256 public currentBlock;

    /// @notice Every token ever minted (the only way tokens enter the system).
    uint256 public ghostMinted;
    /// @notice Successful `execute` calls per dispute; must be 1 for an Executed dispute, else 0.
    mapping(uint256 disputeId => uint256) public ghostExecutions;
    /// @notice Calls that moved a settled dispute again (execute, closeRound, lapse, draw, appeal).
    uint256 public ghostReplays;
    /// @notice Executions that paid a party other than the rules say.
    uint256 public ghostPayoutErrors;
    /// @notice Client wins in which the client got less than min(compensation, slashable + reserved).
    uint256 public ghostUnderCompensated;

    /// @notice How often each action really changed state (read them from a probe to check reach).
    mapping(bytes32 action => uint256) public calls;

    constructor(CourtStack memory stack) {
        token = stack.token;
        manager = stack.manager;
        agents = stack.agents;
        leases = stack.leases;
        anchor = stack.anchor;
        escrow = stack.escrow;
        pool = stack.pool;
        arbitrators = stack.arbitrators;
        court = stack.court;
        admin = stack.admin;
        for (uint256 i = 0; i < CLIENTS; ++i) _clients.push(makeAddr(string.concat("client", vm.toString(i))));
        for (uint256 i = 0; i < OPERATORS; ++i) {
            address operator = makeAddr(string.concat("operator", vm.toString(i)));
            uint256 identityKey = 0xA11CE + i;
            _operators.push(operator);
            _identityKeys.push(identityKey);
            _stake(operator, manager.minimumStake());
            uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
            bytes memory proof = IdentityProofs.sign(agents, identityKey, operator, 0, deadline);
            vm.prank(operator);
            uint256 agentId = agents.register(vm.addr(identityKey), RECEIPT_CODE, "", deadline, proof);
            _agentIds.push(agentId);
            _indexOfAgent[agentId] = i;
        }
        for (uint256 i = 0; i < ARBITRATORS; ++i) {
            address arbitrator = makeAddr(string.concat("arbitrator", vm.toString(i)));
            _arbitrators.push(arbitrator);
            _arbitratorDeposit(arbitrator, 2 * arbitrators.minimumStake());
        }
        for (uint256 i = 0; i < INSURERS; ++i) _insurers.push(makeAddr(string.concat("insurer", vm.toString(i))));
        // The pool starts with some cover, so that claims reserve from the first dispute on.
        _insurerDeposit(_insurers[0], 300 ether);
        currentTime = block.timestamp;
        currentBlock = block.number;
    }

    modifier useTime() {
        vm.warp(currentTime);
        vm.roll(currentBlock);
        _;
    }

    // ------------------------------------------------------------- read helpers

    /// @notice Every address that may hold the token, contracts first.
    function holders() external view returns (address[] memory list) {
        uint256 people = CLIENTS + OPERATORS + ARBITRATORS + INSURERS;
        list = new address[](6 + people);
        list[0] = address(escrow);
        list[1] = address(manager);
        list[2] = address(pool);
        list[3] = address(arbitrators);
        list[4] = address(court);
        list[5] = address(this);
        uint256 next = 6;
        for (uint256 i = 0; i < CLIENTS; ++i) list[next + i] = _clients[i];
        next += CLIENTS;
        for (uint256 i = 0; i < OPERATORS; ++i) list[next + i] = _operators[i];
        next += OPERATORS;
        for (uint256 i = 0; i < ARBITRATORS; ++i) list[next + i] = _arbitrators[i];
        next += ARBITRATORS;
        for (uint256 i = 0; i < INSURERS; ++i) list[next + i] = _insurers[i];
    }

    /// @notice Every address the court may credit.
    function payees() public view returns (address[] memory list) {
        list = new address[](CLIENTS + OPERATORS + ARBITRATORS);
        uint256 next;
        for (uint256 i = 0; i < CLIENTS; ++i) list[next + i] = _clients[i];
        next += CLIENTS;
        for (uint256 i = 0; i < OPERATORS; ++i) list[next + i] = _operators[i];
        next += OPERATORS;
        for (uint256 i = 0; i < ARBITRATORS; ++i) list[next + i] = _arbitrators[i];
    }

    function jobIds() external view returns (uint256[] memory) {
        return _jobIds;
    }

    function disputeIds() external view returns (uint256[] memory) {
        return _disputeIds;
    }

    function isHeld(IJobEscrow.JobStatus status) public pure returns (bool) {
        return
            status == IJobEscrow.JobStatus.Open ||
            status == IJobEscrow.JobStatus.Accepted ||
            status == IJobEscrow.JobStatus.Submitted ||
            status == IJobEscrow.JobStatus.Frozen;
    }

    // ------------------------------------------------------------ time, tokens

    function _warpTo(uint256 timestamp) internal {
        if (timestamp > currentTime) currentTime = timestamp;
        vm.warp(currentTime);
    }

    function _rollTo(uint256 height) internal {
        if (height > currentBlock) currentBlock = height;
        vm.roll(currentBlock);
    }

    function _mintTo(address to, uint256 amount) internal {
        token.mint(to, amount);
        ghostMinted += amount;
    }

    function _stake(address operator, uint256 amount) internal {
        _mintTo(operator, amount);
        vm.startPrank(operator);
        token.approve(address(manager), amount);
        manager.deposit(amount);
        vm.stopPrank();
    }

    function _arbitratorDeposit(address arbitrator, uint256 amount) internal {
        _mintTo(arbitrator, amount);
        vm.startPrank(arbitrator);
        token.approve(address(arbitrators), amount);
        arbitrators.deposit(amount);
        vm.stopPrank();
    }

    /// @notice Moves time (and blocks, about one per 12 s) forward.
    function warp(uint256 seconds_) external useTime {
        uint256 step = bound(seconds_, 0, MAX_WARP);
        _warpTo(currentTime + step);
        _rollTo(currentBlock + step / 12);
        ++calls["warp"];
    }

    // ---------------------------------------------------------------- operators

    function stake(uint256 operatorSeed, uint256 amount) external useTime {
        _stake(_operators[operatorSeed % OPERATORS], bound(amount, 1, MAX_STAKE));
        ++calls["stake"];
    }

    function requestStakeWithdrawal(uint256 operatorSeed, uint256 amount) external useTime {
        address operator = _operators[operatorSeed % OPERATORS];
        uint256 free = manager.stakeOf(operator).free;
        if (free == 0) return;
        vm.prank(operator);
        manager.requestWithdrawal(bound(amount, 1, free));
        ++calls["requestStakeWithdrawal"];
    }

    function withdrawStake(uint256 operatorSeed, uint256 wait) external useTime {
        address operator = _operators[operatorSeed % OPERATORS];
        IStakeManager.StakeBalance memory stakeBalance = manager.stakeOf(operator);
        if (stakeBalance.unbonding == 0) return;
        _warpTo(currentTime + bound(wait, 0, 2 * uint256(manager.unbondingDelay())));
        if (block.timestamp < stakeBalance.unlockAt) return;
        vm.prank(operator);
        manager.withdraw(operator);
        ++calls["withdrawStake"];
    }

    // --------------------------------------------------------------------- jobs

    function openJob(uint256 clientSeed, uint256 agentSeed, uint256 payment, uint256 deadlineIn) external useTime {
        address client = _clients[clientSeed % CLIENTS];
        uint256 agentId = _agentIds[agentSeed % OPERATORS];
        payment = bound(payment, 1, MAX_PAYMENT);
        uint64 expiry = uint64(block.timestamp) + leases.maxTtl();
        uint64 deadline = uint64(block.timestamp + bound(deadlineIn, 2 hours, 3 days));
        _mintTo(client, payment);
        vm.startPrank(client);
        uint256 leaseId = leases.grant(agentId, SCOPE, keccak256("context"), expiry, payment);
        token.approve(address(escrow), payment);
        _jobIds.push(escrow.openJob(leaseId, payment, POLICY, BUDGET, deadline));
        vm.stopPrank();
        ++calls["openJob"];
    }

    /// @dev The first job from `seed` on (cyclically) in `status`, or 0.
    function _findJob(uint256 seed, IJobEscrow.JobStatus status) internal view returns (uint256) {
        uint256 count = _jobIds.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 jobId = _jobIds[(seed + i) % count];
            if (escrow.getJob(jobId).status == status) return jobId;
        }
        return 0;
    }

    function acceptJob(uint256 jobSeed, bool asIdentity) external useTime {
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Open);
        if (jobId == 0) return;
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        if (block.timestamp > job.deadline) return;
        uint256 index = _indexOfAgent[job.agentId];
        address operator = _operators[index];
        // Enough free stake to stay active and lock the collateral.
        uint256 needed = manager.minimumStake() + EscrowLibrary.collateralFor(job.payment, escrow.collateralBps());
        uint256 free = manager.stakeOf(operator).free;
        if (free < needed) _stake(operator, needed - free);
        vm.prank(asIdentity ? vm.addr(_identityKeys[index]) : operator);
        escrow.acceptJob(jobId);
        ++calls["acceptJob"];
    }

    /// @notice Submit a receipt (mostly Completed, so the job can be disputed) in a batch of one.
    function submitReceipt(uint256 jobSeed, uint256 outcome) external useTime {
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Accepted);
        if (jobId == 0) return;
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        if (block.timestamp > job.deadline) return;
        uint256 index = _indexOfAgent[job.agentId];
        uint8 result = outcome % 8 < 6 ? uint8(IReceiptAnchor.Outcome.Completed) : uint8(outcome % 4);
        IReceiptAnchor.Receipt memory receipt = _receipt(jobId, job.agentId, POLICY, BUDGET / 2, result);
        uint256 ephemeralKey = (uint256(keccak256(abi.encode("ephemeral", jobId))) % 2 ** 128) + 1;
        IReceiptAnchor.SignedReceipt memory signed = _sign(
            anchor,
            _identityKeys[index],
            ephemeralKey,
            receipt,
            job.deadline
        );
        bytes32 root = ReceiptMerkle.hashLeaf(anchor.receiptDigest(signed.receipt));
        vm.prank(_operators[index]);
        bytes32 batchId = anchor.anchor(job.agentId, root, 1);
        escrow.submitReceipt(jobId, signed, batchId, new bytes32[](0));
        _batchOfJob[jobId] = batchId;
        ++calls["submitReceipt"];
    }

    function finalize(uint256 jobSeed) external useTime {
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Submitted);
        if (jobId == 0) return;
        _warpTo(escrow.getJob(jobId).challengeEndsAt);
        escrow.finalize(jobId);
        ++calls["finalize"];
    }

    function cancelOrExpire(uint256 jobSeed, bool cancel) external useTime {
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Open);
        if (jobId == 0 || !cancel) {
            uint256 accepted = _findJob(jobSeed, IJobEscrow.JobStatus.Accepted);
            if (accepted != 0) jobId = accepted;
        }
        if (jobId == 0) return;
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        if (cancel && job.status == IJobEscrow.JobStatus.Open) {
            vm.prank(job.client);
            escrow.cancel(jobId);
            ++calls["cancel"];
            return;
        }
        _warpTo(uint256(job.deadline) + 1);
        escrow.refundExpired(jobId);
        ++calls["refundExpired"];
    }

    // ----------------------------------------------------------------- disputes

    /// @dev The first dispute from `seed` on (cyclically) in `phase`, or 0.
    function _findDispute(uint256 seed, IDisputeCourt.Phase phase) internal view returns (uint256) {
        uint256 count = _disputeIds.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 disputeId = _disputeIds[(seed + i) % count];
            if (court.getDispute(disputeId).phase == phase) return disputeId;
        }
        return 0;
    }

    function _cited(uint256 jobId) internal view returns (IDisputeCourt.CitedReceipt[] memory cited) {
        cited = new IDisputeCourt.CitedReceipt[](1);
        cited[0] = IDisputeCourt.CitedReceipt({
            batchId: _batchOfJob[jobId],
            receiptDigest: escrow.getJob(jobId).receiptDigest,
            proof: new bytes32[](0)
        });
    }

    function _postBond(address poster, uint256 bond) internal {
        _mintTo(poster, bond);
        vm.prank(poster);
        token.approve(address(court), bond);
    }

    function openDispute(uint256 jobSeed, bool withUri) external useTime {
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Submitted);
        if (jobId == 0) return;
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        if (block.timestamp >= job.challengeEndsAt) return;
        _postBond(job.client, court.bondFor(job.payment));
        IDisputeCourt.CitedReceipt[] memory cited = _cited(jobId);
        vm.prank(job.client);
        _disputeIds.push(court.openDispute(jobId, cited, withUri ? "ipfs://evidence" : ""));
        ++calls["openDispute"];
    }

    function submitEvidence(uint256 disputeSeed, bool byOperator) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Drawing);
        if (disputeId == 0) disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Voting);
        if (disputeId == 0) return;
        IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
        if (
            d.phase == IDisputeCourt.Phase.Voting && block.timestamp >= court.getRound(disputeId, d.round).commitEndsAt
        ) {
            return;
        }
        IDisputeCourt.CitedReceipt[] memory cited = byOperator ? new IDisputeCourt.CitedReceipt[](0) : _cited(d.jobId);
        vm.prank(byOperator ? d.operator : d.client);
        court.submitEvidence(disputeId, cited, "uri");
        ++calls["submitEvidence"];
    }

    /// @notice Roll past the draw block (or, one time in four, so far that its hash aged out) and draw.
    function draw(uint256 disputeSeed, uint256 blocks, uint256 ageOut) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Drawing);
        if (disputeId == 0) return;
        uint8 round = court.getDispute(disputeId).round;
        uint256 drawBlock = court.getRound(disputeId, round).drawBlock;
        if (ageOut % 4 == 0) _rollTo(drawBlock + BLOCKHASH_WINDOW + 1 + bound(blocks, 0, 10));
        else _rollTo(drawBlock + 1 + bound(blocks, 0, 10));
        try court.draw(disputeId) {
            if (court.getDispute(disputeId).phase == IDisputeCourt.Phase.Voting) ++calls["draw"];
            else ++calls["drawRetargeted"];
        } catch {
            // Too few drawable arbitrators (they are leaving, locked elsewhere, or the appeal
            // panel must be all new): the round will lapse after its draw deadline.
            ++calls["drawRefused"];
        }
    }

    function lapse(uint256 disputeSeed) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Drawing);
        if (disputeId == 0) return;
        uint8 round = court.getDispute(disputeId).round;
        _warpTo(uint256(court.getRound(disputeId, round).drawDeadline) + 1);
        court.lapse(disputeId);
        ++calls["lapse"];
    }

    /// @notice A seat of a voting round that has not committed commits a vote for either side.
    function commit(uint256 disputeSeed, uint256 seatSeed, bool forClient) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Voting);
        if (disputeId == 0) return;
        uint8 round = court.getDispute(disputeId).round;
        if (block.timestamp >= court.getRound(disputeId, round).commitEndsAt) return;
        address[] memory panel = court.panelOf(disputeId, round);
        for (uint256 i = 0; i < panel.length; ++i) {
            address seat = panel[(seatSeed + i) % panel.length];
            if (court.voteOf(disputeId, round, seat).commitment != bytes32(0)) continue;
            IDisputeCourt.Ruling vote = forClient ? IDisputeCourt.Ruling.Client : IDisputeCourt.Ruling.Agent;
            _intended[disputeId][round][seat] = vote;
            bytes32 commitment = court.commitmentOf(disputeId, round, seat, vote, _saltOf(disputeId, round, seat));
            vm.prank(seat);
            court.commitVote(disputeId, commitment);
            ++calls["commit"];
            return;
        }
    }

    /// @notice A committed seat reveals; with `endCommits`, first wait out the commit period
    ///  (seats that never committed stay silent).
    function reveal(uint256 disputeSeed, uint256 seatSeed, bool endCommits) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Voting);
        if (disputeId == 0) return;
        uint8 round = court.getDispute(disputeId).round;
        IDisputeCourt.Round memory r = court.getRound(disputeId, round);
        address[] memory panel = court.panelOf(disputeId, round);
        if (r.commits < panel.length && block.timestamp < r.commitEndsAt) {
            if (!endCommits) return;
            _warpTo(r.commitEndsAt);
        }
        if (block.timestamp >= r.revealEndsAt) return;
        for (uint256 i = 0; i < panel.length; ++i) {
            address seat = panel[(seatSeed + i) % panel.length];
            IDisputeCourt.Vote memory v = court.voteOf(disputeId, round, seat);
            if (v.commitment == bytes32(0) || v.revealed != IDisputeCourt.Ruling.None) continue;
            vm.prank(seat);
            court.revealVote(disputeId, _intended[disputeId][round][seat], _saltOf(disputeId, round, seat));
            ++calls["reveal"];
            return;
        }
    }

    function _saltOf(uint256 disputeId, uint8 round, address seat) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", disputeId, round, seat));
    }

    /// @notice Close a voting round, waiting out the reveal period unless every seat revealed.
    function closeRound(uint256 disputeSeed) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Voting);
        if (disputeId == 0) return;
        uint8 round = court.getDispute(disputeId).round;
        IDisputeCourt.Round memory r = court.getRound(disputeId, round);
        if (r.reveals < court.panelOf(disputeId, round).length) _warpTo(r.revealEndsAt);
        court.closeRound(disputeId);
        ++calls["closeRound"];
    }

    /// @notice The loser of round 0 (client or operator) appeals inside the window.
    function appeal(uint256 disputeSeed) external useTime {
        uint256 count = _disputeIds.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 disputeId = _disputeIds[(disputeSeed + i) % count];
            IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
            if (d.phase != IDisputeCourt.Phase.Ruled || d.round != 0) continue;
            IDisputeCourt.Round memory first = court.getRound(disputeId, 0);
            if (first.lapsed || block.timestamp >= first.appealEndsAt) continue;
            address loser = first.ruling == IDisputeCourt.Ruling.Agent ? d.client : d.operator;
            _postBond(loser, first.bond * court.APPEAL_BOND_MULTIPLIER());
            vm.prank(loser);
            court.appeal(disputeId);
            ++calls[loser == d.client ? bytes32("appealByClient") : bytes32("appealByOperator")];
            return;
        }
    }

    /// @notice A whole job up to a dispute in one step: opened, accepted, a Completed receipt
    ///  submitted, and disputed by its client (so that sequences reach the court's later phases).
    function disputeNewJob(uint256 clientSeed, uint256 agentSeed, uint256 payment) external {
        this.openJob(clientSeed, agentSeed, payment, 1 days);
        uint256 last = _jobIds.length - 1;
        this.acceptJob(last, false);
        this.submitReceipt(last, 0);
        this.openDispute(last, true);
    }

    /// @notice Take one live dispute (from `disputeSeed`) one step further along a path its phase
    ///  allows, chosen by `choice`: draw (sometimes after the hash aged out), commit, reveal or
    ///  wait out the commits, close, appeal (the loser) or execute.
    function advanceDispute(uint256 disputeSeed, uint256 choice) external {
        uint256 count = _disputeIds.length;
        vm.warp(currentTime);
        vm.roll(currentBlock);
        for (uint256 i = 0; i < count; ++i) {
            uint256 index = (disputeSeed + i) % count;
            IDisputeCourt.Dispute memory d = court.getDispute(_disputeIds[index]);
            if (d.phase == IDisputeCourt.Phase.Executed) continue;
            // Hashed, so the fuzzer's favourite edge values do not all take one path.
            uint256 path = uint256(keccak256(abi.encode(choice)));
            IDisputeCourt.Round memory r = court.getRound(_disputeIds[index], d.round);
            if (d.phase == IDisputeCourt.Phase.Drawing) {
                this.draw(index, path, path % 8 == 0 ? 0 : 1);
            } else if (d.phase == IDisputeCourt.Phase.Voting) {
                uint256 seats = court.panelOf(_disputeIds[index], d.round).length;
                if (block.timestamp < r.commitEndsAt && r.commits < seats && path % 6 != 0) {
                    this.commit(index, path >> 8, path % 3 != 0);
                } else if (block.timestamp < r.revealEndsAt && r.reveals < r.commits && path % 5 != 0) {
                    this.reveal(index, path >> 8, true);
                } else {
                    this.closeRound(index);
                }
            } else {
                bool canAppeal = d.round == 0 && !r.lapsed && block.timestamp < r.appealEndsAt;
                if (canAppeal && path % 3 == 0) this.appeal(index);
                else this.execute(index);
            }
            return;
        }
    }

    /// @notice Execute a ruled dispute (after its appeal window) and check what each party got.
    function execute(uint256 disputeSeed) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Ruled);
        if (disputeId == 0) return;
        _execute(disputeId);
    }

    /// @dev What a ruling should pay, worked out from the books before `execute` runs.
    struct Expected {
        IDisputeCourt.Ruling ruling;
        uint256 clientCredit;
        uint256 operatorCredit;
        uint256 clientTokens;
        uint256 operatorTokens;
        uint256 compensationFloor;
        uint256 clientCreditBefore;
        uint256 operatorCreditBefore;
        uint256 clientTokensBefore;
        uint256 operatorTokensBefore;
    }

    function _execute(uint256 disputeId) internal {
        IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
        IDisputeCourt.Round memory last = court.getRound(disputeId, d.round);
        if (d.round == 0) _warpTo(last.appealEndsAt);
        Expected memory e = _expected(disputeId, d, last.ruling);
        court.execute(disputeId);
        ++ghostExecutions[disputeId];
        uint256 clientCredit = court.balanceOf(d.client) - e.clientCreditBefore;
        uint256 operatorCredit = court.balanceOf(d.operator) - e.operatorCreditBefore;
        if (
            clientCredit != e.clientCredit ||
            operatorCredit != e.operatorCredit ||
            token.balanceOf(d.client) - e.clientTokensBefore != e.clientTokens ||
            token.balanceOf(d.operator) - e.operatorTokensBefore != e.operatorTokens
        ) ++ghostPayoutErrors;
        if (e.ruling == IDisputeCourt.Ruling.Client && clientCredit < e.compensationFloor) ++ghostUnderCompensated;
        ++calls[e.ruling == IDisputeCourt.Ruling.Client ? bytes32("executeForClient") : bytes32("executeForAgent")];
    }

    function _expected(
        uint256 disputeId,
        IDisputeCourt.Dispute memory d,
        IDisputeCourt.Ruling ruling
    ) internal view returns (Expected memory e) {
        e.ruling = ruling;
        e.clientCreditBefore = court.balanceOf(d.client);
        e.operatorCreditBefore = court.balanceOf(d.operator);
        e.clientTokensBefore = token.balanceOf(d.client);
        e.operatorTokensBefore = token.balanceOf(d.operator);
        bool clientWins = ruling == IDisputeCourt.Ruling.Client;
        uint256 clientFees;
        for (uint8 i = 0; i <= d.round; ++i) {
            IDisputeCourt.Round memory r = court.getRound(disputeId, i);
            uint256 rest = r.bond - r.feePaid;
            bool toClient = r.lapsed ? r.bondPoster == d.client : clientWins;
            if (toClient) e.clientCredit += rest;
            else e.operatorCredit += rest;
            if (r.bondPoster == d.client) clientFees += r.feePaid;
        }
        IJobEscrow.Job memory job = escrow.getJob(d.jobId);
        if (!clientWins) {
            (uint256 payout, ) = EscrowLibrary.split(job.payment, escrow.premiumBps());
            e.operatorTokens = payout;
            return e;
        }
        e.clientTokens = job.payment;
        // The refund releases the collateral first, so the slash may take it.
        IStakeManager.StakeBalance memory s = manager.stakeOf(d.operator);
        uint256 slashable = s.free + s.unbonding + job.collateral;
        uint256 owed = d.compensation + clientFees;
        uint256 slashed = owed < slashable ? owed : slashable;
        uint256 fromSlash = slashed < d.compensation ? slashed : d.compensation;
        uint256 reserved = d.claimId == 0 ? 0 : pool.getClaim(d.claimId).reserved;
        uint256 missing = d.compensation - fromSlash;
        uint256 insured = reserved < missing ? reserved : missing;
        e.clientCredit += slashed + insured;
        // Payment back, plus the compensation as far as the operator's stake and the pool's
        // reservation reach: the client's credit beyond the bonds is at least this.
        uint256 reach = slashable + reserved;
        e.compensationFloor = d.compensation < reach ? d.compensation : reach;
    }

    /// @notice Every way of moving an executed dispute again must fail.
    function replay(uint256 disputeSeed, uint256 which) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Executed);
        if (disputeId == 0) return;
        IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
        bool succeeded;
        which %= 5;
        if (which == 0) {
            (succeeded, ) = address(court).call(abi.encodeCall(IDisputeCourt.execute, (disputeId)));
        } else if (which == 1) {
            (succeeded, ) = address(court).call(abi.encodeCall(IDisputeCourt.closeRound, (disputeId)));
        } else if (which == 2) {
            (succeeded, ) = address(court).call(abi.encodeCall(IDisputeCourt.lapse, (disputeId)));
        } else if (which == 3) {
            (succeeded, ) = address(court).call(abi.encodeCall(IDisputeCourt.draw, (disputeId)));
        } else {
            vm.prank(d.client);
            (succeeded, ) = address(court).call(abi.encodeCall(IDisputeCourt.appeal, (disputeId)));
        }
        if (succeeded) ++ghostReplays;
        ++calls["replay"];
    }

    function withdrawBalance(uint256 payeeSeed) external useTime {
        address[] memory list = payees();
        for (uint256 i = 0; i < list.length; ++i) {
            address payee = list[(payeeSeed + i) % list.length];
            if (court.balanceOf(payee) == 0) continue;
            vm.prank(payee);
            court.withdrawBalance(payee);
            ++calls["withdrawBalance"];
            return;
        }
    }

    // -------------------------------------------------------------- arbitrators

    function arbitratorDeposit(uint256 seed, uint256 amount) external useTime {
        _arbitratorDeposit(_arbitrators[seed % ARBITRATORS], bound(amount, 1, 3 * arbitrators.minimumStake()));
        ++calls["arbitratorDeposit"];
    }

    function arbitratorRequestLeave(uint256 seed, uint256 amount) external useTime {
        address who = _arbitrators[seed % ARBITRATORS];
        uint256 free = arbitrators.arbitratorOf(who).free;
        if (free == 0) return;
        vm.prank(who);
        arbitrators.requestLeave(bound(amount, 1, free));
        ++calls["arbitratorRequestLeave"];
    }

    function arbitratorCancelLeave(uint256 seed) external useTime {
        address who = _arbitrators[seed % ARBITRATORS];
        if (arbitrators.arbitratorOf(who).leaving == 0) return;
        vm.prank(who);
        arbitrators.cancelLeave();
        ++calls["arbitratorCancelLeave"];
    }

    function arbitratorWithdraw(uint256 seed, uint256 wait) external useTime {
        address who = _arbitrators[seed % ARBITRATORS];
        IArbitratorRegistry.Arbitrator memory a = arbitrators.arbitratorOf(who);
        if (a.leaving == 0 || a.seats != 0) return;
        _warpTo(currentTime + bound(wait, 0, 2 * uint256(arbitrators.leaveDelay())));
        if (block.timestamp < a.unlockAt) return;
        vm.prank(who);
        arbitrators.withdraw(who);
        ++calls["arbitratorWithdraw"];
    }

    // ------------------------------------------------------------------ insurers

    function insurerDeposit(uint256 seed, uint256 assets) external useTime {
        address who = _insurers[seed % INSURERS];
        uint256 cap = pool.maxDeposit(who);
        assets = bound(assets, 1, cap < 1_000 ether ? cap : 1_000 ether);
        _insurerDeposit(who, assets);
        ++calls["insurerDeposit"];
    }

    function _insurerDeposit(address who, uint256 assets) internal {
        _mintTo(who, assets);
        vm.startPrank(who);
        token.approve(address(pool), assets);
        pool.deposit(assets, who);
        vm.stopPrank();
    }

    function insurerRequestRedeem(uint256 seed, uint256 shares) external useTime {
        address who = _insurers[seed % INSURERS];
        uint256 unlocked = pool.balanceOf(who) - pool.redeemRequestOf(who).shares;
        if (unlocked == 0) return;
        vm.prank(who);
        pool.requestRedeem(bound(shares, 1, unlocked));
        ++calls["insurerRequestRedeem"];
    }

    function insurerRedeem(uint256 seed, uint256 wait) external useTime {
        address who = _insurers[seed % INSURERS];
        IInsurancePool.RedeemRequest memory request = pool.redeemRequestOf(who);
        if (request.shares == 0) return;
        _warpTo(currentTime + bound(wait, 0, 2 * uint256(pool.cooldown())));
        uint256 shares = pool.maxRedeem(who);
        if (shares == 0) return;
        vm.prank(who);
        pool.redeem(shares, who, who);
        ++calls["insurerRedeem"];
    }

    // -------------------------------------------------------------------- admin

    /// @notice The admins may change parameters at any time: the court's (snapshotted by each
    ///  dispute at opening), the registry's minimum stake (the lock of seats drawn from now on)
    ///  and the escrow's rates (collateral snapshotted at acceptance, premium read at payment).
    function setParams(uint256 seed, uint8 firstPanelSize, uint16 feeBps, uint16 compensationBps) external useTime {
        IDisputeCourt.Params memory p = court.params();
        p.firstPanelSize = firstPanelSize % 2 == 0 ? 1 : 3;
        p.panelFeeBps = uint16(bound(feeBps, 0, 10_000));
        p.nonRevealPenaltyBps = uint16(bound(seed, 0, 10_000));
        p.compensationBps = uint16(bound(compensationBps, 0, 20_000));
        p.bondBps = uint16(bound(seed >> 16, 0, 10_000));
        p.bondMinimum = bound(seed >> 32, 1, 50 ether);
        vm.startPrank(admin);
        court.setParams(p);
        arbitrators.setMinimumStake(bound(seed >> 64, 50 ether, 150 ether));
        escrow.setCollateralBps(uint16(bound(seed >> 128, 0, 10_000)));
        escrow.setPremiumBps(uint16(bound(seed >> 160, 0, escrow.MAX_PREMIUM_BPS())));
        vm.stopPrank();
        ++calls["setParams"];
    }

    // ----------------------------------------------------------------- the end

    /// @notice Drive every dispute to Executed and every job to a terminal status with calls
    ///  anyone may make (draw, lapse, closeRound, execute, finalize, refundExpired), then let every
    ///  account take everything it holds. Reverts (failing the run) if anything stays stuck.
    function settleEverything() external useTime {
        uint256 count = _disputeIds.length;
        // Each pass moves every live dispute at least one phase on; a dispute has at most
        // 2 rounds × (draw, close) + execute steps, plus a retarget per round.
        for (uint256 pass = 0; pass < 8; ++pass) {
            bool live = false;
            for (uint256 i = 0; i < count; ++i) {
                if (_step(_disputeIds[i])) live = true;
            }
            if (!live) break;
        }
        for (uint256 i = 0; i < count; ++i) {
            vm.assertEq(
                uint256(court.getDispute(_disputeIds[i]).phase),
                uint256(IDisputeCourt.Phase.Executed),
                "a dispute could not be executed"
            );
        }
        _settleJobs();
        _withdrawEverything();
    }

    /// @dev One public step on `disputeId`; false once it is executed.
    function _step(uint256 disputeId) internal returns (bool live) {
        IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
        IDisputeCourt.Round memory r = court.getRound(disputeId, d.round);
        if (d.phase == IDisputeCourt.Phase.Executed) return false;
        if (d.phase == IDisputeCourt.Phase.Drawing) {
            _rollTo(uint256(r.drawBlock) + 1);
            try court.draw(disputeId) {} catch {
                _warpTo(uint256(r.drawDeadline) + 1);
                court.lapse(disputeId);
            }
        } else if (d.phase == IDisputeCourt.Phase.Voting) {
            _warpTo(r.revealEndsAt);
            court.closeRound(disputeId);
        } else {
            _execute(disputeId);
        }
        return true;
    }

    function _settleJobs() internal {
        for (uint256 i = 0; i < _jobIds.length; ++i) {
            uint256 jobId = _jobIds[i];
            IJobEscrow.Job memory job = escrow.getJob(jobId);
            if (job.status == IJobEscrow.JobStatus.Open || job.status == IJobEscrow.JobStatus.Accepted) {
                _warpTo(uint256(job.deadline) + 1);
                escrow.refundExpired(jobId);
            } else if (job.status == IJobEscrow.JobStatus.Submitted) {
                _warpTo(job.challengeEndsAt);
                escrow.finalize(jobId);
            }
            vm.assertFalse(isHeld(escrow.getJob(jobId).status), "a job could not be settled");
        }
    }

    function _withdrawEverything() internal {
        address[] memory list = payees();
        for (uint256 i = 0; i < list.length; ++i) {
            if (court.balanceOf(list[i]) == 0) continue;
            vm.prank(list[i]);
            court.withdrawBalance(list[i]);
        }
        for (uint256 i = 0; i < OPERATORS; ++i) {
            address operator = _operators[i];
            IStakeManager.StakeBalance memory s = manager.stakeOf(operator);
            vm.assertEq(s.locked, 0, "collateral still locked");
            if (s.free != 0) {
                vm.prank(operator);
                manager.requestWithdrawal(s.free);
            }
        }
        for (uint256 i = 0; i < ARBITRATORS; ++i) {
            address who = _arbitrators[i];
            IArbitratorRegistry.Arbitrator memory a = arbitrators.arbitratorOf(who);
            vm.assertEq(a.seats, 0, "a seat is still held");
            if (a.free != 0) {
                vm.prank(who);
                arbitrators.requestLeave(a.free);
            }
        }
        for (uint256 i = 0; i < INSURERS; ++i) {
            address who = _insurers[i];
            uint256 unlocked = pool.balanceOf(who) - pool.redeemRequestOf(who).shares;
            if (unlocked != 0) {
                vm.prank(who);
                pool.requestRedeem(unlocked);
            }
        }
        _warpTo(currentTime + manager.unbondingDelay() + arbitrators.leaveDelay() + pool.cooldown());
        _takeEverythingOut();
    }

    /// @dev Every request made by `_withdrawEverything` has matured: take it all out.
    function _takeEverythingOut() internal {
        for (uint256 i = 0; i < OPERATORS; ++i) {
            if (manager.stakeOf(_operators[i]).unbonding == 0) continue;
            vm.prank(_operators[i]);
            manager.withdraw(_operators[i]);
        }
        for (uint256 i = 0; i < ARBITRATORS; ++i) {
            if (arbitrators.arbitratorOf(_arbitrators[i]).leaving == 0) continue;
            vm.prank(_arbitrators[i]);
            arbitrators.withdraw(_arbitrators[i]);
        }
        for (uint256 i = 0; i < INSURERS; ++i) {
            address who = _insurers[i];
            uint256 shares = pool.maxRedeem(who);
            vm.assertEq(shares, pool.balanceOf(who), "shares still locked");
            if (shares == 0) continue;
            vm.prank(who);
            pool.redeem(shares, who, who);
        }
    }
}

contract DisputeCourtInvariantTest is CourtFixture {
    DisputeCourtHandler internal handler;
    MockERC20 internal token;

    function setUp() public {
        token = new MockERC20();
        IDisputeCourt.Params memory params = _defaultCourtParams();
        // Short periods so that disputes run their whole course within a sequence.
        params.drawTimeout = 1 days;
        params.commitPeriod = 1 days;
        params.revealPeriod = 1 days;
        params.appealPeriod = 1 days;
        _deployCourt(token, params);
        // Short delays too, so that stakes, seats and shares come and go within a sequence; a
        // challenge window long enough for the client to dispute before it closes.
        vm.startPrank(admin);
        escrow.setChallengeWindow(2 days);
        manager.setUnbondingDelay(1 days);
        arbitratorRegistry.setLeaveDelay(1 days);
        pool.setCooldown(1 days);
        vm.stopPrank();
        handler = new DisputeCourtHandler(
            CourtStack({
                token: token,
                manager: manager,
                agents: registry,
                leases: leases,
                anchor: anchor,
                escrow: escrow,
                pool: pool,
                arbitrators: arbitratorRegistry,
                court: disputeCourt,
                admin: admin
            })
        );

        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: _selectors()}));
    }

    function _selectors() internal pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](32);
        selectors[0] = DisputeCourtHandler.warp.selector;
        selectors[1] = DisputeCourtHandler.stake.selector;
        selectors[2] = DisputeCourtHandler.requestStakeWithdrawal.selector;
        selectors[3] = DisputeCourtHandler.withdrawStake.selector;
        selectors[4] = DisputeCourtHandler.openJob.selector;
        selectors[5] = DisputeCourtHandler.acceptJob.selector;
        selectors[6] = DisputeCourtHandler.submitReceipt.selector;
        selectors[7] = DisputeCourtHandler.finalize.selector;
        selectors[8] = DisputeCourtHandler.cancelOrExpire.selector;
        selectors[9] = DisputeCourtHandler.openDispute.selector;
        selectors[10] = DisputeCourtHandler.submitEvidence.selector;
        selectors[11] = DisputeCourtHandler.draw.selector;
        selectors[12] = DisputeCourtHandler.lapse.selector;
        selectors[13] = DisputeCourtHandler.commit.selector;
        selectors[14] = DisputeCourtHandler.reveal.selector;
        selectors[15] = DisputeCourtHandler.closeRound.selector;
        selectors[16] = DisputeCourtHandler.appeal.selector;
        selectors[17] = DisputeCourtHandler.execute.selector;
        selectors[18] = DisputeCourtHandler.replay.selector;
        selectors[19] = DisputeCourtHandler.withdrawBalance.selector;
        selectors[20] = DisputeCourtHandler.arbitratorDeposit.selector;
        selectors[21] = DisputeCourtHandler.arbitratorRequestLeave.selector;
        selectors[22] = DisputeCourtHandler.arbitratorCancelLeave.selector;
        selectors[23] = DisputeCourtHandler.arbitratorWithdraw.selector;
        selectors[24] = DisputeCourtHandler.insurerDeposit.selector;
        selectors[25] = DisputeCourtHandler.insurerRequestRedeem.selector;
        selectors[26] = DisputeCourtHandler.insurerRedeem.selector;
        // Disputes need many steps each: these take them through their whole life.
        selectors[27] = DisputeCourtHandler.disputeNewJob.selector;
        selectors[28] = DisputeCourtHandler.advanceDispute.selector;
        selectors[29] = DisputeCourtHandler.advanceDispute.selector;
        selectors[30] = DisputeCourtHandler.advanceDispute.selector;
        selectors[31] = DisputeCourtHandler.setParams.selector;
    }

    /// @notice Nothing is created or lost: every token minted is held by a known contract or actor.
    function invariant_everyTokenAccountedFor() public view {
        address[] memory list = handler.holders();
        uint256 held;
        for (uint256 i = 0; i < list.length; ++i) held += token.balanceOf(list[i]);
        assertEq(token.totalSupply(), handler.ghostMinted(), "tokens minted outside the handler");
        assertEq(held, token.totalSupply(), "tokens left the known holders");
    }

    /// @notice Each contract holds exactly what its own books say.
    function invariant_ledgersMatchBalances() public view {
        assertEq(
            token.balanceOf(address(disputeCourt)),
            disputeCourt.totalBondsHeld() + disputeCourt.totalOwed(),
            "court: balance != bonds held + owed"
        );
        assertEq(
            token.balanceOf(address(pool)),
            pool.totalAssets() + pool.totalReserved(),
            "pool: balance != assets + reserved"
        );
        assertEq(token.balanceOf(address(manager)), manager.totalStaked(), "stake manager: balance != staked");
        assertEq(
            token.balanceOf(address(arbitratorRegistry)),
            arbitratorRegistry.totalStaked(),
            "registry: balance != staked"
        );
        uint256[] memory jobIds = handler.jobIds();
        uint256 held;
        for (uint256 i = 0; i < jobIds.length; ++i) {
            IJobEscrow.Job memory job = escrow.getJob(jobIds[i]);
            if (handler.isHeld(job.status)) held += job.payment;
        }
        assertEq(token.balanceOf(address(escrow)), held, "escrow: balance != unsettled payments");
    }

    /// @notice The court's totals are the sums of their parts: bonds of live disputes (less fees
    ///  already shared), credits of every payee, and the pool's reservations for live claims.
    function invariant_courtTotalsAreSumsOfParts() public view {
        uint256[] memory ids = handler.disputeIds();
        uint256 bonds;
        uint256 reserved;
        for (uint256 i = 0; i < ids.length; ++i) {
            IDisputeCourt.Dispute memory d = disputeCourt.getDispute(ids[i]);
            if (d.phase == IDisputeCourt.Phase.Executed) continue;
            for (uint8 round = 0; round <= d.round; ++round) {
                IDisputeCourt.Round memory r = disputeCourt.getRound(ids[i], round);
                bonds += r.bond - r.feePaid;
            }
            if (d.claimId != 0) reserved += pool.getClaim(d.claimId).reserved;
        }
        assertEq(disputeCourt.totalBondsHeld(), bonds, "bonds held != live rounds' bonds");
        assertEq(pool.totalReserved(), reserved, "reserved != live disputes' claims");
        address[] memory list = handler.payees();
        uint256 owed;
        for (uint256 i = 0; i < list.length; ++i) owed += disputeCourt.balanceOf(list[i]);
        assertEq(disputeCourt.totalOwed(), owed, "owed != sum of credits");
    }

    /// @notice A ruling executes exactly once: executed disputes were executed by one call, their
    ///  job settled; live ones keep their job frozen; nothing moves an executed dispute again.
    function invariant_rulingExecutesAtMostOnce() public view {
        uint256[] memory ids = handler.disputeIds();
        for (uint256 i = 0; i < ids.length; ++i) {
            IDisputeCourt.Dispute memory d = disputeCourt.getDispute(ids[i]);
            bool executed = d.phase == IDisputeCourt.Phase.Executed;
            assertEq(handler.ghostExecutions(ids[i]), executed ? 1 : 0, "executed other than once");
            IJobEscrow.JobStatus status = escrow.getJob(d.jobId).status;
            if (!executed) assertTrue(status == IJobEscrow.JobStatus.Frozen, "live dispute, job not frozen");
            else if (d.ruling == IDisputeCourt.Ruling.Client) {
                assertTrue(status == IJobEscrow.JobStatus.Rejected, "client won, job not rejected");
            } else assertTrue(status == IJobEscrow.JobStatus.Paid, "agent won, job not paid");
        }
        assertEq(handler.ghostReplays(), 0, "an executed dispute moved again");
    }

    /// @notice Every execution paid what the rules say: the winner's bonds, the client's payment
    ///  back and compensation from the slash then the pool's reservation, or the operator's payout.
    function invariant_executionsPayByTheRules() public view {
        assertEq(handler.ghostPayoutErrors(), 0, "an execution paid other than the rules say");
        assertEq(handler.ghostUnderCompensated(), 0, "a winning client was under-compensated");
    }

    /// @notice No state locks funds: after any sequence, public calls settle every dispute and
    ///  job, and every account can take out everything it holds.
    function afterInvariant() public {
        handler.settleEverything();
        // Every dispute was executed just now: each one once, and each paid by the rules.
        invariant_rulingExecutesAtMostOnce();
        invariant_executionsPayByTheRules();
        assertEq(token.balanceOf(address(disputeCourt)), 0, "court still holds tokens");
        assertEq(disputeCourt.totalBondsHeld() + disputeCourt.totalOwed(), 0, "court still owes");
        assertEq(token.balanceOf(address(escrow)), 0, "escrow still holds tokens");
        assertEq(token.balanceOf(address(manager)), 0, "stake manager still holds tokens");
        assertEq(token.balanceOf(address(arbitratorRegistry)), 0, "registry still holds tokens");
        assertEq(pool.totalReserved(), 0, "pool still reserves");
        assertEq(pool.totalSupply(), 0, "pool shares left");
        invariant_everyTokenAccountedFor();
    }
}
