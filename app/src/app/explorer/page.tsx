import type { Metadata } from "next";
import { AgentsList, DisputesList, JobsList, LeasesList } from "@/components/explorer/lists";

export const metadata: Metadata = { title: "Explorer" };

export default function ExplorerPage() {
  return (
    <>
      <JobsList preview title="Newest jobs" />
      <LeasesList preview title="Newest leases" />
      <DisputesList preview title="Newest disputes" />
      <AgentsList preview title="Newest agents" />
    </>
  );
}
