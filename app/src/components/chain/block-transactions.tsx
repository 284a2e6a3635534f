"use client";
import type { Transaction } from "viem";
import { TxLink } from "@/components/ui/tx-link";
import { decodeCall } from "@/lib/chain-decode";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { ChainAddress } from "./chain-address";

/** A block's transactions: hash, sender, recipient and the decoded function. */
export function BlockTransactions({ transactions }: { transactions: readonly Transaction[] }) {
  const { deployment } = useRuntimeConfig();
  if (transactions.length === 0) return <p className="muted small">No transactions.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>Hash</th>
            <th>From</th>
            <th>To</th>
            <th>Call</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((tx) => {
            const call = decodeCall(deployment, tx.to, tx.input);
            return (
              <tr key={tx.hash}>
                <td>
                  <TxLink hash={tx.hash} testId="block-tx-link" />
                </td>
                <td>
                  <ChainAddress address={tx.from} />
                </td>
                <td>{tx.to ? <ChainAddress address={tx.to} /> : <span className="muted">contract creation</span>}</td>
                <td className="mono">
                  {call ? call.functionName : tx.input === "0x" ? "transfer" : tx.input.slice(0, 10)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
