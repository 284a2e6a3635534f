/**
 * Jobs end to end on a real local chain, with every part a separate process as on the devnet
 * (support/e2e-devnet.ts): anvil, the real deploy and demo seed, and the worker service
 * (worker/src/main.ts) with its gateway. The data owner acts only through the contracts, the gateway and the sdk
 * (scripts/lib/data-owner.ts), as the app does.
 */
import path from "node:path";
import { parseEther, keccak256, stringToHex, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Anvil } from "../../scripts/lib/anvil.ts";
import type { Release } from "../../scripts/lib/code-approval.ts";
import { JobStatus, type DataOwner, type Lent } from "../../scripts/lib/data-owner.ts";
import { DEVNET_CHALLENGE_WINDOW, localClients } from "../../scripts/lib/local-deploy.ts";
import { DEMO_REDACTION_POLICY, DEMO_REDACTION_SCOPE, type SeededAgent } from "../../scripts/lib/seed-demo.ts";
import type { Worker } from "../../scripts/lib/worker.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { codeRegistryAbi, receiptAnchorAbi } from "../../sdk/src/generated/abis.ts";
import {
  hashReceipt,
  parseSignedReceipt,
  ReceiptVerificationError,
  receiptDomain,
  verifySignedReceipt,
} from "../../sdk/src/receipts/index.ts";
import { ReceiptJournal } from "../../worker/src/journal/index.ts";
import { startE2eDevnet, type E2eDevnet } from "./support/e2e-devnet.ts";

let devnet: E2eDevnet;
let anvil: Anvil;
let deployment: Deployment;
let agents: SeededAgent[];
let approvedReleases: Release[];
let workDir: string;
let worker: Worker;
let owner: DataOwner;
const customers = [
  { id: 1, name: "Mira Okafor", email: "mira.okafor@example.com", phone: "+1 (555) 201-3344", plan: "gold" },
  { id: 2, name: "Tomas Lind", email: "tomas@example.org", ssn: "219-09-9999", plan: "basic" },
];
const menu = [
  { item: "Lentil soup", price: 7.5, tags: ["vegan"] },
  { item: "Satay tofu", price: 11, tags: ["vegan", "peanut"] },
  { item: "Margherita", price: 9, tags: ["vegetarian"] },
  { item: "Chicken wings", price: 8, tags: [] },
];

const agent = (bundle: string) => agents.find((seeded) => seeded.bundle === bundle)!;
const advance = (seconds: bigint) => devnet.advance(seconds);
const balanceOf = (address: Hex) => devnet.balanceOf(address);

async function launchWorker(): Promise<Worker> {
  const launched = await devnet.launchWorker();
  owner = launched.owner;
  return launched.worker;
}

/** The worker's own count of jobs by outcome, from its Prometheus metrics. */
async function jobsCounted(outcome: string): Promise<number> {
  const text = await (await fetch(`${worker.url}/metrics`)).text();
  const line = text.split("\n").find((entry) => entry.startsWith(`leasehold_worker_jobs_total{outcome="${outcome}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

beforeAll(async () => {
  devnet = await startE2eDevnet({ name: "e2e-jobs" });
  ({ anvil, deployment, workDir } = devnet);
  ({ agents, approvedReleases } = devnet.seeded);
  worker = await launchWorker();
});

afterAll(async () => {
  await devnet.stop();
});

describe("# a job from lease to payment", () => {
  let receiptOfPaidJob: Awaited<ReturnType<DataOwner["collect"]>>;

  it("should run a leased job, anchor its verified receipt, and pay the operator less the premium, which goes to the insurance pool, after the window", async () => {
    const redactor = agent("redaction");
    const operator = devAccount(redactor.operatorIndex).address;
    const insurance = deployment.contracts.InsurancePool.address;
    const lent = await owner.lend({
      agentId: redactor.agentId,
      scope: DEMO_REDACTION_SCOPE,
      context: new TextEncoder().encode(JSON.stringify(customers)),
    });
    const payment = parseEther("5");
    const jobId = await owner.openJob({ leaseId: lent.leaseId, payment, policy: DEMO_REDACTION_POLICY });
    expect(await owner.answerJob({ jobId, lent })).toBe(JobStatus.Submitted);

    const collected = await owner.collect({ jobId, lent });
    receiptOfPaidJob = collected;
    expect(collected.included).toBe(true);
    expect(collected.onChainDigest).toBe(collected.verified.digest);
    expect(collected.signedReceipt.receipt.policyHash).toBe(keccak256(stringToHex(DEMO_REDACTION_POLICY)));
    const output = JSON.parse(new TextDecoder().decode(collected.output)) as { data: Record<string, string>[] };
    expect(output.data).toHaveLength(2);
    expect(JSON.stringify(output.data)).not.toMatch(/example\.(com|org)|219-09-9999|Mira|555/);

    const [operatorBefore, insuranceBefore] = [await balanceOf(operator), await balanceOf(insurance)];
    await expect(owner.finalize(jobId)).rejects.toThrow(/ChallengeWindowOpen/);
    await advance(DEVNET_CHALLENGE_WINDOW + 1n);
    await owner.finalize(jobId);
    expect((await owner.getJob(jobId)).status).toBe(JobStatus.Paid);
    const premium = (payment * 200n) / 10_000n;
    expect((await balanceOf(operator)) - operatorBefore).toBe(payment - premium);
    expect((await balanceOf(insurance)) - insuranceBefore).toBe(premium);
  });

  it("should fail verification of a tampered receipt, off chain and on chain", async () => {
    const { signedReceipt, proof } = receiptOfPaidJob;
    const tampered = {
      ...signedReceipt,
      receipt: { ...signedReceipt.receipt, outputHash: keccak256(stringToHex("another output")) },
    };
    const domain = receiptDomain({
      chainId: LOCAL_CHAIN_ID,
      receiptAnchor: deployment.contracts.ReceiptAnchor.address,
    });
    await expect(
      verifySignedReceipt({ signedReceipt: tampered, domain, isAgentIdentity: async () => true }),
    ).rejects.toBeInstanceOf(ReceiptVerificationError);
    const { publicClient } = localClients(anvil.rpcUrl);
    const address = deployment.contracts.ReceiptAnchor.address;
    await expect(
      publicClient.readContract({ address, abi: receiptAnchorAbi, functionName: "verifyReceipt", args: [tampered] }),
    ).rejects.toThrow(/ReceiptAnchorWrongReceiptSigner/);
    const tamperedDigest = await publicClient.readContract({
      address,
      abi: receiptAnchorAbi,
      functionName: "receiptDigest",
      args: [tampered.receipt],
    });
    expect(
      await publicClient.readContract({
        address,
        abi: receiptAnchorAbi,
        functionName: "verifyInclusion",
        args: [proof.batchId as Hex, tamperedDigest, proof.proof as Hex[]],
      }),
    ).toBe(false);
  });
});

describe("# policy mismatch", () => {
  it("should void a job whose receipt attests another policy than the one paid for, refunding the client at once", async () => {
    const planner = agent("dietary-ordering");
    const paidFor = '{"allergens":[],"diet":"vegan"}';
    const lent = await owner.lend({
      agentId: planner.agentId,
      scope: planner.scopes[0]!,
      context: new TextEncoder().encode(JSON.stringify({ menu, budget: 20 })),
    });
    const before = await balanceOf(owner.address);
    const jobId = await owner.openJob({ leaseId: lent.leaseId, payment: parseEther("2"), policy: paidFor });
    // The owner's input asks for another policy than the job pays for; the agent applies it and says so.
    const input = { policy: { diet: "vegetarian", allergens: ["peanut"] } };
    expect(await owner.answerJob({ jobId, lent, input })).toBe(JobStatus.Voided);
    expect(await balanceOf(owner.address)).toBe(before);
    const { signedReceipt } = await owner.collect({ jobId, lent });
    expect(signedReceipt.receipt.policyHash).toBe(
      keccak256(stringToHex('{"allergens":["peanut"],"diet":"vegetarian"}')),
    );
  });

  it("should pay as usual when the applied policy is the one paid for", async () => {
    const planner = agent("dietary-ordering");
    const policy = '{"allergens":["peanut"],"diet":"vegetarian"}';
    const lent = await owner.lend({
      agentId: planner.agentId,
      scope: planner.scopes[0]!,
      context: new TextEncoder().encode(JSON.stringify({ menu, budget: 20 })),
    });
    const jobId = await owner.openJob({ leaseId: lent.leaseId, payment: parseEther("2"), policy });
    const input = { policy: JSON.parse(policy) as unknown };
    expect(await owner.answerJob({ jobId, lent, input })).toBe(JobStatus.Submitted);
    const { output } = await owner.collect({ jobId, lent });
    const order = JSON.parse(new TextDecoder().decode(output)) as { order: { item: string }[] };
    expect(order.order.map((line) => line.item).sort()).toEqual(["Lentil soup", "Margherita"]);
  });
});

describe("# leases that are no longer live", () => {
  it("should make the worker refuse jobs under an expired or a revoked lease, and refund the client at the deadline", async () => {
    // A job's deadline never passes its lease's expiry (the escrow checks), so a job under an
    // expired lease is past its deadline too: the worker leaves it ("lapsed"); a revoked lease's
    // job is still in time, and the worker's policy declines it without claiming it.
    const redactor = agent("redaction");
    await worker.stop();
    const context = new TextEncoder().encode(JSON.stringify(customers));
    const before = await balanceOf(owner.address);
    const expiring = await owner.lend({
      agentId: redactor.agentId,
      scope: DEMO_REDACTION_SCOPE,
      context,
      leaseFor: 100n,
      upload: false,
    });
    const revoked = await owner.lend({
      agentId: redactor.agentId,
      scope: DEMO_REDACTION_SCOPE,
      context,
      upload: false,
    });
    const payment = parseEther("1");
    const expiringJob = await owner.openJob({
      leaseId: expiring.leaseId,
      payment,
      policy: DEMO_REDACTION_POLICY,
      deadlineIn: 90n,
    });
    const revokedJob = await owner.openJob({
      leaseId: revoked.leaseId,
      payment,
      policy: DEMO_REDACTION_POLICY,
      deadlineIn: 600n,
    });
    await owner.revoke(revoked.leaseId);
    await advance(120n);

    // A restarted worker (same data folder) finds both jobs and claims neither.
    worker = await launchWorker();
    const deadline = Date.now() + 30_000;
    while ((await jobsCounted("declined")) < 1 || (await jobsCounted("lapsed")) < 1) {
      if (Date.now() > deadline) throw new Error("the worker did not decline and pass over the jobs");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await owner.getJob(expiringJob)).status).toBe(JobStatus.Open);
    expect((await owner.getJob(revokedJob)).status).toBe(JobStatus.Open);

    await expect(owner.refundExpired(revokedJob)).rejects.toThrow(/JobEscrow/);
    await advance(600n);
    await owner.refundExpired(expiringJob);
    await owner.refundExpired(revokedJob);
    expect((await owner.getJob(expiringJob)).status).toBe(JobStatus.Expired);
    expect((await owner.getJob(revokedJob)).status).toBe(JobStatus.Expired);
    expect(await balanceOf(owner.address)).toBe(before);
  });
});

describe("# crash safety", () => {
  it("should lose no receipt and sign none twice when the worker is killed -9 while jobs run", async () => {
    const redactor = agent("redaction");
    const context = new TextEncoder().encode(JSON.stringify(customers));
    const jobs: { jobId: bigint; lent: Lent }[] = [];
    for (let n = 0; n < 4; n++) {
      const lent = await owner.lend({ agentId: redactor.agentId, scope: DEMO_REDACTION_SCOPE, context });
      const jobId = await owner.openJob({
        leaseId: lent.leaseId,
        payment: parseEther("1"),
        policy: DEMO_REDACTION_POLICY,
      });
      jobs.push({ jobId, lent });
    }
    const answered = jobs.map(({ jobId, lent }) => owner.answerJob({ jobId, lent }));
    // Kill as soon as the first receipt reaches the chain: the others are mid-run or mid-batch.
    for (;;) {
      const statuses = await Promise.all(jobs.map(({ jobId }) => owner.getJob(jobId)));
      if (statuses.some((job) => job.status === JobStatus.Submitted)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.kill(-worker.process.pid!, "SIGKILL");
    await worker.stop();
    worker = await launchWorker();
    const owners = jobs.map(({ jobId, lent }) => owner.answerJob({ jobId, lent }));

    expect(await Promise.all(owners)).toEqual(jobs.map(() => JobStatus.Submitted));
    await Promise.allSettled(answered);
    await worker.stop();
    const journal = await ReceiptJournal.open({ dir: path.join(workDir, "worker") });
    try {
      for (const { jobId } of jobs) {
        const journaled = journal.get(jobId)!;
        expect(journaled.state).toBe("submitted");
        // One receipt per job: the journaled one is the one the escrow holds.
        const { receipt } = parseSignedReceipt(journaled.signedReceipt!);
        const domain = receiptDomain({
          chainId: LOCAL_CHAIN_ID,
          receiptAnchor: deployment.contracts.ReceiptAnchor.address,
        });
        expect((await owner.getJob(jobId)).receiptDigest).toBe(hashReceipt({ receipt, domain }));
      }
    } finally {
      await journal.close();
      worker = await launchWorker();
    }
  });
});

describe("# code approval", () => {
  it("should refuse, without charging the client, jobs for a bundle whose code the guardian revoked", async () => {
    const planner = agent("dietary-ordering");
    const release = approvedReleases.find((entry) => entry.descriptionUri.includes("dietary-ordering"))!;
    const guardian = localClients(anvil.rpcUrl, devAccountRoles.guardian);
    const revoke = await guardian.walletClient.writeContract({
      address: deployment.contracts.CodeRegistry.address,
      abi: codeRegistryAbi,
      functionName: "revokeCode",
      args: [release.codeHash, "e2e: a flaw found after approval"],
    });
    expect((await guardian.publicClient.waitForTransactionReceipt({ hash: revoke })).status).toBe("success");

    const declinedBefore = await jobsCounted("declined");
    const before = await balanceOf(owner.address);
    const lent = await owner.lend({
      agentId: planner.agentId,
      scope: planner.scopes[0]!,
      context: new TextEncoder().encode(JSON.stringify({ menu, budget: 20 })),
    });
    const jobId = await owner.openJob({
      leaseId: lent.leaseId,
      payment: parseEther("2"),
      policy: '{"allergens":[],"diet":"vegan"}',
      deadlineIn: 300n,
    });
    const deadline = Date.now() + 30_000;
    while ((await jobsCounted("declined")) <= declinedBefore) {
      if (Date.now() > deadline) throw new Error("the worker did not decline the job");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await owner.getJob(jobId)).status).toBe(JobStatus.Open);
    await advance(301n);
    await owner.refundExpired(jobId);
    expect(await balanceOf(owner.address)).toBe(before);
  });
});
