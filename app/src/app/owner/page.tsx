import type { Metadata } from "next";
import { OwnerDashboard } from "@/components/owner/owner-dashboard";

export const metadata: Metadata = { title: "Data owner" };

export default function OwnerPage() {
  return <OwnerDashboard />;
}
