/**
 * A busy history for the indexer to replay: every StakeManager and AgentRegistry event, sent by
 * several development accounts through the real contracts, including the awkward cases (a slash
 * that eats into unbonding stake and empties it, a slash of an address that never staked, a
 * revoked role, a withdrawal after the unbonding delay); then leases, jobs and receipts
 * (runJobsScenario): a revoked lease, an expired one, a batch of real EIP-712 receipts, and jobs
 * that end paid, voided, expired, cancelled, or overdue with no refund yet.
 */
import {
  agentRegistryAbi,
  anonymousStakeGroupAbi,
  buildReceiptTree,
  codeRegistryAbi,
  createIdentityProof,
  endorsementsAbi,
  devAccount,
  devAccountRoles,
  devStakeTokenAbi,
  hashReceipt,
  insurancePoolAbi,
  jobEscrowAbi,
  leaseholdGovernorAbi,
  leaseholdVotesAbi,
  leaseRegistryAbi,
  LOCAL_CHAIN_ID,
  NEW_AGENT,
  receiptAnchorAbi,
  receiptDomain,
  signCertificate,
  signReceipt,
  stakeManagerAbi,
  type Deployment,
  type SignedReceipt,
} from "@leasehold/sdk";
import {
  createTestClient,
  encodeFunctionData,
  getContract,
  http,
  keccak256,
  parseEther,
  stringToHex,
  type Address,
  type Hex,
  type WalletClient,
} from "viem";
import { impersonatedClient, localClients } from "../../../scripts/lib/local-deploy.ts";

export const accounts = {
  operatorA: devAccountRoles.demoOperators[0],
  operatorB: devAccountRoles.demoOperators[1],
  operatorC: devAccountRoles.demoOperators[2],
  slasher: 5,
  locker: 6,
  /** Slashed without ever staking. */
  bystander: 7,
  /** Receives slashed and withdrawn stake. */
  treasury: 8,
  /** Owns the leased data and opens jobs under its leases. */
  dataOwner: 9,
  /** Holds JobEscrow's DISPUTE_ROLE. */
  court: 10,
  /** Holds the voting supply (the deploy step mints it to the deployer) and proposes. */
  governor: devAccountRoles.deployer,
  /** CodeRegistry's GUARDIAN_ROLE, granted at deploy. */
  guardian: devAccountRoles.guardian,
  /** Publishes both releases and pays their bonds. */
  publisher: 11,
  /** Holds a few voting tokens, delegates to itself and votes against. */
  dissenter: 12,
  /** Holds a few voting tokens and delegates them to the governor account. */
  follower: 13,
  /** Front-runs the publisher's release with a copy of its code hash and bogus metadata. */
  squatter: 14,
} as const;

export const address = (index: number): Address => devAccount(index).address;
/** Agent identity keys: fixed addresses nobody sends from (they only sign certificates). */
export const identityAccount = (n: number) => devAccount(100 + n);
export const identity = (n: number): Address => identityAccount(n).address;
export const codeHash = (label: string): Hex => keccak256(stringToHex(label));

/** The last two arguments of register (or rotateIdentity of `agentId`): identity n's proof for `operator`. */
export async function identityProof(
  chain: Chain,
  n: number,
  operator: number,
  agentId = NEW_AGENT,
): Promise<readonly [bigint, Hex]> {
  const proof = await createIdentityProof({
    publicClient: localClients(chain.rpcUrl).publicClient,
    agentRegistry: chain.deployment.contracts.AgentRegistry.address,
    account: identityAccount(n),
    operator: address(operator),
    agentId,
  });
  return [proof.deadline, proof.signature];
}

export interface Chain {
  rpcUrl: string;
  deployment: Deployment;
}

type DevWalletClient = ReturnType<typeof localClients>["walletClient"];

/** The Leasehold contracts, as a development account (or an impersonated client) sees them. */
export function contractsAs(chain: Chain, account: number | WalletClient) {
  // One client type for both, so the contracts' methods keep one signature each; viem picks
  // signing locally or sending through the node from the account at run time.
  const client =
    typeof account === "number"
      ? localClients(chain.rpcUrl, account).walletClient
      : (account as unknown as DevWalletClient);
  const {
    DevStakeToken,
    StakeManager,
    AgentRegistry,
    LeaseRegistry,
    ReceiptAnchor,
    JobEscrow,
    LeaseholdVotes,
    LeaseholdGovernor,
    CodeRegistry,
    InsurancePool,
    AnonymousStakeGroup,
    Endorsements,
  } = chain.deployment.contracts;
  return {
    token: getContract({ address: DevStakeToken!.address, abi: devStakeTokenAbi, client }),
    stakeManager: getContract({ address: StakeManager.address, abi: stakeManagerAbi, client }),
    registry: getContract({ address: AgentRegistry.address, abi: agentRegistryAbi, client }),
    leases: getContract({ address: LeaseRegistry.address, abi: leaseRegistryAbi, client }),
    anchor: getContract({ address: ReceiptAnchor.address, abi: receiptAnchorAbi, client }),
    escrow: getContract({ address: JobEscrow.address, abi: jobEscrowAbi, client }),
    votes: getContract({ address: LeaseholdVotes.address, abi: leaseholdVotesAbi, client }),
    governor: getContract({ address: LeaseholdGovernor.address, abi: leaseholdGovernorAbi, client }),
    codeRegistry: getContract({ address: CodeRegistry.address, abi: codeRegistryAbi, client }),
    pool: getContract({ address: InsurancePool.address, abi: insurancePoolAbi, client }),
    group: getContract({ address: AnonymousStakeGroup.address, abi: anonymousStakeGroupAbi, client }),
    endorsements: getContract({ address: Endorsements.address, abi: endorsementsAbi, client }),
  };
}

/** The timelock, impersonated on anvil. */
export function timelockClient(chain: Chain) {
  return impersonatedClient(chain.rpcUrl, chain.deployment.contracts.TimelockController.address);
}

/** Wait for a transaction and fail loudly unless it succeeded. */
export async function confirm(chain: Chain, hash: Promise<Hex>): Promise<void> {
  const receipt = await localClients(chain.rpcUrl).publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`Transaction ${receipt.transactionHash} reverted`);
}

export async function runScenario(chain: Chain): Promise<void> {
  const done = (hash: Promise<Hex>) => confirm(chain, hash);
  // The timelock holds every admin role; acting as it stands in for passing a proposal.
  const admin = contractsAs(chain, await timelockClient(chain)).stakeManager;
  const slasher = contractsAs(chain, accounts.slasher).stakeManager;
  const locker = contractsAs(chain, accounts.locker).stakeManager;
  const a = contractsAs(chain, accounts.operatorA);
  const b = contractsAs(chain, accounts.operatorB);
  const c = contractsAs(chain, accounts.operatorC);
  const [slasherRole, lockerRole] = await Promise.all([admin.read.SLASHER_ROLE(), admin.read.LOCKER_ROLE()]);
  const treasury = address(accounts.treasury);
  const fund = async ({ token, stakeManager }: ReturnType<typeof contractsAs>, amount: bigint) => {
    await done(token.write.faucet());
    await done(token.write.approve([stakeManager.address, amount]));
    await done(stakeManager.write.deposit([amount]));
  };

  // The admin hands out the roles and changes both parameters.
  await done(admin.write.grantRole([slasherRole, address(accounts.slasher)]));
  await done(admin.write.grantRole([lockerRole, address(accounts.locker)]));
  await done(admin.write.setMinimumStake([parseEther("50")]));
  await done(admin.write.setUnbondingDelay([60n]));

  await fund(a, parseEther("600"));
  await fund(b, parseEther("300"));
  await fund(c, parseEther("200"));

  // A: two agents, reworked; a withdrawal requested, cancelled, requested again.
  const proofFor = (n: number, operator: number, agentId?: bigint) => identityProof(chain, n, operator, agentId);
  await done(
    a.registry.write.register([
      identity(1),
      codeHash("planner v1"),
      "ipfs://planner",
      ...(await proofFor(1, accounts.operatorA)),
    ]),
  );
  await done(
    a.registry.write.register([
      identity(2),
      codeHash("redactor v1"),
      "ipfs://redactor",
      ...(await proofFor(2, accounts.operatorA)),
    ]),
  );
  await done(a.registry.write.rotateIdentity([1n, identity(3), ...(await proofFor(3, accounts.operatorA, 1n))]));
  await done(a.registry.write.updateCode([2n, codeHash("redactor v2")]));
  await done(a.registry.write.updateMetadata([2n, "ipfs://redactor-v2"]));
  await done(a.stakeManager.write.requestWithdrawal([parseEther("100")]));
  await done(a.stakeManager.write.cancelWithdrawal());
  await done(a.stakeManager.write.requestWithdrawal([parseEther("50")]));

  // B: an agent retired; most stake unbonding, then slashed twice.
  await done(
    b.registry.write.register([identity(4), codeHash("auditor v1"), "", ...(await proofFor(4, accounts.operatorB))]),
  );
  await done(b.registry.write.retire([3n]));
  await done(b.stakeManager.write.requestWithdrawal([parseEther("250")]));

  // C: all its stake unbonding, withdrawn once the delay has passed (below).
  await done(
    c.registry.write.register([
      identity(5),
      codeHash("keeper v1"),
      "ipfs://keeper",
      ...(await proofFor(5, accounts.operatorC)),
    ]),
  );
  await done(c.stakeManager.write.requestWithdrawal([parseEther("200")]));

  // Collateral locked and partly released, then the locker loses its role.
  await done(locker.write.lock([address(accounts.operatorA), parseEther("200")]));
  await done(locker.write.release([address(accounts.operatorA), parseEther("50")]));
  await done(admin.write.revokeRole([lockerRole, address(accounts.locker)]));

  // 50 from B's free stake and 70 from its unbonding stake, whose clock keeps running ...
  await done(slasher.write.slash([address(accounts.operatorB), parseEther("120"), treasury, codeHash("dispute 1")]));
  // ... then the remaining 180 of 500 requested: unbonding is empty and its clock cleared.
  await done(slasher.write.slash([address(accounts.operatorB), parseEther("500"), treasury, codeHash("dispute 2")]));
  // Nothing to take from an address that never staked; the event happens all the same.
  await done(slasher.write.slash([address(accounts.bystander), 1n, treasury, codeHash("dispute 3")]));

  const testClient = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
  await testClient.increaseTime({ seconds: 61 });
  await testClient.mine({ blocks: 1 });
  await done(c.stakeManager.write.withdraw([treasury]));
}

/** What runJobsScenario did, for the tests to look up on chain. */
export interface JobsScenario {
  /** Live until long after the test. */
  liveLease: bigint;
  revokedLease: bigint;
  /** Expires while the scenario travels in time. */
  expiredLease: bigint;
  paidJob: bigint;
  voidedJob: bigint;
  expiredJob: bigint;
  cancelledJob: bigint;
  /** Accepted, deadline passed, nobody called refundExpired. */
  overdueJob: bigint;
  batchId: Hex;
}

/**
 * Leases, jobs and receipts, after runScenario: agent 1 (operator A, identity 3) works for the
 * data owner. The receipts are real: certificates signed by the agent's identity, receipts by
 * per-job ephemeral keys, batched in the sdk's Merkle tree and anchored by the operator.
 */
export async function runJobsScenario(chain: Chain): Promise<JobsScenario> {
  const done = (hash: Promise<Hex>) => confirm(chain, hash);
  const { publicClient } = localClients(chain.rpcUrl);
  const testClient = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
  const admin = contractsAs(chain, await timelockClient(chain));
  const owner = contractsAs(chain, accounts.dataOwner);
  const operator = contractsAs(chain, accounts.operatorA);
  const agentId = 1n;
  const agentIdentity = identityAccount(3);
  const payment = parseEther("5");
  const policy = codeHash("policy: vegetarian");
  const now = async () => (await publicClient.getBlock()).timestamp;

  // The admin hands out the court's role and changes a parameter of each contract (maxTtl below).
  await done(admin.escrow.write.grantRole([await admin.escrow.read.DISPUTE_ROLE(), address(accounts.court)]));
  await done(admin.escrow.write.setPremiumBps([300]));

  await done(owner.token.write.faucet());
  await done(owner.token.write.approve([owner.escrow.address, parseEther("1000")]));

  const grant = async (agent: bigint, label: string, ttl: bigint) => {
    await done(
      owner.leases.write.grant([
        agent,
        codeHash(`scope ${label}`),
        codeHash(`context ${label}`),
        (await now()) + ttl,
        payment,
      ]),
    );
    return owner.leases.read.leaseCount();
  };
  const liveLease = await grant(agentId, "live", 3600n);
  const revokedLease = await grant(2n, "revoked", 3600n);
  await done(owner.leases.write.revoke([revokedLease]));
  // Leases granted from now on live at most 2 hours; the two above keep the cap they had.
  await done(admin.leases.write.setMaxTtl([2n * 60n * 60n]));
  const expiredLease = await grant(agentId, "short", 300n);

  const open = async (leaseId: bigint, deadlineIn: bigint) => {
    await done(owner.escrow.write.openJob([leaseId, payment, policy, 1_000_000n, (await now()) + deadlineIn]));
    return owner.escrow.read.jobCount();
  };
  const paidJob = await open(liveLease, 1800n);
  const voidedJob = await open(liveLease, 1800n);
  const expiredJob = await open(expiredLease, 200n);
  const cancelledJob = await open(liveLease, 1800n);
  const overdueJob = await open(liveLease, 200n);
  for (const jobId of [paidJob, voidedJob, expiredJob, overdueJob])
    await done(operator.escrow.write.acceptJob([jobId]));
  await done(owner.escrow.write.cancel([cancelledJob]));

  // One batch with the receipts of two jobs; the second names another policy than its job's.
  const domain = receiptDomain({
    chainId: LOCAL_CHAIN_ID,
    receiptAnchor: chain.deployment.contracts.ReceiptAnchor.address,
  });
  const startedAt = await now();
  const sign = async (jobId: bigint, policyHash: Hex): Promise<SignedReceipt> => {
    const ephemeral = devAccount(200 + Number(jobId));
    const notAfter = (await owner.escrow.read.getJob([jobId])).deadline;
    const sealingKey = codeHash(`sealing key ${jobId}`);
    const certificate = await signCertificate({
      account: agentIdentity,
      domain,
      certificate: { jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter },
    });
    return signReceipt({
      account: ephemeral,
      domain,
      receipt: {
        jobId,
        agentId,
        codeHash: codeHash("planner v1"),
        policyHash,
        inputHash: codeHash(`input ${jobId}`),
        outputHash: codeHash(`output ${jobId}`),
        fuelUsed: 4_200n + jobId,
        memoryPeakBytes: 1n << 20n,
        capabilityCalls: 3,
        startedAt,
        endedAt: startedAt + 1n,
        outcome: 0,
        certificate,
      },
      sealingKey,
      notAfter,
    });
  };
  const receipts = [await sign(paidJob, policy), await sign(voidedJob, codeHash("policy: anything goes"))];
  const tree = buildReceiptTree(receipts.map(({ receipt }) => hashReceipt({ receipt, domain })));
  await done(operator.anchor.write.anchor([agentId, tree.root, BigInt(tree.leafCount)]));
  const batchId = await operator.anchor.read.batchIdOf([agentId, tree.root]);
  // Anyone may submit a receipt: the data owner does.
  for (const [index, signed] of receipts.entries()) {
    await done(owner.escrow.write.submitReceipt([signed.receipt.jobId, signed, batchId, tree.proof(index)]));
  }

  // Past the challenge window, the short lease's expiry and two jobs' deadlines.
  await testClient.increaseTime({ seconds: 400 });
  await testClient.mine({ blocks: 1 });
  await done(owner.escrow.write.finalize([paidJob]));
  await done(owner.escrow.write.refundExpired([expiredJob]));

  return { liveLease, revokedLease, expiredLease, paidJob, voidedJob, expiredJob, cancelledJob, overdueJob, batchId };
}

/** What runGovernanceScenario did, for the tests to look up on chain. */
export interface GovernanceScenario {
  /** Approved through propose, votes, queue and execute (the publisher's release of it). */
  approvedRelease: Hex;
  /** Revoked by the guardian while pending, then its code revoked too. */
  revokedRelease: Hex;
  /** Published last, large and routine: still in its review window (over half an hour) when the tests run. */
  pendingRelease: Hex;
  revokeReason: string;
  /** Why the guardian revoked the squatter's copy of `approvedRelease`. */
  squatReason: string;
  /** Why the guardian revoked the code of `revokedRelease`. */
  codeRevokeReason: string;
  /** Approves `approvedRelease`; executed. */
  approvalProposal: bigint;
  /** Would change the publication bond; cancelled by its proposer before voting opened. */
  cancelledProposal: bigint;
  forReason: string;
  againstReason: string;
}

/** ICodeRegistry.Urgency and GovernorCountingSimple's vote types. */
const ROUTINE = 0;
const URGENT = 1;
const EMERGENCY = 2;
const AGAINST = 0;
const FOR = 1;

/**
 * Governance after the jobs: two releases published, one approved through the governor's whole
 * flow (propose, a vote for and one against, both with reasons, queue, execute once the review
 * window and the timelock delay have passed; time moved with anvil as scripts/lib/code-approval.ts
 * does) although a squatter published its code hash first with bogus metadata (the guardian
 * revokes the copy), the other revoked by the guardian, release and then code; a second proposal
 * cancelled by its proposer. First the insurance pool's admin and claims actions, for the admin log.
 */
export async function runGovernanceScenario(chain: Chain): Promise<GovernanceScenario> {
  const done = (hash: Promise<Hex>) => confirm(chain, hash);
  const { publicClient } = localClients(chain.rpcUrl);
  const testClient = createTestClient({ mode: "anvil", transport: http(chain.rpcUrl) });
  const travel = async (seconds: bigint) => {
    await testClient.increaseTime({ seconds: Number(seconds) });
    await testClient.mine({ blocks: 1 });
  };
  const voter = contractsAs(chain, accounts.governor);
  const publisher = contractsAs(chain, accounts.publisher);
  const dissenter = contractsAs(chain, accounts.dissenter);
  const follower = contractsAs(chain, accounts.follower);
  const guardian = contractsAs(chain, accounts.guardian);
  const squatter = contractsAs(chain, accounts.squatter);
  const registry = voter.codeRegistry;
  // Anvil funds only the first ten development accounts with ether.
  for (const index of [accounts.court, accounts.publisher, accounts.dissenter, accounts.follower, accounts.squatter]) {
    await testClient.setBalance({ address: address(index), value: parseEther("10") });
  }

  // The pool's admin (the timelock) appoints the court as claims handler and changes the
  // cooldown; the court files two claims on the pool, which holds only premiums and no shares, pays
  // one in part and cancels the other: what they release belongs to nobody.
  const poolAdmin = contractsAs(chain, await timelockClient(chain)).pool;
  const court = contractsAs(chain, accounts.court).pool;
  await done(poolAdmin.write.grantRole([await poolAdmin.read.CLAIMS_ROLE(), address(accounts.court)]));
  await done(poolAdmin.write.setCooldown([3_600n]));
  await done(court.write.fileClaim([address(accounts.dataOwner), parseEther("3"), codeHash("claim: job 1")]));
  await done(court.write.fileClaim([address(accounts.dataOwner), parseEther("1"), codeHash("claim: job 2")]));
  const claims = await court.read.claimCount();
  await done(court.write.payClaim([claims - 1n, parseEther("2")]));
  await done(court.write.cancelClaim([claims]));

  const approvedRelease = codeHash("release: planner v2");
  const revokedRelease = codeHash("release: exfiltrator v1");
  const bond = await registry.read.publicationBond();
  await done(publisher.token.write.faucet());
  await done(publisher.token.write.approve([registry.address, bond * 3n]));
  // The squatter front-runs the publisher's release: same code hash, its own bogus metadata.
  await done(squatter.token.write.faucet());
  await done(squatter.token.write.approve([registry.address, bond]));
  await done(
    squatter.codeRegistry.write.publish([approvedRelease, codeHash("bundle: not the planner"), 1n, EMERGENCY, ""]),
  );
  await done(
    publisher.codeRegistry.write.publish([
      approvedRelease,
      codeHash("bundle: planner v2"),
      3_000n,
      ROUTINE,
      "ipfs://planner-v2-notes",
    ]),
  );
  await done(
    publisher.codeRegistry.write.publish([
      revokedRelease,
      codeHash("bundle: exfiltrator v1"),
      500n,
      URGENT,
      "ipfs://exfiltrator-notes",
    ]),
  );

  // Votes count once delegated: the holder delegates to itself, two others get a few tokens.
  await done(voter.votes.write.transfer([address(accounts.dissenter), parseEther("20000")]));
  await done(voter.votes.write.transfer([address(accounts.follower), parseEther("5000")]));
  await done(voter.votes.write.delegate([address(accounts.governor)]));
  await done(dissenter.votes.write.delegate([address(accounts.dissenter)]));
  await done(follower.votes.write.delegate([address(accounts.governor)]));
  await travel(1n);

  const approval = {
    targets: [registry.address],
    values: [0n],
    calldatas: [
      encodeFunctionData({
        abi: codeRegistryAbi,
        functionName: "approve",
        args: [address(accounts.publisher), approvedRelease],
      }),
    ],
    description: `Approve planner v2 (${approvedRelease})`,
  };
  const approvalHash = keccak256(stringToHex(approval.description));
  const args = [approval.targets, approval.values, approval.calldatas] as const;
  const approvalProposal = await voter.governor.read.hashProposal([...args, approvalHash]);
  await done(voter.governor.write.propose([...args, approval.description]));

  // A second proposal, cancelled while still pending: the next block is the proposal's own
  // second, so voting (which opens after voteStart) has not started.
  const bondChange = {
    calldatas: [encodeFunctionData({ abi: codeRegistryAbi, functionName: "setPublicationBond", args: [bond * 2n] })],
    description: "Double the publication bond",
  };
  const bondChangeHash = keccak256(stringToHex(bondChange.description));
  const cancelledProposal = await voter.governor.read.hashProposal([
    [registry.address],
    [0n],
    bondChange.calldatas,
    bondChangeHash,
  ]);
  await done(voter.governor.write.propose([[registry.address], [0n], bondChange.calldatas, bondChange.description]));
  const proposedAt = (await publicClient.getBlock()).timestamp;
  await testClient.setNextBlockTimestamp({ timestamp: proposedAt + 1n });
  await done(voter.governor.write.cancel([[registry.address], [0n], bondChange.calldatas, bondChangeHash]));

  await travel((await voter.governor.read.votingDelay()) + 1n);
  const forReason = "Reviewed the bundle: matches its notes";
  const againstReason = "Wants another week of review";
  await done(voter.governor.write.castVoteWithReason([approvalProposal, FOR, forReason]));
  await done(dissenter.governor.write.castVoteWithReason([approvalProposal, AGAINST, againstReason]));
  await travel((await voter.governor.read.votingPeriod()) + 1n);
  await done(voter.governor.write.queue([...args, approvalHash]));

  // The guardian revokes the squatter's copy, which leaves the publisher's release approvable,
  // then pulls the other release while it is still pending and, the code itself being harmful,
  // revokes that code for good.
  const squatReason = "Squatting: a copy of the planner's hash with bogus notes";
  await done(guardian.codeRegistry.write.revoke([address(accounts.squatter), approvedRelease, squatReason]));
  const revokeReason = "Sends lease data to an undeclared host";
  await done(guardian.codeRegistry.write.revoke([address(accounts.publisher), revokedRelease, revokeReason]));
  const codeRevokeReason = "Exfiltrates lease data, whoever publishes it";
  await done(guardian.codeRegistry.write.revokeCode([revokedRelease, codeRevokeReason]));

  const eta = await voter.governor.read.proposalEta([approvalProposal]);
  const { approvableAt } = await registry.read.releaseOf([address(accounts.publisher), approvedRelease]);
  const readyAt = eta > approvableAt ? eta : approvableAt;
  const now = (await publicClient.getBlock()).timestamp;
  if (readyAt >= now) await travel(readyAt - now + 1n);
  await done(voter.governor.write.execute([...args, approvalHash]));

  const pendingRelease = codeHash("release: hotfix v1");
  await done(
    publisher.codeRegistry.write.publish([
      pendingRelease,
      codeHash("bundle: hotfix v1"),
      2_000_000n,
      ROUTINE,
      "ipfs://hotfix-notes",
    ]),
  );

  return {
    approvedRelease,
    revokedRelease,
    pendingRelease,
    revokeReason,
    squatReason,
    codeRevokeReason,
    approvalProposal,
    cancelledProposal,
    forReason,
    againstReason,
  };
}
