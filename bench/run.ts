/**
 * `npm run bench [-- name ...] [-- options]`: runs the named benchmarks of this folder (all of them
 * without names), one after another, each in its own Node process so none inherits another's
 * warm caches or worker threads. Options after the names go to every benchmark named; a
 * benchmark rejects options it does not know, so pass them with one name at a time.
 *
 *   npm run bench                          lifecycle, anchor-gas, circuits, stake-group-gas
 *   npm run bench -- anchor-gas            one of them
 *   npm run bench -- lifecycle --jobs 50   one of them, with its options
 */
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const suffix = ".bench.ts";
const available = (await readdir(benchDir))
  .filter((file) => file.endsWith(suffix))
  .map((file) => file.slice(0, -suffix.length));
// The two of issue #3 first: the circuits benchmark builds Semaphore on first use (about a minute),
// and stake-group-gas reuses that build.
const order = ["lifecycle", "anchor-gas", "circuits", "stake-group-gas"];
available.sort((a, b) => (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1));

// Run where `npm run bench -w <workspace>` would: circom resolves its includes from the package root.
const workingDir: Record<string, string> = { circuits: path.join(benchDir, "..", "circuits") };

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith("-"));
const names = firstOption === -1 ? args : args.slice(0, firstOption);
const options = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = names.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(", ")}; there are: ${available.join(", ")}`);
  process.exit(2);
}

for (const name of names.length > 0 ? names : available) {
  console.log(`\n=== ${name} ===`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(benchDir, `${name}${suffix}`), ...options], {
      cwd: workingDir[name] ?? process.cwd(),
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) {
    console.error(`${name} failed (exit ${code})`);
    process.exit(code ?? 1);
  }
}
