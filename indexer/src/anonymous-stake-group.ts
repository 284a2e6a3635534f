/**
 * AnonymousStakeGroup events: one row per identity and its leaf, the root history (every leaf
 * change names its index and the new root, so the app can rebuild the tree and cross-check it),
 * the group's totals (src/lib/stake-group.ts) and its slashes. Its parameters are immutable:
 * they are read once at setup into the parameter table.
 */
import { ponder } from "ponder:registry";
import { groupSlash, stakeGroup, stakeGroupLeaf, stakeGroupRoot } from "ponder:schema";
import { isAddressEqual, type Hex } from "viem";
import { eventColumns, type EventMeta } from "./lib/event-meta.ts";
import type { Db } from "./lib/operators.ts";
import { setImmutableParameters } from "./lib/parameter-log.ts";
import { applyStakeGroupChange, emptyStakeGroupTotals, type StakeGroupChange } from "./lib/stake-group.ts";

type RootCause = (typeof stakeGroupRoot.$inferInsert)["cause"];

/** Apply `change` to the totals and, when the tree changed, start a new root (ending the last). */
async function changeGroup(
  db: Db,
  event: EventMeta & { log: { address: Hex } },
  change: StakeGroupChange,
  tree?: { root: bigint; leafIndex: bigint; cause: RootCause },
): Promise<void> {
  const address = event.log.address.toLowerCase() as Hex;
  const timestamp = event.block.timestamp;
  const before = await db.find(stakeGroup, { address });
  const totals = applyStakeGroupChange(before ?? emptyStakeGroupTotals, change);
  const size = (before?.size ?? 0) + (change.kind === "deposit" ? 1 : 0);
  let root = before?.root ?? 0n;
  let rootId = before?.rootId ?? "";
  if (tree) {
    if (before) await db.update(stakeGroupRoot, { id: before.rootId }).set({ replacedAt: timestamp });
    root = tree.root;
    rootId = event.id;
    await db.insert(stakeGroupRoot).values({
      id: event.id,
      root,
      leafCount: size,
      cause: tree.cause,
      leafIndex: Number(tree.leafIndex),
      setAt: timestamp,
      blockNumber: event.block.number,
      transactionHash: event.transaction.hash,
    });
  }
  const row = {
    live: totals.live,
    pending: totals.pending,
    withdrawn: totals.withdrawn,
    slashed: totals.slashed,
    members: totals.members,
    size,
    root,
    rootId,
    updatedAt: timestamp,
  };
  await db
    .insert(stakeGroup)
    .values({ address, ...row })
    .onConflictDoUpdate(row);
}

ponder.on("AnonymousStakeGroup:setup", async ({ context }) => {
  const group = {
    address: context.contracts.AnonymousStakeGroup.address,
    abi: context.contracts.AnonymousStakeGroup.abi,
  };
  const read = context.client.readContract;
  const [minimumDeposit, withdrawalDelay, rootValidity, sink, endorsements] = await Promise.all([
    read({ ...group, functionName: "minimumDeposit" }),
    read({ ...group, functionName: "withdrawalDelay" }),
    read({ ...group, functionName: "rootValidity" }),
    read({ ...group, functionName: "sink" }),
    read({ ...group, functionName: "endorsements" }),
  ]);
  await setImmutableParameters(context.db, "AnonymousStakeGroup", {
    minimumDeposit,
    withdrawalDelay,
    rootValidity,
    sink,
    endorsements,
  });
});

ponder.on("AnonymousStakeGroup:Deposited", async ({ event, context }) => {
  const { commitment, depositor, leafIndex, amount, leaf, root } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(stakeGroupLeaf).values({
    commitment,
    leafIndex: Number(leafIndex),
    leaf,
    depositedLeaf: leaf,
    amount,
    depositor,
    status: "live",
    depositedAt: timestamp,
    transactionHash: event.transaction.hash,
    updatedAt: timestamp,
  });
  await changeGroup(context.db, event, { kind: "deposit", amount }, { root, leafIndex, cause: "deposit" });
});

ponder.on("AnonymousStakeGroup:WithdrawalRequested", async ({ event, context }) => {
  const { commitment, recipient, leafIndex, amount, unlockAt, root, relayer, relayerFee } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.update(stakeGroupLeaf, { commitment }).set({
    leaf: 0n,
    status: "withdrawing",
    recipient,
    unlockAt,
    relayer,
    relayerFee,
    withdrawalRequestedAt: timestamp,
    updatedAt: timestamp,
  });
  await changeGroup(
    context.db,
    event,
    { kind: "withdrawal_request", amount },
    { root, leafIndex, cause: "withdrawal_request" },
  );
});

ponder.on("AnonymousStakeGroup:Withdrawn", async ({ event, context }) => {
  const { commitment, amount } = event.args;
  const timestamp = event.block.timestamp;
  await context.db
    .update(stakeGroupLeaf, { commitment })
    .set({ status: "withdrawn", withdrawnAt: timestamp, updatedAt: timestamp });
  await changeGroup(context.db, event, { kind: "withdrawal", amount });
});

ponder.on("AnonymousStakeGroup:Slashed", async ({ event, context }) => {
  const { commitment, slasher, leafIndex, amount, leafZeroed, root } = event.args;
  const timestamp = event.block.timestamp;
  await context.db.insert(groupSlash).values({
    id: event.id,
    commitment,
    leafIndex: Number(leafIndex),
    slasher,
    amount,
    doubleSignal: isAddressEqual(slasher, context.contracts.Endorsements.address),
    leafZeroed,
    root,
    ...eventColumns(event),
  });
  await context.db
    .update(stakeGroupLeaf, { commitment })
    .set({ leaf: 0n, status: "slashed", slashedAt: timestamp, updatedAt: timestamp });
  // A pending withdrawal's leaf is already 0: the root does not change.
  await changeGroup(
    context.db,
    event,
    { kind: "slash", amount, leafZeroed },
    leafZeroed ? { root, leafIndex, cause: "slash" } : undefined,
  );
});
