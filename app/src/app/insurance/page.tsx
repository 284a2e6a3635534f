import type { Metadata } from "next";
import { InsuranceDashboard } from "@/components/insurance/insurance-dashboard";

export const metadata: Metadata = { title: "Insurance" };

export default function InsurancePage() {
  return <InsuranceDashboard />;
}
