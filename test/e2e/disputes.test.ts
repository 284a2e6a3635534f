/**
 * Disputes end to end on a real local chain with the real worker (support/e2e-devnet.ts): the
 * data owner pays for a job the worker runs and receipts, disputes it inside the challenge window
 * citing the anchored receipt (a tampered copy of the receipt is refused as evidence), a panel of
 * staked arbitrators is drawn and votes by commit and reveal, and the contracts execute the
 * ruling: refund, slash, compensation, insurance top-up when the stake is short, appeal, and the
 * timeout paths (a silent panel, an appeal no panel can be found for).
 *
 * The deploy takes half-rate collateral (JobEscrow.collateralBps 5,000), so a job's collateral
 * covers only half of the compensation the court awards (the payment again): the court locks the
 * operator's stake (free, then unbonding) behind the other half when the dispute opens, and what
 * the operator does not have is left to the insurance pool. The minimum stake is low (5 tokens),
 * so an operator can hold less than that other half.
 */
import { keccak256, parseEther, stringToHex, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCourtParticipant, DisputePhase, Ruling, type CourtParticipant } from "../../scripts/lib/court.ts";
import { JobStatus, type DataOwner, type Lent } from "../../scripts/lib/data-owner.ts";
import {
  DEVNET_COURT,
  DEVNET_MAX_LEASE_TTL,
  DEVNET_UNBONDING_DELAY,
  localClients,
} from "../../scripts/lib/local-deploy.ts";
import { DEMO_REDACTION_POLICY, DEMO_REDACTION_SCOPE } from "../../scripts/lib/seed-demo.ts";
import { encodeEvidenceUri } from "../../sdk/src/court/index.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import {
  arbitratorRegistryAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  stakeManagerAbi,
} from "../../sdk/src/generated/abis.ts";
import { startE2eDevnet, type E2eDevnet } from "./support/e2e-devnet.ts";

const BPS = 10_000n;
const COLLATERAL_BPS = 5_000;
const PAYMENT = parseEther("20");
const BOND =
  (PAYMENT * BigInt(DEVNET_COURT.bondBps)) / BPS > DEVNET_COURT.bondMinimum
    ? (PAYMENT * BigInt(DEVNET_COURT.bondBps)) / BPS
    : DEVNET_COURT.bondMinimum;
const FEE = (BOND * BigInt(DEVNET_COURT.panelFeeBps)) / BPS;
const COMPENSATION = (PAYMENT * BigInt(DEVNET_COURT.compensationBps)) / BPS;
const MINIMUM_STAKE = parseEther("5");
/** Seven more arbitrators, so an appeal can seat a panel of seven new ones. */
const EXTRA_ARBITRATORS = [11, 12, 13, 14, 15, 16, 17];
const records = [{ id: 1, name: "Ines Duarte", email: "ines@example.com", phone: "+351 21 000 0000" }];

let devnet: E2eDevnet;
let owner: DataOwner;
let lent: Lent;
let client: CourtParticipant;
let operatorAddress: Address;
const arbitrators = new Map<string, CourtParticipant>();
/** A dispute one test opens and the next one rules on. */
const disputes: { clientWins?: { jobId: bigint; disputeId: bigint } } = {};

function arbitrator(address: Address): CourtParticipant {
  const participant = arbitrators.get(address.toLowerCase());
  if (!participant) throw new Error(`no scripted arbitrator ${address}`);
  return participant;
}

/** A job the worker runs and receipts, still inside its challenge window, with its evidence. */
async function submittedJob() {
  const jobId = await owner.openJob({ leaseId: lent.leaseId, payment: PAYMENT, policy: DEMO_REDACTION_POLICY });
  expect(await owner.answerJob({ jobId, lent })).toBe(JobStatus.Submitted);
  const collected = await owner.collect({ jobId, lent });
  const cited = {
    batchId: collected.proof.batchId as Hex,
    receiptDigest: collected.verified.digest,
    proof: collected.proof.proof as Hex[],
  };
  return { jobId, collected, cited };
}

/** Disputes a fresh job with a statement and its receipt as evidence; returns ids. */
async function disputedJob() {
  const { jobId, collected, cited } = await submittedJob();
  const uri = encodeEvidenceUri({
    statement: "The export let us re-identify a customer.",
    receipts: [{ signedReceipt: collected.signedReceipt, batchId: cited.batchId, proof: cited.proof }],
  });
  const disputeId = await client.openDispute({ jobId, cited: [cited], uri });
  return { jobId, disputeId };
}

/** Every seat commits, then reveals, `votes[i]` (seat order); "silent" seats do neither. */
async function panelVotes(disputeId: bigint, votes: readonly (Ruling | "silent")[]) {
  const panel = await client.draw(disputeId);
  expect(panel).toHaveLength(votes.length);
  for (const [seat, address] of panel.entries()) {
    const vote = votes[seat]!;
    if (vote !== "silent") await arbitrator(address).commit(disputeId, vote);
  }
  if (votes.includes("silent")) {
    const { round } = await client.getDispute(disputeId);
    const { commitEndsAt } = await client.getRound(disputeId, round);
    await devnet.advance(commitEndsAt - (await owner.chainNow()));
  }
  for (const [seat, address] of panel.entries()) {
    if (votes[seat] !== "silent") await arbitrator(address).reveal(disputeId);
  }
  if (votes.includes("silent")) {
    const { round } = await client.getDispute(disputeId);
    const { revealEndsAt } = await client.getRound(disputeId, round);
    await devnet.advance(revealEndsAt - (await owner.chainNow()));
  }
  await client.closeRound(disputeId);
  return panel;
}

async function passAppealWindow() {
  await devnet.advance(DEVNET_COURT.appealPeriod + 1n);
}

async function readStake(address: Address) {
  const { publicClient } = localClients(devnet.anvil.rpcUrl);
  return publicClient.readContract({
    address: devnet.deployment.contracts.StakeManager.address,
    abi: stakeManagerAbi,
    functionName: "stakeOf",
    args: [address],
  });
}

async function arbitratorStake(address: Address) {
  const { publicClient } = localClients(devnet.anvil.rpcUrl);
  return publicClient.readContract({
    address: devnet.deployment.contracts.ArbitratorRegistry.address,
    abi: arbitratorRegistryAbi,
    functionName: "arbitratorOf",
    args: [address],
  });
}

async function jobStatus(jobId: bigint) {
  const { publicClient } = localClients(devnet.anvil.rpcUrl);
  const job = await publicClient.readContract({
    address: devnet.deployment.contracts.JobEscrow.address,
    abi: jobEscrowAbi,
    functionName: "getJob",
    args: [jobId],
  });
  return job.status;
}

beforeAll(async () => {
  devnet = await startE2eDevnet({
    name: "e2e-disputes",
    deploy: { collateralBps: COLLATERAL_BPS, minimumStake: MINIMUM_STAKE },
  });
  ({ owner } = await devnet.launchWorker());
  const { deployment, anvil } = devnet;
  const redactor = devnet.seeded.agents.find((agent) => agent.bundle === "redaction")!;
  operatorAddress = devAccount(redactor.operatorIndex).address;
  client = createCourtParticipant({ rpcUrl: anvil.rpcUrl, deployment, accountIndex: devAccountRoles.demoOwner });
  for (const accountIndex of devAccountRoles.arbitrators) {
    const participant = createCourtParticipant({ rpcUrl: anvil.rpcUrl, deployment, accountIndex });
    arbitrators.set(participant.address.toLowerCase(), participant);
  }
  lent = await owner.lend({
    agentId: redactor.agentId,
    scope: DEMO_REDACTION_SCOPE,
    context: new TextEncoder().encode(JSON.stringify(records)),
    feeCap: parseEther("1000"),
    // The court's periods move chain time by hours; the lease must outlive them (the devnet's longest).
    leaseFor: DEVNET_MAX_LEASE_TTL - 60n,
  });
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
});

describe("# a dispute the client wins", () => {
  it("should refuse a tampered receipt as evidence and take the real one", async () => {
    const { jobId, collected, cited } = await submittedJob();
    const tampered = { ...cited, receiptDigest: keccak256(stringToHex("a receipt the worker never signed")) };
    await expect(client.openDispute({ jobId, cited: [tampered], uri: "" })).rejects.toThrow(
      /DisputeCourtReceiptNotIncluded/,
    );
    const uri = encodeEvidenceUri({
      statement: "The export let us re-identify a customer.",
      receipts: [{ signedReceipt: collected.signedReceipt, batchId: cited.batchId, proof: cited.proof }],
    });
    const disputeId = await client.openDispute({ jobId, cited: [cited], uri });
    expect(await jobStatus(jobId)).toBe(JobStatus.Frozen);
    expect((await client.getDispute(disputeId)).phase).toBe(DisputePhase.Drawing);
    // Left to the next test: the panel votes on this dispute.
    disputes.clientWins = { jobId, disputeId };
  });

  it("should refund the payment, slash the operator for compensation and fees, and pay the coherent panel", async () => {
    const { jobId, disputeId } = disputes.clientWins!;
    const ownerBefore = await devnet.balanceOf(owner.address);
    const stakeBefore = await readStake(operatorAddress);
    const panel = await panelVotes(disputeId, [Ruling.Client, Ruling.Client, Ruling.Agent]);
    await expect(client.execute(disputeId)).rejects.toThrow(/DisputeCourtAppealWindowOpen/);
    await passAppealWindow();
    await client.execute(disputeId);

    expect(await jobStatus(jobId)).toBe(JobStatus.Rejected);
    expect(await devnet.balanceOf(owner.address)).toBe(ownerBefore + PAYMENT);
    const stakeAfter = await readStake(operatorAddress);
    expect(stakeAfter.free).toBe(stakeBefore.free + stakeBefore.locked - COMPENSATION - FEE);
    // Bond back less its fee, the compensation and the fee reimbursed by the slash.
    expect(await client.balance()).toBe(BOND + COMPENSATION);
    const coherent = panel.slice(0, 2).map(arbitrator);
    for (const voter of coherent) expect(await voter.balance()).toBe(FEE / 2n);
    expect(await arbitrator(panel[2]!).balance()).toBe(0n);

    const before = await devnet.balanceOf(owner.address);
    await client.withdrawBalance();
    expect(await devnet.balanceOf(owner.address)).toBe(before + BOND + COMPENSATION);
    await expect(client.execute(disputeId)).rejects.toThrow(/DisputeCourtWrongPhase/);
  });
});

describe("# timeouts", () => {
  it("should rule for the agent when the panel stays silent, penalize every seat and pay the job", async () => {
    const { jobId, disputeId } = await disputedJob();
    const seated = [...arbitrators.values()];
    const creditsBefore = await Promise.all(seated.map((participant) => participant.balance()));
    const stakesBefore = await Promise.all(seated.map((participant) => arbitratorStake(participant.address)));
    const panel = await panelVotes(disputeId, ["silent", "silent", "silent"]);
    const round = await client.getRound(disputeId, 0);
    expect(round.ruling).toBe(Ruling.Agent);
    await passAppealWindow();
    await client.execute(disputeId);
    expect(await jobStatus(jobId)).toBe(JobStatus.Paid);
    // The bond less the fee goes to the operator, who won.
    const operator = createCourtParticipant({
      rpcUrl: devnet.anvil.rpcUrl,
      deployment: devnet.deployment,
      accountIndex: devAccountRoles.demoOperators[0],
    });
    expect(await operator.balance()).toBe(BOND - FEE);
    // Nobody voted, so nobody earned the fee: it and the penalties went to the pool; every silent
    // seat lost its penalty and got the rest of its lock back.
    const { lockPerSeat } = await client.getRound(disputeId, 0);
    const penalty = (lockPerSeat * BigInt(DEVNET_COURT.nonRevealPenaltyBps)) / BPS;
    for (const [index, participant] of seated.entries()) {
      expect(await participant.balance()).toBe(creditsBefore[index]);
      const drawn = panel.some((seat) => seat.toLowerCase() === participant.address.toLowerCase());
      const stake = await arbitratorStake(participant.address);
      expect(stake.locked).toBe(0n);
      expect(stake.free).toBe(stakesBefore[index]!.free - (drawn ? penalty : 0n));
    }
  });

  it("should keep round 0's ruling and return the appeal bond whole when no appeal panel can be seated", async () => {
    const { jobId, disputeId } = await disputedJob();
    await panelVotes(disputeId, [Ruling.Agent, Ruling.Agent, Ruling.Client]);
    const balanceBefore = await client.balance();
    await client.appeal(disputeId);
    // Only the three seeded arbitrators exist and all sat in round 0: nobody is left to draw, so
    // the round's ticket is drawn empty and it waits for a later session, until it lapses.
    await expect(client.draw(disputeId)).rejects.toThrow(/no panel could be seated/);
    const { drawDeadline } = await client.getRound(disputeId, 1);
    await devnet.advance(drawDeadline - (await owner.chainNow()) + 1n);
    await client.lapse(disputeId);
    await client.execute(disputeId);
    expect(await jobStatus(jobId)).toBe(JobStatus.Paid);
    expect((await client.getDispute(disputeId)).phase).toBe(DisputePhase.Executed);
    expect((await client.balance()) - balanceBefore).toBe(BOND * 2n);
  });
});

describe("# appeal", () => {
  it("should let the losing client appeal to seven new arbitrators who reverse the ruling", async () => {
    for (const accountIndex of EXTRA_ARBITRATORS) {
      const participant = createCourtParticipant({
        rpcUrl: devnet.anvil.rpcUrl,
        deployment: devnet.deployment,
        accountIndex,
      });
      await participant.joinCourt(parseEther("150"));
      arbitrators.set(participant.address.toLowerCase(), participant);
    }
    const { jobId, disputeId } = await disputedJob();
    const firstPanel = await panelVotes(disputeId, [Ruling.Agent, Ruling.Agent, Ruling.Agent]);
    await client.appeal(disputeId);
    const appealPanel = await panelVotes(disputeId, [
      Ruling.Client,
      Ruling.Client,
      Ruling.Client,
      Ruling.Client,
      Ruling.Client,
      Ruling.Agent,
      Ruling.Agent,
    ]);
    for (const seat of appealPanel) {
      expect(firstPanel.map((address) => address.toLowerCase())).not.toContain(seat.toLowerCase());
      expect([owner.address.toLowerCase(), operatorAddress.toLowerCase()]).not.toContain(seat.toLowerCase());
    }
    await expect(client.appeal(disputeId)).rejects.toThrow(/DisputeCourtAppealClosed/);
    await client.execute(disputeId);
    expect(await jobStatus(jobId)).toBe(JobStatus.Rejected);
    expect((await client.getDispute(disputeId)).ruling).toBe(Ruling.Client);
  });
});

describe("# insurance", () => {
  it("should top up from the pool what the operator's stake cannot cover", async () => {
    const { deployment, anvil } = devnet;
    const pool = { address: deployment.contracts.InsurancePool.address, abi: insurancePoolAbi } as const;
    const { publicClient } = localClients(anvil.rpcUrl);
    const operator = localClients(anvil.rpcUrl, devAccountRoles.demoOperators[0]);
    const stakeManager = { address: deployment.contracts.StakeManager.address, abi: stakeManagerAbi } as const;
    const send = async (functionName: "requestWithdrawal" | "withdraw", args: readonly unknown[]) => {
      const hash = await operator.walletClient.writeContract({ ...stakeManager, functionName, args } as never);
      await operator.publicClient.waitForTransactionReceipt({ hash });
    };

    // The operator keeps only what accepting one more job needs (its collateral and the minimum)
    // and takes the rest out; what it keeps is all the court can lock behind the compensation.
    const collateral = (PAYMENT * BigInt(COLLATERAL_BPS)) / BPS;
    const { free } = await readStake(operatorAddress);
    await send("requestWithdrawal", [free - collateral - MINIMUM_STAKE]);
    await devnet.advance(DEVNET_UNBONDING_DELAY + 1n);
    await send("withdraw", [operatorAddress]);

    const { jobId, collected, cited } = await submittedJob();
    // Moving the minimum to unbonding as the dispute opens would not save it: the lock takes it too.
    await send("requestWithdrawal", [MINIMUM_STAKE]);
    const uri = encodeEvidenceUri({
      statement: "The export let us re-identify a customer.",
      receipts: [{ signedReceipt: collected.signedReceipt, batchId: cited.batchId, proof: cited.proof }],
    });
    const disputeId = await client.openDispute({ jobId, cited: [cited], uri });
    const { claimId, operatorLock } = await client.getDispute(disputeId);
    expect(operatorLock).toBe(MINIMUM_STAKE);
    const claim = await publicClient.readContract({ ...pool, functionName: "getClaim", args: [claimId] });
    expect(claim.reserved).toBe(COMPENSATION - collateral - MINIMUM_STAKE);
    expect((await readStake(operatorAddress)).unbonding).toBe(0n);

    const balanceBefore = await client.balance();
    const poolBefore = await devnet.balanceOf(pool.address);
    // Two coherent voters share the fee exactly, so no division dust reaches the pool.
    await panelVotes(disputeId, [Ruling.Client, Ruling.Client, Ruling.Agent]);
    await passAppealWindow();
    await client.execute(disputeId);

    expect(await jobStatus(jobId)).toBe(JobStatus.Rejected);
    const slashed = collateral + MINIMUM_STAKE;
    const topUp = COMPENSATION - slashed;
    // The slash took the released collateral and lock; the pool paid the rest of the
    // compensation, all the claim had reserved.
    expect((await client.balance()) - balanceBefore).toBe(BOND - FEE + slashed + topUp);
    expect(await devnet.balanceOf(pool.address)).toBe(poolBefore - topUp);
    const paid = await publicClient.readContract({ ...pool, functionName: "getClaim", args: [claimId] });
    expect(paid.status).toBe(2);
    expect(paid.paid).toBe(topUp);
    expect(await publicClient.readContract({ ...pool, functionName: "totalReserved" })).toBe(0n);
    expect((await readStake(operatorAddress)).free).toBe(0n);
  });
});
