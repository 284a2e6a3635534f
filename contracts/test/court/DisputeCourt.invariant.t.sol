// SPDX-License-Identifier: MIT
// The handler shares this file with the tests on purpose (see StakeManager.invariant.t.sol).
// solhint-disable one-contract-per-file
// The handler replays calls through raw calls to observe that they fail without reverting.
// solhint-disable avoid-low-level-calls
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
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
import {BlockhashRandomness} from "../../src/randomness/BlockhashRandomness.sol";
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
    BlockhashRandomness randomness;
    DisputeCourt court;
    address admin;
    /// @dev Whether the admin's rates may leave compensation above collateral (an insured gap).
    bool insuredGap;
}

/// @title DisputeCourtHandler
/// @notice Drives the whole deployment (escrow, stake manager, pool, arbitrator registry, court)
///  through random but well-formed lives, with the adversaries of docs/THREAT-MODEL.md among the
///  honest actors:
///  - honest clients and operators: stake and unbond, open, accept and submit jobs, dispute
///    inside the window, answer with evidence, appeal when they lose, execute, withdraw;
///  - a self-dealing pair (a client, an operator with its own agent and a pool depositor, one
///    owner): only its own jobs, each disputed by itself, the operator's stake moved to unbonding
///    before the dispute opens or withdrawn while it runs, pool deposits and exits around its own
///    claims, releases collected;
///  - honest insurers, one of them timing its deposits and exits around claims (early and late);
///  - honest arbitrators, and a grinding arbitrator with two accounts that tries every stake change
///    while a draw session runs;
///  - keepers that pass the registry's phases at random moments, draw in and out of ticket order,
///    lapse and close rounds when they can (and try when they should not);
///  - the admins, who change rates and parameters and may revoke the court's dispute role (after
///    which frozen jobs wait for the escrow's timeout).
///  Ghost variables record every token minted (per account), every stake deposit, withdrawal and
///  slash per operator with the ruling behind it, every execution and what it paid, the pool's
///  income from others and each insurer's shares at every claim filing, so the invariants can
///  compare what each role ends with against what the rules allow it.
contract DisputeCourtHandler is ReceiptFixtures {
    uint256 internal constant CLIENTS = 2;
    uint256 internal constant OPERATORS = 2;
    uint256 internal constant ARBITRATORS = 10;
    uint256 internal constant GRINDERS = 2;
    uint256 internal constant INSURERS = 2;
    uint256 internal constant MAX_PAYMENT = 400 ether;
    uint256 internal constant MAX_STAKE = 500 ether;
    uint256 internal constant MAX_WARP = 12 hours;
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    uint256 internal constant BPS = 10_000;
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
    BlockhashRandomness public immutable randomness;
    DisputeCourt public immutable court;
    address public immutable admin;
    bool public immutable insuredGap;

    /// @dev Operators 0..OPERATORS-1 are honest; operator OPERATORS is the pair's.
    address[] internal _operators;
    address[] internal _clients;
    address[] internal _arbitrators;
    address[] internal _grinders;
    address[] internal _insurers;
    address public immutable pairClient;
    address public immutable pairOperator;
    address public immutable pairDepositor;
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

    /// @notice Every token ever minted (the only way tokens enter the system), and per account.
    uint256 public ghostMinted;
    mapping(address account => uint256) public ghostMintedTo;
    /// @notice Stake each operator deposited and withdrew.
    mapping(address operator => uint256) public ghostStaked;
    mapping(address operator => uint256) public ghostUnstaked;
    /// @notice Stake slashed from each operator by executed rulings for the client.
    mapping(address operator => uint256) public ghostSlashedByRulings;
    /// @notice Slashes with no ruling for the client behind them, or beyond what it owed.
    uint256 public ghostSlashedWithoutRuling;
    uint256 public ghostOverSlashed;
    /// @notice Claim payments other than to a client who won a ruling on a job still frozen.
    uint256 public ghostInsuredWithoutRuling;
    /// @notice What the pool paid on the pair's disputes.
    uint256 public ghostPairInsured;
    /// @notice Most the pair's pool shares can have earned from others' money (premiums of others'
    ///  jobs, arbitrators' penalties, rounding of others' pool operations).
    uint256 public ghostPairAllowance;
    /// @notice Each insurer's shares, and the pool's supply, when each claim was filed.
    mapping(uint256 claimId => mapping(address insurer => uint256)) public ghostSharesAtFiling;
    mapping(uint256 claimId => uint256) public ghostSupplyAtFiling;
    /// @notice Pool operations per insurer (each may round against it by a unit).
    mapping(address insurer => uint256) public ghostPoolOps;
    /// @notice Jobs the escrow released by its timeout.
    mapping(uint256 jobId => bool) public ghostReleasedByTimeout;
    /// @notice Successful `execute` calls per dispute; must be 1 for an Executed dispute, else 0.
    mapping(uint256 disputeId => uint256) public ghostExecutions;
    /// @notice Calls that moved a settled dispute again (execute, closeRound, lapse, draw, appeal).
    uint256 public ghostReplays;
    /// @notice Executions that paid a party other than the rules say.
    uint256 public ghostPayoutErrors;
    /// @notice Client wins in which the client got less than min(compensation, slashable + reserved).
    uint256 public ghostUnderCompensated;
    /// @notice Draw-session rules broken: a draw outside Drawing or out of ticket order, a lapse or
    ///  a round closed while the session could still draw, a weight change during a session.
    uint256 public ghostSessionBreaches;

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
        randomness = stack.randomness;
        court = stack.court;
        admin = stack.admin;
        insuredGap = stack.insuredGap;
        pairClient = makeAddr("pair client");
        pairOperator = makeAddr("pair operator");
        pairDepositor = makeAddr("pair depositor");
        for (uint256 i = 0; i < CLIENTS; ++i) _clients.push(makeAddr(string.concat("client", vm.toString(i))));
        for (uint256 i = 0; i <= OPERATORS; ++i) {
            address operator = i < OPERATORS ? makeAddr(string.concat("operator", vm.toString(i))) : pairOperator;
            _registerOperator(operator, 0xA11CE + i);
        }
        for (uint256 i = 0; i < ARBITRATORS; ++i) {
            address arbitrator = makeAddr(string.concat("arbitrator", vm.toString(i)));
            _arbitrators.push(arbitrator);
            _arbitratorDeposit(arbitrator, 2 * arbitrators.minimumStake());
        }
        for (uint256 i = 0; i < GRINDERS; ++i) {
            address grinder = makeAddr(string.concat("grinder", vm.toString(i)));
            _grinders.push(grinder);
            _arbitratorDeposit(grinder, 2 * arbitrators.minimumStake());
        }
        for (uint256 i = 0; i < INSURERS; ++i) _insurers.push(makeAddr(string.concat("insurer", vm.toString(i))));
        // The pool starts with some cover, so that claims reserve from the first dispute on.
        _poolDeposit(_insurers[0], 300 ether);
        currentTime = block.timestamp;
        currentBlock = block.number;
    }

    function _registerOperator(address operator, uint256 identityKey) internal {
        _operators.push(operator);
        _identityKeys.push(identityKey);
        _stake(operator, manager.minimumStake());
        uint64 deadline = uint64(block.timestamp) + IdentityProofs.VALIDITY;
        bytes memory proof = IdentityProofs.sign(agents, identityKey, operator, 0, deadline);
        vm.prank(operator);
        uint256 agentId = agents.register(vm.addr(identityKey), RECEIPT_CODE, "", deadline, proof);
        _indexOfAgent[agentId] = _agentIds.length;
        _agentIds.push(agentId);
    }

    modifier useTime() {
        vm.warp(currentTime);
        vm.roll(currentBlock);
        _;
    }

    // ------------------------------------------------------------- read helpers

    /// @notice Every address that may hold the token, contracts first.
    function holders() external view returns (address[] memory list) {
        address[] memory people = _people();
        list = new address[](6 + people.length);
        list[0] = address(escrow);
        list[1] = address(manager);
        list[2] = address(pool);
        list[3] = address(arbitrators);
        list[4] = address(court);
        list[5] = address(this);
        for (uint256 i = 0; i < people.length; ++i) list[6 + i] = people[i];
    }

    function _people() internal view returns (address[] memory list) {
        address[] memory credited = payees();
        list = new address[](credited.length + INSURERS + 1);
        for (uint256 i = 0; i < credited.length; ++i) list[i] = credited[i];
        for (uint256 i = 0; i < INSURERS; ++i) list[credited.length + i] = _insurers[i];
        list[credited.length + INSURERS] = pairDepositor;
    }

    /// @notice Every address the court may credit: clients, operators (the pair's included) and
    ///  arbitrators (the grinder's included).
    function payees() public view returns (address[] memory list) {
        list = new address[](CLIENTS + 1 + OPERATORS + 1 + ARBITRATORS + GRINDERS);
        for (uint256 i = 0; i < CLIENTS; ++i) list[i] = _clients[i];
        list[CLIENTS] = pairClient;
        uint256 next = CLIENTS + 1;
        for (uint256 i = 0; i <= OPERATORS; ++i) list[next + i] = _operators[i];
        next += OPERATORS + 1;
        for (uint256 i = 0; i < ARBITRATORS; ++i) list[next + i] = _arbitrators[i];
        next += ARBITRATORS;
        for (uint256 i = 0; i < GRINDERS; ++i) list[next + i] = _grinders[i];
    }

    /// @notice The honest operators (the pair's excluded).
    function honestOperators() external view returns (address[] memory list) {
        list = new address[](OPERATORS);
        for (uint256 i = 0; i < OPERATORS; ++i) list[i] = _operators[i];
    }

    /// @notice Every operator, the pair's last.
    function allOperators() external view returns (address[] memory) {
        return _operators;
    }

    function insurers() external view returns (address[] memory) {
        return _insurers;
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

    function _isPairDispute(IDisputeCourt.Dispute memory d) internal view returns (bool) {
        return d.client == pairClient;
    }

    /// @notice Everything the pair holds or may still get back, in tokens: balances, credits,
    ///  stake in every bucket, its pool shares' value and releases to collect, the payments of its
    ///  unsettled jobs and the bonds of its live disputes (both sides are its own).
    function pairWealth() external view returns (uint256 wealth) {
        address[3] memory accounts = [pairClient, pairOperator, pairDepositor];
        uint256 claims = pool.claimCount();
        for (uint256 i = 0; i < accounts.length; ++i) {
            wealth += token.balanceOf(accounts[i]) + court.balanceOf(accounts[i]);
            wealth += pool.previewRedeem(pool.balanceOf(accounts[i]));
            for (uint256 c = 1; c <= claims; ++c) wealth += pool.releasableOf(c, accounts[i]);
        }
        IStakeManager.StakeBalance memory s = manager.stakeOf(pairOperator);
        wealth += s.free + s.locked + s.unbonding;
        for (uint256 i = 0; i < _jobIds.length; ++i) {
            IJobEscrow.Job memory job = escrow.getJob(_jobIds[i]);
            if (job.client == pairClient && isHeld(job.status)) wealth += job.payment;
        }
        for (uint256 i = 0; i < _disputeIds.length; ++i) {
            IDisputeCourt.Dispute memory d = court.getDispute(_disputeIds[i]);
            if (!_isPairDispute(d) || d.phase == IDisputeCourt.Phase.Executed) continue;
            for (uint8 round = 0; round <= d.round; ++round) {
                IDisputeCourt.Round memory r = court.getRound(_disputeIds[i], round);
                wealth += r.bond - r.feePaid;
            }
        }
    }

    /// @notice Every token minted to the pair's accounts.
    function pairIn() external view returns (uint256) {
        return ghostMintedTo[pairClient] + ghostMintedTo[pairOperator] + ghostMintedTo[pairDepositor];
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
        ghostMintedTo[to] += amount;
    }

    function _stake(address operator, uint256 amount) internal {
        _mintTo(operator, amount);
        vm.prank(operator);
        token.approve(address(manager), amount);
        vm.prank(operator);
        manager.deposit(amount);
        ghostStaked[operator] += amount;
    }

    function _arbitratorDeposit(address arbitrator, uint256 amount) internal {
        _mintTo(arbitrator, amount);
        vm.prank(arbitrator);
        token.approve(address(arbitrators), amount);
        // Refused during a draw session (the call then reverts as a whole).
        vm.prank(arbitrator);
        arbitrators.deposit(amount);
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
        _stake(_operators[operatorSeed % (OPERATORS + 1)], bound(amount, 1, MAX_STAKE));
        ++calls["stake"];
    }

    /// @notice An operator (the pair's too) moves free stake to unbonding, disputes running or not.
    function requestStakeWithdrawal(uint256 operatorSeed, uint256 amount) external useTime {
        address operator = _operators[operatorSeed % (OPERATORS + 1)];
        uint256 free = manager.stakeOf(operator).free;
        if (free == 0) return;
        vm.prank(operator);
        manager.requestWithdrawal(bound(amount, 1, free));
        ++calls["requestStakeWithdrawal"];
    }

    function withdrawStake(uint256 operatorSeed, uint256 wait) external useTime {
        address operator = _operators[operatorSeed % (OPERATORS + 1)];
        IStakeManager.StakeBalance memory stakeBalance = manager.stakeOf(operator);
        if (stakeBalance.unbonding == 0) return;
        _warpTo(currentTime + bound(wait, 0, 2 * uint256(manager.unbondingDelay())));
        if (block.timestamp < stakeBalance.unlockAt) return;
        vm.prank(operator);
        ghostUnstaked[operator] += manager.withdraw(operator);
        ++calls["withdrawStake"];
    }

    function cancelStakeWithdrawal(uint256 operatorSeed) external useTime {
        address operator = _operators[operatorSeed % (OPERATORS + 1)];
        if (manager.stakeOf(operator).unbonding == 0) return;
        vm.prank(operator);
        manager.cancelWithdrawal();
        ++calls["cancelStakeWithdrawal"];
    }

    // --------------------------------------------------------------------- jobs

    /// @dev Honest clients hire honest agents only; the pair's client its own agent only.
    function _openJobAs(
        address client,
        uint256 agentId,
        uint256 payment,
        uint256 deadlineIn
    ) internal returns (uint256 jobId) {
        uint64 expiry = uint64(block.timestamp) + leases.maxTtl();
        uint64 deadline = uint64(block.timestamp + bound(deadlineIn, 2 hours, 3 days));
        _mintTo(client, payment);
        vm.prank(client);
        uint256 leaseId = leases.grant(agentId, SCOPE, keccak256("context"), expiry, payment);
        vm.prank(client);
        token.approve(address(escrow), payment);
        vm.prank(client);
        jobId = escrow.openJob(leaseId, payment, POLICY, BUDGET, deadline);
        _jobIds.push(jobId);
    }

    function openJob(uint256 clientSeed, uint256 agentSeed, uint256 payment, uint256 deadlineIn) external useTime {
        _openJobAs(
            _clients[clientSeed % CLIENTS],
            _agentIds[agentSeed % OPERATORS],
            bound(payment, 1, MAX_PAYMENT),
            deadlineIn
        );
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
        if (block.timestamp > escrow.getJob(jobId).deadline) return;
        _accept(jobId, asIdentity);
        ++calls["acceptJob"];
    }

    /// @dev Tops the operator's free stake up to the collateral plus the minimum (the escrow's rule), and accepts.
    function _accept(uint256 jobId, bool asIdentity) internal {
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        uint256 index = _indexOfAgent[job.agentId];
        address operator = _operators[index];
        uint256 needed = manager.minimumStake() + EscrowLibrary.collateralFor(job.payment, escrow.collateralBps());
        uint256 free = manager.stakeOf(operator).free;
        if (free < needed) _stake(operator, needed - free);
        vm.prank(asIdentity ? vm.addr(_identityKeys[index]) : operator);
        escrow.acceptJob(jobId);
    }

    /// @notice Submit a receipt (mostly Completed, so the job can be disputed) in a batch of one.
    function submitReceipt(uint256 jobSeed, uint256 outcome) external useTime {
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Accepted);
        if (jobId == 0) return;
        if (block.timestamp > escrow.getJob(jobId).deadline) return;
        _submitReceipt(jobId, outcome % 8 < 6 ? uint8(IReceiptAnchor.Outcome.Completed) : uint8(outcome % 4));
        ++calls["submitReceipt"];
    }

    function _submitReceipt(uint256 jobId, uint8 outcome) internal {
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        uint256 index = _indexOfAgent[job.agentId];
        IReceiptAnchor.Receipt memory receipt = _receipt(jobId, job.agentId, POLICY, BUDGET / 2, outcome);
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
    }

    function finalize(uint256 jobSeed) external useTime {
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Submitted);
        if (jobId == 0) return;
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        _warpTo(job.challengeEndsAt);
        uint256 poolBefore = token.balanceOf(address(pool));
        escrow.finalize(jobId);
        _bookPoolIncome(poolBefore, 0, job.client == pairClient ? 0 : type(uint256).max);
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

    /// @notice Anyone releases a frozen job once the escrow's timeout has passed (reachable in a
    ///  sequence mostly after the admin revoked the court's dispute role; the warp is a year).
    function releaseFrozen(uint256 jobSeed) external useTime {
        // A year's wait: mostly when the court lost its role, now and then when it merely idled.
        if (escrow.hasRole(escrow.DISPUTE_ROLE(), address(court)) && jobSeed % 8 != 0) return;
        uint256 jobId = _findJob(jobSeed, IJobEscrow.JobStatus.Frozen);
        if (jobId == 0) return;
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        _warpTo(uint256(job.challengeEndsAt) + escrow.FROZEN_TIMEOUT());
        uint256 poolBefore = token.balanceOf(address(pool));
        escrow.releaseFrozen(jobId);
        _bookPoolIncome(poolBefore, 0, job.client == pairClient ? 0 : type(uint256).max);
        ghostReleasedByTimeout[jobId] = true;
        ++calls["releaseFrozen"];
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
        _dispute(jobId, withUri);
    }

    /// @dev The job's client disputes it, citing its receipt; records the insurers' shares if a claim was filed.
    function _dispute(uint256 jobId, bool withUri) internal returns (uint256 disputeId) {
        IJobEscrow.Job memory job = escrow.getJob(jobId);
        _postBond(job.client, court.bondFor(job.payment));
        IDisputeCourt.CitedReceipt[] memory cited = _cited(jobId);
        vm.prank(job.client);
        disputeId = court.openDispute(jobId, cited, withUri ? "ipfs://evidence" : "");
        _disputeIds.push(disputeId);
        uint256 claimId = court.getDispute(disputeId).claimId;
        if (claimId != 0) {
            ghostSupplyAtFiling[claimId] = pool.totalSupply();
            for (uint256 i = 0; i < INSURERS; ++i) {
                ghostSharesAtFiling[claimId][_insurers[i]] = pool.balanceOf(_insurers[i]);
            }
            ++calls["claimFiled"];
        }
        ++calls[job.client == pairClient ? bytes32("pairDispute") : bytes32("openDispute")];
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

    // ------------------------------------------------------------ draw sessions

    /// @notice A keeper passes the registry's phase after a random wait, if its time has come.
    function passPhase(uint256 wait, uint256 blocks) external useTime {
        _warpTo(currentTime + bound(wait, 0, 2 hours));
        _rollTo(currentBlock + bound(blocks, 0, 300));
        IArbitratorRegistry.Phase before = arbitrators.phase();
        try arbitrators.passPhase() {
            if (arbitrators.phase() != before) ++calls["passPhase"];
        } catch {
            ++calls["passPhaseRefused"];
        }
    }

    /// @notice Anyone draws: the next ticket in order during Drawing; with `outOfOrder`, first
    ///  another waiting dispute (which must be refused), and outside Drawing, any (refused too).
    function draw(uint256 disputeSeed, bool outOfOrder) external useTime {
        uint256 waiting = _findDispute(disputeSeed, IDisputeCourt.Phase.Drawing);
        if (waiting == 0) return;
        bool drawing = arbitrators.phase() == IArbitratorRegistry.Phase.Drawing;
        (uint256 next, uint64 ticketSession) = court.nextDraw();
        bool drawable = drawing && next != 0 && ticketSession <= arbitrators.session();
        if (!drawable || (outOfOrder && waiting != next)) {
            try court.draw(waiting) {
                if (waiting != next || !drawable) ++ghostSessionBreaches;
            } catch {
                ++calls["drawRefused"];
            }
            return;
        }
        _drawNext(next);
    }

    /// @dev Draw `disputeId`, the head of the line; counts a seated panel or a deferral.
    function _drawNext(uint256 disputeId) internal {
        court.draw(disputeId);
        if (court.getDispute(disputeId).phase == IDisputeCourt.Phase.Voting) ++calls["draw"];
        else ++calls["drawDeferred"];
    }

    /// @dev Take the registry to Drawing as keepers would; false if no ticket waits for it.
    function _toDrawing() internal returns (bool) {
        (uint64 minStakingTime, ) = arbitrators.drawSchedule();
        for (uint256 i = 0; i < 8; ++i) {
            IArbitratorRegistry.Phase phase = arbitrators.phase();
            if (phase == IArbitratorRegistry.Phase.Drawing) return true;
            if (phase == IArbitratorRegistry.Phase.Staking) {
                if (arbitrators.openTickets() == 0) return false;
                _warpTo(uint256(arbitrators.phaseStartedAt()) + minStakingTime);
            } else {
                (uint256 requestId, ) = arbitrators.sessionRandomness();
                _rollTo(uint256(randomness.targetBlockOf(requestId)) + 1);
            }
            arbitrators.passPhase();
        }
        return arbitrators.phase() == IArbitratorRegistry.Phase.Drawing;
    }

    /// @dev During Drawing, draw every ticket the session may draw, in order, until `until` is
    ///  drawn (0: all of them); then end the session if nothing is left in it.
    function _drawLine(uint256 until) internal {
        for (uint256 i = 0; i < 64; ++i) {
            (uint256 next, uint64 ticketSession) = court.nextDraw();
            if (next == 0 || ticketSession > arbitrators.session()) break;
            _drawNext(next);
            if (next == until) break;
        }
        (uint256 left, uint64 leftSession) = court.nextDraw();
        if (left == 0 || leftSession > arbitrators.session()) arbitrators.passPhase();
    }

    /// @dev Back to Staking: a running session draws its whole line first, as keepers would.
    function _toStaking() internal {
        for (uint256 i = 0; i < 8 && arbitrators.phase() != IArbitratorRegistry.Phase.Staking; ++i) {
            if (arbitrators.phase() == IArbitratorRegistry.Phase.Generating) {
                (uint256 requestId, ) = arbitrators.sessionRandomness();
                _rollTo(uint256(randomness.targetBlockOf(requestId)) + 1);
                arbitrators.passPhase();
            } else {
                _drawLine(0);
            }
        }
    }

    /// @notice Anyone lapses a round past its draw deadline; refused while the session may draw it.
    function lapse(uint256 disputeSeed) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Drawing);
        if (disputeId == 0) return;
        IDisputeCourt.Round memory r = court.getRound(disputeId, court.getDispute(disputeId).round);
        _warpTo(uint256(r.drawDeadline) + 1);
        bool sessionMayDraw =
            arbitrators.phase() != IArbitratorRegistry.Phase.Staking &&
                arbitrators.ticketOf(r.drawTicket).session <= arbitrators.session();
        try court.lapse(disputeId) {
            if (sessionMayDraw) ++ghostSessionBreaches;
            ++calls["lapse"];
        } catch {
            ++calls["lapseRefused"];
        }
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

    /// @notice Close a voting round, waiting out the reveal period unless every seat revealed;
    ///  refused while a draw session runs.
    function closeRound(uint256 disputeSeed) external useTime {
        uint256 disputeId = _findDispute(disputeSeed, IDisputeCourt.Phase.Voting);
        if (disputeId == 0) return;
        uint8 round = court.getDispute(disputeId).round;
        IDisputeCourt.Round memory r = court.getRound(disputeId, round);
        if (r.reveals < court.panelOf(disputeId, round).length) _warpTo(r.revealEndsAt);
        if (arbitrators.phase() == IArbitratorRegistry.Phase.Staking) {
            _closeRound(disputeId);
            ++calls["closeRound"];
            return;
        }
        (bool closed, ) = address(court).call(abi.encodeCall(IDisputeCourt.closeRound, (disputeId)));
        if (closed) ++ghostSessionBreaches;
        ++calls["closeRoundRefused"];
    }

    /// @dev `closeRound`, booking what its penalties and fees brought the pool.
    function _closeRound(uint256 disputeId) internal {
        uint256 poolBefore = token.balanceOf(address(pool));
        uint256 registryBefore = token.balanceOf(address(arbitrators));
        court.closeRound(disputeId);
        // Penalties came from the arbitrators; on the pair's disputes the fee came from the pair.
        uint256 penalties = registryBefore - token.balanceOf(address(arbitrators));
        _bookPoolIncome(poolBefore, 0, _isPairDispute(court.getDispute(disputeId)) ? penalties : type(uint256).max);
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
    function disputeNewJob(uint256 clientSeed, uint256 agentSeed, uint256 payment) external useTime {
        uint256 jobId = _openJobAs(
            _clients[clientSeed % CLIENTS],
            _agentIds[agentSeed % OPERATORS],
            bound(payment, 1, MAX_PAYMENT),
            1 days
        );
        _accept(jobId, false);
        _submitReceipt(jobId, uint8(IReceiptAnchor.Outcome.Completed));
        _dispute(jobId, true);
    }

    /// @notice Take one live dispute (from `disputeSeed`) one step further along a path its phase
    ///  allows, chosen by `choice`: a draw session up to its ticket, commit, reveal or wait out the
    ///  commits, close, appeal (the loser) or execute.
    function advanceDispute(uint256 disputeSeed, uint256 choice) external {
        uint256 count = _disputeIds.length;
        vm.warp(currentTime);
        vm.roll(currentBlock);
        for (uint256 i = 0; i < count; ++i) {
            uint256 index = (disputeSeed + i) % count;
            uint256 disputeId = _disputeIds[index];
            IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
            if (d.phase == IDisputeCourt.Phase.Executed) continue;
            // Hashed, so the fuzzer's favourite edge values do not all take one path.
            uint256 path = uint256(keccak256(abi.encode(choice)));
            IDisputeCourt.Round memory r = court.getRound(disputeId, d.round);
            if (d.phase == IDisputeCourt.Phase.Drawing) {
                if (_toDrawing()) _drawLine(disputeId);
            } else if (d.phase == IDisputeCourt.Phase.Voting) {
                uint256 seats = court.panelOf(disputeId, d.round).length;
                if (block.timestamp < r.commitEndsAt && r.commits < seats && path % 6 != 0) {
                    this.commit(index, path >> 8, path % 3 != 0);
                } else if (block.timestamp < r.revealEndsAt && r.reveals < r.commits && path % 5 != 0) {
                    this.reveal(index, path >> 8, true);
                } else {
                    _toStaking();
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
        bool frozen;
        uint256 clientCredit;
        uint256 operatorCredit;
        uint256 clientTokens;
        uint256 operatorTokens;
        uint256 owed;
        uint256 compensationFloor;
        uint256 clientCreditBefore;
        uint256 operatorCreditBefore;
        uint256 clientTokensBefore;
        uint256 operatorTokensBefore;
        uint256 stakeBefore;
        uint256 poolBefore;
    }

    function _execute(uint256 disputeId) internal {
        IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
        IDisputeCourt.Round memory last = court.getRound(disputeId, d.round);
        if (d.round == 0) _warpTo(last.appealEndsAt);
        Expected memory e = _expected(disputeId, d, last.ruling);
        court.execute(disputeId);
        ++ghostExecutions[disputeId];
        _checkPayouts(d, e);
        _checkSlash(d, e);
        uint256 insured = d.claimId == 0 ? 0 : pool.getClaim(d.claimId).paid;
        if (insured != 0 && (e.ruling != IDisputeCourt.Ruling.Client || !e.frozen)) ++ghostInsuredWithoutRuling;
        if (_isPairDispute(d)) ghostPairInsured += insured;
        // What the pool earned: a premium if the job was paid now (the claim's payment left it).
        _bookPoolIncome(e.poolBefore, insured, _isPairDispute(d) ? 0 : type(uint256).max);
        ++calls[e.ruling == IDisputeCourt.Ruling.Client ? bytes32("executeForClient") : bytes32("executeForAgent")];
    }

    function _checkPayouts(IDisputeCourt.Dispute memory d, Expected memory e) internal {
        uint256 clientCredit = court.balanceOf(d.client) - e.clientCreditBefore;
        if (
            clientCredit != e.clientCredit ||
            court.balanceOf(d.operator) - e.operatorCreditBefore != e.operatorCredit ||
            token.balanceOf(d.client) - e.clientTokensBefore != e.clientTokens ||
            token.balanceOf(d.operator) - e.operatorTokensBefore != e.operatorTokens
        ) ++ghostPayoutErrors;
        if (e.ruling == IDisputeCourt.Ruling.Client && e.frozen && clientCredit < e.compensationFloor) {
            ++ghostUnderCompensated;
        }
    }

    /// @dev The operator's stake fell only by a slash, only for a ruling for the client on a job
    ///  still frozen, and never beyond the compensation plus the client's panel fees.
    function _checkSlash(IDisputeCourt.Dispute memory d, Expected memory e) internal {
        IStakeManager.StakeBalance memory s = manager.stakeOf(d.operator);
        uint256 slashed = e.stakeBefore - (s.free + s.locked + s.unbonding);
        if (slashed == 0) return;
        if (e.ruling != IDisputeCourt.Ruling.Client || !e.frozen) {
            ghostSlashedWithoutRuling += slashed;
            return;
        }
        ghostSlashedByRulings[d.operator] += slashed;
        if (slashed > e.owed) ++ghostOverSlashed;
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
        e.poolBefore = token.balanceOf(address(pool));
        IStakeManager.StakeBalance memory s = manager.stakeOf(d.operator);
        e.stakeBefore = s.free + s.locked + s.unbonding;
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
        // Released by the escrow's timeout: only the bonds move.
        e.frozen = job.status == IJobEscrow.JobStatus.Frozen;
        if (!e.frozen) return e;
        if (!clientWins) {
            (e.operatorTokens, ) = EscrowLibrary.split(job.payment, escrow.premiumBps());
            return e;
        }
        e.clientTokens = job.payment;
        e.owed = d.compensation + clientFees;
        // The court's lock and the collateral are released before the slash, which may take them.
        uint256 slashable = s.free + s.unbonding + job.collateral + d.operatorLock;
        uint256 slashed = e.owed < slashable ? e.owed : slashable;
        uint256 fromSlash = slashed < d.compensation ? slashed : d.compensation;
        uint256 reserved = d.claimId == 0 ? 0 : pool.getClaim(d.claimId).reserved;
        uint256 missing = d.compensation - fromSlash;
        e.clientCredit += slashed + (reserved < missing ? reserved : missing);
        // Compensation as far as the operator's stake and the pool's reservation reach: the
        // client's credit beyond the bonds is at least this.
        uint256 reach = slashable + reserved;
        e.compensationFloor = d.compensation < reach ? d.compensation : reach;
    }

    /// @dev Books what entered the pool during a call as income, less `paidOut` that left it, of
    ///  which at most `fromOthers` came from someone other than the pair; the pair's shares earn
    ///  their part of that (rounded up) plus a unit for rounding.
    function _bookPoolIncome(uint256 poolBefore, uint256 paidOut, uint256 fromOthers) internal {
        uint256 income = token.balanceOf(address(pool)) + paidOut - poolBefore;
        uint256 others = income < fromOthers ? income : fromOthers;
        uint256 pairShares = pool.balanceOf(pairDepositor);
        if (others == 0 || pairShares == 0) return;
        uint256 supply = pool.totalSupply() + VIRTUAL_SHARES;
        ghostPairAllowance += Math.mulDiv(others, pairShares, supply, Math.Rounding.Ceil) + 1;
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

    // ------------------------------------------------------- the self-dealing pair

    /// @notice The pair disputes its own job: its client hires its own agent; its operator accepts
    ///  (staking what the escrow's rule needs), submits and, with `unbondFirst`, moves all its free
    ///  stake to unbonding before the dispute (the court's lock takes it all the same); its
    ///  depositor buys pool shares before the dispute (`depositWhen` 1), after it (2), or not.
    function pairDisputesOwnJob(
        uint256 payment,
        bool unbondFirst,
        uint8 depositWhen,
        uint256 deposit
    ) external useTime {
        uint256 jobId = _openJobAs(pairClient, _agentIds[OPERATORS], bound(payment, 1, MAX_PAYMENT), 1 days);
        _accept(jobId, false);
        _submitReceipt(jobId, uint8(IReceiptAnchor.Outcome.Completed));
        uint256 free = manager.stakeOf(pairOperator).free;
        if (unbondFirst && free != 0) {
            vm.prank(pairOperator);
            manager.requestWithdrawal(free);
        }
        deposit = bound(deposit, 1, 500 ether);
        if (depositWhen % 3 == 1) _poolDeposit(pairDepositor, deposit);
        _dispute(jobId, true);
        if (depositWhen % 3 == 2) _poolDeposit(pairDepositor, deposit);
    }

    /// @notice The pair's operator confesses in its evidence, so the panel of one of the pair's
    ///  disputes rules for its client, and the pair drives it to execution: a session up to its
    ///  ticket, every seat voting for the client, the round closed between sessions, the appeal
    ///  window waited out, the ruling executed (a round that cannot be seated lapses instead).
    function pairConfesses(uint256 disputeSeed) external useTime {
        uint256 count = _disputeIds.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 disputeId = _disputeIds[(disputeSeed + i) % count];
            IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
            if (!_isPairDispute(d) || d.phase == IDisputeCourt.Phase.Executed) continue;
            for (uint256 step = 0; step < 6 && d.phase != IDisputeCourt.Phase.Executed; ++step) {
                _pairStep(disputeId, d);
                d = court.getDispute(disputeId);
            }
            ++calls["pairConfesses"];
            return;
        }
    }

    function _pairStep(uint256 disputeId, IDisputeCourt.Dispute memory d) internal {
        IDisputeCourt.Round memory r = court.getRound(disputeId, d.round);
        if (d.phase == IDisputeCourt.Phase.Drawing) {
            _toStaking();
            if (block.timestamp > r.drawDeadline) court.lapse(disputeId);
            else if (_toDrawing()) _drawLine(disputeId);
            if (court.getDispute(disputeId).phase == IDisputeCourt.Phase.Drawing) _warpTo(uint256(r.drawDeadline) + 1);
        } else if (d.phase == IDisputeCourt.Phase.Voting) {
            _convince(disputeId, d.round);
        } else {
            _execute(disputeId);
        }
    }

    /// @dev Every seat that can still commit votes for the client, all reveal, and the round closes.
    function _convince(uint256 disputeId, uint8 round) internal {
        IDisputeCourt.Round memory r = court.getRound(disputeId, round);
        address[] memory panel = court.panelOf(disputeId, round);
        for (uint256 i = 0; i < panel.length && block.timestamp < r.commitEndsAt; ++i) {
            if (court.voteOf(disputeId, round, panel[i]).commitment != bytes32(0)) continue;
            _intended[disputeId][round][panel[i]] = IDisputeCourt.Ruling.Client;
            bytes32 commitment = court.commitmentOf(
                disputeId,
                round,
                panel[i],
                IDisputeCourt.Ruling.Client,
                _saltOf(disputeId, round, panel[i])
            );
            vm.prank(panel[i]);
            court.commitVote(disputeId, commitment);
        }
        if (court.getRound(disputeId, round).commits < panel.length) _warpTo(r.commitEndsAt);
        for (uint256 i = 0; i < panel.length && block.timestamp < r.revealEndsAt; ++i) {
            IDisputeCourt.Vote memory v = court.voteOf(disputeId, round, panel[i]);
            if (v.commitment == bytes32(0) || v.revealed != IDisputeCourt.Ruling.None) continue;
            vm.prank(panel[i]);
            court.revealVote(disputeId, _intended[disputeId][round][panel[i]], _saltOf(disputeId, round, panel[i]));
        }
        _warpTo(r.revealEndsAt);
        _toStaking();
        _closeRound(disputeId);
    }

    /// @notice The pair's depositor moves in the pool: deposits, asks to redeem, redeems, collects.
    function pairPoolMove(uint256 kind, uint256 amount) external useTime {
        _poolMove(pairDepositor, kind, amount);
    }

    // ------------------------------------------------------------ arbitrators

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

    /// @notice The grinder changes its stake whenever it likes: a deposit, a leave request or its
    ///  cancellation, a sync, from one of its accounts. During a session every one must be refused.
    function grind(uint256 seed, uint256 kind, uint256 amount) external useTime {
        address who = _grinders[seed % GRINDERS];
        bool frozen = arbitrators.phase() != IArbitratorRegistry.Phase.Staking;
        IArbitratorRegistry.Arbitrator memory a = arbitrators.arbitratorOf(who);
        kind %= 4;
        bytes memory data;
        if (kind == 0) {
            amount = bound(amount, 1, 3 * arbitrators.minimumStake());
            _mintTo(who, amount);
            vm.prank(who);
            token.approve(address(arbitrators), amount);
            data = abi.encodeCall(IArbitratorRegistry.deposit, (amount));
        } else if (kind == 1) {
            if (a.free == 0) return;
            data = abi.encodeCall(IArbitratorRegistry.requestLeave, (bound(amount, 1, a.free)));
        } else if (kind == 2) {
            if (a.leaving == 0) return;
            data = abi.encodeCall(IArbitratorRegistry.cancelLeave, ());
        } else {
            data = abi.encodeCall(IArbitratorRegistry.sync, (who));
        }
        vm.prank(who);
        (bool ok, ) = address(arbitrators).call(data);
        if (ok && frozen) ++ghostSessionBreaches;
        ++calls[ok ? bytes32("grind") : bytes32("grindRefused")];
    }

    // ------------------------------------------------------------------ insurers

    function insurerMove(uint256 seed, uint256 kind, uint256 amount) external useTime {
        _poolMove(_insurers[seed % INSURERS], kind, amount);
    }

    /// @notice The timed insurer acts right around a new dispute (and its claim, if one is filed):
    ///  deposits just before (early) or just after (late), or asks to redeem just before.
    function insurerAroundDispute(uint256 when, uint256 amount, uint256 payment) external useTime {
        address who = _insurers[1];
        when %= 3;
        if (when == 0) _poolDeposit(who, bound(amount, 1, 1_000 ether));
        if (when == 2) _poolMove(who, 1, amount);
        uint256 jobId = _openJobAs(_clients[0], _agentIds[amount % OPERATORS], bound(payment, 1, MAX_PAYMENT), 1 days);
        _accept(jobId, false);
        _submitReceipt(jobId, uint8(IReceiptAnchor.Outcome.Completed));
        _dispute(jobId, true);
        if (when == 1) _poolDeposit(who, bound(amount, 1, 1_000 ether));
        ++calls["insurerAroundDispute"];
    }

    function _poolDeposit(address who, uint256 assets) internal {
        uint256 cap = pool.maxDeposit(who);
        if (cap == 0) return;
        if (assets > cap) assets = cap;
        _mintTo(who, assets);
        vm.prank(who);
        token.approve(address(pool), assets);
        vm.prank(who);
        pool.deposit(assets, who);
        ++ghostPoolOps[who];
        _bookOthersPoolOp(who);
    }

    /// @dev Another holder's deposit or redemption may round by a unit in the pool's favour, which
    ///  the pair's shares share in.
    function _bookOthersPoolOp(address who) internal {
        if (who != pairDepositor && pool.balanceOf(pairDepositor) != 0) ++ghostPairAllowance;
    }

    /// @dev `who` deposits (0), asks to redeem (1), redeems what matured (2) or collects a release (3).
    function _poolMove(address who, uint256 kind, uint256 amount) internal {
        kind %= 4;
        if (kind == 0) {
            _poolDeposit(who, bound(amount, 1, 1_000 ether));
            ++calls["poolDeposit"];
        } else if (kind == 1) {
            uint256 unlocked = pool.balanceOf(who) - pool.redeemRequestOf(who).shares;
            if (unlocked == 0) return;
            vm.prank(who);
            pool.requestRedeem(bound(amount, 1, unlocked));
            ++calls["poolRequestRedeem"];
        } else if (kind == 2) {
            if (pool.redeemRequestOf(who).shares == 0) return;
            _warpTo(currentTime + bound(amount, 0, 2 * uint256(pool.cooldown())));
            uint256 shares = pool.maxRedeem(who);
            if (shares == 0) return;
            vm.prank(who);
            pool.redeem(shares, who, who);
            ++ghostPoolOps[who];
            _bookOthersPoolOp(who);
            ++calls["poolRedeem"];
        } else {
            uint256 claims = pool.claimCount();
            for (uint256 c = 1; c <= claims; ++c) {
                uint256 claimId = ((amount + c) % claims) + 1;
                if (pool.releasableOf(claimId, who) == 0) continue;
                pool.collectRelease(claimId, who);
                ++calls["collectRelease"];
                return;
            }
        }
    }

    // -------------------------------------------------------------------- admin

    /// @notice The admins may change parameters at any time: the court's (snapshotted by each
    ///  dispute at opening), the registry's minimum stake (between sessions) and the escrow's
    ///  rates (collateral snapshotted at acceptance, premium read at payment). At the deploy's
    ///  defaults collateral always covers compensation; the insured-gap campaign lets it fall short.
    function setParams(uint256 seed, uint8 firstPanelSize, uint16 feeBps, uint16 compensationBps) external useTime {
        IDisputeCourt.Params memory p = court.params();
        p.firstPanelSize = firstPanelSize % 2 == 0 ? 1 : 3;
        p.panelFeeBps = uint16(bound(feeBps, 0, BPS));
        p.nonRevealPenaltyBps = uint16(bound(seed, 0, BPS));
        p.compensationBps = uint16(bound(compensationBps, 0, insuredGap ? 20_000 : BPS));
        p.bondBps = uint16(bound(seed >> 16, 0, BPS));
        p.bondMinimum = bound(seed >> 32, 1, 50 ether);
        uint16 collateralBps =
            insuredGap ? uint16(bound(seed >> 128, 0, BPS)) : uint16(bound(seed >> 128, BPS, 2 * BPS));
        vm.startPrank(admin);
        court.setParams(p);
        if (arbitrators.phase() == IArbitratorRegistry.Phase.Staking) {
            arbitrators.setMinimumStake(bound(seed >> 64, 50 ether, 150 ether));
        }
        escrow.setCollateralBps(collateralBps);
        escrow.setPremiumBps(uint16(bound(seed >> 160, 0, escrow.MAX_PREMIUM_BPS())));
        vm.stopPrank();
        ++calls["setParams"];
    }

    /// @notice Governance revokes the court's dispute role (frozen jobs then wait for the escrow's
    ///  timeout, and no dispute can open), one time in four, or grants it back.
    function setDisputeRole(uint8 seed) external useTime {
        bool grant = seed % 4 != 0;
        bytes32 role = escrow.DISPUTE_ROLE();
        vm.startPrank(admin);
        if (grant) escrow.grantRole(role, address(court));
        else escrow.revokeRole(role, address(court));
        vm.stopPrank();
        ++calls[grant ? bytes32("grantDisputeRole") : bytes32("revokeDisputeRole")];
    }

    // ----------------------------------------------------------------- the end

    /// @notice Drive every dispute to Executed and every job to a terminal status with calls
    ///  anyone may make (keepers' sessions, draw, lapse, closeRound, execute, finalize,
    ///  refundExpired), then let every account take everything it holds. Reverts (failing the
    ///  run) if anything stays stuck.
    function settleEverything() external useTime {
        vm.startPrank(admin);
        escrow.grantRole(escrow.DISPUTE_ROLE(), address(court));
        vm.stopPrank();
        // A dispute has at most 2 rounds × (draw or lapse, close) + execute steps.
        for (uint256 pass = 0; pass < 10; ++pass) {
            if (!_settleStep()) break;
        }
        for (uint256 i = 0; i < _disputeIds.length; ++i) {
            vm.assertEq(
                uint256(court.getDispute(_disputeIds[i]).phase),
                uint256(IDisputeCourt.Phase.Executed),
                "a dispute could not be executed"
            );
        }
        _settleJobs();
        _withdrawEverything();
    }

    /// @dev One pass over every live dispute; false once all are executed.
    function _settleStep() internal returns (bool live) {
        _toStaking();
        bool drawing = false;
        for (uint256 i = 0; i < _disputeIds.length; ++i) {
            uint256 disputeId = _disputeIds[i];
            IDisputeCourt.Dispute memory d = court.getDispute(disputeId);
            if (d.phase == IDisputeCourt.Phase.Executed) continue;
            live = true;
            IDisputeCourt.Round memory r = court.getRound(disputeId, d.round);
            if (d.phase == IDisputeCourt.Phase.Drawing) {
                // Past its deadline (say, deferred for want of arbitrators), it lapses now.
                if (block.timestamp > r.drawDeadline) court.lapse(disputeId);
                else drawing = true;
            } else if (d.phase == IDisputeCourt.Phase.Voting) {
                _warpTo(r.revealEndsAt);
                _closeRound(disputeId);
            } else {
                _execute(disputeId);
            }
        }
        if (!drawing) return live;
        // A session for the rounds waiting in line; those it defers wait out their deadline.
        if (_toDrawing()) _drawLine(0);
        _toStaking();
        for (uint256 i = 0; i < _disputeIds.length; ++i) {
            IDisputeCourt.Dispute memory d = court.getDispute(_disputeIds[i]);
            if (d.phase == IDisputeCourt.Phase.Drawing) {
                _warpTo(uint256(court.getRound(_disputeIds[i], d.round).drawDeadline) + 1);
            }
        }
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
                uint256 poolBefore = token.balanceOf(address(pool));
                escrow.finalize(jobId);
                _bookPoolIncome(poolBefore, 0, job.client == pairClient ? 0 : type(uint256).max);
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
        for (uint256 i = 0; i <= OPERATORS; ++i) {
            address operator = _operators[i];
            IStakeManager.StakeBalance memory s = manager.stakeOf(operator);
            vm.assertEq(s.locked, 0, "stake still locked");
            if (s.free != 0) {
                vm.prank(operator);
                manager.requestWithdrawal(s.free);
            }
        }
        _leaveCourt(_arbitrators);
        _leaveCourt(_grinders);
        address[] memory owners = _poolOwners();
        for (uint256 i = 0; i < owners.length; ++i) {
            address who = owners[i];
            uint256 unlocked = pool.balanceOf(who) - pool.redeemRequestOf(who).shares;
            if (unlocked != 0) {
                vm.prank(who);
                pool.requestRedeem(unlocked);
            }
        }
        _warpTo(currentTime + manager.unbondingDelay() + arbitrators.leaveDelay() + pool.cooldown());
        _takeEverythingOut();
    }

    function _leaveCourt(address[] memory list) internal {
        for (uint256 i = 0; i < list.length; ++i) {
            IArbitratorRegistry.Arbitrator memory a = arbitrators.arbitratorOf(list[i]);
            vm.assertEq(a.seats, 0, "a seat is still held");
            if (a.free != 0) {
                vm.prank(list[i]);
                arbitrators.requestLeave(a.free);
            }
        }
    }

    function _poolOwners() internal view returns (address[] memory list) {
        list = new address[](INSURERS + 1);
        for (uint256 i = 0; i < INSURERS; ++i) list[i] = _insurers[i];
        list[INSURERS] = pairDepositor;
    }

    /// @dev Every request made by `_withdrawEverything` has matured: take it all out, releases included.
    function _takeEverythingOut() internal {
        for (uint256 i = 0; i <= OPERATORS; ++i) {
            if (manager.stakeOf(_operators[i]).unbonding == 0) continue;
            vm.prank(_operators[i]);
            ghostUnstaked[_operators[i]] += manager.withdraw(_operators[i]);
        }
        _withdrawCourt(_arbitrators);
        _withdrawCourt(_grinders);
        address[] memory owners = _poolOwners();
        uint256 claims = pool.claimCount();
        for (uint256 i = 0; i < owners.length; ++i) {
            address who = owners[i];
            uint256 shares = pool.maxRedeem(who);
            vm.assertEq(shares, pool.balanceOf(who), "shares still locked");
            if (shares != 0) {
                vm.prank(who);
                pool.redeem(shares, who, who);
            }
            for (uint256 c = 1; c <= claims; ++c) {
                if (pool.releasableOf(c, who) != 0) pool.collectRelease(c, who);
            }
        }
    }

    function _withdrawCourt(address[] memory list) internal {
        for (uint256 i = 0; i < list.length; ++i) {
            if (arbitrators.arbitratorOf(list[i]).leaving == 0) continue;
            vm.prank(list[i]);
            arbitrators.withdraw(list[i]);
        }
    }
}

/// @notice The invariants, for a campaign at the deploy's rates and one with an insured gap.
abstract contract DisputeCourtInvariantBase is CourtFixture {
    uint256 internal constant VIRTUAL_SHARES = 1e6;

    DisputeCourtHandler internal handler;
    MockERC20 internal token;

    /// @dev Whether the campaign lets compensation exceed collateral.
    function _insuredGap() internal pure virtual returns (bool);

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
        // challenge window long enough for the client to dispute before it closes. Collateral at
        // the deploy's default (the whole payment) or, for the insured gap, the fixture's half.
        vm.startPrank(admin);
        escrow.setChallengeWindow(2 days);
        if (!_insuredGap()) escrow.setCollateralBps(10_000);
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
                randomness: randomness,
                court: disputeCourt,
                admin: admin,
                insuredGap: _insuredGap()
            })
        );

        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: _selectors()}));
    }

    function _selectors() internal pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](44);
        selectors[0] = DisputeCourtHandler.warp.selector;
        selectors[1] = DisputeCourtHandler.stake.selector;
        selectors[2] = DisputeCourtHandler.requestStakeWithdrawal.selector;
        selectors[3] = DisputeCourtHandler.withdrawStake.selector;
        selectors[4] = DisputeCourtHandler.cancelStakeWithdrawal.selector;
        selectors[5] = DisputeCourtHandler.openJob.selector;
        selectors[6] = DisputeCourtHandler.acceptJob.selector;
        selectors[7] = DisputeCourtHandler.submitReceipt.selector;
        selectors[8] = DisputeCourtHandler.finalize.selector;
        selectors[9] = DisputeCourtHandler.cancelOrExpire.selector;
        selectors[10] = DisputeCourtHandler.releaseFrozen.selector;
        selectors[11] = DisputeCourtHandler.openDispute.selector;
        selectors[12] = DisputeCourtHandler.submitEvidence.selector;
        selectors[13] = DisputeCourtHandler.passPhase.selector;
        selectors[14] = DisputeCourtHandler.passPhase.selector;
        selectors[15] = DisputeCourtHandler.draw.selector;
        selectors[16] = DisputeCourtHandler.lapse.selector;
        selectors[17] = DisputeCourtHandler.commit.selector;
        selectors[18] = DisputeCourtHandler.reveal.selector;
        selectors[19] = DisputeCourtHandler.closeRound.selector;
        selectors[20] = DisputeCourtHandler.appeal.selector;
        selectors[21] = DisputeCourtHandler.execute.selector;
        selectors[22] = DisputeCourtHandler.replay.selector;
        selectors[23] = DisputeCourtHandler.withdrawBalance.selector;
        selectors[24] = DisputeCourtHandler.pairDisputesOwnJob.selector;
        selectors[25] = DisputeCourtHandler.pairDisputesOwnJob.selector;
        selectors[26] = DisputeCourtHandler.pairPoolMove.selector;
        selectors[27] = DisputeCourtHandler.arbitratorDeposit.selector;
        selectors[28] = DisputeCourtHandler.arbitratorRequestLeave.selector;
        selectors[29] = DisputeCourtHandler.arbitratorCancelLeave.selector;
        selectors[30] = DisputeCourtHandler.arbitratorWithdraw.selector;
        selectors[31] = DisputeCourtHandler.grind.selector;
        selectors[32] = DisputeCourtHandler.insurerMove.selector;
        selectors[33] = DisputeCourtHandler.insurerAroundDispute.selector;
        selectors[34] = DisputeCourtHandler.setParams.selector;
        selectors[35] = DisputeCourtHandler.setDisputeRole.selector;
        // Disputes need many steps each: these take them through their whole life.
        selectors[36] = DisputeCourtHandler.disputeNewJob.selector;
        selectors[37] = DisputeCourtHandler.advanceDispute.selector;
        selectors[38] = DisputeCourtHandler.advanceDispute.selector;
        selectors[39] = DisputeCourtHandler.advanceDispute.selector;
        selectors[40] = DisputeCourtHandler.advanceDispute.selector;
        selectors[41] = DisputeCourtHandler.grind.selector;
        selectors[42] = DisputeCourtHandler.pairConfesses.selector;
        selectors[43] = DisputeCourtHandler.pairConfesses.selector;
    }

    // ------------------------------------------------------------- conservation

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
            pool.totalAssets() + pool.totalReserved() + pool.totalReleasable() + pool.totalUnowned(),
            "pool: balance != assets + reserved + releasable + unowned"
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
    ///  already shared), credits of every payee, the pool's reservations for live claims.
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

    // ---------------------------------------------------------- backing and locks

    /// @notice Each dispute's compensation is backed in layers that add up: collateral, then the
    ///  court's lock, then a claim for the rest only; none at all for a covered compensation. The
    ///  stake locked for each operator is exactly its live jobs' collateral (the escrow's ledger)
    ///  and its live disputes' locks (the court's).
    function invariant_compensationBackedInLayers() public view {
        uint256[] memory ids = handler.disputeIds();
        for (uint256 i = 0; i < ids.length; ++i) {
            IDisputeCourt.Dispute memory d = disputeCourt.getDispute(ids[i]);
            uint256 collateral = escrow.getJob(d.jobId).collateral;
            if (d.compensation <= collateral) {
                assertEq(d.operatorLock + d.claimId, 0, "a covered compensation locked or claimed");
                continue;
            }
            uint256 claimed = d.claimId == 0 ? 0 : pool.getClaim(d.claimId).amount;
            assertEq(collateral + d.operatorLock + claimed, d.compensation, "layers do not add up");
        }
        address[] memory operators = handler.allOperators();
        uint256[] memory jobIds = handler.jobIds();
        for (uint256 o = 0; o < operators.length; ++o) {
            uint256 collateral;
            for (uint256 j = 0; j < jobIds.length; ++j) {
                IJobEscrow.Job memory job = escrow.getJob(jobIds[j]);
                if (job.operator == operators[o] && handler.isHeld(job.status)) collateral += job.collateral;
            }
            uint256 locks;
            for (uint256 i = 0; i < ids.length; ++i) {
                IDisputeCourt.Dispute memory d = disputeCourt.getDispute(ids[i]);
                if (d.operator == operators[o] && d.phase != IDisputeCourt.Phase.Executed) locks += d.operatorLock;
            }
            assertEq(manager.lockedBy(address(escrow), operators[o]), collateral, "escrow lock != live collateral");
            assertEq(manager.lockedBy(address(disputeCourt), operators[o]), locks, "court lock != live disputes'");
            assertEq(manager.stakeOf(operators[o]).locked, collateral + locks, "locked != both ledgers");
        }
    }

    /// @notice At the deploy's rates the collateral covers every compensation: no claim is ever
    ///  filed, so the pool never pays a ruling.
    function invariant_noClaimAtTheDeployDefaults() public view {
        if (_insuredGap()) return;
        assertEq(pool.claimCount(), 0, "a claim was filed at the deploy's rates");
        assertEq(handler.ghostPairInsured(), 0);
    }

    // ---------------------------------------------------------------- rulings

    /// @notice A ruling executes exactly once: executed disputes were executed by one call, their
    ///  job settled (or released by the escrow's timeout); live ones keep their job frozen, unless
    ///  the timeout released it; nothing moves an executed dispute again.
    function invariant_rulingExecutesAtMostOnce() public view {
        uint256[] memory ids = handler.disputeIds();
        for (uint256 i = 0; i < ids.length; ++i) {
            IDisputeCourt.Dispute memory d = disputeCourt.getDispute(ids[i]);
            bool executed = d.phase == IDisputeCourt.Phase.Executed;
            assertEq(handler.ghostExecutions(ids[i]), executed ? 1 : 0, "executed other than once");
            IJobEscrow.JobStatus status = escrow.getJob(d.jobId).status;
            if (handler.ghostReleasedByTimeout(d.jobId)) {
                assertTrue(status == IJobEscrow.JobStatus.Paid, "released job not paid");
            } else if (!executed) {
                assertTrue(status == IJobEscrow.JobStatus.Frozen, "live dispute, job not frozen");
            } else if (d.ruling == IDisputeCourt.Ruling.Client) {
                assertTrue(status == IJobEscrow.JobStatus.Rejected, "client won, job not rejected");
            } else assertTrue(status == IJobEscrow.JobStatus.Paid, "agent won, job not paid");
        }
        assertEq(handler.ghostReplays(), 0, "an executed dispute moved again");
    }

    /// @notice Every execution paid what the rules say: the winner's bonds, the client's payment
    ///  back and compensation from the slash then the pool's reservation, or the operator's
    ///  payout; the pool pays only a ruling for the client on a job still frozen.
    function invariant_executionsPayByTheRules() public view {
        assertEq(handler.ghostPayoutErrors(), 0, "an execution paid other than the rules say");
        assertEq(handler.ghostUnderCompensated(), 0, "a winning client was under-compensated");
        assertEq(handler.ghostInsuredWithoutRuling(), 0, "the pool paid without a ruling for the client");
    }

    /// @notice Draw sessions hold their line: no draw outside Drawing or out of ticket order, no
    ///  lapse or closed round while the session may still draw, no weight change during a session
    ///  (the grinder tries every one).
    function invariant_drawSessionsHoldTheirLine() public view {
        assertEq(handler.ghostSessionBreaches(), 0, "a session rule was broken");
    }

    // ------------------------------------------------------------ profit per role

    /// @notice An honest operator is never slashed without a ruling against it: whatever its
    ///  stake lost beyond its own withdrawals is exactly what executed rulings for the client
    ///  slashed, each at most the compensation plus the client's panel fees.
    function invariant_honestOperatorSlashedOnlyByRulings() public view {
        address[] memory operators = handler.honestOperators();
        for (uint256 i = 0; i < operators.length; ++i) {
            IStakeManager.StakeBalance memory s = manager.stakeOf(operators[i]);
            uint256 held = s.free + s.locked + s.unbonding;
            uint256 lost = handler.ghostStaked(operators[i]) - handler.ghostUnstaked(operators[i]) - held;
            assertEq(lost, handler.ghostSlashedByRulings(operators[i]), "stake lost without a ruling");
        }
        assertEq(handler.ghostSlashedWithoutRuling(), 0, "a slash without a ruling for the client");
        assertEq(handler.ghostOverSlashed(), 0, "a slash beyond compensation and fees");
    }

    /// @notice The self-dealing pair never ends with more than it put in, beyond what its pool
    ///  shares earned from others' money and, with an insured gap only, what the pool paid on its
    ///  disputes (each only for a panel ruling for its client: see the NatSpec above
    ///  invariant_executionsPayByTheRules). At the deploy's rates that last term is zero.
    function invariant_selfDealingPairNeverProfits() public view {
        assertLe(
            handler.pairWealth(),
            handler.pairIn() + handler.ghostPairAllowance() + handler.ghostPairInsured(),
            "the self-dealing pair gained"
        );
    }

    /// @notice An honest insurer loses only by paid claims, pro rata to its shares at filing (a
    ///  pending claim counts as paid in full until it settles); early or late, it never loses to
    ///  timing. Its value: tokens back, its shares' value and releases left to collect.
    function invariant_honestInsurerLosesOnlyPaidClaimsProRata() public view {
        address[] memory list = handler.insurers();
        uint256 claims = pool.claimCount();
        for (uint256 i = 0; i < list.length; ++i) {
            address who = list[i];
            uint256 value = token.balanceOf(who) + pool.previewRedeem(pool.balanceOf(who));
            uint256 loss;
            for (uint256 c = 1; c <= claims; ++c) {
                value += pool.releasableOf(c, who);
                loss += _claimLoss(c, who);
            }
            uint256 rounding = handler.ghostPoolOps(who) + claims + 2;
            assertGe(value + loss + rounding, handler.ghostMintedTo(who), "an honest insurer lost beyond its claims");
        }
    }

    /// @dev `who`'s part of claim `claimId`'s payment (its whole reservation while pending), rounded up.
    function _claimLoss(uint256 claimId, address who) internal view returns (uint256) {
        IInsurancePool.Claim memory claim = pool.getClaim(claimId);
        uint256 taken = claim.status == IInsurancePool.ClaimStatus.Pending ? claim.reserved : claim.paid;
        uint256 shares = handler.ghostSharesAtFiling(claimId, who);
        if (taken == 0 || shares == 0) return 0;
        uint256 supply = handler.ghostSupplyAtFiling(claimId) + VIRTUAL_SHARES;
        return Math.mulDiv(taken, shares, supply, Math.Rounding.Ceil);
    }

    // ----------------------------------------------------------------- the end

    /// @notice No state locks funds: after any sequence, public calls settle every dispute and
    ///  job, and every account can take out everything it holds; the per-role bounds still hold.
    function afterInvariant() public {
        handler.settleEverything();
        // Every dispute was executed just now: each one once, and each paid by the rules.
        invariant_rulingExecutesAtMostOnce();
        invariant_executionsPayByTheRules();
        invariant_honestOperatorSlashedOnlyByRulings();
        invariant_selfDealingPairNeverProfits();
        invariant_honestInsurerLosesOnlyPaidClaimsProRata();
        assertEq(token.balanceOf(address(disputeCourt)), 0, "court still holds tokens");
        assertEq(disputeCourt.totalBondsHeld() + disputeCourt.totalOwed(), 0, "court still owes");
        assertEq(token.balanceOf(address(escrow)), 0, "escrow still holds tokens");
        assertEq(token.balanceOf(address(manager)), 0, "stake manager still holds tokens");
        assertEq(token.balanceOf(address(arbitratorRegistry)), 0, "registry still holds tokens");
        assertEq(pool.totalReserved(), 0, "pool still reserves");
        // Every holder at filing collected; what is left is each claim's rounding, a unit a holder.
        assertLe(pool.totalReleasable(), pool.claimCount() * 3, "releases left uncollected");
        assertEq(pool.totalSupply(), 0, "pool shares left");
        invariant_everyTokenAccountedFor();
    }
}

/// @notice The campaign at the deploy's rates: collateral always covers compensation.
contract DisputeCourtInvariantTest is DisputeCourtInvariantBase {
    function _insuredGap() internal pure override returns (bool) {
        return false;
    }
}

/// @notice The campaign with an insured gap: collateral may fall short of compensation, so the
///  court locks free stake and files claims, and the pair may take from the pool what a panel
///  rules it owed (bounded by invariant_selfDealingPairNeverProfits).
contract DisputeCourtInsuredGapInvariantTest is DisputeCourtInvariantBase {
    function _insuredGap() internal pure override returns (bool) {
        return true;
    }
}
