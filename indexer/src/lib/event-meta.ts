/** The parts of a Ponder log event every row records, whatever the event. */
import type { Hex } from "viem";

export interface EventMeta {
  /** Ponder's id for the log: unique and ordered within the chain. */
  id: string;
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
}

export function eventColumns(event: EventMeta) {
  return {
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  };
}
