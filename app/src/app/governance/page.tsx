import type { Metadata } from "next";
import { GovernanceDashboard } from "@/components/governance/governance-dashboard";

export const metadata: Metadata = { title: "Governance" };

export default function GovernancePage() {
  return <GovernanceDashboard />;
}
