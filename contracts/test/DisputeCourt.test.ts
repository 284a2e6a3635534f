/**
 * DisputeCourt on the real deployment: the escrow it freezes and settles, the stake manager it
 * slashes, the insurance pool it claims from and the arbitrator registry it draws from are the
 * deployed contracts, with the roles the deploy step gives the court and nothing more.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  getAddress,
  getContract,
  isAddressEqual,
  keccak256,
  parseAbi,
  parseEther,
  toHex,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";
import { COLLATERAL_BPS, MINIMUM_STAKE, networkHelpers, UNBONDING_DELAY, viem } from "../fixtures/deploy-fixture.ts";
import { deployLeasehold, deployLeaseholdDefaults, type CourtParams } from "../../scripts/deploy/deploy-leasehold.ts";
import {
  BUDGET,
  CODE,
  CONTEXT,
  ephemeralKey,
  FEE as LEASE_FEE,
  identityKey,
  OPERATOR_STAKE,
  PAYMENT,
  POLICY,
  SCOPE,
  SEALING_KEY,
  setupJobFlow,
} from "./helpers/job-flow.ts";
import { identityProofArgs } from "./helpers/identity-proof.ts";
import { drawUpTo, endSession, startDrawing } from "./helpers/draw-session.ts";
import { DrawPhase, disputeRef, voteCommitment } from "../../sdk/src/court/index.ts";
import { merkleProof, merkleRoot, Outcome, receiptDomain, signReceipt } from "./helpers/receipts.ts";

const BPS = 10_000n;
const court: CourtParams = deployLeaseholdDefaults.court;
/** The court's bond for a dispute of a job paying `payment`: a share of it, at least the minimum. */
function bondFor(payment: bigint): bigint {
  const proportional = (payment * BigInt(court.bondBps)) / BPS;
  return proportional > court.bondMinimum ? proportional : court.bondMinimum;
}
const BOND = bondFor(PAYMENT);
const COMPENSATION = (PAYMENT * BigInt(court.compensationBps)) / BPS;
/** The fixture's collateral is half the payment: the court locks the other half of the compensation. */
const COLLATERAL = (PAYMENT * BigInt(COLLATERAL_BPS)) / BPS;
const UNCOVERED = COMPENSATION - COLLATERAL;
const FEE = (BOND * BigInt(court.panelFeeBps)) / BPS;
/**
 * A job that outruns its operator: its collateral takes all the stake a new agent's operator holds
 * above the minimum, so the court can lock only the minimum behind the rest of the compensation
 * and claims the gap from the pool (the lock takes unbonding stake too, and the challenge window
 * is shorter than the unbonding delay, so no operator gets its minimum out of the lock's reach).
 */
const BIG_PAYMENT = ((OPERATOR_STAKE - MINIMUM_STAKE) * BPS) / BigInt(COLLATERAL_BPS);
const BIG_COLLATERAL = (BIG_PAYMENT * BigInt(COLLATERAL_BPS)) / BPS;
const BIG_GAP = (BIG_PAYMENT * BigInt(court.compensationBps)) / BPS - BIG_COLLATERAL - MINIMUM_STAKE;
const BIG_BOND = bondFor(BIG_PAYMENT);
const BIG_FEE = (BIG_BOND * BigInt(court.panelFeeBps)) / BPS;
const SEAT_LOCK = deployLeaseholdDefaults.arbitratorMinimumStake;
const PENALTY = (SEAT_LOCK * BigInt(court.nonRevealPenaltyBps)) / BPS;
const ARBITRATOR_STAKE = parseEther("250");
const INSURER_DEPOSIT = parseEther("100");

/** Ruling and Phase as the contract numbers them. */
const Ruling = { None: 0, Client: 1, Agent: 2 } as const;
const Phase = { None: 0, Drawing: 1, Voting: 2, Ruled: 3, Executed: 4 } as const;
/** JobStatus values the court moves jobs to. */
const JobStatus = { Submitted: 3, Frozen: 4, Paid: 5, Rejected: 10 } as const;
/** IInsurancePool.ClaimStatus. */
const ClaimStatus = { Pending: 1, Paid: 2, Cancelled: 3 } as const;

/** The functions of contracts/test/mocks/FeeOnTransferToken.sol these tests call. */
const feeTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
]);

type Vote = (typeof Ruling)["Client" | "Agent"] | "silent" | "commit-only";

async function setup() {
  const flow = await setupJobFlow();
  const { token, accounts, disputeCourt, arbitratorRegistry, insurancePool, client } = flow;
  const insurer = accounts[4]!;
  const arbitrators = accounts.slice(5, 16);
  for (const arbitrator of arbitrators) {
    await token.write.faucet({ account: arbitrator.account });
    await token.write.approve([arbitratorRegistry.address, ARBITRATOR_STAKE], { account: arbitrator.account });
    await arbitratorRegistry.write.deposit([ARBITRATOR_STAKE], { account: arbitrator.account });
  }
  const walletOf = (address: Address) => {
    const wallet = accounts.find((candidate) => isAddressEqual(candidate.account.address, address));
    if (!wallet) throw new Error(`no test wallet for ${address}`);
    return wallet;
  };

  /** A job (of a new agent unless given) with an anchored receipt, submitted and inside its challenge window. */
  async function submittedJob(existingAgentId?: bigint, options: { payment?: bigint } = {}) {
    const { jobId, agentId } = await flow.acceptedJob(existingAgentId, options);
    const signed = await flow.makeReceipt(jobId, agentId);
    const { batchId, digest, proof } = await flow.anchorReceipt(agentId, signed);
    await flow.jobEscrow.write.submitReceipt([jobId, signed, batchId, proof], { account: flow.other.account });
    return { jobId, agentId, cited: { batchId, receiptDigest: digest, proof } };
  }

  /** Dispute a submitted job as its client, citing its receipt; returns the dispute's id. */
  async function openDispute(existingAgentId?: bigint, options: { payment?: bigint } = {}) {
    const job = await submittedJob(existingAgentId, options);
    await token.write.approve([disputeCourt.address, bondFor(options.payment ?? PAYMENT)], { account: client.account });
    await disputeCourt.write.openDispute([job.jobId, [job.cited], "ipfs://evidence"], { account: client.account });
    return { ...job, disputeId: await disputeCourt.read.disputeCount() };
  }

  const line = { publicClient: flow.publicClient, arbitratorRegistry, disputeCourt };

  /** Run a draw session as keepers would, up to the current round's draw; returns its panel. */
  async function draw(disputeId: bigint) {
    await drawUpTo(line, disputeId);
    const { round } = await disputeCourt.read.getDispute([disputeId]);
    return disputeCourt.read.panelOf([disputeId, round]);
  }

  const saltOf = (arbitrator: Address, disputeId: bigint) => keccak256(toHex(`salt:${arbitrator}:${disputeId}`));

  /** Every seat commits then reveals its vote (`votes[i]` for seat i), as a real panel would. */
  async function vote(disputeId: bigint, votes: readonly Vote[]) {
    const { round } = await disputeCourt.read.getDispute([disputeId]);
    const panel = await disputeCourt.read.panelOf([disputeId, round]);
    assert.equal(panel.length, votes.length, "one vote per seat");
    for (const [seat, arbitrator] of panel.entries()) {
      const choice = votes[seat]!;
      if (choice === "silent") continue;
      const ruling = choice === "commit-only" ? Ruling.Client : choice;
      const commitment = await disputeCourt.read.commitmentOf([
        disputeId,
        round,
        arbitrator,
        ruling,
        saltOf(arbitrator, disputeId),
      ]);
      await disputeCourt.write.commitVote([disputeId, commitment], { account: walletOf(arbitrator).account });
    }
    const { commitEndsAt } = await disputeCourt.read.getRound([disputeId, round]);
    if (votes.some((choice) => choice === "silent")) await networkHelpers.time.increaseTo(commitEndsAt);
    for (const [seat, arbitrator] of panel.entries()) {
      const choice = votes[seat]!;
      if (choice === "silent" || choice === "commit-only") continue;
      await disputeCourt.write.revealVote([disputeId, choice, saltOf(arbitrator, disputeId)], {
        account: walletOf(arbitrator).account,
      });
    }
    if (votes.some((choice) => choice === "silent" || choice === "commit-only")) {
      await networkHelpers.time.increaseTo((await disputeCourt.read.getRound([disputeId, round])).revealEndsAt);
    }
    return panel;
  }

  async function passAppealWindow(disputeId: bigint) {
    const { round } = await disputeCourt.read.getDispute([disputeId]);
    await networkHelpers.time.increaseTo((await disputeCourt.read.getRound([disputeId, round])).appealEndsAt);
  }

  /** The court holds exactly the bonds of live rounds and what it owes (its accounting invariant). */
  async function assertCourtLedger() {
    const held = await disputeCourt.read.totalBondsHeld();
    const owed = await disputeCourt.read.totalOwed();
    assert.equal(await token.read.balanceOf([disputeCourt.address]), held + owed);
  }

  async function depositInsurance(assets = INSURER_DEPOSIT) {
    await token.write.faucet({ account: insurer.account });
    await token.write.approve([insurancePool.address, assets], { account: insurer.account });
    await insurancePool.write.deposit([assets, insurer.account.address], { account: insurer.account });
  }

  return {
    ...flow,
    insurer,
    arbitrators,
    walletOf,
    submittedJob,
    openDispute,
    line,
    draw,
    vote,
    saltOf,
    passAppealWindow,
    assertCourtLedger,
    depositInsurance,
  };
}

describe("DisputeCourt", () => {
  describe("# deployment", () => {
    it("should hold exactly the roles it needs in the escrow, stake manager, pool and registry", async () => {
      const { disputeCourt, jobEscrow, stakeManager, insurancePool, arbitratorRegistry } = await setup();
      const courtAddress = disputeCourt.address;
      assert.ok(await jobEscrow.read.hasRole([await jobEscrow.read.DISPUTE_ROLE(), courtAddress]));
      assert.ok(await stakeManager.read.hasRole([await stakeManager.read.SLASHER_ROLE(), courtAddress]));
      assert.ok(await stakeManager.read.hasRole([await stakeManager.read.LOCKER_ROLE(), courtAddress]));
      assert.ok(await insurancePool.read.hasRole([await insurancePool.read.CLAIMS_ROLE(), courtAddress]));
      assert.ok(await arbitratorRegistry.read.hasRole([await arbitratorRegistry.read.COURT_ROLE(), courtAddress]));
      assert.equal(getAddress(await disputeCourt.read.jobEscrow()), getAddress(jobEscrow.address));
      assert.equal(getAddress(await disputeCourt.read.stakeManager()), getAddress(stakeManager.address));
      assert.equal(await disputeCourt.read.bondFor([PAYMENT]), BOND);
    });

    it("should refuse a registry in another token with DisputeCourtTokenMismatch", async () => {
      const { disputeCourt, jobEscrow, insurancePool, arbitratorRegistry, deployer } = await setup();
      const otherToken = await viem.deployContract("DevStakeToken", []);
      const otherRegistry = await viem.deployContract("ArbitratorRegistry", [
        otherToken.address,
        deployer.account.address,
        SEAT_LOCK,
        60n,
        await arbitratorRegistry.read.randomnessSource(),
        3_600n,
        86_400n,
      ]);
      await viem.assertions.revertWithCustomError(
        viem.deployContract("DisputeCourt", [
          jobEscrow.address,
          insurancePool.address,
          otherRegistry.address,
          deployer.account.address,
          court,
        ]),
        disputeCourt,
        "DisputeCourtTokenMismatch",
      );
    });
  });

  describe("# openDispute", () => {
    it("should freeze the job, hold the bond, lock the stake the collateral leaves uncovered and record the evidence", async () => {
      const { disputeCourt, jobEscrow, stakeManager, insurancePool, token, client, operator, submittedJob } =
        await setup();
      const job = await submittedJob();
      await token.write.approve([disputeCourt.address, BOND], { account: client.account });
      const before = await token.read.balanceOf([client.account.address]);
      const freeBefore = (await stakeManager.read.stakeOf([operator.account.address])).free;
      const opening = disputeCourt.write.openDispute([job.jobId, [job.cited], "ipfs://evidence"], {
        account: client.account,
      });
      await viem.assertions.emitWithArgs(opening, disputeCourt, "DisputeOpened", [
        1n,
        job.jobId,
        getAddress(client.account.address),
        getAddress(operator.account.address),
        job.agentId,
        BOND,
        COMPENSATION,
        UNCOVERED,
        0n,
      ]);
      const [evidence] = await disputeCourt.getEvents.EvidenceSubmitted();
      assert.deepEqual(evidence!.args, {
        disputeId: 1n,
        party: getAddress(client.account.address),
        batchIds: [job.cited.batchId],
        receiptDigests: [job.cited.receiptDigest],
        uri: "ipfs://evidence",
      });
      assert.equal((await jobEscrow.read.getJob([job.jobId])).status, JobStatus.Frozen);
      assert.equal(await token.read.balanceOf([client.account.address]), before - BOND);
      assert.equal(await disputeCourt.read.totalBondsHeld(), BOND);
      assert.equal(await disputeCourt.read.disputeOfJob([job.jobId]), 1n);
      const dispute = await disputeCourt.read.getDispute([1n]);
      assert.equal(getAddress(dispute.operator), getAddress(operator.account.address));
      assert.equal(dispute.compensation, COMPENSATION);
      assert.equal(dispute.operatorLock, UNCOVERED);
      assert.equal(dispute.claimId, 0n, "the operator's free stake covers: no claim");
      assert.equal(dispute.phase, Phase.Drawing);
      assert.equal(await stakeManager.read.lockedBy([disputeCourt.address, operator.account.address]), UNCOVERED);
      assert.equal((await stakeManager.read.stakeOf([operator.account.address])).free, freeBefore - UNCOVERED);
      assert.equal(await insurancePool.read.claimCount(), 0n);
      const round = await disputeCourt.read.getRound([1n, 0]);
      assert.equal(round.bond, BOND);
      assert.equal(getAddress(round.bondPoster), getAddress(client.account.address));
      assert.ok(round.drawTicket > 0n);
    });

    it("should back the compensation with the collateral alone at the deploy's rates: no lock, no claim", async () => {
      const { disputeCourt, jobEscrow, stakeManager, insurancePool, admin, operator, openDispute } = await setup();
      await jobEscrow.write.setCollateralBps([deployLeaseholdDefaults.collateralBps], { account: admin.account });
      const { disputeId } = await openDispute();
      const dispute = await disputeCourt.read.getDispute([disputeId]);
      assert.equal(dispute.operatorLock, 0n);
      assert.equal(dispute.claimId, 0n);
      assert.equal(await stakeManager.read.lockedBy([disputeCourt.address, operator.account.address]), 0n);
      assert.equal(await insurancePool.read.claimCount(), 0n);
    });

    it("should lock the free and unbonding stake there is and claim only the gap beyond collateral and lock", async () => {
      const { disputeCourt, stakeManager, insurancePool, token, client, operator, depositInsurance, submittedJob } =
        await setup();
      await depositInsurance(BIG_GAP * 2n);
      const job = await submittedJob(undefined, { payment: BIG_PAYMENT });
      // The operator moves the minimum it has left to unbonding as the dispute comes: the lock
      // takes it all the same, as a slash would.
      assert.equal((await stakeManager.read.stakeOf([operator.account.address])).free, MINIMUM_STAKE);
      await stakeManager.write.requestWithdrawal([MINIMUM_STAKE], { account: operator.account });
      await token.write.approve([disputeCourt.address, BIG_BOND], { account: client.account });
      const opening = disputeCourt.write.openDispute([job.jobId, [job.cited], ""], { account: client.account });
      await viem.assertions.emitWithArgs(opening, insurancePool, "ClaimFiled", [
        1n,
        getAddress(disputeCourt.address),
        disputeRef(1n),
        BIG_GAP,
        BIG_GAP,
        getAddress(disputeCourt.address),
      ]);
      const dispute = await disputeCourt.read.getDispute([1n]);
      assert.equal(dispute.operatorLock, MINIMUM_STAKE);
      assert.equal(dispute.claimId, 1n);
      const claim = await insurancePool.read.getClaim([1n]);
      assert.equal(claim.amount, BIG_GAP);
      assert.equal(claim.status, ClaimStatus.Pending);
      assert.equal(await insurancePool.read.totalReserved(), BIG_GAP);
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free, 0n);
      assert.equal(stake.unbonding, 0n);
      assert.equal(stake.locked, BIG_COLLATERAL + MINIMUM_STAKE);
    });

    it("should let only the job's client dispute it", async () => {
      const { disputeCourt, other, submittedJob } = await setup();
      const job = await submittedJob();
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.openDispute([job.jobId, [job.cited], ""], { account: other.account }),
        disputeCourt,
        "DisputeCourtNotClient",
        [job.jobId, getAddress(other.account.address)],
      );
    });

    it("should refuse a second dispute of the same job", async () => {
      const { disputeCourt, client, openDispute } = await setup();
      const { jobId, cited } = await openDispute();
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.openDispute([jobId, [cited], ""], { account: client.account }),
        disputeCourt,
        "DisputeCourtAlreadyDisputed",
        [jobId, 1n],
      );
    });

    it("should refuse a job outside its challenge window (the escrow's rule) and leave nothing behind", async () => {
      const { disputeCourt, jobEscrow, token, client, submittedJob } = await setup();
      const job = await submittedJob();
      await networkHelpers.time.increaseTo((await jobEscrow.read.getJob([job.jobId])).challengeEndsAt);
      await token.write.approve([disputeCourt.address, BOND], { account: client.account });
      await viem.assertions.revertWithCustomError(
        disputeCourt.write.openDispute([job.jobId, [job.cited], ""], { account: client.account }),
        jobEscrow,
        "JobEscrowChallengeWindowClosed",
      );
      assert.equal(await disputeCourt.read.disputeCount(), 0n);
      assert.equal(await disputeCourt.read.totalBondsHeld(), 0n);
    });

    it("should refuse a job that has no receipt yet", async () => {
      const { disputeCourt, jobEscrow, client, acceptedJob } = await setup();
      const { jobId } = await acceptedJob();
      await viem.assertions.revertWithCustomError(
        disputeCourt.write.openDispute([jobId, [], "ipfs://x"], { account: client.account }),
        jobEscrow,
        "JobEscrowInvalidStatus",
      );
    });

    it("should refuse a cited receipt that is not in the batch it names", async () => {
      const { disputeCourt, client, submittedJob } = await setup();
      const job = await submittedJob();
      const forged = { ...job.cited, receiptDigest: keccak256(toHex("not in the batch")) };
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.openDispute([job.jobId, [forged], ""], { account: client.account }),
        disputeCourt,
        "DisputeCourtReceiptNotIncluded",
        [forged.batchId, forged.receiptDigest],
      );
    });

    it("should refuse empty and oversized evidence", async () => {
      const { disputeCourt, client, submittedJob } = await setup();
      const job = await submittedJob();
      await viem.assertions.revertWithCustomError(
        disputeCourt.write.openDispute([job.jobId, [], ""], { account: client.account }),
        disputeCourt,
        "DisputeCourtEmptyEvidence",
      );
      const longUri = "x".repeat(16_385);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.openDispute([job.jobId, [], longUri], { account: client.account }),
        disputeCourt,
        "DisputeCourtEvidenceTooLarge",
        [0n, 16_385n],
      );
      const tooMany = Array.from({ length: 17 }, () => job.cited);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.openDispute([job.jobId, tooMany, ""], { account: client.account }),
        disputeCourt,
        "DisputeCourtEvidenceTooLarge",
        [17n, 0n],
      );
    });

    it("should give a client who is also the operator no compensation and file no claim", async () => {
      const { disputeCourt, token, operator, registerAgent, leaseRegistry, jobEscrow, makeReceipt, anchorReceipt } =
        await setup();
      const agentId = await registerAgent();
      const now = BigInt(await networkHelpers.time.latest());
      await leaseRegistry.write.grant([agentId, keccak256(toHex("s")), keccak256(toHex("c")), now + 3600n, PAYMENT], {
        account: operator.account,
      });
      const leaseId = await leaseRegistry.read.leaseCount();
      await token.write.approve([jobEscrow.address, PAYMENT], { account: operator.account });
      await jobEscrow.write.openJob([leaseId, PAYMENT, POLICY, 1_000_000n, now + 1800n], {
        account: operator.account,
      });
      const jobId = await jobEscrow.read.jobCount();
      await jobEscrow.write.acceptJob([jobId], { account: operator.account });
      const signed = await makeReceipt(jobId, agentId);
      const { batchId, proof } = await anchorReceipt(agentId, signed);
      await jobEscrow.write.submitReceipt([jobId, signed, batchId, proof], { account: operator.account });
      await token.write.approve([disputeCourt.address, BOND], { account: operator.account });
      await disputeCourt.write.openDispute([jobId, [], "ipfs://self"], { account: operator.account });
      const dispute = await disputeCourt.read.getDispute([1n]);
      assert.equal(dispute.compensation, 0n);
      assert.equal(dispute.operatorLock, 0n);
      assert.equal(dispute.claimId, 0n);
    });

    it("should revert with DisputeCourtTransferAmountMismatch on a token that takes a fee, leaving no dispute", async () => {
      const { client, operator, other, deployer, publicClient, now } = await setup();
      const feeBps = 100n;
      const takeFee = (amount: bigint) => amount - (amount * feeBps) / BPS;
      const { address: tokenAddress } = await viem.deployContract("FeeOnTransferToken", [feeBps]);
      const feeToken = getContract({
        address: tokenAddress,
        abi: feeTokenAbi,
        client: { public: publicClient, wallet: deployer },
      });
      const record = await deployLeasehold({
        publicClient,
        walletClient: deployer,
        stakeToken: tokenAddress,
        minimumStake: MINIMUM_STAKE,
        unbondingDelay: UNBONDING_DELAY,
      });
      const at = record.contracts;
      const stakeManager = await viem.getContractAt("StakeManager", at.StakeManager.address);
      const agentRegistry = await viem.getContractAt("AgentRegistry", at.AgentRegistry.address);
      const leaseRegistry = await viem.getContractAt("LeaseRegistry", at.LeaseRegistry.address);
      const receiptAnchor = await viem.getContractAt("ReceiptAnchor", at.ReceiptAnchor.address);
      const jobEscrow = await viem.getContractAt("JobEscrow", at.JobEscrow.address);
      const disputeCourt = await viem.getContractAt("DisputeCourt", at.DisputeCourt.address);

      // A job on the fee token, accepted and Submitted with a receipt signed for this deployment's anchor.
      const stake = MINIMUM_STAKE * 2n;
      await feeToken.write.mint([operator.account.address, stake]);
      await feeToken.write.approve([stakeManager.address, stake], { account: operator.account });
      await stakeManager.write.deposit([stake], { account: operator.account });
      const identity = identityKey("fee-agent");
      await agentRegistry.write.register(
        [identity.address, CODE, "", ...(await identityProofArgs(agentRegistry, identity, operator.account.address))],
        { account: operator.account },
      );
      const agentId = await agentRegistry.read.agentCount();
      await leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, (await now()) + 3600n, LEASE_FEE], {
        account: client.account,
      });
      await feeToken.write.mint([client.account.address, LEASE_FEE]);
      await feeToken.write.approve([jobEscrow.address, LEASE_FEE], { account: client.account });
      await jobEscrow.write.openJob([1n, LEASE_FEE, POLICY, BUDGET, (await now()) + 1800n], {
        account: client.account,
      });
      const jobId = await jobEscrow.read.jobCount();
      await jobEscrow.write.acceptJob([jobId], { account: operator.account });
      const endedAt = await now();
      const signed = await signReceipt({
        domain: receiptDomain(record.chainId, receiptAnchor.address),
        identity,
        ephemeral: ephemeralKey(jobId),
        sealingKey: SEALING_KEY,
        notAfter: endedAt + 3600n,
        receipt: {
          jobId,
          agentId,
          codeHash: CODE,
          policyHash: POLICY,
          inputHash: keccak256(toHex("context plaintext")),
          outputHash: keccak256(toHex("summary")),
          fuelUsed: BUDGET / 2n,
          memoryPeakBytes: 64n * 1024n * 1024n,
          capabilityCalls: 3,
          startedAt: endedAt - 5n,
          endedAt,
          outcome: Outcome.Completed,
        },
      });
      const digest = await receiptAnchor.read.receiptDigest([signed.receipt]);
      await receiptAnchor.write.anchor([agentId, merkleRoot([digest]), 1n], { account: operator.account });
      const batchId = await receiptAnchor.read.batchIdOf([agentId, merkleRoot([digest])]);
      await jobEscrow.write.submitReceipt([jobId, signed, batchId, merkleProof([digest], 0)], {
        account: other.account,
      });
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Submitted);

      const bond = await disputeCourt.read.bondFor([(await jobEscrow.read.getJob([jobId])).payment]);
      await feeToken.write.mint([client.account.address, bond]);
      await feeToken.write.approve([disputeCourt.address, bond], { account: client.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.openDispute([jobId, [], "ipfs://evidence"], { account: client.account }),
        disputeCourt,
        "DisputeCourtTransferAmountMismatch",
        [bond, takeFee(bond)],
      );
      assert.equal(await disputeCourt.read.disputeCount(), 0n);
      assert.equal(await disputeCourt.read.disputeOfJob([jobId]), 0n);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Submitted);
      assert.equal(await disputeCourt.read.totalBondsHeld(), 0n);
    });
  });

  describe("# submitEvidence", () => {
    it("should take evidence from either party until the commit period ends", async () => {
      const { disputeCourt, operator, other, openDispute, draw } = await setup();
      const { disputeId } = await openDispute();
      await disputeCourt.write.submitEvidence([disputeId, [], "ipfs://operator-answer"], { account: operator.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.submitEvidence([disputeId, [], "ipfs://x"], { account: other.account }),
        disputeCourt,
        "DisputeCourtNotParty",
        [disputeId, getAddress(other.account.address)],
      );
      await draw(disputeId);
      await networkHelpers.time.increaseTo((await disputeCourt.read.getRound([disputeId, 0])).commitEndsAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.submitEvidence([disputeId, [], "ipfs://late"], { account: operator.account }),
        disputeCourt,
        "DisputeCourtWrongPhase",
        [disputeId, Phase.Voting],
      );
    });
  });

  describe("# draw", () => {
    it("should seat distinct arbitrators who are not parties once a session reaches the round's ticket", async () => {
      const { disputeCourt, arbitratorRegistry, client, operator, openDispute, draw } = await setup();
      const { disputeId } = await openDispute();
      const { drawTicket } = await disputeCourt.read.getRound([disputeId, 0]);
      const panel = await draw(disputeId);
      assert.equal(panel.length, court.firstPanelSize);
      assert.equal(new Set(panel.map((a) => getAddress(a))).size, panel.length);
      for (const member of panel) {
        assert.ok(!isAddressEqual(member, client.account.address));
        assert.ok(!isAddressEqual(member, operator.account.address));
        assert.equal((await arbitratorRegistry.read.arbitratorOf([member])).locked, SEAT_LOCK);
      }
      assert.equal((await arbitratorRegistry.read.ticketOf([drawTicket])).open, false);
      assert.equal((await disputeCourt.read.getDispute([disputeId])).phase, Phase.Voting);
      assert.equal(await arbitratorRegistry.read.phase(), DrawPhase.Staking, "the session did not end");
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.draw([disputeId]),
        disputeCourt,
        "DisputeCourtWrongPhase",
        [disputeId, Phase.Voting],
      );
    });

    it("should refuse a draw outside the registry's Drawing phase", async () => {
      const { disputeCourt, arbitratorRegistry, openDispute } = await setup();
      const { disputeId } = await openDispute();
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.draw([disputeId]),
        arbitratorRegistry,
        "ArbitratorRegistryWrongPhase",
        [DrawPhase.Staking],
      );
    });

    it("should draw only in ticket order, naming the next dispute with nextDraw", async () => {
      const { disputeCourt, arbitratorRegistry, line, openDispute } = await setup();
      const first = await openDispute();
      const second = await openDispute(first.agentId);
      const firstTicket = (await disputeCourt.read.getRound([first.disputeId, 0])).drawTicket;
      const secondTicket = (await disputeCourt.read.getRound([second.disputeId, 0])).drawTicket;
      assert.deepEqual(await disputeCourt.read.nextDraw(), [first.disputeId, 1n]);
      assert.ok(await startDrawing(line));
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.draw([second.disputeId]),
        arbitratorRegistry,
        "ArbitratorRegistryDrawOutOfOrder",
        [secondTicket, firstTicket],
      );
      await disputeCourt.write.draw([first.disputeId]);
      assert.deepEqual(await disputeCourt.read.nextDraw(), [second.disputeId, 1n]);
      await disputeCourt.write.draw([second.disputeId]);
      assert.deepEqual(await disputeCourt.read.nextDraw(), [0n, 0n]);
    });

    it("should take a ticket of the next session when too few arbitrators can sit, keeping the deadline", async () => {
      const { disputeCourt, arbitratorRegistry, arbitrators, line, openDispute } = await setup();
      // Every arbitrator but two leaves: a panel of three cannot be seated.
      for (const arbitrator of arbitrators.slice(2)) {
        await arbitratorRegistry.write.requestLeave([ARBITRATOR_STAKE], { account: arbitrator.account });
      }
      const { disputeId } = await openDispute();
      const before = await disputeCourt.read.getRound([disputeId, 0]);
      assert.ok(await startDrawing(line));
      const session = await arbitratorRegistry.read.session();
      await viem.assertions.emitWithArgs(disputeCourt.write.draw([disputeId]), disputeCourt, "DrawDeferred", [
        disputeId,
        0,
        before.drawTicket,
        before.drawTicket + 1n,
      ]);
      const after = await disputeCourt.read.getRound([disputeId, 0]);
      assert.equal(after.drawTicket, before.drawTicket + 1n);
      assert.equal(after.drawDeadline, before.drawDeadline);
      assert.equal((await arbitratorRegistry.read.ticketOf([after.drawTicket])).session, session + 1n);
      assert.deepEqual(await disputeCourt.read.nextDraw(), [disputeId, session + 1n]);
      assert.equal((await disputeCourt.read.getDispute([disputeId])).phase, Phase.Drawing);
    });

    it("should dismiss by lapse, cancelling the ticket, when no panel can be seated by the draw deadline", async () => {
      const {
        disputeCourt,
        arbitratorRegistry,
        jobEscrow,
        token,
        client,
        arbitrators,
        line,
        openDispute,
        draw,
        assertCourtLedger,
      } = await setup();
      for (const arbitrator of arbitrators.slice(2)) {
        await arbitratorRegistry.write.requestLeave([ARBITRATOR_STAKE], { account: arbitrator.account });
      }
      const { disputeId, jobId } = await openDispute();
      await draw(disputeId);
      await endSession(line);
      const { drawDeadline, drawTicket } = await disputeCourt.read.getRound([disputeId, 0]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.lapse([disputeId]),
        disputeCourt,
        "DisputeCourtDrawDeadlineNotPassed",
        [disputeId, drawDeadline],
      );
      await networkHelpers.time.increaseTo(drawDeadline + 1n);
      await viem.assertions.emitWithArgs(disputeCourt.write.lapse([disputeId]), arbitratorRegistry, "DrawCancelled", [
        getAddress(disputeCourt.address),
        drawTicket,
      ]);
      assert.equal((await arbitratorRegistry.read.ticketOf([drawTicket])).open, false);
      assert.equal(await arbitratorRegistry.read.openTickets(), 0n);
      await disputeCourt.write.execute([disputeId]);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Paid);
      // The whole bond comes back: no panel sat, so no fee was taken.
      assert.equal(await disputeCourt.read.balanceOf([client.account.address]), BOND);
      const before = await token.read.balanceOf([client.account.address]);
      await disputeCourt.write.withdrawBalance([client.account.address], { account: client.account });
      assert.equal(await token.read.balanceOf([client.account.address]), before + BOND);
      await assertCourtLedger();
    });

    it("should refuse to lapse a round the running session may still draw, which anyone may then draw", async () => {
      const { disputeCourt, arbitratorRegistry, line, openDispute } = await setup();
      const { disputeId } = await openDispute();
      const { drawDeadline } = await disputeCourt.read.getRound([disputeId, 0]);
      await networkHelpers.time.increaseTo(drawDeadline + 1n);
      assert.ok(await startDrawing(line));
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.lapse([disputeId]),
        arbitratorRegistry,
        "ArbitratorRegistryStakesFrozen",
        [DrawPhase.Drawing],
      );
      await disputeCourt.write.draw([disputeId]);
      assert.equal((await disputeCourt.read.getDispute([disputeId])).phase, Phase.Voting);
    });
  });

  describe("# voting", () => {
    it("should let only panelists commit, once, before the commit period ends", async () => {
      const { disputeCourt, other, walletOf, openDispute, draw } = await setup();
      const { disputeId } = await openDispute();
      const panel = await draw(disputeId);
      const seat = walletOf(panel[0]!);
      const commitment = keccak256(toHex("commitment"));
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.commitVote([disputeId, commitment], { account: other.account }),
        disputeCourt,
        "DisputeCourtNotPanelist",
        [disputeId, 0, getAddress(other.account.address)],
      );
      await viem.assertions.revertWithCustomError(
        disputeCourt.write.commitVote([disputeId, `0x${"00".repeat(32)}` as Hex], { account: seat.account }),
        disputeCourt,
        "DisputeCourtZeroCommitment",
      );
      await disputeCourt.write.commitVote([disputeId, commitment], { account: seat.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.commitVote([disputeId, commitment], { account: seat.account }),
        disputeCourt,
        "DisputeCourtAlreadyCommitted",
        [disputeId, getAddress(seat.account.address)],
      );
      const { commitEndsAt } = await disputeCourt.read.getRound([disputeId, 0]);
      await networkHelpers.time.increaseTo(commitEndsAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.commitVote([disputeId, commitment], { account: walletOf(panel[1]!).account }),
        disputeCourt,
        "DisputeCourtCommitClosed",
        [disputeId, commitEndsAt],
      );
    });

    it("should open reveals early only when every seat has committed, and check each reveal", async () => {
      const { disputeCourt, walletOf, saltOf, openDispute, draw } = await setup();
      const { disputeId } = await openDispute();
      const panel = await draw(disputeId);
      const [first, second, third] = panel.map((address) => walletOf(address));
      const commit = async (who: NonNullable<typeof first>, ruling: number) =>
        disputeCourt.write.commitVote(
          [
            disputeId,
            await disputeCourt.read.commitmentOf([
              disputeId,
              0,
              who.account.address,
              ruling,
              saltOf(who.account.address, disputeId),
            ]),
          ],
          { account: who.account },
        );
      await commit(first!, Ruling.Client);
      const { commitEndsAt, revealEndsAt } = await disputeCourt.read.getRound([disputeId, 0]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.revealVote([disputeId, Ruling.Client, saltOf(first!.account.address, disputeId)], {
          account: first!.account,
        }),
        disputeCourt,
        "DisputeCourtRevealNotOpen",
        [disputeId, commitEndsAt],
      );
      await commit(second!, Ruling.Agent);
      await commit(third!, Ruling.Client);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.revealVote([disputeId, Ruling.Agent, saltOf(first!.account.address, disputeId)], {
          account: first!.account,
        }),
        disputeCourt,
        "DisputeCourtCommitmentMismatch",
        [disputeId, getAddress(first!.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.revealVote([disputeId, Ruling.None, saltOf(first!.account.address, disputeId)], {
          account: first!.account,
        }),
        disputeCourt,
        "DisputeCourtInvalidVote",
        [Ruling.None],
      );
      await disputeCourt.write.revealVote([disputeId, Ruling.Client, saltOf(first!.account.address, disputeId)], {
        account: first!.account,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.revealVote([disputeId, Ruling.Client, saltOf(first!.account.address, disputeId)], {
          account: first!.account,
        }),
        disputeCourt,
        "DisputeCourtNothingToReveal",
        [disputeId, getAddress(first!.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.closeRound([disputeId]),
        disputeCourt,
        "DisputeCourtVotingNotOver",
        [disputeId, revealEndsAt],
      );
      await networkHelpers.time.increaseTo(revealEndsAt);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.revealVote([disputeId, Ruling.Agent, saltOf(second!.account.address, disputeId)], {
          account: second!.account,
        }),
        disputeCourt,
        "DisputeCourtRevealClosed",
        [disputeId, revealEndsAt],
      );
    });

    it("should close a round only between draw sessions (its seat releases change weights)", async () => {
      const { disputeCourt, arbitratorRegistry, line, openDispute, draw, vote } = await setup();
      const { disputeId, agentId } = await openDispute();
      await draw(disputeId);
      await vote(disputeId, [Ruling.Client, Ruling.Client, Ruling.Agent]);
      // Another dispute waits for a panel: a session starts before this round is closed.
      const other = await openDispute(agentId);
      assert.ok(await startDrawing(line));
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.closeRound([disputeId]),
        arbitratorRegistry,
        "ArbitratorRegistryStakesFrozen",
        [DrawPhase.Drawing],
      );
      await disputeCourt.write.draw([other.disputeId]);
      await endSession(line);
      await disputeCourt.write.closeRound([disputeId]);
      assert.equal((await disputeCourt.read.getDispute([disputeId])).phase, Phase.Ruled);
    });
  });

  describe("# the client wins", () => {
    it("should refund the payment, slash compensation and fees, return the bond and pay coherent voters", async () => {
      const {
        disputeCourt,
        jobEscrow,
        stakeManager,
        insurancePool,
        arbitratorRegistry,
        token,
        client,
        operator,
        openDispute,
        draw,
        vote,
        passAppealWindow,
        assertCourtLedger,
      } = await setup();
      const { disputeId, jobId } = await openDispute();
      await draw(disputeId);
      const panel = await vote(disputeId, [Ruling.Client, Ruling.Client, Ruling.Agent]);
      await disputeCourt.write.closeRound([disputeId]);
      const round = await disputeCourt.read.getRound([disputeId, 0]);
      assert.equal(round.ruling, Ruling.Client);
      assert.equal(round.feePaid, FEE);
      // Two coherent voters share the fee; the incoherent one gets its seat back and nothing else.
      assert.equal(await disputeCourt.read.balanceOf([panel[0]!]), FEE / 2n);
      assert.equal(await disputeCourt.read.balanceOf([panel[1]!]), FEE / 2n);
      assert.equal(await disputeCourt.read.balanceOf([panel[2]!]), 0n);
      for (const member of panel) assert.equal((await arbitratorRegistry.read.arbitratorOf([member])).locked, 0n);
      await viem.assertions.revertWithCustomError(
        disputeCourt.write.execute([disputeId]),
        disputeCourt,
        "DisputeCourtAppealWindowOpen",
      );
      await passAppealWindow(disputeId);

      const clientBefore = await token.read.balanceOf([client.account.address]);
      const stakeBefore = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal((await disputeCourt.read.getDispute([disputeId])).claimId, 0n);
      await viem.assertions.emitWithArgs(disputeCourt.write.execute([disputeId]), disputeCourt, "RulingExecuted", [
        disputeId,
        jobId,
        Ruling.Client,
        COMPENSATION + FEE,
        0n,
        BOND - FEE + COMPENSATION + FEE,
        0n,
      ]);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Rejected);
      assert.equal(await token.read.balanceOf([client.account.address]), clientBefore + PAYMENT);
      // The bond back and compensation plus the fee it paid, to withdraw.
      assert.equal(await disputeCourt.read.balanceOf([client.account.address]), BOND + COMPENSATION);
      const stakeAfter = await stakeManager.read.stakeOf([operator.account.address]);
      // The court's lock and the collateral came back to free stake before the slash took
      // compensation and fees.
      assert.equal(stakeAfter.locked, 0n);
      assert.equal(stakeAfter.free, stakeBefore.free + stakeBefore.locked - COMPENSATION - FEE);
      assert.equal(await stakeManager.read.lockedBy([disputeCourt.address, operator.account.address]), 0n);
      assert.equal(await insurancePool.read.claimCount(), 0n, "a claim was filed");
      await assertCourtLedger();
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.execute([disputeId]),
        disputeCourt,
        "DisputeCourtWrongPhase",
        [disputeId, Phase.Executed],
      );
    });

    it("should take what the collateral and the lock cannot cover from the pool", async () => {
      const {
        disputeCourt,
        stakeManager,
        insurancePool,
        token,
        client,
        operator,
        depositInsurance,
        openDispute,
        draw,
        vote,
        passAppealWindow,
        assertCourtLedger,
      } = await setup();
      await depositInsurance(BIG_GAP * 2n);
      const job = await openDispute(undefined, { payment: BIG_PAYMENT });
      const { disputeId } = job;
      const { claimId, operatorLock } = await disputeCourt.read.getDispute([disputeId]);
      assert.equal(operatorLock, MINIMUM_STAKE);
      assert.equal((await insurancePool.read.getClaim([claimId])).reserved, BIG_GAP);
      // Nothing of the operator's is left to take out while the dispute runs.
      await viem.assertions.revertWithCustomErrorWithArgs(
        stakeManager.write.requestWithdrawal([1n], { account: operator.account }),
        stakeManager,
        "StakeManagerInsufficientFreeStake",
        [getAddress(operator.account.address), 0n, 1n],
      );

      await draw(disputeId);
      await vote(disputeId, [Ruling.Client, Ruling.Client, Ruling.Client]);
      await disputeCourt.write.closeRound([disputeId]);
      await passAppealWindow(disputeId);
      const poolBefore = await token.read.balanceOf([insurancePool.address]);
      await viem.assertions.emitWithArgs(disputeCourt.write.execute([disputeId]), insurancePool, "ClaimPaid", [
        claimId,
        getAddress(disputeCourt.address),
        BIG_GAP,
        0n,
        0n,
      ]);
      assert.equal(
        await disputeCourt.read.balanceOf([client.account.address]),
        BIG_BOND - BIG_FEE + BIG_COLLATERAL + MINIMUM_STAKE + BIG_GAP,
      );
      assert.equal(await token.read.balanceOf([insurancePool.address]), poolBefore - BIG_GAP);
      assert.equal(await insurancePool.read.totalReserved(), 0n);
      const stake = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stake.free + stake.locked + stake.unbonding, 0n);
      await assertCourtLedger();
    });

    it("should pay a claim only what the slash left and release the rest to the insurers at filing", async () => {
      const {
        disputeCourt,
        stakeManager,
        insurancePool,
        token,
        operator,
        insurer,
        depositInsurance,
        openDispute,
        draw,
        vote,
        passAppealWindow,
        assertCourtLedger,
      } = await setup();
      await depositInsurance(BIG_GAP * 2n);
      const job = await openDispute(undefined, { payment: BIG_PAYMENT });
      const { disputeId } = job;
      const { claimId } = await disputeCourt.read.getDispute([disputeId]);
      // A token staked again before the ruling is slashable: the claim pays one token less.
      const added = parseEther("1");
      await token.write.approve([stakeManager.address, added], { account: operator.account });
      await stakeManager.write.deposit([added], { account: operator.account });

      await draw(disputeId);
      await vote(disputeId, [Ruling.Client, Ruling.Client, Ruling.Client]);
      await disputeCourt.write.closeRound([disputeId]);
      await passAppealWindow(disputeId);
      await viem.assertions.emitWithArgs(disputeCourt.write.execute([disputeId]), disputeCourt, "RulingExecuted", [
        disputeId,
        job.jobId,
        Ruling.Client,
        BIG_COLLATERAL + MINIMUM_STAKE + added,
        BIG_GAP - added,
        BIG_BOND - BIG_FEE + BIG_COLLATERAL + MINIMUM_STAKE + BIG_GAP,
        0n,
      ]);
      const claim = await insurancePool.read.getClaim([claimId]);
      assert.equal(claim.status, ClaimStatus.Paid);
      assert.equal(claim.paid, BIG_GAP - added);
      assert.equal(claim.released, added);
      // The insurer held every share at filing: the release is its, less the virtual shares' part.
      const releasable = await insurancePool.read.releasableOf([claimId, insurer.account.address]);
      assert.ok(added - releasable <= 1n, "the insurer's part of the release");
      await viem.assertions.emitWithArgs(
        insurancePool.write.collectRelease([claimId, insurer.account.address]),
        insurancePool,
        "ReleaseCollected",
        [claimId, getAddress(insurer.account.address), releasable],
      );
      await assertCourtLedger();
    });

    it("should move only the bonds once the escrow released the job by its timeout", async () => {
      const {
        disputeCourt,
        jobEscrow,
        stakeManager,
        insurancePool,
        admin,
        client,
        operator,
        other,
        depositInsurance,
        openDispute,
        draw,
        vote,
        passAppealWindow,
        assertCourtLedger,
      } = await setup();
      await depositInsurance();
      const { disputeId, jobId } = await openDispute();
      // Governance takes the court's dispute role away mid-dispute: no ruling can settle the job.
      const disputeRole = await jobEscrow.read.DISPUTE_ROLE();
      await jobEscrow.write.revokeRole([disputeRole, disputeCourt.address], { account: admin.account });
      await draw(disputeId);
      await vote(disputeId, [Ruling.Client, Ruling.Client, Ruling.Client]);
      await disputeCourt.write.closeRound([disputeId]);
      await passAppealWindow(disputeId);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.execute([disputeId]),
        jobEscrow,
        "AccessControlUnauthorizedAccount",
        [getAddress(disputeCourt.address), disputeRole],
      );
      const { challengeEndsAt } = await jobEscrow.read.getJob([jobId]);
      await networkHelpers.time.increaseTo(challengeEndsAt + (await jobEscrow.read.FROZEN_TIMEOUT()));
      await jobEscrow.write.releaseFrozen([jobId], { account: other.account });
      const stakeBefore = await stakeManager.read.stakeOf([operator.account.address]);
      await viem.assertions.emitWithArgs(disputeCourt.write.execute([disputeId]), disputeCourt, "RulingExecuted", [
        disputeId,
        jobId,
        Ruling.Client,
        0n,
        0n,
        BOND - FEE,
        0n,
      ]);
      const stakeAfter = await stakeManager.read.stakeOf([operator.account.address]);
      assert.equal(stakeAfter.free, stakeBefore.free + UNCOVERED, "the lock did not come back");
      assert.equal(stakeAfter.locked, 0n);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Paid);
      assert.equal(await disputeCourt.read.balanceOf([client.account.address]), BOND - FEE);
      assert.equal(await insurancePool.read.totalReserved(), 0n);
      await assertCourtLedger();
    });
  });

  describe("# the agent wins", () => {
    it("should pay the job, release the court's lock and give the operator the bond less the panel's fee", async () => {
      const {
        disputeCourt,
        jobEscrow,
        stakeManager,
        insurancePool,
        operator,
        openDispute,
        draw,
        vote,
        passAppealWindow,
        assertCourtLedger,
      } = await setup();
      const { disputeId, jobId } = await openDispute();
      await draw(disputeId);
      const panel = await vote(disputeId, [Ruling.Agent, Ruling.Agent, Ruling.Agent]);
      await disputeCourt.write.closeRound([disputeId]);
      for (const member of panel) assert.equal(await disputeCourt.read.balanceOf([member]), FEE / 3n);
      await passAppealWindow(disputeId);
      await disputeCourt.write.execute([disputeId]);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Paid);
      assert.equal(await disputeCourt.read.balanceOf([operator.account.address]), BOND - FEE);
      // The court's lock went back to the operator's free stake, untouched.
      assert.equal(await stakeManager.read.lockedBy([disputeCourt.address, operator.account.address]), 0n);
      assert.equal((await stakeManager.read.stakeOf([operator.account.address])).locked, 0n);
      assert.equal(await insurancePool.read.claimCount(), 0n);
      await assertCourtLedger();
    });

    it("should rule for the agent on a tie or silence, penalize silent seats and send unearned fees to the pool", async () => {
      const { disputeCourt, arbitratorRegistry, insurancePool, token, openDispute, draw, vote, assertCourtLedger } =
        await setup();
      const { disputeId } = await openDispute();
      await draw(disputeId);
      const panel = await vote(disputeId, ["silent", "commit-only", "silent"]);
      const poolBefore = await token.read.balanceOf([insurancePool.address]);
      await disputeCourt.write.closeRound([disputeId]);
      const round = await disputeCourt.read.getRound([disputeId, 0]);
      assert.equal(round.ruling, Ruling.Agent);
      for (const member of panel) {
        const stake = await arbitratorRegistry.read.arbitratorOf([member]);
        assert.equal(stake.locked, 0n);
        assert.equal(stake.free, ARBITRATOR_STAKE - PENALTY);
      }
      assert.equal(await token.read.balanceOf([insurancePool.address]), poolBefore + FEE + 3n * PENALTY);
      await assertCourtLedger();
    });
  });

  describe("# appeal", () => {
    it("should let the loser appeal with twice the bond to a new panel of seven that can flip the ruling", async () => {
      const {
        disputeCourt,
        arbitratorRegistry,
        jobEscrow,
        token,
        client,
        operator,
        openDispute,
        draw,
        vote,
        assertCourtLedger,
      } = await setup();
      const { disputeId, jobId } = await openDispute();
      await draw(disputeId);
      const firstPanel = await vote(disputeId, [Ruling.Agent, Ruling.Agent, Ruling.Client]);
      await disputeCourt.write.closeRound([disputeId]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.appeal([disputeId], { account: operator.account }),
        disputeCourt,
        "DisputeCourtNotAppellant",
        [disputeId, getAddress(operator.account.address)],
      );
      const appealBond = BOND * 2n;
      await token.write.approve([disputeCourt.address, appealBond], { account: client.account });
      const firstTicket = (await disputeCourt.read.getRound([disputeId, 0])).drawTicket;
      const appealedAt = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(appealedAt);
      await viem.assertions.emitWithArgs(
        disputeCourt.write.appeal([disputeId], { account: client.account }),
        disputeCourt,
        "RoundStarted",
        [
          disputeId,
          1,
          getAddress(client.account.address),
          appealBond,
          BigInt(2 * court.firstPanelSize + 1),
          firstTicket + 1n,
          appealedAt + court.drawTimeout,
        ],
      );
      const [appealed] = await disputeCourt.getEvents.DisputeAppealed();
      assert.deepEqual(appealed!.args, {
        disputeId,
        appellant: getAddress(client.account.address),
        bond: appealBond,
      });
      // The appeal waits in line for the next session with a ticket of its own.
      assert.deepEqual(await disputeCourt.read.nextDraw(), [disputeId, (await arbitratorRegistry.read.session()) + 1n]);
      const appealPanel = await draw(disputeId);
      assert.equal(appealPanel.length, 2 * court.firstPanelSize + 1);
      for (const member of appealPanel) {
        assert.ok(!firstPanel.some((earlier) => isAddressEqual(earlier, member)), "all new arbitrators");
      }
      await vote(disputeId, [
        Ruling.Client,
        Ruling.Client,
        Ruling.Client,
        Ruling.Client,
        Ruling.Agent,
        Ruling.Agent,
        Ruling.Client,
      ]);
      await disputeCourt.write.closeRound([disputeId]);
      // No appeal of the appeal; the ruling executes at once.
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.appeal([disputeId], { account: operator.account }),
        disputeCourt,
        "DisputeCourtAppealClosed",
        [disputeId],
      );
      await disputeCourt.write.execute([disputeId]);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Rejected);
      const appealFee = (appealBond * BigInt(court.panelFeeBps)) / BPS;
      // Both bonds' remainders, the compensation and both fees it paid (reimbursed by the slash).
      assert.equal(
        await disputeCourt.read.balanceOf([client.account.address]),
        BOND - FEE + (appealBond - appealFee) + COMPENSATION + FEE + appealFee,
      );
      await assertCourtLedger();
    });

    it("should close the appeal window at its end and refuse appeals after it", async () => {
      const { disputeCourt, client, openDispute, draw, vote, passAppealWindow } = await setup();
      const { disputeId } = await openDispute();
      await draw(disputeId);
      await vote(disputeId, [Ruling.Agent, Ruling.Agent, Ruling.Agent]);
      await disputeCourt.write.closeRound([disputeId]);
      await passAppealWindow(disputeId);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.appeal([disputeId], { account: client.account }),
        disputeCourt,
        "DisputeCourtAppealClosed",
        [disputeId],
      );
    });

    it("should return the appeal bond whole and keep round 0's ruling when the appeal cannot seat a panel", async () => {
      const {
        disputeCourt,
        arbitratorRegistry,
        jobEscrow,
        token,
        operator,
        arbitrators,
        openDispute,
        draw,
        vote,
        assertCourtLedger,
      } = await setup();
      const { disputeId, jobId } = await openDispute();
      const firstPanel = await draw(disputeId);
      await vote(disputeId, [Ruling.Client, Ruling.Client, Ruling.Client]);
      await disputeCourt.write.closeRound([disputeId]);
      // All but the first panel leave: seven new arbitrators cannot be found.
      for (const arbitrator of arbitrators) {
        if (firstPanel.some((member) => isAddressEqual(member, arbitrator.account.address))) continue;
        await arbitratorRegistry.write.requestLeave([ARBITRATOR_STAKE], { account: arbitrator.account });
      }
      // The operator kept half its faucet tokens out of stake: enough for the appeal bond.
      await token.write.approve([disputeCourt.address, BOND * 2n], { account: operator.account });
      await disputeCourt.write.appeal([disputeId], { account: operator.account });
      await networkHelpers.time.increaseTo((await disputeCourt.read.getRound([disputeId, 1])).drawDeadline + 1n);
      await disputeCourt.write.lapse([disputeId]);
      await disputeCourt.write.execute([disputeId]);
      assert.equal((await jobEscrow.read.getJob([jobId])).status, JobStatus.Rejected);
      assert.equal(await disputeCourt.read.balanceOf([operator.account.address]), BOND * 2n);
      await assertCourtLedger();
    });
  });

  describe("# withdrawBalance", () => {
    it("should pay out a balance once and refuse empty balances and bad recipients", async () => {
      const { disputeCourt, token, operator, other, openDispute, draw, vote, passAppealWindow } = await setup();
      const { disputeId } = await openDispute();
      await draw(disputeId);
      await vote(disputeId, [Ruling.Agent, Ruling.Agent, Ruling.Agent]);
      await disputeCourt.write.closeRound([disputeId]);
      await passAppealWindow(disputeId);
      await disputeCourt.write.execute([disputeId]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.withdrawBalance([zeroAddress], { account: operator.account }),
        disputeCourt,
        "DisputeCourtInvalidRecipient",
        [zeroAddress],
      );
      const before = await token.read.balanceOf([other.account.address]);
      await disputeCourt.write.withdrawBalance([other.account.address], { account: operator.account });
      assert.equal(await token.read.balanceOf([other.account.address]), before + BOND - FEE);
      await viem.assertions.revertWithCustomErrorWithArgs(
        disputeCourt.write.withdrawBalance([other.account.address], { account: operator.account }),
        disputeCourt,
        "DisputeCourtNothingOwed",
        [getAddress(operator.account.address)],
      );
    });
  });

  describe("# setParams", () => {
    it("should let only the admin set parameters, within bounds, for disputes opened afterwards", async () => {
      const { disputeCourt, admin, other } = await setup();
      await viem.assertions.revertWithCustomError(
        disputeCourt.write.setParams([court], { account: other.account }),
        disputeCourt,
        "AccessControlUnauthorizedAccount",
      );
      const invalid: [string, Partial<CourtParams>][] = [
        ["bondMinimum", { bondMinimum: 0n }],
        ["bondBps", { bondBps: 10_001 }],
        ["compensationBps", { compensationBps: 20_001 }],
        ["panelFeeBps", { panelFeeBps: 10_001 }],
        ["nonRevealPenaltyBps", { nonRevealPenaltyBps: 10_001 }],
        ["firstPanelSize", { firstPanelSize: 4 }],
        ["firstPanelSize", { firstPanelSize: 17 }],
        ["drawTimeout", { drawTimeout: 0n }],
        ["commitPeriod", { commitPeriod: 31n * 24n * 3600n }],
        ["revealPeriod", { revealPeriod: 0n }],
        ["appealPeriod", { appealPeriod: 0n }],
      ];
      for (const [name, change] of invalid) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          disputeCourt.write.setParams([{ ...court, ...change }], { account: admin.account }),
          disputeCourt,
          "DisputeCourtInvalidParam",
          [toHex(name, { size: 32 })],
        );
      }
      const next = { ...court, firstPanelSize: 5, commitPeriod: 60n };
      await viem.assertions.emit(
        disputeCourt.write.setParams([next], { account: admin.account }),
        disputeCourt,
        "ParamsUpdated",
      );
      assert.equal((await disputeCourt.read.params()).firstPanelSize, 5);
    });
  });

  describe("# views", () => {
    it("should revert with DisputeCourtUnknownDispute for an id never used", async () => {
      const { disputeCourt } = await setup();
      for (const call of [
        () => disputeCourt.read.getDispute([1n]),
        () => disputeCourt.read.getRound([1n, 0]),
        () => disputeCourt.read.panelOf([1n, 0]),
        () => disputeCourt.read.voteOf([1n, 0, zeroAddress]),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(call(), disputeCourt, "DisputeCourtUnknownDispute", [1n]);
      }
    });

    it("should compute commitments and dispute references exactly as the sdk does", async () => {
      const { disputeCourt, arbitrators } = await setup();
      const salt = keccak256(toHex("salt"));
      for (const [disputeId, round, vote] of [
        [1n, 0, Ruling.Client],
        [7n, 1, Ruling.Agent],
      ] as const) {
        const arbitrator = arbitrators[0]!.account.address;
        assert.equal(
          await disputeCourt.read.commitmentOf([disputeId, round, arbitrator, vote, salt]),
          voteCommitment({ disputeId, round, arbitrator, vote, salt }),
        );
        assert.equal(await disputeCourt.read.disputeRef([disputeId]), disputeRef(disputeId));
      }
    });

    it("should price round 0's bond as the larger of the minimum and the payment's share", async () => {
      const { disputeCourt } = await setup();
      assert.equal(await disputeCourt.read.bondFor([0n]), court.bondMinimum);
      const large = parseEther("1000");
      assert.equal(await disputeCourt.read.bondFor([large]), (large * BigInt(court.bondBps)) / BPS);
    });
  });
});
