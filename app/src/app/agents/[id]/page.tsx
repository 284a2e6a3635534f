import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AgentProfile } from "@/components/agents/agent-profile";

type Params = { params: Promise<{ id: string }> };

const AGENT_ID = /^[1-9][0-9]{0,76}$/;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: AGENT_ID.test(id) ? `Agent #${id}` : "Agent" };
}

export default async function AgentPage({ params }: Params) {
  const { id } = await params;
  if (!AGENT_ID.test(id)) notFound();
  return <AgentProfile key={id} agentId={BigInt(id)} />;
}
