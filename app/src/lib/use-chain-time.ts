"use client";
import { useEffect, useState } from "react";
import { useBlock } from "wagmi";
import { useRuntimeConfig } from "./runtime-config-context";

/**
 * The chain's idea of "now", in seconds, ticking every second. Unlock times are compared with
 * block timestamps, not wall clocks: a devnet may have been moved forward, and a real chain's
 * clock can differ from this computer's. The estimate is the newest block's timestamp plus the
 * time since we saw it, and never behind the wall clock (an idle devnet stamps its next block
 * with the current time).
 */
export function useChainNow(): number {
  const { chainId } = useRuntimeConfig();
  const block = useBlock({ chainId, watch: true });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  // When a new block arrives, remember its timestamp and the tick we saw it at (render-time
  // state adjustment: within a second of the real arrival, which is the display's resolution).
  const [seen, setSeen] = useState<{ timestamp: number; at: number } | null>(null);
  const timestamp = block.data ? Number(block.data.timestamp) : null;
  if (timestamp !== null && seen?.timestamp !== timestamp) setSeen({ timestamp, at: now });
  const wall = Math.floor(now / 1000);
  if (!seen) return wall;
  const chain = seen.timestamp + Math.floor((now - seen.at) / 1000);
  return Math.max(chain, wall);
}
