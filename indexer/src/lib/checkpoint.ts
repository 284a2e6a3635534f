/**
 * Ponder's checkpoints, as stored in its `_ponder_checkpoint` table: a fixed-width decimal string
 * that starts with the block's timestamp (10 digits), so checkpoints sort in chain order. Only
 * the timestamp is read here: it is the clock of the lease audit.
 */
import { LeaseholdError } from "@leasehold/sdk";

const BLOCK_TIMESTAMP_DIGITS = 10;

export class InvalidCheckpointError extends LeaseholdError {
  readonly retryable = false;
}

/** The block timestamp a Ponder checkpoint encodes. */
export function checkpointTimestamp(checkpoint: string): bigint {
  const digits = checkpoint.slice(0, BLOCK_TIMESTAMP_DIGITS);
  if (checkpoint.length <= BLOCK_TIMESTAMP_DIGITS || !/^\d+$/.test(checkpoint)) {
    throw new InvalidCheckpointError(`Not a Ponder checkpoint: "${checkpoint}"`);
  }
  return BigInt(digits);
}
