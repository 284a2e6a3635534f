/**
 * Endorsements events: one row per nullifier's first signal, the per agent and epoch tally (equal
 * to `endorsementCount`), the double signals with both shares, and the endorsement term of the
 * agent's and its operator's reputation (sdk/src/reputation.ts: counted endorsements under the
 * epoch's cap add, a double signal removes the voided one's term). Epoch length and threshold are
 * immutable: read once at setup into the parameter table.
 */
import { ponder } from "ponder:registry";
import { agent, doubleSignal, endorsement, endorsementTally } from "ponder:schema";
import { countEndorsement, emptyEndorsementCounts, voidEndorsement } from "@leasehold/sdk/reputation";
import { eventColumns } from "./lib/event-meta.ts";
import { setImmutableParameters } from "./lib/parameter-log.ts";
import { recordReputation } from "./lib/reputation-log.ts";

ponder.on("Endorsements:setup", async ({ context }) => {
  const endorsements = { address: context.contracts.Endorsements.address, abi: context.contracts.Endorsements.abi };
  const [epochLength, threshold] = await Promise.all([
    context.client.readContract({ ...endorsements, functionName: "epochLength" }),
    context.client.readContract({ ...endorsements, functionName: "threshold" }),
  ]);
  await setImmutableParameters(context.db, "Endorsements", { epochLength, threshold });
});

ponder.on("Endorsements:Endorsed", async ({ event, context }) => {
  const { agentId, epoch, nullifier, signal, message, y, root } = event.args;
  const timestamp = event.block.timestamp;
  const before = await context.db.find(endorsementTally, { agentId, epoch });
  const { counts, rewarded } = countEndorsement(
    before ? { counted: before.count, rewarded: before.rewarded } : emptyEndorsementCounts,
  );
  await context.db.insert(endorsement).values({
    nullifier,
    agentId,
    epoch,
    signal,
    message,
    y,
    root,
    status: "counted",
    rewarded,
    ...eventColumns(event),
  });
  const tally = { count: counts.counted, rewarded: counts.rewarded, updatedAt: timestamp };
  await context.db
    .insert(endorsementTally)
    .values({ agentId, epoch, voided: 0, ...tally })
    .onConflictDoUpdate(tally);
  if (rewarded) {
    // The contract only accepts registered agents.
    const endorsed = await context.db.find(agent, { id: agentId });
    await recordReputation(context.db, event, {
      cause: "endorsed",
      amount: 0n,
      agentId,
      operator: endorsed!.operator,
      nullifier,
    });
  }
});

ponder.on("Endorsements:DoubleSignalled", async ({ event, context }) => {
  const { agentId, epoch, nullifier, x1, y1, x2, y2 } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(doubleSignal).values({ nullifier, agentId, epoch, x1, y1, x2, y2, ...eventColumns(event) });
  // The first share is the nullifier's counted endorsement: it no longer counts.
  const voided = await context.db.update(endorsement, { nullifier }).set({ status: "voided", voidedAt: timestamp });
  await context.db.update(endorsementTally, { agentId, epoch }).set((row) => {
    const counts = voidEndorsement({ counted: row.count, rewarded: row.rewarded }, voided.rewarded);
    return { count: counts.counted, rewarded: counts.rewarded, voided: row.voided + 1, updatedAt: timestamp };
  });
  if (voided.rewarded) {
    const endorsed = await context.db.find(agent, { id: agentId });
    await recordReputation(context.db, event, {
      cause: "endorsement_voided",
      amount: 0n,
      agentId,
      operator: endorsed!.operator,
      nullifier,
      endorsedAt: voided.timestamp,
    });
  }
});
