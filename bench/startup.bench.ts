/**
 * `npm run bench -- startup`: what a newcomer waits for. Clones this repository's committed HEAD
 * into a temporary folder, installs from npm's warm cache (`npm install --prefer-offline`, as a
 * second clone on the same machine would), then runs `npm start` there twice: a first start
 * (nothing compiled, no app build) and a second start of the same clone (compiled contracts and
 * the app's build reused), which is the baseline measured in the same run. For each it prints
 * every stage's time as the devnet reports it ("• stage…" then "done in N s"), the time to
 * "Leasehold devnet is running.", and how long the app's first pages take to answer.
 *
 * The target: a fresh clone's first start reaches a working app in at most 3 minutes
 * after `npm install` on two cores. Each devnet gets free ports, so a devnet already running on
 * the defaults is left alone.
 *
 *   npm run bench -- startup            clone, install, first and second start
 *   npm run bench -- startup --keep     keep the clone (its path is printed)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../scripts/artifacts.ts";
import { freePort } from "../scripts/lib/processes.ts";
import { printTable } from "./lib/report.ts";

const TARGET_SECONDS = 180;
const PAGES = ["/", "/staker", "/owner", "/court", "/endorse"];

const options = new Set(process.argv.slice(2));
for (const option of options) {
  if (option !== "--keep") {
    console.error(`Unknown option ${option}. Options: --keep`);
    process.exit(2);
  }
}

interface StartRun {
  stages: { name: string; seconds: number }[];
  /** From `npm start` to "Leasehold devnet is running.". */
  readySeconds: number;
  pages: { path: string; ms: number }[];
}

/** Runs a command to completion, its output kept for the error message only. */
async function run(command: string, args: string[], cwd: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000)));
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`);
  return (performance.now() - started) / 1000;
}

/** `npm start` in `cwd` on free ports until it is running; then each page once; then Ctrl-C. */
async function startDevnet(cwd: string, label: string): Promise<StartRun> {
  const ports = {
    LEASEHOLD_RPC_PORT: await freePort(),
    LEASEHOLD_INDEXER_PORT: await freePort(),
    LEASEHOLD_APP_PORT: await freePort(),
    LEASEHOLD_WORKER_PORT: await freePort(),
    LEASEHOLD_RELAYER_PORT: await freePort(),
  };
  const env = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  const started = performance.now();
  // Its own process group, so the interrupt reaches npm, the devnet and everything it started.
  const child = spawn("npm", ["start"], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const stages: StartRun["stages"] = [];
  let current: string | undefined;
  let tail = "";
  const ready = new Promise<number>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      tail = (tail + chunk.toString()).slice(-6_000);
      let newline: number;
      while ((newline = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const stage = /^• (.+)…$/.exec(line);
        if (stage) current = stage[1];
        const done = /^ {2}done in ([\d.]+) s$/.exec(line);
        if (done && current) stages.push({ name: current, seconds: Number(done[1]) });
        const elapsed = ((performance.now() - started) / 1000).toFixed(0);
        if (stage) console.log(`  [${label} ${elapsed} s] ${stage[1]}`);
        if (line.startsWith("Leasehold devnet is running.")) resolve((performance.now() - started) / 1000);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-6_000)));
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code} before it was running:\n${tail}`)));
  });
  try {
    const readySeconds = await ready;
    const pages: StartRun["pages"] = [];
    for (const page of PAGES) {
      const pageStarted = performance.now();
      const response = await fetch(`http://127.0.0.1:${ports.LEASEHOLD_APP_PORT}${page}`);
      await response.text();
      if (!response.ok) throw new Error(`${page} answered ${response.status}`);
      pages.push({ path: page, ms: performance.now() - pageStarted });
    }
    return { stages, readySeconds, pages };
  } finally {
    await stop(child);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGINT");
  const timeout = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
  await exited;
  clearTimeout(timeout);
}

const clone = await mkdtemp(path.join(tmpdir(), "leasehold-startup-"));
try {
  console.log(`Cloning ${repoRoot} (HEAD) into ${clone}`);
  const cloneSeconds = await run("git", ["clone", "--quiet", "--no-local", repoRoot, clone], tmpdir());
  const installSeconds = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], clone);
  console.log(`  cloned in ${cloneSeconds.toFixed(0)} s, installed in ${installSeconds.toFixed(0)} s`);
  console.log("First start (fresh clone):");
  const first = await startDevnet(clone, "first");
  console.log("Second start (same clone, builds reused):");
  const second = await startDevnet(clone, "second");

  const names = [...new Set([...first.stages, ...second.stages].map((stage) => stage.name))];
  const seconds = (runOf: StartRun, name: string) => {
    const stage = runOf.stages.find((entry) => entry.name === name);
    return stage ? stage.seconds.toFixed(1) : "—";
  };
  console.log();
  printTable([
    ["stage", "first start (s)", "second start (s)"],
    ...names.map((name) => [name, seconds(first, name), seconds(second, name)]),
    ["to a running devnet", first.readySeconds.toFixed(1), second.readySeconds.toFixed(1)],
  ]);
  console.log();
  printTable([
    ["first request of", "first start (ms)", "second start (ms)"],
    ...PAGES.map((page, index) => [page, first.pages[index]!.ms.toFixed(0), second.pages[index]!.ms.toFixed(0)]),
  ]);
  console.log(
    `\nFirst start / second start: ${(first.readySeconds / second.readySeconds).toFixed(2)}×. ` +
      `Target: a fresh clone running in ≤ ${TARGET_SECONDS} s after npm install: ` +
      `${first.readySeconds <= TARGET_SECONDS ? "met" : "missed"} (${first.readySeconds.toFixed(0)} s).`,
  );
} finally {
  if (options.has("--keep")) console.log(`Kept the clone: ${clone}`);
  else await rm(clone, { recursive: true, force: true });
}
