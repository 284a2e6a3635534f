"use client";
import Link from "next/link";
import type { Address } from "viem";
import { contractAt } from "@/lib/contract-abis";
import { shortAddress } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** An address with the deployed contract's name when it is one of Leasehold's. */
export function ChainAddress({ address }: { address: Address | null | undefined }) {
  const { deployment } = useRuntimeConfig();
  if (!address) return <span className="muted">—</span>;
  const contract = contractAt(deployment, address);
  return (
    <Link href={`/explorer/address/${address}`} title={address}>
      {contract ? <strong>{contract.name} </strong> : null}
      <span className="mono">{shortAddress(address)}</span>
    </Link>
  );
}
