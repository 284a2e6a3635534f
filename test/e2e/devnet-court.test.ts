/**
 * The devnet's court from the development account's side (issue 13): the browser's account 1 is
 * one of the demo's three arbitrators, and parties never sit on their own panel, so a dispute it
 * files could never be seated by those three alone. Once the reserve arbitrators join (as the
 * devnet seats them after the demo dispute's panel), it can: round 0's three seats and an appeal's
 * seven new ones, none a party. Run on the devnet's own parameters (real deploy, demo seed,
 * worker), with the job run through the gateway and the panels drawn by the registry's sessions.
 */
import { parseEther, type Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCourtParticipant, Ruling, type CourtParticipant } from "../../scripts/lib/court.ts";
import { createDataOwner, JobStatus } from "../../scripts/lib/data-owner.ts";
import { localClients } from "../../scripts/lib/local-deploy.ts";
import { DEMO_REDACTION_POLICY, DEMO_REDACTION_SCOPE, seatReserveArbitrators } from "../../scripts/lib/seed-demo.ts";
import { appealPanelSize, encodeEvidenceUri, panelAvailability } from "../../sdk/src/court/index.ts";
import { devAccount, devAccountRoles } from "../../sdk/src/dev-accounts.ts";
import { arbitratorRegistryAbi, disputeCourtAbi } from "../../sdk/src/generated/abis.ts";
import { startE2eDevnet, type E2eDevnet } from "./support/e2e-devnet.ts";

let devnet: E2eDevnet;
let gatewayUrl: string;
let operator: Address;
let agentId: bigint;
const developer = devAccount(devAccountRoles.browser).address;

/** Round 0's panel for a dispute between the development account and the redactor's operator, read from the chain. */
async function availability() {
  const { publicClient } = localClients(devnet.anvil.rpcUrl);
  const registry = { address: devnet.deployment.contracts.ArbitratorRegistry.address, abi: arbitratorRegistryAbi };
  const [drawableCount, clientWeight, operatorWeight, params] = await Promise.all([
    publicClient.readContract({ ...registry, functionName: "drawableCount" }),
    publicClient.readContract({ ...registry, functionName: "weightOf", args: [developer] }),
    publicClient.readContract({ ...registry, functionName: "weightOf", args: [operator] }),
    publicClient.readContract({
      address: devnet.deployment.contracts.DisputeCourt.address,
      abi: disputeCourtAbi,
      functionName: "params",
    }),
  ]);
  return panelAvailability({
    drawableCount,
    clientWeight,
    operatorWeight,
    sameParty: false,
    seats: params.firstPanelSize,
  });
}

beforeAll(async () => {
  devnet = await startE2eDevnet({ name: "e2e-devnet-court" });
  ({
    worker: { url: gatewayUrl },
  } = await devnet.launchWorker());
  const redactor = devnet.seeded.agents.find((agent) => agent.bundle === "redaction")!;
  operator = devAccount(redactor.operatorIndex).address;
  agentId = redactor.agentId;
});

afterAll(async () => {
  await devnet?.stop();
});

describe("# devnet court", () => {
  it("should leave the development account's own dispute without a panel while only the demo's arbitrators sit", async () => {
    expect(await availability()).toEqual({ eligible: 2n, seats: 3, drawable: false });
  });

  it("should seat the development account's dispute and its appeal once the reserve arbitrators joined", async () => {
    const reserve = await seatReserveArbitrators({ rpcUrl: devnet.anvil.rpcUrl, deployment: devnet.deployment });
    expect(reserve.map((seat) => seat.address)).toEqual(
      devAccountRoles.reserveArbitrators.map((index) => devAccount(index).address),
    );
    expect(await availability()).toEqual({ eligible: 10n, seats: 3, drawable: true });

    const rpcUrl = devnet.anvil.rpcUrl;
    const { deployment } = devnet;
    const owner = createDataOwner({ rpcUrl, deployment, accountIndex: devAccountRoles.browser, gatewayUrl });
    const lent = await owner.lend({
      agentId,
      scope: DEMO_REDACTION_SCOPE,
      context: new TextEncoder().encode(JSON.stringify([{ id: 1, name: "Ada Byron", phone: "+44 20 7946 0018" }])),
    });
    const jobId = await owner.openJob({
      leaseId: lent.leaseId,
      payment: parseEther("5"),
      policy: DEMO_REDACTION_POLICY,
    });
    expect(await owner.answerJob({ jobId, lent })).toBe(JobStatus.Submitted);
    const collected = await owner.collect({ jobId, lent });
    const cited = {
      batchId: collected.proof.batchId,
      receiptDigest: collected.verified.digest,
      proof: collected.proof.proof,
    };
    const client = createCourtParticipant({ rpcUrl, deployment, accountIndex: devAccountRoles.browser });
    const disputeId = await client.openDispute({
      jobId,
      cited: [cited],
      uri: encodeEvidenceUri({
        statement: "The export still names a customer.",
        receipts: [{ signedReceipt: collected.signedReceipt, batchId: cited.batchId, proof: cited.proof }],
      }),
    });

    const seats = new Map<string, CourtParticipant>(
      [...devAccountRoles.arbitrators, ...devAccountRoles.reserveArbitrators].map((accountIndex) => {
        const participant = createCourtParticipant({ rpcUrl, deployment, accountIndex });
        return [participant.address.toLowerCase(), participant];
      }),
    );
    const parties = [developer.toLowerCase(), operator.toLowerCase()];
    const firstPanel = (await client.draw(disputeId)).map((address) => address.toLowerCase());
    expect(firstPanel).toHaveLength(3);
    expect(new Set(firstPanel).size).toBe(3);
    for (const seat of firstPanel) expect(parties).not.toContain(seat);
    for (const seat of firstPanel) await seats.get(seat)!.commit(disputeId, Ruling.Agent);
    for (const seat of firstPanel) await seats.get(seat)!.reveal(disputeId);
    await client.closeRound(disputeId);

    await client.appeal(disputeId);
    const appealPanel = (await client.draw(disputeId)).map((address) => address.toLowerCase());
    expect(appealPanel).toHaveLength(appealPanelSize(3));
    expect(new Set(appealPanel).size).toBe(appealPanel.length);
    for (const seat of appealPanel) expect([...parties, ...firstPanel]).not.toContain(seat);
  });
});
