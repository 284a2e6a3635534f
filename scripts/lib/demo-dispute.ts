/**
 * The devnet's demo dispute, after the demo job: the demo data owner pays the redactor for a
 * second job, disputes it inside the challenge window with a statement and the job's signed
 * receipt as self-contained evidence, and the court seats its panel: the browser's account (the
 * dev arbitrator a person plays in the app) and the two scripted arbitrators. The scripted ones
 * commit at once and split their votes, so the dev arbitrator's vote decides; they reveal as soon
 * as reveals open. A clerk loop then does what anyone may: closes the round once every vote is in
 * (or the reveal period ends), and executes the ruling when the appeal window has passed.
 *
 * So the dispute waits for the dev arbitrator for the commit period (half an hour of chain time
 * on the devnet); if nobody votes, the round closes on the scripted votes alone (a tie, which
 * rules for the agent) and the silent seat is penalized, as the court's rules say.
 *
 * The panel is these three because they are the only arbitrators when it is drawn (the demo data
 * owner and the redactor's operator, its parties, are none): the devnet's reserve arbitrators join
 * only once it is seated (`onPanelSeated`), which the devnet uses to seat them.
 */
import { parseEther } from "viem";
import { DisputePhase, encodeEvidenceUri, Ruling } from "../../sdk/src/court/index.ts";
import type { Deployment } from "../../sdk/src/deployment.ts";
import { devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { createCourtParticipant } from "./court.ts";
import { createDataOwner, JobStatus } from "./data-owner.ts";
import { DEMO_REDACTION_POLICY, DEMO_REDACTION_SCOPE } from "./seed-demo.ts";

const demoRecords = [
  { id: 7, name: "Katherine Johnson", email: "kj@example.com", phone: "+1 757 555 0143", plan: "gold" },
  { id: 8, name: "Dorothy Vaughan", email: "dv@example.org", ssn: "219-09-9999", plan: "basic" },
];

const STATEMENT =
  "The redacted export still let our analysts re-identify a customer from the plan and email domain. " +
  "We ask for a refund and compensation.";

/** The scripted arbitrators' votes: one each way, so the dev arbitrator's vote decides. */
const scriptedVotes: Record<number, Ruling> = { 8: Ruling.Client, 9: Ruling.Agent };

export async function runDemoDispute({
  rpcUrl,
  deployment,
  gatewayUrl,
  agentId,
  log,
  signal,
  onPanelSeated,
}: {
  rpcUrl: string;
  deployment: Deployment;
  gatewayUrl: string;
  agentId: bigint;
  log: (line: string) => void;
  /** Stops the clerk loop (the devnet aborts it at shutdown). */
  signal?: AbortSignal;
  /** Runs once round 0's panel is seated, before the votes (the devnet seats its reserve here). */
  onPanelSeated?: () => Promise<void>;
}): Promise<void> {
  const owner = createDataOwner({ rpcUrl, deployment, accountIndex: devAccountRoles.demoOwner, gatewayUrl });
  const client = createCourtParticipant({ rpcUrl, deployment, accountIndex: devAccountRoles.demoOwner });
  const lent = await owner.lend({
    agentId,
    scope: DEMO_REDACTION_SCOPE,
    context: new TextEncoder().encode(JSON.stringify(demoRecords)),
  });
  const jobId = await owner.openJob({ leaseId: lent.leaseId, payment: parseEther("8"), policy: DEMO_REDACTION_POLICY });
  const answered = await owner.answerJob({ jobId, lent, timeoutMs: 120_000 });
  if (answered !== JobStatus.Submitted) throw new Error(`job ${jobId} ended in status ${answered}`);
  const collected = await owner.collect({ jobId, lent });
  const evidence = encodeEvidenceUri({
    statement: STATEMENT,
    receipts: [
      { signedReceipt: collected.signedReceipt, batchId: collected.proof.batchId, proof: collected.proof.proof },
    ],
  });
  const disputeId = await client.openDispute({
    jobId,
    cited: [
      { batchId: collected.proof.batchId, receiptDigest: collected.verified.digest, proof: collected.proof.proof },
    ],
    uri: evidence,
  });
  log(`job ${jobId} disputed by the demo data owner (dispute ${disputeId}); the keeper seats its panel`);

  const scripted = Object.keys(scriptedVotes).map((index) =>
    createCourtParticipant({ rpcUrl, deployment, accountIndex: Number(index) }),
  );
  await client.waitForPhase(disputeId, DisputePhase.Voting, 5 * 60_000);
  const panel = await client.panelOf(disputeId, 0);
  log(
    `dispute ${disputeId}: panel of ${panel.length} seated; waiting for the dev arbitrator (the app's Court page) to vote`,
  );
  await onPanelSeated?.();
  for (const [position, arbitrator] of scripted.entries()) {
    if (!panel.some((seat) => seat.toLowerCase() === arbitrator.address.toLowerCase())) continue;
    await arbitrator.commit(disputeId, Object.values(scriptedVotes)[position]!);
  }

  // The clerk, once a second (the chain mines on its own, so chain time moves): reveal the
  // scripted votes once reveals open, close the round when every vote is in or the period ends,
  // execute after the appeal window.
  const revealed = new Set<string>();
  while (!signal?.aborted) {
    const dispute = await client.getDispute(disputeId);
    if (dispute.phase === DisputePhase.Executed) break;
    const round = await client.getRound(disputeId, dispute.round);
    // Calls are simulated at the latest block's time and mined a second or more later: a
    // deadline counts as passed from the latest time on, and as open only up to a second before.
    const latest = await owner.chainNow();
    if (dispute.phase === DisputePhase.Voting) {
      const revealOpen = round.commits === panel.length || latest >= round.commitEndsAt;
      if (revealOpen && latest + 1n < round.revealEndsAt) {
        for (const arbitrator of scripted) {
          if (revealed.has(arbitrator.address) || !panel.includes(arbitrator.address)) continue;
          await arbitrator.reveal(disputeId);
          revealed.add(arbitrator.address);
        }
      }
      if (round.reveals === panel.length || latest >= round.revealEndsAt) {
        await client.closeRound(disputeId);
        const ruled = await client.getRound(disputeId, dispute.round);
        log(`dispute ${disputeId}: ruled for the ${ruled.ruling === Ruling.Client ? "client" : "agent"}`);
      }
    } else if (dispute.phase === DisputePhase.Ruled && latest >= round.appealEndsAt) {
      await client.execute(disputeId);
      log(`dispute ${disputeId}: ruling executed; balances are on the Court page`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
