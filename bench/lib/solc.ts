/**
 * Compiles one Solidity file with the project's solc (npm `solc`, the version Hardhat uses) through
 * its standard-JSON API, in this process, with hardhat.config.ts's settings (optimizer 200 runs,
 * evmVersion cancun), for contracts the Hardhat build does not know (a benchmark's baseline).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Abi, Hex } from "viem";

const require = createRequire(import.meta.url);
const solc = require("solc") as { compile: (input: string) => string; version: () => string };

/** Must match hardhat.config.ts's compiler settings. */
export const solcSettings = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" } as const;

export const solcVersion = (): string => solc.version();

export async function compileContract(file: string, contract: string): Promise<{ abi: Abi; bytecode: Hex }> {
  const source = path.basename(file);
  const input = {
    language: "Solidity",
    sources: { [source]: { content: await readFile(file, "utf8") } },
    settings: { ...solcSettings, outputSelection: { [source]: { [contract]: ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const compiled = output.contracts?.[source]?.[contract];
  if (!compiled) throw new Error(`solc produced no ${contract} from ${file}`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}
