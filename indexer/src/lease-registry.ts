/**
 * LeaseRegistry events: one row per lease, as `getLease` returns it, with the TTL cap it was
 * granted under (for the lease audit), and the maxTtl parameter. Role events are in
 * access-control.ts.
 */
import { LeaseholdError } from "@leasehold/sdk";
import { ponder } from "ponder:registry";
import { lease } from "ponder:schema";
import { currentParameter, recordParameterChange } from "./lib/parameter-log.ts";

/** A lease was granted before any maxTtl was seen: the indexer starts after the registry's deployment. */
export class MissingMaxTtlError extends LeaseholdError {
  readonly retryable = false;
}

ponder.on("LeaseRegistry:LeaseGranted", async ({ event, context }) => {
  const { leaseId, agentId, owner, scopeHash, contextId, expiry, fee } = event.args;
  const maxTtl = await currentParameter(context.db, "LeaseRegistry", "maxTtl");
  if (maxTtl === undefined) {
    throw new MissingMaxTtlError(`Lease ${leaseId} granted before any MaxTtlUpdated event was indexed`);
  }
  const timestamp = event.block.timestamp;
  await context.db.insert(lease).values({
    id: leaseId,
    owner,
    agentId,
    scopeHash,
    contextId,
    expiry,
    fee,
    status: "granted",
    grantedAt: timestamp,
    ttl: expiry - timestamp,
    maxTtlAtGrant: BigInt(maxTtl),
    revokedAt: null,
    jobCount: 0,
    transactionHash: event.transaction.hash,
    updatedAt: timestamp,
  });
});

ponder.on("LeaseRegistry:LeaseRevoked", async ({ event, context }) => {
  const timestamp = event.block.timestamp;
  await context.db
    .update(lease, { id: event.args.leaseId })
    .set({ status: "revoked", revokedAt: timestamp, updatedAt: timestamp });
});

ponder.on("LeaseRegistry:MaxTtlUpdated", async ({ event, context }) => {
  const { oldMaxTtl, newMaxTtl } = event.args;
  await recordParameterChange(context.db, event, {
    contract: "LeaseRegistry",
    action: "MaxTtlUpdated",
    name: "maxTtl",
    oldValue: oldMaxTtl,
    newValue: newMaxTtl,
  });
});
