/**
 * The devnet's demo job: a data owner (a development account of its own) lends a small customer
 * list to the redaction agent and pays for one job, then plays the owner's part as the app would:
 * seals the content key when the worker publishes the job's certificate, checks the receipt and
 * its inclusion when it lands. Once the challenge window is over the devnet's keeper finalizes the
 * job, as it does every matured job, so the payment reaches the operator while a person watches.
 */
import { parseEther } from "viem";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { createDataOwner, JobStatus } from "./data-owner.ts";
import { DEMO_REDACTION_POLICY, DEMO_REDACTION_SCOPE } from "./seed-demo.ts";

/** Every status a job can leave Submitted for. */
const settledStatuses = [JobStatus.Frozen, JobStatus.Paid, JobStatus.Rejected];

const demoCustomers = [
  { id: 1, name: "Ada Byron", email: "ada@example.com", phone: "+44 20 7946 0018", plan: "gold" },
  { id: 2, name: "Alan Turing", email: "alan@example.org", phone: "+44 161 496 0123", plan: "basic" },
  { id: 3, name: "Grace Hopper", email: "grace@example.net", ssn: "078-05-1120", plan: "gold" },
];

export async function runDemoJob({
  rpcUrl,
  deployment,
  gatewayUrl,
  agentId,
  log,
}: {
  rpcUrl: string;
  deployment: Deployment;
  gatewayUrl: string;
  agentId: bigint;
  log: (line: string) => void;
}): Promise<void> {
  const owner = createDataOwner({ rpcUrl, deployment, accountIndex: devAccountRoles.demoOwner, gatewayUrl });
  const lent = await owner.lend({
    agentId,
    scope: DEMO_REDACTION_SCOPE,
    context: new TextEncoder().encode(JSON.stringify(demoCustomers)),
  });
  log(`lease ${lent.leaseId} granted to agent ${agentId}; encrypted context uploaded`);
  const jobId = await owner.openJob({ leaseId: lent.leaseId, payment: parseEther("5"), policy: DEMO_REDACTION_POLICY });
  log(`job ${jobId} opened with 5 dLEASE in escrow; waiting for the worker`);
  const answered = await owner.answerJob({ jobId, lent, timeoutMs: 120_000 });
  if (answered !== JobStatus.Submitted) throw new Error(`job ${jobId} ended in status ${answered}`);
  log(`job ${jobId} accepted, key sealed to its certificate, run in the sandbox; receipt submitted`);
  const collected = await owner.collect({ jobId, lent });
  log(
    `job ${jobId} receipt verified (signature and inclusion in batch ${collected.proof.batchId.slice(0, 10)}…: ${collected.included})`,
  );
  const { challengeEndsAt } = await owner.getJob(jobId);
  log(
    `challenge window open for ${challengeEndsAt - (await owner.chainNow())} s of chain time; ` +
      "the keeper finalizes the job once it is over",
  );
  // The chain mines on its own, so the window ends in chain time as it would on a real chain.
  await owner.waitForStatus(jobId, settledStatuses, Number(challengeEndsAt - (await owner.chainNow()) + 120n) * 1_000);
  const { status } = await owner.getJob(jobId);
  const name = Object.entries(JobStatus).find(([, value]) => value === status)?.[0] ?? `status ${status}`;
  log(`job ${jobId} is ${name}: see it in the app at /owner/jobs/${jobId}, and every job in its Explorer`);
}
