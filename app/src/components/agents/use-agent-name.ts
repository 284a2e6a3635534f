import { agentOffer } from "@/lib/agent-offers";

/** The agent's name from its metadata, as the other pages show it, or its number. */
export function agentName(agent: { id: string; metadataUri: string }): string {
  return agentOffer(agent).name ?? `Agent #${agent.id}`;
}
