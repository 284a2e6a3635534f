/**
 * The chain's clock as this page can know it, for judging time-dependent calls by the block they
 * will land in: the next one. That block's time is never earlier than
 *
 * - a second after the latest block's (block times strictly increase), nor
 * - the chain time that has passed since a block was first seen here: blocks are stamped when
 *   they are made, so the clock the chain stamps by was at least that block's time when we saw
 *   it, and has been running since; nor
 * - on a local chain, this computer's clock: the local node runs on it, moved forward by any time
 *   travel, never back.
 *
 * The estimate is the largest of these, a lower bound: a call whose time has come by it will find
 * its time come in whatever block it lands in, which is what lets a page enable a button exactly
 * when the transaction will succeed (and simulate it against that time, see use-transaction-flow).
 * Blocks are remembered per chain, in one place for every hook and transaction flow of the page.
 */

export interface ObservedBlock {
  number: bigint;
  timestamp: bigint;
}

interface ChainClock {
  latest: ObservedBlock;
  /** A lower bound of the chain's clock (seconds, fractional) at wall time `anchorAt` (ms). */
  anchorTime: number;
  anchorAt: number;
}

const clocks = new Map<number, ChainClock>();

/** Remembers `block` as seen at wall time `at` (ms) when it is the chain's newest known block. */
export function observeBlock(chainId: number, block: ObservedBlock, at: number = Date.now()): void {
  const clock = clocks.get(chainId);
  if (clock && block.number === clock.latest.number) return;
  const timestamp = Number(block.timestamp);
  if (!clock || block.number < clock.latest.number) {
    // A first block, or a chain that went back (a restarted devnet, a reorg): start from it.
    clocks.set(chainId, { latest: block, anchorTime: timestamp, anchorAt: at });
    return;
  }
  const extrapolated = clock.anchorTime + (at - clock.anchorAt) / 1_000;
  clocks.set(chainId, { latest: block, anchorTime: Math.max(timestamp, extrapolated), anchorAt: at });
}

/** The newest block seen on the chain, if any. */
export function latestObservedBlock(chainId: number): ObservedBlock | undefined {
  return clocks.get(chainId)?.latest;
}

export interface NextBlockTimeParameters {
  chainId: number;
  /** The local chain runs on this computer's clock: its next block is never earlier. */
  localClock: boolean;
  /** Wall time (ms) to estimate at. */
  at?: number;
}

/** The earliest time (seconds) the chain's next block can have; null before any block was seen. */
export function nextBlockTime({ chainId, localClock, at = Date.now() }: NextBlockTimeParameters): bigint | null {
  const clock = clocks.get(chainId);
  if (!clock) return localClock ? BigInt(Math.floor(at / 1_000)) : null;
  let time = clock.latest.timestamp + 1n;
  const extrapolated = BigInt(Math.floor(clock.anchorTime + (at - clock.anchorAt) / 1_000));
  if (extrapolated > time) time = extrapolated;
  const wall = BigInt(Math.floor(at / 1_000));
  if (localClock && wall > time) time = wall;
  return time;
}
