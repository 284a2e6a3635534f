"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatEther, type Hash } from "viem";
import { usePublicClient } from "wagmi";
import { decodeCall, decodeLog } from "@/lib/chain-decode";
import { formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { ChainAddress } from "./chain-address";
import { DecodedArguments } from "./decoded-arguments";

/** One transaction from the chain: who sent what to whom, the call and its events decoded with the ABIs. */
export function TransactionView({ hash }: { hash: Hash }) {
  const { deployment, chainId } = useRuntimeConfig();
  const client = usePublicClient({ chainId });
  const transaction = useQuery({
    queryKey: ["chain-tx", chainId, hash],
    enabled: Boolean(client),
    // Pending transactions have no receipt yet: look again until there is one.
    refetchInterval: (query) => (query.state.data?.receipt ? false : 2_000),
    queryFn: async () => {
      const tx = await client!.getTransaction({ hash });
      const receipt = tx.blockNumber === null ? null : await client!.getTransactionReceipt({ hash });
      const block = tx.blockNumber === null ? null : await client!.getBlock({ blockNumber: tx.blockNumber });
      return { tx, receipt, timestamp: block?.timestamp ?? null };
    },
  });

  if (transaction.isPending) return <p className="muted">Reading the transaction…</p>;
  if (transaction.error || !transaction.data) {
    return (
      <p className="notice notice--error" role="alert" data-testid="tx-not-found">
        No transaction {hash} on chain {chainId}.
      </p>
    );
  }
  const { tx, receipt, timestamp } = transaction.data;
  const call = decodeCall(deployment, tx.to, tx.input);
  const status = receipt ? receipt.status : "pending";
  return (
    <div className="stack-lg" data-testid="tx-view">
      <header className="page-head">
        <p className="eyebrow">Transaction</p>
        <h1 className="mono break">{hash}</h1>
      </header>
      <section className="card">
        <dl className="facts facts--wide">
          <dt>Status</dt>
          <dd data-testid="tx-status-value">
            <span
              className={`badge badge--${status === "success" ? "ok" : status === "pending" ? "pending" : "error"}`}
            >
              {status === "success" ? "succeeded" : status === "pending" ? "pending" : "reverted"}
            </span>
          </dd>
          <dt>Block</dt>
          <dd>
            {tx.blockNumber === null ? (
              "not yet mined"
            ) : (
              <Link href={`/blocks/${tx.blockNumber}`}>#{tx.blockNumber.toString()}</Link>
            )}
            {timestamp !== null ? <span className="muted"> · {formatTimestamp(timestamp)}</span> : null}
          </dd>
          <dt>From</dt>
          <dd>
            <ChainAddress address={tx.from} />
          </dd>
          <dt>To</dt>
          <dd>
            {tx.to ? (
              <ChainAddress address={tx.to} />
            ) : (
              <>
                contract creation {receipt?.contractAddress ? <ChainAddress address={receipt.contractAddress} /> : null}
              </>
            )}
          </dd>
          <dt>Value</dt>
          <dd>{formatEther(tx.value)} ETH</dd>
          {receipt ? (
            <>
              <dt>Gas used</dt>
              <dd>{receipt.gasUsed.toString()}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="tx-call-heading">
        <h2 id="tx-call-heading">Call</h2>
        {call ? (
          <>
            <p data-testid="tx-call">
              <strong>{call.contract}</strong>.<span className="mono">{call.functionName}</span>
            </p>
            <DecodedArguments args={call.args} testId="tx-call-args" />
          </>
        ) : (
          <>
            <p className="muted">Not a call to one of Leasehold&apos;s contracts, so it is shown raw.</p>
            <pre className="mono break small">{tx.input}</pre>
          </>
        )}
      </section>
      {receipt ? (
        <section className="card" aria-labelledby="tx-events-heading">
          <h2 id="tx-events-heading">Events ({receipt.logs.length})</h2>
          <ol className="stack" data-testid="tx-events">
            {receipt.logs.map((log) => {
              const event = decodeLog(deployment, log);
              return (
                <li key={log.logIndex} data-testid="tx-event">
                  {event ? (
                    <>
                      <p>
                        <strong>{event.contract}</strong>.<span className="mono">{event.eventName}</span>
                      </p>
                      <DecodedArguments args={event.args} />
                    </>
                  ) : (
                    <>
                      <p>
                        <ChainAddress address={log.address} /> <span className="muted">(not decoded)</span>
                      </p>
                      <pre className="mono break small">{[...log.topics, log.data].join("\n")}</pre>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
