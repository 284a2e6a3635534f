import type { Metadata } from "next";
import Link from "next/link";
import { ContractDebug } from "@/components/debug/contract-debug";

export const metadata: Metadata = { title: "Debug contracts" };

export default function DebugPage() {
  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Developers</p>
        <h1>Debug contracts</h1>
        <p className="lead">
          Every function of every contract in this chain&apos;s deployment record, typed from the ABIs. Reads work on
          any chain; writes are sent from the connected wallet, on the local chain only. Each transaction opens in the{" "}
          <Link href="/blocks">block and transaction view</Link>.
        </p>
      </header>
      <ContractDebug />
    </div>
  );
}
