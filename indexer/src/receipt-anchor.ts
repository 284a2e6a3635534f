/** ReceiptAnchor events: one row per anchored batch, as `getBatch` returns it, with its root. */
import { ponder } from "ponder:registry";
import { receiptBatch } from "ponder:schema";

ponder.on("ReceiptAnchor:BatchAnchored", async ({ event, context }) => {
  const { batchId, agentId, anchoredBy, root, leafCount } = event.args;
  await context.db.insert(receiptBatch).values({
    id: batchId,
    agentId,
    anchoredBy,
    root,
    leafCount,
    anchoredAt: event.block.timestamp,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
});
