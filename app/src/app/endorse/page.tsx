import type { Metadata } from "next";
import { EndorseDashboard } from "@/components/endorsements/endorse-dashboard";

export const metadata: Metadata = { title: "Endorse" };

type Props = { searchParams: Promise<{ agent?: string | string[] }> };

const AGENT_ID = /^[1-9][0-9]{0,76}$/;

export default async function EndorsePage({ searchParams }: Props) {
  const { agent } = await searchParams;
  const initial = typeof agent === "string" && AGENT_ID.test(agent) ? agent : null;
  return <EndorseDashboard initialAgentId={initial} />;
}
