import prettier from "prettier";
import type { AgentManifest } from "../../src/types.ts";

/** The manifest as the repository's formatter would write it, so `prettier --check` and the staleness check agree. */
export async function formatManifest(manifest: AgentManifest): Promise<string> {
  return prettier.format(JSON.stringify(manifest), { parser: "json", printWidth: 120 });
}
