/**
 * AgentRegistry events: one row per agent, as `getAgent` returns it, and the operator's agent
 * counts. Whether an agent is active depends on its operator's stake at read time, as in the
 * contract: compare the operator's `free` with the current minimum stake.
 */
import { ponder } from "ponder:registry";
import { agent, operator } from "ponder:schema";
import { findOrCreateOperator } from "./lib/operators.ts";

ponder.on("AgentRegistry:AgentRegistered", async ({ event, context }) => {
  const { agentId, operator: operatorAddress, identity, codeHash, metadataURI } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(agent).values({
    id: agentId,
    operator: operatorAddress,
    identity,
    codeHash,
    metadataUri: metadataURI,
    status: "registered",
    registeredAt: timestamp,
    retiredAt: null,
    updatedAt: timestamp,
  });
  const owner = await findOrCreateOperator(context.db, operatorAddress, timestamp);
  await context.db
    .update(operator, { address: operatorAddress })
    .set({ agentCount: owner.agentCount + 1, updatedAt: timestamp });
});

ponder.on("AgentRegistry:AgentIdentityRotated", async ({ event, context }) => {
  const { agentId, newIdentity } = event.args;
  await context.db.update(agent, { id: agentId }).set({ identity: newIdentity, updatedAt: event.block.timestamp });
});

ponder.on("AgentRegistry:AgentCodeUpdated", async ({ event, context }) => {
  const { agentId, newCodeHash } = event.args;
  await context.db.update(agent, { id: agentId }).set({ codeHash: newCodeHash, updatedAt: event.block.timestamp });
});

ponder.on("AgentRegistry:AgentMetadataUpdated", async ({ event, context }) => {
  const { agentId, metadataURI } = event.args;
  await context.db.update(agent, { id: agentId }).set({ metadataUri: metadataURI, updatedAt: event.block.timestamp });
});

ponder.on("AgentRegistry:AgentRetired", async ({ event, context }) => {
  const { agentId, operator: operatorAddress } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(agent, { id: agentId })
    .set({ status: "retired", retiredAt: timestamp, updatedAt: timestamp });
  await context.db
    .update(operator, { address: operatorAddress })
    .set((row) => ({ retiredAgentCount: row.retiredAgentCount + 1, updatedAt: timestamp }));
});
