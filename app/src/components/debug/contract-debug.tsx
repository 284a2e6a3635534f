"use client";
import Link from "next/link";
import { useState } from "react";
import type { AbiFunction } from "viem";
import { deployedContracts } from "@/lib/contract-abis";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { ReadFunction, WriteFunction } from "./function-form";

/**
 * Every function of every contract in the deployment record: views read through the RPC,
 * writes sent from the connected wallet (local chain only).
 */
export function ContractDebug() {
  const { deployment, isLocalChain } = useRuntimeConfig();
  const contracts = deployedContracts(deployment);
  const [selected, setSelected] = useState(contracts[0]?.name);
  const contract = contracts.find((candidate) => candidate.name === selected);
  if (!contract)
    return <p className="muted">No deployment record for this chain, so there are no contracts to call.</p>;

  const functions = contract.abi.filter((item): item is AbiFunction => item.type === "function");
  // Overloads share a name; number them so each form keeps a stable id.
  const ids = functions.map((fn, i) => {
    const overloads = functions.filter((other) => other.name === fn.name);
    return overloads.length > 1
      ? `${fn.name}-${functions.slice(0, i).filter((o) => o.name === fn.name).length}`
      : fn.name;
  });
  const reads = functions.flatMap((fn, i) =>
    fn.stateMutability === "view" || fn.stateMutability === "pure" ? [{ fn, id: ids[i]! }] : [],
  );
  const writes = functions.flatMap((fn, i) =>
    fn.stateMutability === "view" || fn.stateMutability === "pure" ? [] : [{ fn, id: ids[i]! }],
  );

  return (
    <div className="debug">
      <nav className="debug__contracts" aria-label="Contracts">
        {contracts.map((candidate) => (
          <button
            key={candidate.name}
            type="button"
            className={`button button--small${candidate.name === contract.name ? " button--primary" : " button--ghost"}`}
            aria-pressed={candidate.name === contract.name}
            onClick={() => setSelected(candidate.name)}
            data-testid={`debug-contract-${candidate.name}`}
          >
            {candidate.name}
          </button>
        ))}
      </nav>
      <section className="card" key={contract.name} data-testid="debug-contract">
        <h2>{contract.name}</h2>
        <p className="mono small">
          <Link href={`/explorer/address/${contract.address}`}>{contract.address}</Link>
        </p>
        {!isLocalChain ? (
          <p className="notice notice--warning">Writes are offered on the local chain only; reads work here.</p>
        ) : null}
        <div className="grid-2">
          <div>
            <h3>Read ({reads.length})</h3>
            {reads.length === 0 ? <p className="muted">No view functions.</p> : null}
            {reads.map(({ fn, id }) => (
              <ReadFunction key={id} address={contract.address} abi={functions} fn={fn} id={id} />
            ))}
          </div>
          <div>
            <h3>Write ({writes.length})</h3>
            {writes.length === 0 ? <p className="muted">No state-changing functions.</p> : null}
            {writes.map(({ fn, id }) => (
              <WriteFunction key={id} address={contract.address} abi={functions} fn={fn} id={id} />
            ))}
          </div>
        </div>
      </section>
    </div>
  );
}
