import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BlockView } from "@/components/chain/block-view";

type Params = { params: Promise<{ number: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { number } = await params;
  return { title: `Block ${number}` };
}

export default async function BlockPage({ params }: Params) {
  const { number } = await params;
  if (!/^\d+$/.test(number)) notFound();
  return <BlockView key={number} number={BigInt(number)} />;
}
