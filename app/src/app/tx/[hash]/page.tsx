import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { Hash } from "viem";
import { TransactionView } from "@/components/chain/transaction-view";

type Params = { params: Promise<{ hash: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { hash } = await params;
  return { title: `Transaction ${hash.slice(0, 10)}…` };
}

export default async function TransactionPage({ params }: Params) {
  const { hash } = await params;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) notFound();
  return <TransactionView key={hash} hash={hash.toLowerCase() as Hash} />;
}
