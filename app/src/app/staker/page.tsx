import type { Metadata } from "next";
import { StakerDashboard } from "@/components/staker/staker-dashboard";

export const metadata: Metadata = { title: "Staker" };

export default function StakerPage() {
  return <StakerDashboard />;
}
