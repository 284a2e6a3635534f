import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DisputeView } from "@/components/court/dispute-view";

type Params = { params: Promise<{ disputeId: string }> };

const DISPUTE_ID = /^[1-9][0-9]{0,76}$/;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { disputeId } = await params;
  return { title: DISPUTE_ID.test(disputeId) ? `Dispute #${disputeId}` : "Dispute" };
}

export default async function DisputePage({ params }: Params) {
  const { disputeId } = await params;
  if (!DISPUTE_ID.test(disputeId)) notFound();
  return <DisputeView key={disputeId} disputeId={BigInt(disputeId)} />;
}
