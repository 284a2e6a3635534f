"use client";
import { useEffect, useState } from "react";
import { useBlock, type Config } from "wagmi";
import { getBlock } from "wagmi/actions";
import { nextBlockTime, observeBlock } from "./chain-clock";
import { useRuntimeConfig } from "./runtime-config-context";

/**
 * The chain's "now", in seconds, ticking every second: the time the next block will have at the
 * earliest (chain-clock.ts), since that is the block a transaction sent now lands in. Unlock times
 * are compared with block timestamps, not wall clocks: a devnet may have been moved forward, and a
 * real chain's clock can differ from this computer's. A countdown that reaches zero by it means
 * the call can be made now, and the transaction flow simulates calls against the same time.
 */
export function useChainNow(): number {
  const { chainId, isLocalChain } = useRuntimeConfig();
  const block = useBlock({ chainId, watch: true });
  const [now, setNow] = useState(() => Date.now());
  const number = block.data?.number ?? null;
  const timestamp = block.data?.timestamp;
  // A new block is remembered for every hook and flow of the page, and the clock ticks at once and
  // then every second from it, so a countdown moves the moment a block shows time has come.
  useEffect(() => {
    if (number !== null && timestamp !== undefined) observeBlock(chainId, { number, timestamp });
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [chainId, number, timestamp]);
  const time = nextBlockTime({ chainId, localClock: isLocalChain, at: now });
  return Number(time ?? BigInt(Math.floor(now / 1_000)));
}

/**
 * Block overrides that make a simulation run in the block a transaction sent now lands in: the
 * latest block's successor, at the earliest time it can have (read fresh, then chain-clock.ts).
 */
export async function nextBlockOverrides(
  config: Config,
  { chainId, localClock }: { chainId: number; localClock: boolean },
): Promise<{ number: bigint; time: bigint }> {
  const latest = await getBlock(config, { chainId });
  observeBlock(chainId, latest);
  return { number: latest.number + 1n, time: nextBlockTime({ chainId, localClock })! };
}
