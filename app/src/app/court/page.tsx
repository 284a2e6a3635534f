import type { Metadata } from "next";
import { CourtDashboard } from "@/components/court/court-dashboard";

export const metadata: Metadata = { title: "Court" };

export default function CourtPage() {
  return <CourtDashboard />;
}
