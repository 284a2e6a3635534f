import type { Metadata } from "next";
import { OperatorDashboard } from "@/components/operator/operator-dashboard";

export const metadata: Metadata = { title: "Operator" };

export default function OperatorPage() {
  return <OperatorDashboard />;
}
