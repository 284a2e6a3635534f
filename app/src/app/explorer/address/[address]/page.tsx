import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isAddress, type Hex } from "viem";
import { AddressView } from "@/components/explorer/address-view";

type Params = { params: Promise<{ address: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { address } = await params;
  return { title: isAddress(address, { strict: false }) ? `Address ${address.slice(0, 10)}…` : "Address" };
}

export default async function AddressPage({ params }: Params) {
  const { address } = await params;
  if (!isAddress(address, { strict: false })) notFound();
  return <AddressView key={address} address={address.toLowerCase() as Hex} />;
}
