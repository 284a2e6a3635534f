/**
 * Compiles one Solidity file with the project's solc (npm `solc`, the version Hardhat uses) through
 * its standard-JSON API, in this process, with hardhat.config.ts's settings (optimizer 200 runs,
 * evmVersion cancun), for contracts the Hardhat build does not know (a benchmark's baseline, or a
 * package's contracts such as Semaphore's).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Abi, Address, Hex } from "viem";
import { repoRoot } from "../../scripts/artifacts.ts";

const require = createRequire(import.meta.url);
const solc = require("solc") as {
  compile: (
    input: string,
    callbacks?: { import: (path: string) => { contents: string } | { error: string } },
  ) => string;
  version: () => string;
};

/** Must match hardhat.config.ts's compiler settings. */
export const solcSettings = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" } as const;

export const solcVersion = (): string => solc.version();

export interface CompileContractOptions {
  /**
   * Sources to use instead of the files they name (source unit name, e.g.
   * "@semaphore-protocol/contracts/base/SemaphoreVerifier.sol", to content): a patched copy of
   * a package's file, compiled without writing it into node_modules.
   */
  overrides?: Readonly<Record<string, string>>;
  /** Linked libraries by source unit and name, e.g. { "poseidon-solidity/PoseidonT3.sol": { PoseidonT3: address } }. */
  libraries?: Readonly<Record<string, Readonly<Record<string, Address>>>>;
}

/**
 * `file` is an absolute path (compiled as its base name; imports from packages resolve in the
 * root node_modules) or a package path such as "@semaphore-protocol/contracts/Semaphore.sol",
 * whose relative imports then resolve inside the package.
 */
export async function compileContract(
  file: string,
  contract: string,
  { overrides = {}, libraries = {} }: CompileContractOptions = {},
): Promise<{ abi: Abi; bytecode: Hex }> {
  const source = path.isAbsolute(file) ? path.basename(file) : file;
  const content =
    overrides[source] ??
    (await readFile(path.isAbsolute(file) ? file : path.join(repoRoot, "node_modules", file), "utf8"));
  const input = {
    language: "Solidity",
    sources: { [source]: { content } },
    settings: {
      ...solcSettings,
      libraries,
      outputSelection: { [source]: { [contract]: ["abi", "evm.bytecode.object"] } },
    },
  };
  // solc asks for every import by its source unit name; packages are hoisted to the root node_modules.
  const findImport = (name: string) => {
    if (overrides[name] !== undefined) return { contents: overrides[name] };
    try {
      return { contents: readFileSync(path.join(repoRoot, "node_modules", name), "utf8") };
    } catch (error) {
      return { error: `${name}: ${(error as Error).message}` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const compiled = output.contracts?.[source]?.[contract];
  if (!compiled) throw new Error(`solc produced no ${contract} from ${file}`);
  // An unlinked library leaves a `__$…$__` placeholder that no chain would accept.
  if (compiled.evm.bytecode.object.includes("__$")) throw new Error(`${contract} needs a library that was not linked`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}
