/**
 * `npm test`: every check and test suite of Leasehold, in order, with one summary at the end.
 * Checks (compile, generated files, types, lint) must pass but count no tests; suites report
 * how many tests passed and failed, read from each runner's own report. The last line is
 * `N passed, N failed` over all suites. Exit code 1 if anything failed.
 *
 * `npm test -- contracts indexer` runs only the named steps (`contracts` names both contract
 * suites, `solidity` and `contracts-ts`). `--deep` runs the fuzz and invariant campaigns at the
 * nightly-style profile of hardhat.config.ts (LEASEHOLD_TEST_PROFILE=deep) and skips the gas
 * snapshot check, whose fuzz lines depend on the run count.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { repoRoot } from "./artifacts.ts";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Step {
  name: string;
  command: string;
  args: (reportFile: string) => string[];
  cwd?: string;
  /** Suites return their counts; checks return undefined and count by exit code alone. */
  counts?: (output: string, reportFile: string) => Promise<Counts>;
}

const bin = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);

/** Hardhat's runners print mocha-style totals: "N passing", "N failing", "N pending|skipped". */
async function hardhatCounts(output: string): Promise<Counts> {
  const plain = stripVTControlCharacters(output);
  const total = (pattern: RegExp) => [...plain.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
  return {
    passed: total(/^\s*(\d+) passing/gm),
    failed: total(/^\s*(\d+) failing/gm),
    skipped: total(/^\s*(\d+) (?:pending|skipped)/gm),
  };
}

/** Vitest writes a Jest-compatible JSON report next to its normal output. */
async function vitestCounts(_output: string, reportFile: string): Promise<Counts> {
  const report = JSON.parse(await readFile(reportFile, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  return {
    passed: report.numPassedTests,
    // A file that fails to load has no failed test but must not pass silently.
    failed: report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

const vitest = (config: string): Pick<Step, "command" | "args" | "counts"> => ({
  command: bin("vitest"),
  args: (reportFile) => [
    "run",
    "--config",
    config,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
  ],
  counts: vitestCounts,
});

const flags = new Set(process.argv.slice(2).filter((arg) => arg.startsWith("--")));
const unknownFlags = [...flags].filter((flag) => flag !== "--deep");
if (unknownFlags.length) {
  console.error(`Unknown option(s): ${unknownFlags.join(", ")}. Options: --deep`);
  process.exit(2);
}
const deep = flags.has("--deep");
// Every runner this script starts reads the profile from its environment (hardhat.config.ts).
if (deep) process.env.LEASEHOLD_TEST_PROFILE = "deep";

const steps: Step[] = [
  { name: "compile", command: bin("hardhat"), args: () => ["build", "--quiet"] },
  { name: "generated", command: process.execPath, args: () => ["scripts/gen-sdk.ts", "--check"] },
  { name: "typecheck", command: "npm", args: () => ["run", "--silent", "typecheck"] },
  { name: "lint", command: "npm", args: () => ["run", "--silent", "lint"] },
  // Solidity unit, fuzz and invariant tests, also checking gas against the committed .gas-snapshot.
  {
    name: "solidity",
    command: bin("hardhat"),
    args: () => ["test", "solidity", ...(deep ? [] : ["--snapshot-check"])],
    counts: hardhatCounts,
  },
  { name: "contracts-ts", command: bin("hardhat"), args: () => ["test", "nodejs"], counts: hardhatCounts },
  { name: "sdk", ...vitest("sdk/vitest.config.ts") },
  { name: "circuits", ...vitest("circuits/vitest.config.ts") },
  { name: "worker", ...vitest("worker/vitest.config.ts") },
  { name: "indexer", ...vitest("indexer/vitest.config.ts") },
  { name: "e2e", ...vitest("test/vitest.config.ts") },
];

function run(step: Step, reportFile: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args(reportFile), {
      cwd: step.cwd ?? repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", (chunk: Buffer) => collect(chunk, process.stdout));
    child.stderr.on("data", (chunk: Buffer) => collect(chunk, process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
    child.on("error", (error) => resolve({ code: 1, output: String(error) }));
  });
}

/** Names that select several steps. */
const groups: Record<string, readonly string[]> = { contracts: ["solidity", "contracts-ts"] };
const only = process.argv
  .slice(2)
  .filter((arg) => !arg.startsWith("--"))
  .flatMap((name) => groups[name] ?? [name]);
const selected = only.length ? steps.filter((step) => only.includes(step.name)) : steps;
const unknown = only.filter((name) => !steps.some((step) => step.name === name));
if (unknown.length) {
  const names = [...steps.map((step) => step.name), ...Object.keys(groups)];
  console.error(`Unknown step(s): ${unknown.join(", ")}. Steps: ${names.join(", ")}`);
  process.exit(2);
}

const reportDir = await mkdtemp(path.join(tmpdir(), "leasehold-test-"));
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
let broken = false;
for (const step of selected) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = performance.now();
  const reportFile = path.join(reportDir, `${step.name}.json`);
  const { code, output } = await run(step, reportFile);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (step.counts) {
    const counts = await step.counts(output, reportFile).catch(() => undefined);
    if (!counts || (code !== 0 && counts.failed === 0)) {
      // The runner failed without reporting a failed test (crash, bad config): count the suite as one failure.
      broken = true;
      total.failed += 1;
      lines.push(`${step.name}: runner failed (exit ${code}) in ${seconds} s`);
      continue;
    }
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    lines.push(
      `${step.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${seconds} s`,
    );
  } else {
    if (code !== 0) broken = true;
    lines.push(`${step.name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${seconds} s`);
  }
}
await rm(reportDir, { recursive: true, force: true });

console.log(`\n━━ summary ━━\n${lines.join("\n")}`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(broken || total.failed > 0 ? 1 : 0);
