"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePublicClient } from "wagmi";
import { formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { BlockTransactions } from "./block-transactions";

/** One block and its transactions. */
export function BlockView({ number }: { number: bigint }) {
  const { chainId } = useRuntimeConfig();
  const client = usePublicClient({ chainId });
  const block = useQuery({
    queryKey: ["chain-block", chainId, number.toString()],
    enabled: Boolean(client),
    queryFn: () => client!.getBlock({ blockNumber: number, includeTransactions: true }),
  });
  if (block.isPending) return <p className="muted">Reading block {number.toString()}…</p>;
  if (block.error || !block.data) {
    return (
      <p className="notice notice--error" role="alert">
        Block {number.toString()} does not exist on chain {chainId} yet.
      </p>
    );
  }
  const { data } = block;
  return (
    <div className="stack-lg" data-testid="block-view">
      <header className="page-head">
        <p className="eyebrow">Block</p>
        <h1>#{number.toString()}</h1>
        <nav className="button-row" aria-label="Neighbouring blocks">
          {number > 0n ? (
            <Link className="button button--small" href={`/blocks/${number - 1n}`}>
              ← #{(number - 1n).toString()}
            </Link>
          ) : null}
          <Link className="button button--small" href={`/blocks/${number + 1n}`}>
            #{(number + 1n).toString()} →
          </Link>
          <Link className="button button--small" href="/blocks">
            Latest blocks
          </Link>
        </nav>
      </header>
      <section className="card">
        <dl className="facts facts--wide">
          <dt>Time</dt>
          <dd>{formatTimestamp(data.timestamp)}</dd>
          <dt>Hash</dt>
          <dd className="mono break">{data.hash}</dd>
          <dt>Gas used</dt>
          <dd>{data.gasUsed.toString()}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="block-txs-heading">
        <h2 id="block-txs-heading">Transactions ({data.transactions.length})</h2>
        <BlockTransactions transactions={data.transactions} />
      </section>
    </div>
  );
}
