/**
 * `npm run measure -w worker [-- --runs N] [-- --dir <data folder>]`
 *
 * Prints the figures the worker's README quotes, measured on this machine in this run: sandbox
 * start-up per job (inline and in a thread), the cost of a capability call, what a unit of fuel
 * is in time, how the memory limit behaves, and what a durable journal or audit append costs on
 * the data folder's filesystem (pass --dir to measure the disk the worker will really use).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { AuditLog } from "../src/audit/index.ts";
import { FramedLog } from "../src/durable/index.ts";
import { ReceiptJournal } from "../src/journal/index.ts";
import { createSandbox, FUEL_PER_POLL } from "../src/sandbox/index.ts";
import { signedReceiptJson } from "../test/fixtures/receipts.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "30" }, dir: { type: "string" } },
});
const runs = Number(values.runs);
const encoder = new TextEncoder();
const bundle = (source: string) => encoder.encode(source);
const PLENTY = Number.MAX_SAFE_INTEGER;

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const p90 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.9)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(2)} ms`;
const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

async function time(fn: () => Promise<unknown>, count = runs): Promise<number[]> {
  await fn(); // warm up
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

const empty = bundle(`export function run(host) { host.writeOutput("ok"); }`);
const job = { bundle: empty, context: encoder.encode("{}"), budget: PLENTY };

console.log(`worker measurements, ${runs} runs each, Node ${process.versions.node}\n`);

// Sandbox start-up: everything a job costs beyond its own code.
const inline = createSandbox({ isolation: "inline" });
const inlineStart = await time(() => inline.run(job));
line(
  "sandbox per job, inline (instance+runtime+context+teardown)",
  `median ${ms(median(inlineStart))}, p90 ${ms(p90(inlineStart))}`,
);
const threaded = createSandbox();
const threadWarm = await time(
  async () => {
    const result = await threaded.run(job);
    // Let the next thread finish booting, as it would between real jobs.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return result;
  },
  Math.min(runs, 15),
);
line(
  "sandbox per job, own thread, prewarmed (+150 ms idle)",
  `median ${ms(median(threadWarm) - 150)}, p90 ${ms(p90(threadWarm) - 150)}`,
);
const cold = createSandbox({ prewarm: false });
const threadCold = await time(() => cold.run(job), Math.min(runs, 15));
line(
  "sandbox per job, own thread, cold (spawn included)",
  `median ${ms(median(threadCold))}, p90 ${ms(p90(threadCold))}`,
);
await Promise.all([threaded.close(), cold.close()]);

// A capability call against the same loop without it.
const CALLS = 20_000;
const withCalls = bundle(`export function run(host) { for (let i = 0; i < ${CALLS}; i++) host.spend(0); }`);
const withoutCalls = bundle(`export function run(host) { let s = 0; for (let i = 0; i < ${CALLS}; i++) s += i; }`);
const callSamples = await time(() => inline.run({ ...job, bundle: withCalls }), 10);
const loopSamples = await time(() => inline.run({ ...job, bundle: withoutCalls }), 10);
line(
  "capability call overhead (spend(0), host round trip)",
  `${(((median(callSamples) - median(loopSamples)) / CALLS) * 1000).toFixed(2)} µs`,
);

// Fuel: wall time of one interrupt poll's quantum in a tight loop.
const POLLS = 2_000;
const busy = bundle(`export function run() { for (;;) {} }`);
const fuelSamples = await time(() => inline.run({ ...job, bundle: busy, budget: POLLS * FUEL_PER_POLL }), 5);
line(
  `fuel: one quantum of ${FUEL_PER_POLL} ticks in a tight loop`,
  `${((median(fuelSamples) / POLLS) * 1000).toFixed(1)} µs`,
);
const ticks = await inline.run({
  ...job,
  bundle: bundle(`export function run() { for (let i = 0; i < 1000000; i++) {} }`),
});
line("fuel: 1,000,000 empty loop iterations", `${ticks.usage.fuelUsed} fuel`);

// Memory limit: an allocation bomb against two caps.
for (const limit of [32, 64]) {
  const bomb = bundle(`export function run() { const keep = []; for (;;) keep.push(new ArrayBuffer(1 << 20)); }`);
  const result = await inline.run({ ...job, bundle: bomb, limits: { memoryLimitBytes: limit * 1024 * 1024 } });
  line(
    `memory bomb at a ${limit} MiB cap`,
    `${result.termination} after ${ms(result.usage.wallMs)}, peak ${(result.usage.memoryPeakBytes / 2 ** 20).toFixed(2)} MiB`,
  );
}
await inline.close();

// Durable appends on the data folder's filesystem.
const dir = values.dir ?? (await mkdtemp(path.join(tmpdir(), "leasehold-measure-")));
try {
  const { log } = await FramedLog.open({ file: path.join(dir, "measure.log"), magic: "MEASURE1" });
  const payload = encoder.encode(signedReceiptJson(1n));
  const appendSamples = await time(() => log.append(payload), runs * 5);
  await log.close();
  line(
    `framed append of ${payload.length} bytes + fdatasync`,
    `median ${ms(median(appendSamples))}, p90 ${ms(p90(appendSamples))}`,
  );

  const journal = await ReceiptJournal.open({ dir });
  let next = 1n;
  const jobSamples = await time(async () => {
    const jobId = next++;
    await journal.begin(jobId);
    await journal.recordReceipt(jobId, signedReceiptJson(jobId));
  }, runs * 2);
  await journal.close();
  line(
    "journal begin + recordReceipt (two durable records)",
    `median ${ms(median(jobSamples))}, p90 ${ms(p90(jobSamples))}`,
  );

  const audit = await AuditLog.open({ dir });
  const auditSamples = await time(() => audit.append("job.begin", { jobId: "1" }), runs * 5);
  await audit.close();
  line("audit append (hash + durable record)", `median ${ms(median(auditSamples))}, p90 ${ms(p90(auditSamples))}`);
} finally {
  if (!values.dir) await rm(dir, { recursive: true, force: true });
}
