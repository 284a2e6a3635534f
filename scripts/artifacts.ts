import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";
import { contractSources, npmSourcePrefixes, type ContractName } from "./contract-names.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifactsRoot = path.join(repoRoot, "contracts", "artifacts");
const artifactsDir = path.join(artifactsRoot, "contracts", "src");

export interface ContractArtifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  /** Where the bytecode holds placeholders for linked libraries: source => library => byte ranges. */
  linkReferences?: Record<string, Record<string, { start: number; length: number }[]>>;
}

/** Read a compiled contract's artifact; run `npm run build:contracts` first. */
export async function readArtifact(name: ContractName): Promise<ContractArtifact> {
  const source = contractSources[name];
  // npm sources (built through `npmFilesToBuild`) keep their package path under the artifacts.
  const npm = npmSourcePrefixes.some((prefix) => source.startsWith(prefix));
  const file = path.join(npm ? artifactsRoot : artifactsDir, source, `${name}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new Error(`No artifact for ${name} at ${file}: run \`npm run build:contracts\``, { cause });
  }
  return JSON.parse(text) as ContractArtifact;
}
