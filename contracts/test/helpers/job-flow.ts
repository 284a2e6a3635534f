/**
 * The actors and steps of a job, from stake to receipt, on the fixture's deployment: shared by the
 * ReceiptAnchor and JobEscrow tests so each test reads as the steps it takes and what it checks.
 */
import { keccak256, parseEther, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { loadDeployment, MINIMUM_STAKE, networkHelpers } from "../../fixtures/deploy-fixture.ts";
import { identityProofArgs } from "./identity-proof.ts";
import {
  merkleProof,
  merkleRoot,
  Outcome,
  receiptDomain,
  signReceipt,
  type Receipt,
  type SignedReceipt,
} from "./receipts.ts";

export const CODE = keccak256(toHex("agent-bundle-v1"));
export const SCOPE = keccak256(toHex("scope:summarise-inbox"));
export const CONTEXT = keccak256(toHex("bafy-encrypted-context"));
export const POLICY = keccak256(toHex("policy:summary-only"));
export const OTHER_POLICY = keccak256(toHex("policy:exfiltrate"));
export const SEALING_KEY = keccak256(toHex("x25519-public-key"));
export const FEE = parseEther("10");
export const PAYMENT = parseEther("8");
export const BUDGET = 1_000_000n;
/** Operator stake: the minimum plus room for collateral. */
export const OPERATOR_STAKE = MINIMUM_STAKE + parseEther("400");

export const identityKey = (name: string) => privateKeyToAccount(keccak256(toHex(`identity:${name}`)));
export const ephemeralKey = (jobId: bigint) => privateKeyToAccount(keccak256(toHex(`ephemeral:${jobId}`)));

export async function setupJobFlow() {
  const deployment = await loadDeployment();
  const { token, stakeManager, agentRegistry, leaseRegistry, receiptAnchor, jobEscrow, admin, accounts } = deployment;
  const [operator, client, other, court] = accounts as [
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
    (typeof accounts)[number],
  ];
  const identity = identityKey("agent-1");
  const domain = receiptDomain(deployment.deployment.chainId, receiptAnchor.address);
  await jobEscrow.write.grantRole([await jobEscrow.read.DISPUTE_ROLE(), court.account.address], {
    account: admin.account,
  });

  const now = async () => BigInt(await networkHelpers.time.latest());

  /** Stake as the operator and register an agent with `identity`; returns its id. */
  async function registerAgent(signer = identity) {
    if ((await token.read.balanceOf([operator.account.address])) < OPERATOR_STAKE)
      await token.write.faucet({ account: operator.account });
    await token.write.approve([stakeManager.address, OPERATOR_STAKE], { account: operator.account });
    await stakeManager.write.deposit([OPERATOR_STAKE], { account: operator.account });
    await agentRegistry.write.register(
      [
        signer.address,
        CODE,
        "ipfs://agent",
        ...(await identityProofArgs(agentRegistry, signer, operator.account.address)),
      ],
      { account: operator.account },
    );
    return agentRegistry.read.agentCount();
  }

  /** Grant the agent a lease as the client, expiring in `ttl` seconds; returns its id. */
  async function grantLease(agentId: bigint, options: { ttl?: bigint; fee?: bigint } = {}) {
    const expiry = (await now()) + (options.ttl ?? 3600n);
    await leaseRegistry.write.grant([agentId, SCOPE, CONTEXT, expiry, options.fee ?? FEE], { account: client.account });
    return leaseRegistry.read.leaseCount();
  }

  /** Open a job under the lease as the client, escrowing `payment`; returns its id. */
  async function openJob(leaseId: bigint, options: { payment?: bigint; deadlineIn?: bigint } = {}) {
    const payment = options.payment ?? PAYMENT;
    if ((await token.read.balanceOf([client.account.address])) < payment)
      await token.write.faucet({ account: client.account });
    await token.write.approve([jobEscrow.address, payment], { account: client.account });
    const deadline = (await now()) + (options.deadlineIn ?? 1800n);
    await jobEscrow.write.openJob([leaseId, payment, POLICY, BUDGET, deadline], { account: client.account });
    return jobEscrow.read.jobCount();
  }

  /**
   * Lease the agent (a new one unless given), open a job and accept it as the operator. A payment
   * above the lease's default fee gets a lease whose fee allows it.
   */
  async function acceptedJob(existingAgentId?: bigint, options: { payment?: bigint } = {}) {
    const agentId = existingAgentId ?? (await registerAgent());
    const payment = options.payment ?? PAYMENT;
    const leaseId = await grantLease(agentId, { fee: payment > FEE ? payment : FEE });
    const jobId = await openJob(leaseId, options);
    await jobEscrow.write.acceptJob([jobId], { account: operator.account });
    return { agentId, leaseId, jobId };
  }

  /** A receipt for the job signed by its ephemeral key, certified by `signer` (the agent's identity by default). */
  async function makeReceipt(
    jobId: bigint,
    agentId: bigint,
    overrides: Partial<Omit<Receipt, "ephemeralKey" | "certificate">> & {
      notAfter?: bigint;
      signer?: typeof identity;
    } = {},
  ): Promise<SignedReceipt> {
    const { notAfter, signer, ...fields } = overrides;
    const endedAt = fields.endedAt ?? (await now());
    return signReceipt({
      domain,
      identity: signer ?? identity,
      ephemeral: ephemeralKey(jobId),
      sealingKey: SEALING_KEY,
      notAfter: notAfter ?? endedAt + 3600n,
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
        ...fields,
      },
    });
  }

  /** Anchor `digests` as one batch of the agent (as the operator); returns the batch id and the root. */
  async function anchor(agentId: bigint, digests: readonly Hex[]) {
    const root = merkleRoot(digests);
    await receiptAnchor.write.anchor([agentId, root, BigInt(digests.length)], { account: operator.account });
    return { batchId: await receiptAnchor.read.batchIdOf([agentId, root]), root };
  }

  /** Anchor the receipt in a batch with two others; returns the batch id, the receipt's digest and its proof. */
  async function anchorReceipt(agentId: bigint, signed: SignedReceipt) {
    const digest = await receiptAnchor.read.receiptDigest([signed.receipt]);
    const digests = [keccak256(toHex(`before ${digest}`)), digest, keccak256(toHex(`after ${digest}`))];
    const { batchId } = await anchor(agentId, digests);
    return { batchId, digest, proof: merkleProof(digests, 1) };
  }

  /** Anchor the receipt, then submit it as a third party; returns the batch id and the receipt's digest. */
  async function submit(jobId: bigint, agentId: bigint, signed: SignedReceipt) {
    const { batchId, digest, proof } = await anchorReceipt(agentId, signed);
    await jobEscrow.write.submitReceipt([jobId, signed, batchId, proof], { account: other.account });
    return { batchId, digest };
  }

  return {
    ...deployment,
    operator,
    client,
    other,
    court,
    identity,
    domain,
    now,
    registerAgent,
    grantLease,
    openJob,
    acceptedJob,
    makeReceipt,
    anchor,
    anchorReceipt,
    submit,
  };
}
