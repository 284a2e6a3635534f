import { Worker } from "node:worker_threads";
import { keccak256, type Hex } from "viem";
import { SandboxUnavailableError } from "../errors.ts";
import type {
  RunAgentParameters,
  RunAgentReturnType,
  Sandbox,
  SandboxOptions,
  SandboxUsage,
  Termination,
} from "../types.ts";
import { PROGRESS_SLOTS, progressSlots } from "./job-meter.ts";
import { DEFAULT_HARD_KILL_GRACE_MS, INLINE_MAX_STACK_BYTES, outcomeOf, threadResourceLimits } from "./limits.ts";
import { prepareJob } from "./parameters.ts";
import { compileQuickJs } from "./quickjs-wasm.ts";
import { runInVm, type VmJob, type VmResult } from "./run-in-vm.ts";
import type { ThreadJobMessage } from "./sandbox-thread.ts";

/*
 * Isolation, decided on measurements (see worker/README.md for the figures):
 *
 * The VM itself is the security boundary: QuickJS in WebAssembly can only touch its own linear
 * memory and the capabilities handed in. A worker thread per job costs a thread start (about
 * 70 ms of CPU idle, 225 ms on a loaded 2-core machine), which prewarming hides from latency: a
 * prewarmed job took a median 62 ms against 17 ms inline. For that it adds:
 * - a hard wall-clock stop: Worker.terminate() interrupts even a native built-in that never
 *   polls the interrupt handler (a huge sort, a pathological JSON.parse);
 * - its own native stack (resourceLimits.stackSizeMb) and a capped V8 heap for the host-side
 *   copies of what the agent passes out, so a fault kills the thread, not the worker;
 * - the event loop of the worker (gateway, health checks, journal) stays free while agents run;
 * - shred(): the plaintext strings that the readContext() API cannot avoid live in the thread's
 *   heap, and the whole heap is torn down with the thread after the job.
 * A thread is never reused: one job, one thread. "inline" runs the same VM in the calling thread,
 * without those four, for measurements and tools.
 */

interface SandboxThread {
  worker: Worker;
  ready: Promise<void>;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const isolation = options.isolation ?? "thread";
  const prewarm = options.prewarm ?? true;
  const graceMs = options.hardKillGraceMs ?? DEFAULT_HARD_KILL_GRACE_MS;
  const live = new Set<Worker>();
  let spare: SandboxThread | undefined;
  let closed = false;

  const spawn = async (): Promise<SandboxThread> => {
    const thread = startThread(await compileQuickJs());
    live.add(thread.worker);
    thread.worker.once("exit", () => live.delete(thread.worker));
    return thread;
  };
  const takeThread = async (): Promise<SandboxThread> => {
    const thread = spare ?? (await spawn());
    spare = undefined;
    if (prewarm && !closed) {
      spawn().then(
        (next) => {
          if (closed) void next.worker.terminate();
          else spare = next;
        },
        () => undefined,
      );
    }
    return thread;
  };
  if (isolation === "thread" && prewarm) {
    spawn().then(
      (thread) => (spare = thread),
      () => undefined,
    );
  }

  return {
    async run(parameters) {
      if (closed) throw new SandboxUnavailableError("The sandbox is closed");
      const { job, hashes } = prepareJob(parameters);
      let result: VmResult;
      if (isolation === "inline") {
        const wasmModule = await compileQuickJs();
        const inlineJob = {
          ...job,
          limits: { ...job.limits, maxStackBytes: Math.min(job.limits.maxStackBytes, INLINE_MAX_STACK_BYTES) },
        };
        result = await runInVm(inlineJob, wasmModule).finally(() => job.context.fill(0));
      } else {
        result = await runInThread(await takeThread(), job, graceMs);
      }
      return {
        outcome: outcomeOf(result.termination),
        termination: result.termination,
        output: result.output,
        usage: result.usage,
        ...(result.error ? { error: result.error } : {}),
        logs: result.logs,
        ...(result.policyHash === undefined ? {} : { policyHash: result.policyHash as Hex }),
        hashes: { ...hashes, output: keccak256(result.output) },
      };
    },
    async close() {
      closed = true;
      await Promise.all([...live].map((worker) => worker.terminate()));
    },
  };
}

/** Runs one job in a sandbox of its own and closes it. */
export async function runAgent(
  parameters: RunAgentParameters,
  options: SandboxOptions = {},
): Promise<RunAgentReturnType> {
  const sandbox = createSandbox({ ...options, prewarm: false });
  try {
    return await sandbox.run(parameters);
  } finally {
    await sandbox.close();
  }
}

function startThread(wasmModule: WebAssembly.Module): SandboxThread {
  const worker = new Worker(new URL("./sandbox-thread.ts", import.meta.url), {
    workerData: { wasmModule },
    resourceLimits: threadResourceLimits,
    // Whatever the bindings print stays in the thread: it could quote agent data.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      cleanup();
      if ((message as { ready?: boolean }).ready) resolve();
      else reject(new SandboxUnavailableError("The sandbox thread sent an unexpected message"));
    };
    const onError = (cause: unknown) => {
      cleanup();
      reject(new SandboxUnavailableError("The sandbox thread failed to start", { cause }));
    };
    const onExit = (code: number) => onError(new Error(`exit code ${code}`));
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
  ready.catch(() => undefined);
  return { worker, ready };
}

function runInThread({ worker, ready }: SandboxThread, job: VmJob, graceMs: number): Promise<VmResult> {
  return ready.then(
    () =>
      new Promise<VmResult>((resolve) => {
        const progress = new SharedArrayBuffer(PROGRESS_SLOTS * Float64Array.BYTES_PER_ELEMENT);
        const counters = new Float64Array(progress);
        const startedAt = performance.now();
        let done = false;

        const finish = (result: VmResult) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          worker.off("message", onMessage);
          worker.off("error", onError);
          worker.off("exit", onExit);
          void worker.terminate();
          resolve(result);
        };
        // What the job had used when the thread stopped answering, from the shared counters.
        const stopped = (termination: Termination): VmResult => {
          const usage: SandboxUsage = {
            fuelUsed: counters[progressSlots.fuelUsed] ?? 0,
            memoryPeakBytes: counters[progressSlots.memoryBytes] ?? 0,
            capabilityCalls: counters[progressSlots.capabilityCalls] ?? 0,
            wallMs: performance.now() - startedAt,
          };
          const error =
            termination === "wall-time"
              ? { name: "RangeError", message: `wall time over ${job.limits.wallTimeMs} ms` }
              : termination === "memory"
                ? { name: "InternalError", message: "out of memory" }
                : undefined;
          return { termination, output: new Uint8Array(0), usage, ...(error ? { error } : {}), logs: [] };
        };

        const timer = setTimeout(() => finish(stopped("wall-time")), job.limits.wallTimeMs + graceMs);
        const onMessage = (message: { ok: boolean; result?: VmResult }) =>
          finish(message.ok && message.result ? message.result : stopped("sandbox-fault"));
        const onError = (error: Error & { code?: string }) =>
          finish(stopped(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "sandbox-fault"));
        const onExit = () => finish(stopped("sandbox-fault"));
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);

        // The context travels as a transferred buffer: moved, not serialized, so no copy of the
        // plaintext is left in a message buffer. The thread zeroes it after the run.
        const message: ThreadJobMessage = { job, progress };
        worker.postMessage(message, [job.context.buffer as ArrayBuffer]);
      }),
  );
}
