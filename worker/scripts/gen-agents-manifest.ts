/**
 * `npm run agents:manifest -w worker [-- --check]`
 *
 * Writes worker/agents/manifest.json: each example agent's name, file, code hash (keccak256 of
 * the bundle's bytes), size and description (from the bundle's header). With --check it writes
 * nothing and exits 1 if the manifest is not current. Run it after editing a bundle, and format
 * the bundle first: the hash covers every byte.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { AGENT_MANIFEST_FILE, buildAgentManifest, defaultAgentsDir } from "../src/bundles/index.ts";
import { formatManifest } from "./lib/format-manifest.ts";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const file = path.join(defaultAgentsDir, AGENT_MANIFEST_FILE);
const expected = await formatManifest(await buildAgentManifest());

if (values.check) {
  const current = await readFile(file, "utf8").catch(() => "");
  if (current !== expected) {
    console.error(`${file} is stale: run npm run agents:manifest -w worker`);
    process.exit(1);
  }
  console.log(`${file} is current`);
} else {
  await writeFile(file, expected);
  console.log(`wrote ${file}`);
}
