"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useBlockNumber, usePublicClient } from "wagmi";
import { formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { BlockTransactions } from "./block-transactions";

const SHOWN = 10n;

/** The newest blocks, following the chain as it grows. */
export function LatestBlocks() {
  const { chainId } = useRuntimeConfig();
  const client = usePublicClient({ chainId });
  const head = useBlockNumber({ chainId, watch: true });
  const blocks = useQuery({
    queryKey: ["chain-latest-blocks", chainId, head.data?.toString()],
    enabled: Boolean(client) && head.data !== undefined,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const newest = head.data!;
      const numbers: bigint[] = [];
      for (let n = newest; n >= 0n && newest - n < SHOWN; n--) numbers.push(n);
      return Promise.all(numbers.map((blockNumber) => client!.getBlock({ blockNumber, includeTransactions: true })));
    },
  });
  if (!blocks.data) return <p className="muted">Reading the newest blocks…</p>;
  return (
    <ol className="stack" data-testid="latest-blocks">
      {blocks.data.map((block) => (
        <li key={block.hash} className="card">
          <h2>
            <Link href={`/blocks/${block.number}`} data-testid="block-link">
              Block #{block.number?.toString()}
            </Link>
            <span className="muted small"> · {formatTimestamp(block.timestamp)}</span>
          </h2>
          <BlockTransactions transactions={block.transactions} />
        </li>
      ))}
    </ol>
  );
}
