import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import { AgentBundleError } from "../../src/errors.ts";
import {
  AGENT_MANIFEST_FILE,
  buildAgentManifest,
  defaultAgentsDir,
  loadAgentBundle,
  readAgentManifest,
} from "../../src/bundles/index.ts";
import { formatManifest } from "../../scripts/lib/format-manifest.ts";

describe("agents/manifest.json", () => {
  it("should be current: regenerate with npm run agents:manifest -w worker", async () => {
    const onDisk = await readFile(path.join(defaultAgentsDir, AGENT_MANIFEST_FILE), "utf8");
    expect(onDisk).toBe(await formatManifest(await buildAgentManifest()));
  });

  it("should list every bundle with the keccak256 of its bytes", async () => {
    const manifest = await readAgentManifest();
    const files = (await readdir(defaultAgentsDir)).filter((file) => file.endsWith(".js")).sort();
    expect(manifest.agents.map((agent) => agent.file)).toEqual(files);
    expect(manifest.agents.map((agent) => agent.name)).toEqual(["dietary-ordering", "redaction"]);
    for (const agent of manifest.agents) {
      expect(agent.codeHash).toBe(keccak256(await readFile(path.join(defaultAgentsDir, agent.file))));
    }
  });

  it("should load a bundle only when it matches the approved code hash", async () => {
    const { codeHash } = await loadAgentBundle({ name: "redaction" });
    await expect(loadAgentBundle({ name: "redaction", expectedCodeHash: codeHash })).resolves.toMatchObject({
      codeHash,
    });
    await expect(loadAgentBundle({ name: "redaction", expectedCodeHash: keccak256("0x00") })).rejects.toBeInstanceOf(
      AgentBundleError,
    );
    await expect(loadAgentBundle({ name: "nobody" })).rejects.toBeInstanceOf(AgentBundleError);
  });
});
