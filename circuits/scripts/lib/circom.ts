/**
 * Runs the Circom compiler (npm `circom2`, Circom 2 as WebAssembly). Circom's WASI sandbox only
 * sees the working folder and its parents, so it runs from the repository root with paths
 * relative to it, and finds circomlib through `-l node_modules`.
 */
import { spawn } from "node:child_process";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { CircuitCompileError } from "../../src/errors.ts";
import { repoRoot } from "./paths.ts";

const require = createRequire(import.meta.url);
const circomCli = require.resolve("circom2/cli.js");
export const circomPackageVersion: string = require("circom2/package.json").version;

/** The flags every compile uses; recorded in the manifest. `--O2` halves the constraints. */
export const optimisation = "--O2";

export interface CompileCircuitParameters {
  /** Base name of the main file and of every output (`<name>.r1cs`, `<name>_js/<name>.wasm`). */
  name: string;
  /** Source of the file holding `component main`. */
  mainSource: string;
  /** Absolute folder for the main file and the outputs; must lie inside the repository. */
  outDir: string;
  /** Include folders relative to the repository root, searched in order. */
  libraries: readonly string[];
  wasm?: boolean;
  sym?: boolean;
}

export interface CompileCircuitReturnType {
  mainFile: string;
  r1csFile: string;
  wasmFile: string | undefined;
  symFile: string | undefined;
  /** Non-linear plus linear constraints as Circom reports them after optimisation. */
  constraints: number;
}

export async function compileCircuit(parameters: CompileCircuitParameters): Promise<CompileCircuitReturnType> {
  const { name, mainSource, outDir, libraries, wasm = false, sym = false } = parameters;
  const relativeOut = path.relative(repoRoot, outDir);
  if (relativeOut.startsWith("..") || path.isAbsolute(relativeOut)) {
    throw new CircuitCompileError(`Circom can only write inside the repository, not to ${outDir}`);
  }
  await mkdir(outDir, { recursive: true });
  const mainFile = path.join(outDir, `${name}.circom`);
  await writeFile(mainFile, mainSource);

  const args = [
    path.relative(repoRoot, mainFile),
    "--r1cs",
    ...(wasm ? ["--wasm"] : []),
    ...(sym ? ["--sym"] : []),
    optimisation,
    ...libraries.flatMap((library) => ["-l", library]),
    "-o",
    relativeOut,
  ];
  const output = await run(args);
  const count = (label: string) => Number(new RegExp(`^${label}: (\\d+)$`, "m").exec(output)?.[1] ?? Number.NaN);
  const constraints = count("non-linear constraints") + count("linear constraints");
  if (!Number.isFinite(constraints)) {
    throw new CircuitCompileError(`Circom did not report a constraint count for ${name}:\n${output}`);
  }
  if (wasm) {
    // Circom also writes JavaScript helpers next to the wasm; snarkjs needs only the wasm, and the
    // generated JavaScript would fall under the repository's linter.
    const jsDir = path.join(outDir, `${name}_js`);
    for (const file of await readdir(jsDir)) if (file.endsWith(".js")) await rm(path.join(jsDir, file));
  }
  return {
    mainFile,
    r1csFile: path.join(outDir, `${name}.r1cs`),
    wasmFile: wasm ? path.join(outDir, `${name}_js`, `${name}.wasm`) : undefined,
    symFile: sym ? path.join(outDir, `${name}.sym`) : undefined,
    constraints,
  };
}

/** "circom compiler 2.x.y" as the packaged compiler reports itself. */
export async function circomCompilerVersion(): Promise<string> {
  const output = await run(["--version"]);
  const version = /circom compiler (\S+)/.exec(output)?.[1];
  if (!version) throw new CircuitCompileError(`Unexpected circom --version output: ${output}`);
  return version;
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [circomCli, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) =>
      reject(new CircuitCompileError("Could not start the Circom compiler", { cause: error })),
    );
    child.on("close", (code) => {
      const plain = stripVTControlCharacters(output);
      if (code === 0 && !/\berror\[/i.test(plain)) resolve(plain);
      else reject(new CircuitCompileError(`circom ${args[0]} failed (exit ${code}):\n${plain}`));
    });
  });
}
