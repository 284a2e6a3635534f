/**
 * A court history for the indexer to replay, on a chain of its own (after the real deploy, with
 * collateral at a fifth of the payment so the court backs compensation with locks and claims):
 * operators with agents, an insurer's deposit, then jobs with real anchored receipts that end
 * every way a dispute can end: dismissed by a lapse (no arbitrators yet: its ticket is drawn
 * empty and deferred, the next one cancelled), paid after the window, rejected by a unanimous
 * panel (an operator that took out all its stake but what accepting the job needed: the lock takes
 * the minimum it kept, a claim covers the gap; it stakes again mid-dispute, so the slash covers it
 * and the claim is cancelled), paid after an appeal (a seat that never
 * revealed penalized in round 0, a split round 1), and released by the escrow's frozen timeout
 * before its lapsed dispute executed. Panels are drawn in the registry's draw sessions, run as
 * any keeper runs them. Then balances withdrawn, an arbitrator leaving, and the insurer's redeem
 * request, cancellation and redemption. Chain time is moved with anvil over the devnet's periods.
 */
import {
  arbitratorRegistryAbi,
  buildReceiptTree,
  devAccount,
  hashReceipt,
  LOCAL_CHAIN_ID,
  receiptDomain,
  signCertificate,
  signReceipt,
  type SignedReceipt,
} from "@leasehold/sdk";
import { getContract, parseEther, type Address, type Hex } from "viem";
import { increaseTime } from "../../../scripts/lib/anvil.ts";
import { createCourtParticipant, Ruling, type CourtParticipant } from "../../../scripts/lib/court.ts";
import { localClients } from "../../../scripts/lib/local-deploy.ts";
import {
  address,
  codeHash,
  confirm,
  contractsAs,
  identity,
  identityAccount,
  identityProof,
  timelockClient,
  type Chain,
} from "./scenario.ts";

export const courtAccounts = {
  operatorA: 2,
  operatorB: 3,
  client: 5,
  insurer: 10,
  /** Ten arbitrators: enough for a panel of three and, without it, an appeal panel of seven. */
  arbitrators: [1, 6, 7, 8, 9, 11, 12, 13, 14, 15],
} as const;

export const PAYMENT = parseEther("5");
/** Collateral at a fifth of the payment: the court locks operator stake for the rest of the compensation. */
export const COLLATERAL_BPS = 2_000;
/**
 * The minimum stake governance sets for the scenario, and all operator B keeps free at its dispute
 * (it takes out the rest beforehand): less than the lock its dispute needs.
 */
export const OPERATOR_B_FREE_AT_DISPUTE = parseEther("1");
export const ARBITRATOR_STAKE = parseEther("200");
export const INSURER_DEPOSIT = parseEther("500");

export interface CourtScenario {
  agentA: bigint;
  agentB: bigint;
  /** Disputed before any arbitrator joined: its ticket drawn empty and deferred, then lapsed, dismissed, paid. */
  lapsedDispute: bigint;
  lapsedJob: bigint;
  /** Paid once its challenge window passed. */
  paidJob: bigint;
  /** Ruled for the client by all three seats: job rejected, operator B slashed. */
  clientWinsDispute: bigint;
  clientWinsJob: bigint;
  /** Ruled for the agent 2 to 0 (a seat silent), appealed, ruled for the agent 4 to 3. */
  appealedDispute: bigint;
  appealedJob: bigint;
  /** The seat of the appealed dispute's round 0 that committed and never revealed. */
  silentArbitrator: Address;
  /** The receipt batch and digest cited as evidence in the client-wins dispute. */
  citedBatchId: Hex;
  citedDigest: Hex;
  /** Arbitrator that requested to leave part of its stake. */
  leavingArbitrator: Address;
  /** Disputed, never drawn, released by the escrow's frozen timeout (paid), then lapsed and executed. */
  releasedDispute: bigint;
  releasedJob: bigint;
  /**
   * Run after the suite has read the scenario: one more dispute over a job of agent A, ruled for
   * the agent by its three seats and left in phase `ruled` (not executed). Returns its id.
   */
  ruleWithoutExecuting: () => Promise<bigint>;
}

export async function runCourtScenario(chain: Chain): Promise<CourtScenario> {
  const done = (hash: Promise<Hex>) => confirm(chain, hash);
  const { publicClient } = localClients(chain.rpcUrl);
  const { rpcUrl, deployment } = chain;
  const now = async () => (await publicClient.getBlock()).timestamp;
  const client = contractsAs(chain, courtAccounts.client);
  const operatorA = contractsAs(chain, courtAccounts.operatorA);
  const operatorB = contractsAs(chain, courtAccounts.operatorB);
  const insurer = contractsAs(chain, courtAccounts.insurer);
  const timelock = contractsAs(chain, await timelockClient(chain));
  const clientInCourt = createCourtParticipant({ rpcUrl, deployment, accountIndex: courtAccounts.client });
  const operatorAInCourt = createCourtParticipant({ rpcUrl, deployment, accountIndex: courtAccounts.operatorA });
  const anyone = operatorAInCourt;
  const arbitrators = new Map<string, CourtParticipant>(
    courtAccounts.arbitrators.map((index) => {
      const participant = createCourtParticipant({ rpcUrl, deployment, accountIndex: index });
      return [participant.address.toLowerCase(), participant];
    }),
  );
  const seat = (panel: readonly Address[], index: number) => arbitrators.get(panel[index]!.toLowerCase())!;
  const policy = codeHash("policy: court");
  const domain = receiptDomain({ chainId: LOCAL_CHAIN_ID, receiptAnchor: deployment.contracts.ReceiptAnchor.address });

  // Governance lowers collateral below the compensation; operators stake and register one agent
  // each; the client funds its escrow approvals.
  await done(timelock.escrow.write.setCollateralBps([COLLATERAL_BPS]));
  await done(timelock.stakeManager.write.setMinimumStake([OPERATOR_B_FREE_AT_DISPUTE]));
  const register = async (operator: typeof operatorA, accountIndex: number, identityIndex: number, label: string) => {
    await done(operator.token.write.faucet());
    await done(operator.token.write.approve([operator.stakeManager.address, parseEther("300")]));
    await done(operator.stakeManager.write.deposit([parseEther("300")]));
    const proof = await identityProof(chain, identityIndex, accountIndex);
    await done(operator.registry.write.register([identity(identityIndex), codeHash(label), "", ...proof]));
    return operator.registry.read.agentCount();
  };
  const agentA = await register(operatorA, courtAccounts.operatorA, 21, "court agent A");
  const agentB = await register(operatorB, courtAccounts.operatorB, 22, "court agent B");
  await done(client.token.write.faucet());
  await done(client.token.write.approve([client.escrow.address, parseEther("1000")]));
  await done(insurer.token.write.faucet());
  await done(insurer.token.write.approve([insurer.pool.address, INSURER_DEPOSIT]));
  await done(insurer.pool.write.deposit([INSURER_DEPOSIT, address(courtAccounts.insurer)]));

  /** A job for `agentId`, accepted, with a real receipt anchored alone in its batch and submitted. */
  const submittedJob = async (agentId: bigint, operator: typeof operatorA, identityIndex: number) => {
    await done(
      client.leases.write.grant([
        agentId,
        codeHash(`scope ${agentId}`),
        codeHash(`context ${agentId}`),
        (await now()) + 20n * 3600n,
        PAYMENT,
      ]),
    );
    const leaseId = await client.leases.read.leaseCount();
    await done(client.escrow.write.openJob([leaseId, PAYMENT, policy, 1_000_000n, (await now()) + 10n * 3600n]));
    const jobId = await client.escrow.read.jobCount();
    await done(operator.escrow.write.acceptJob([jobId]));
    const ephemeral = devAccount(300 + Number(jobId));
    const notAfter = (await client.escrow.read.getJob([jobId])).deadline;
    const sealingKey = codeHash(`court sealing key ${jobId}`);
    const startedAt = await now();
    const certificate = await signCertificate({
      account: identityAccount(identityIndex),
      domain,
      certificate: { jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter },
    });
    const signed: SignedReceipt = await signReceipt({
      account: ephemeral,
      domain,
      receipt: {
        jobId,
        agentId,
        codeHash: codeHash("court agent"),
        policyHash: policy,
        inputHash: codeHash(`court input ${jobId}`),
        outputHash: codeHash(`court output ${jobId}`),
        fuelUsed: 1_000n,
        memoryPeakBytes: 1n << 20n,
        capabilityCalls: 1,
        startedAt,
        endedAt: startedAt + 1n,
        outcome: 0,
        certificate,
      },
      sealingKey,
      notAfter,
    });
    const digest = hashReceipt({ receipt: signed.receipt, domain });
    const tree = buildReceiptTree([digest]);
    await done(operator.anchor.write.anchor([agentId, tree.root, BigInt(tree.leafCount)]));
    const batchId = await operator.anchor.read.batchIdOf([agentId, tree.root]);
    await done(client.escrow.write.submitReceipt([jobId, signed, batchId, tree.proof(0)]));
    return { jobId, batchId, digest, proof: tree.proof(0) };
  };

  const commitAll = async (disputeId: bigint, panel: readonly Address[], votes: Ruling[]) => {
    for (const [index, vote] of votes.entries()) await seat(panel, index).commit(disputeId, vote);
  };
  const revealAll = async (disputeId: bigint, panel: readonly Address[], count: number) => {
    for (let index = 0; index < count; ++index) await seat(panel, index).reveal(disputeId);
  };
  const appealPeriod = async (disputeId: bigint) => {
    const { appealEndsAt } = await anyone.getRound(disputeId, 0);
    const left = appealEndsAt - (await now());
    if (left >= 0n) await increaseTime(rpcUrl, left + 1n);
  };

  // 1. No arbitrators yet: a session draws the ticket empty and the round takes another; the
  // dispute lapses (cancelling that ticket), is dismissed and the job is paid.
  const lapsed = await submittedJob(agentA, operatorA, 21);
  const lapsedDispute = await clientInCourt.openDispute({ jobId: lapsed.jobId, cited: [], uri: "ipfs://lapsed" });
  const deferred = await anyone.draw(lapsedDispute).then(
    () => false,
    (error: unknown) => error instanceof Error && error.message.includes("DrawDeferred"),
  );
  if (!deferred) throw new Error("The draw without arbitrators should have been deferred");
  const { drawDeadline } = await anyone.getRound(lapsedDispute, 0);
  await increaseTime(rpcUrl, drawDeadline - (await now()) + 1n);
  await anyone.lapse(lapsedDispute);
  await anyone.execute(lapsedDispute);

  // 2. The bench: ten arbitrators join.
  for (const participant of arbitrators.values()) await participant.joinCourt(ARBITRATOR_STAKE);

  // 3. A job paid once its challenge window passes.
  const paid = await submittedJob(agentA, operatorA, 21);
  const { challengeEndsAt } = await client.escrow.read.getJob([paid.jobId]);
  await increaseTime(rpcUrl, challengeEndsAt - (await now()) + 1n);
  await done(client.escrow.write.finalize([paid.jobId]));

  // 4. The client wins unanimously: the job is rejected and operator B slashed. B took out all its
  // stake but what accepting the job needs (the collateral and the minimum), so the court locks
  // the minimum and claims the gap.
  const operatorBAddress = address(courtAccounts.operatorB);
  const { free: freeB } = await operatorB.stakeManager.read.stakeOf([operatorBAddress]);
  const collateralB = (PAYMENT * BigInt(COLLATERAL_BPS)) / 10_000n;
  await done(operatorB.stakeManager.write.requestWithdrawal([freeB - collateralB - OPERATOR_B_FREE_AT_DISPUTE]));
  await increaseTime(rpcUrl, (await operatorB.stakeManager.read.unbondingDelay()) + 1n);
  await done(operatorB.stakeManager.write.withdraw([operatorBAddress]));
  const lost = await submittedJob(agentB, operatorB, 22);
  const clientWinsDispute = await clientInCourt.openDispute({
    jobId: lost.jobId,
    cited: [{ batchId: lost.batchId, receiptDigest: lost.digest, proof: lost.proof }],
    uri: "ipfs://client-wins",
  });
  // B stakes again while the dispute runs: at execution the slash covers the gap, so the claim is
  // cancelled and its reservation released to the insurer.
  const topUp = parseEther("10");
  await done(operatorB.token.write.approve([operatorB.stakeManager.address, topUp]));
  await done(operatorB.stakeManager.write.deposit([topUp]));
  const panel1 = await anyone.draw(clientWinsDispute);
  await commitAll(clientWinsDispute, panel1, [Ruling.Client, Ruling.Client, Ruling.Client]);
  await revealAll(clientWinsDispute, panel1, 3);
  await anyone.closeRound(clientWinsDispute);
  await appealPeriod(clientWinsDispute);
  await anyone.execute(clientWinsDispute);

  // 5. The agent wins 2-0 with a silent seat; the client appeals and loses 4-3.
  const appealed = await submittedJob(agentA, operatorA, 21);
  const appealedDispute = await clientInCourt.openDispute({
    jobId: appealed.jobId,
    cited: [],
    uri: "ipfs://appealed",
  });
  const panel2 = await anyone.draw(appealedDispute);
  await commitAll(appealedDispute, panel2, [Ruling.Agent, Ruling.Agent, Ruling.Client]);
  await revealAll(appealedDispute, panel2, 2);
  const { revealEndsAt } = await anyone.getRound(appealedDispute, 0);
  await increaseTime(rpcUrl, revealEndsAt - (await now()) + 1n);
  await anyone.closeRound(appealedDispute);
  await clientInCourt.appeal(appealedDispute);
  const panel3 = await anyone.draw(appealedDispute);
  const split = [Ruling.Agent, Ruling.Client, Ruling.Agent, Ruling.Client, Ruling.Agent, Ruling.Client, Ruling.Agent];
  await commitAll(appealedDispute, panel3, split);
  await revealAll(appealedDispute, panel3, split.length);
  await anyone.closeRound(appealedDispute);
  await anyone.execute(appealedDispute);

  // 6. Balances taken, an arbitrator leaving part of its stake, the insurer's exit.
  await operatorAInCourt.withdrawBalance();
  await clientInCourt.withdrawBalance();
  await seat(panel1, 0).withdrawBalance();
  const leavingArbitrator = seat(panel3, 1).address;
  const leaver = getContract({
    address: deployment.contracts.ArbitratorRegistry.address,
    abi: arbitratorRegistryAbi,
    client: localClients(rpcUrl, indexOf(leavingArbitrator)).walletClient,
  });
  await done(leaver.write.requestLeave([parseEther("50")]));
  const shares = await insurer.pool.read.balanceOf([address(courtAccounts.insurer)]);
  await done(insurer.pool.write.requestRedeem([shares / 2n]));
  await done(insurer.pool.write.cancelRedeem());
  await done(insurer.pool.write.requestRedeem([shares / 4n]));
  const cooldown = await insurer.pool.read.cooldown();
  await increaseTime(rpcUrl, cooldown + 1n);
  await done(insurer.pool.write.redeem([shares / 4n, address(courtAccounts.insurer), address(courtAccounts.insurer)]));

  // 7. A dispute nobody draws: the escrow releases its frozen job (paid) after FROZEN_TIMEOUT, and
  // the lapsed dispute's ruling then moves only the bonds.
  const released = await submittedJob(agentA, operatorA, 21);
  const releasedDispute = await clientInCourt.openDispute({
    jobId: released.jobId,
    cited: [],
    uri: "ipfs://released",
  });
  const [frozenTimeout, { challengeEndsAt: releasedWindowEnd }] = await Promise.all([
    client.escrow.read.FROZEN_TIMEOUT(),
    client.escrow.read.getJob([released.jobId]),
  ]);
  await increaseTime(rpcUrl, releasedWindowEnd + frozenTimeout - (await now()) + 1n);
  await done(operatorA.escrow.write.releaseFrozen([released.jobId]));
  await anyone.lapse(releasedDispute);
  await anyone.execute(releasedDispute);

  return {
    agentA,
    agentB,
    lapsedDispute,
    lapsedJob: lapsed.jobId,
    paidJob: paid.jobId,
    clientWinsDispute,
    clientWinsJob: lost.jobId,
    appealedDispute,
    appealedJob: appealed.jobId,
    silentArbitrator: panel2[2]!,
    citedBatchId: lost.batchId,
    citedDigest: lost.digest,
    leavingArbitrator,
    releasedDispute,
    releasedJob: released.jobId,
    ruleWithoutExecuting: async () => {
      const job = await submittedJob(agentA, operatorA, 21);
      const disputeId = await clientInCourt.openDispute({ jobId: job.jobId, cited: [], uri: "ipfs://ruled" });
      const panel = await anyone.draw(disputeId);
      await commitAll(disputeId, panel, [Ruling.Agent, Ruling.Agent, Ruling.Agent]);
      await revealAll(disputeId, panel, 3);
      await anyone.closeRound(disputeId);
      return disputeId;
    },
  };
}

/** The development account index of an arbitrator's address. */
function indexOf(arbitrator: Address): number {
  const index = courtAccounts.arbitrators.find((candidate) => address(candidate) === arbitrator);
  if (index === undefined) throw new Error(`${arbitrator} is not one of the scenario's arbitrators`);
  return index;
}
