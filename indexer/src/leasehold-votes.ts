/**
 * LeaseholdVotes delegation: whom each holder delegates to, and every delegate's voting power
 * (`getVotes`), which DelegateVotesChanged reports after each transfer or delegation.
 */
import { ponder } from "ponder:registry";
import { delegate, delegation } from "ponder:schema";
import { zeroAddress, type Hex } from "viem";
import type { Db } from "./lib/operators.ts";

async function countDelegator(db: Db, address: Hex, change: 1 | -1, timestamp: bigint): Promise<void> {
  if (address.toLowerCase() === zeroAddress) return;
  await db
    .insert(delegate)
    .values({ address, votes: 0n, delegatorCount: Math.max(change, 0), updatedAt: timestamp })
    .onConflictDoUpdate((row) => ({ delegatorCount: row.delegatorCount + change, updatedAt: timestamp }));
}

ponder.on("LeaseholdVotes:DelegateChanged", async ({ event, context }) => {
  const { delegator, fromDelegate, toDelegate } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .insert(delegation)
    .values({ delegator, delegate: toDelegate, updatedAt: timestamp })
    .onConflictDoUpdate({ delegate: toDelegate, updatedAt: timestamp });
  await countDelegator(context.db, fromDelegate, -1, timestamp);
  await countDelegator(context.db, toDelegate, 1, timestamp);
});

ponder.on("LeaseholdVotes:DelegateVotesChanged", async ({ event, context }) => {
  const { delegate: address, newVotes } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .insert(delegate)
    .values({ address, votes: newVotes, delegatorCount: 0, updatedAt: timestamp })
    .onConflictDoUpdate({ votes: newVotes, updatedAt: timestamp });
});
