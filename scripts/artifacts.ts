import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";
import { contractSources, type ContractName } from "./contract-names.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifactsRoot = path.join(repoRoot, "contracts", "artifacts");
const artifactsDir = path.join(artifactsRoot, "contracts", "src");

export interface ContractArtifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
}

/** Read a compiled contract's artifact; run `npm run build:contracts` first. */
export async function readArtifact(name: ContractName): Promise<ContractArtifact> {
  const source = contractSources[name];
  // npm sources (built through `npmFilesToBuild`) keep their package path under the artifacts.
  const file = path.join(source.startsWith("@") ? artifactsRoot : artifactsDir, source, `${name}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new Error(`No artifact for ${name} at ${file}: run \`npm run build:contracts\``, { cause });
  }
  return JSON.parse(text) as ContractArtifact;
}
