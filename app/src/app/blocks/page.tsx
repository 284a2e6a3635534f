import type { Metadata } from "next";
import { LatestBlocks } from "@/components/chain/latest-blocks";

export const metadata: Metadata = { title: "Blocks" };

export default function BlocksPage() {
  return (
    <div className="stack-lg">
      <header className="page-head">
        <p className="eyebrow">Everyone, read from the chain</p>
        <h1>Blocks</h1>
        <p className="lead">The newest blocks with their transactions, calls decoded with Leasehold&apos;s ABIs.</p>
      </header>
      <LatestBlocks />
    </div>
  );
}
