import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LeaseView } from "@/components/explorer/lease-view";

type Params = { params: Promise<{ leaseId: string }> };

const LEASE_ID = /^[1-9][0-9]{0,76}$/;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { leaseId } = await params;
  return { title: LEASE_ID.test(leaseId) ? `Lease #${leaseId}` : "Lease" };
}

export default async function LeasePage({ params }: Params) {
  const { leaseId } = await params;
  if (!LEASE_ID.test(leaseId)) notFound();
  return <LeaseView key={leaseId} leaseId={leaseId} />;
}
