import type { Metadata } from "next";
import { AgentsRanking } from "@/components/agents/agents-ranking";

export const metadata: Metadata = { title: "Agents" };

export default function AgentsPage() {
  return <AgentsRanking />;
}
