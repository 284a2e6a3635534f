import {
  DefaultIntrinsics,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from "quickjs-emscripten-core";
import type { SandboxLimits, SandboxUsage, SanitizedError, Termination } from "../types.ts";
import { installCapabilities, logSliceChars, type CapabilityState } from "./capabilities.ts";
import { JobMeter } from "./job-meter.ts";
import { FUEL_PER_POLL } from "./limits.ts";
import { DESCRIBE_ERROR_SOURCE, PRELUDE_SOURCE } from "./prelude.ts";
import { newQuickJsInstance } from "./quickjs-wasm.ts";
import { shred, shredMemory } from "../shred.ts";
import { sanitizeError } from "./sanitize.ts";

/** One job as the VM runner sees it: already validated, plain data (it crosses to a thread). */
export interface VmJob {
  source: string;
  context: Uint8Array;
  inputJson: string;
  budget: number;
  seedWords: [number, number, number, number];
  limits: SandboxLimits;
}

export interface VmResult {
  termination: Termination;
  output: Uint8Array;
  usage: SandboxUsage;
  error?: SanitizedError;
  logs: string[];
  /** The policy hash the agent declared, if it completed and declared one. */
  policyHash?: string;
}

const BUNDLE_FILE_NAME = "agent.js";

const outOfMemory: SanitizedError = Object.freeze({ name: "InternalError", message: "out of memory" });

interface AgentRun {
  vm: QuickJSContext;
  runtime: QuickJSRuntime;
  source: string;
  host: QuickJSHandle;
  describe: QuickJSHandle;
  meter: JobMeter;
  /** Whether an allocation failed because linear memory hit its cap. */
  ranOutOfMemory: () => boolean;
}

/**
 * Runs one job in a fresh QuickJS instance and tears it all down: the context, the runtime, and
 * the instance's linear memory, which is zeroed before it is dropped (it held the plaintext).
 * Never throws for anything the agent does; only for host failures before the VM exists.
 */
export async function runInVm(job: VmJob, wasmModule: WebAssembly.Module, progress?: Float64Array): Promise<VmResult> {
  const startedAt = performance.now();
  const { module, memory, refusedGrowths } = await newQuickJsInstance(wasmModule, job.limits.memoryLimitBytes);
  const meter = new JobMeter(job.budget, job.limits, startedAt, progress);
  const state: CapabilityState = { context: job.context, output: [], outputBytes: 0, logs: [], droppedLogs: 0 };
  let runtime: QuickJSRuntime | undefined;
  let vm: QuickJSContext | undefined;
  let instanceBroken = false;
  let termination: Termination;
  let error: SanitizedError | undefined;

  try {
    runtime = module.newRuntime();
    // Belt and braces: the capped memory is the real limit (see quickjs-wasm.ts), this one makes
    // QuickJS refuse a single oversized allocation before it asks the allocator.
    runtime.setMemoryLimit(job.limits.memoryLimitBytes);
    runtime.setMaxStackSize(job.limits.maxStackBytes);
    // No Date at all: the VM has no clock. Everything else QuickJS offers is pure computation;
    // there is no module loader, so `import` of anything fails.
    vm = runtime.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } });
    const native = installCapabilities({
      vm,
      memory,
      memoryLimitBytes: job.limits.memoryLimitBytes,
      meter,
      state,
      limits: job.limits,
    });
    const host = buildHost(vm, job, native);
    native.dispose();
    // Compiled before the agent runs, so describing an out-of-memory error needs no compilation.
    const describe = vm.unwrapResult(vm.evalCode(DESCRIBE_ERROR_SOURCE, "describe.js", { type: "global" }));
    runtime.setInterruptHandler(() => meter.poll(FUEL_PER_POLL, memory.buffer.byteLength));
    ({ termination, error } = runAgent({
      vm,
      runtime,
      source: job.source,
      host,
      describe,
      meter,
      ranOutOfMemory: () => refusedGrowths() > 0,
    }));
    describe.dispose();
    host.dispose();
  } catch (hostError) {
    // A WebAssembly trap or a V8 stack overflow inside the VM's frames: the instance is unusable.
    instanceBroken = true;
    termination = isNativeStackOverflow(hostError) ? "stack" : "sandbox-fault";
    error = termination === "stack" ? { name: "InternalError", message: "stack overflow" } : undefined;
  } finally {
    runtime?.removeInterruptHandler();
    if (!instanceBroken) {
      try {
        vm?.dispose();
        runtime?.dispose();
      } catch {
        // A runtime stopped mid-way can fail QuickJS's leak assertions; the instance is dropped anyway.
      }
    }
  }

  if (meter.stopReason !== undefined) {
    termination = meter.stopReason;
    error = stopError(meter.stopReason, job.limits) ?? error;
  }
  const usage: SandboxUsage = {
    fuelUsed: meter.fuelUsed,
    memoryPeakBytes: memory.buffer.byteLength,
    capabilityCalls: meter.capabilityCalls,
    wallMs: performance.now() - startedAt,
  };
  shredMemory(memory);

  const completed = termination === "returned";
  const output = completed ? concat(state.output, state.outputBytes) : new Uint8Array(0);
  shred(...state.output);
  if (state.droppedLogs > 0) state.logs.push(`[${state.droppedLogs} more log entries dropped]`);
  return {
    termination,
    output,
    usage,
    ...(completed || !error ? {} : { error }),
    logs: state.logs,
    ...(completed && state.declaredPolicy !== undefined ? { policyHash: state.declaredPolicy } : {}),
  };
}

/** Builds `host` inside the VM: evaluates the prelude and calls it with the native capabilities. */
function buildHost(vm: QuickJSContext, job: VmJob, native: QuickJSHandle): QuickJSHandle {
  const prelude = vm.unwrapResult(vm.evalCode(PRELUDE_SOURCE, "prelude.js", { type: "global", strict: true }));
  const args = [
    vm.newString(job.inputJson),
    vm.newNumber(logSliceChars(job.limits.maxLogEntryChars)),
    ...job.seedWords.map((word) => vm.newNumber(word)),
  ];
  try {
    return vm.unwrapResult(vm.callFunction(prelude, vm.undefined, native, ...args));
  } finally {
    for (const arg of args) arg.dispose();
    prelude.dispose();
  }
}

function runAgent(job: AgentRun): { termination: Termination; error?: SanitizedError } {
  const { vm, runtime } = job;
  const evaluated = vm.evalCode(job.source, BUNDLE_FILE_NAME, { type: "module", strict: true });
  if (evaluated.error) return describeFailure(job, evaluated.error, "invalid-bundle");
  const namespace = settle(vm, runtime, evaluated.value);
  if (namespace.kind !== "fulfilled") return describeFailure(job, namespace.handle, "exception");

  const run = vm.getProp(namespace.handle, "run");
  namespace.handle.dispose();
  if (vm.typeof(run) !== "function") {
    run.dispose();
    return {
      termination: "invalid-bundle",
      error: { name: "TypeError", message: "the bundle must export a function run(host)" },
    };
  }
  const called = vm.callFunction(run, vm.undefined, job.host);
  run.dispose();
  if (called.error) return describeFailure(job, called.error, "exception");
  const settled = settle(vm, runtime, called.value);
  if (settled.kind === "pending") {
    settled.handle.dispose();
    if (job.meter.stopReason !== undefined) return { termination: job.meter.stopReason };
    // The job queue stops early when it runs out of memory.
    if (job.ranOutOfMemory()) return { termination: "memory", error: outOfMemory };
    return {
      termination: "unsettled",
      error: { name: "Error", message: "run() returned a promise that never settled" },
    };
  }
  if (settled.kind === "rejected") return describeFailure(job, settled.handle, "exception");
  settled.handle.dispose();
  return { termination: "returned" };
}

type Settled = { kind: "fulfilled" | "rejected" | "pending"; handle: QuickJSHandle };

/** Resolves a value that may be a promise by running the VM's job queue (all metered). */
function settle(vm: QuickJSContext, runtime: QuickJSRuntime, value: QuickJSHandle): Settled {
  let state = vm.getPromiseState(value);
  if (state.type === "fulfilled" && state.notAPromise) return { kind: "fulfilled", handle: value };
  while (state.type === "pending" && runtime.hasPendingJob()) {
    const ran = runtime.executePendingJobs();
    if (ran.error) {
      // An interrupted job: the meter knows why. Report the rejection the caller will classify.
      value.dispose();
      return { kind: "rejected", handle: ran.error };
    }
    ran.dispose();
    state = vm.getPromiseState(value);
  }
  value.dispose();
  if (state.type === "fulfilled") return { kind: "fulfilled", handle: state.value };
  if (state.type === "rejected") return { kind: "rejected", handle: state.error };
  return { kind: "pending", handle: vm.undefined };
}

/** Turns whatever the agent threw into a termination and a sanitized error. */
function describeFailure(
  { vm, describe, meter, ranOutOfMemory }: AgentRun,
  thrown: QuickJSHandle,
  otherwise: Termination,
): { termination: Termination; error?: SanitizedError } {
  try {
    if (meter.stopReason !== undefined) return { termination: meter.stopReason };
    const undescribed = () =>
      meter.stopReason !== undefined
        ? { termination: meter.stopReason }
        : ranOutOfMemory()
          ? { termination: "memory" as const, error: outOfMemory }
          : { termination: otherwise, error: { name: "Error", message: "" } };
    const described = vm.callFunction(describe, vm.undefined, thrown);
    if (described.error) {
      described.error.dispose();
      return undescribed();
    }
    let tuple: [string, string, boolean, string];
    try {
      tuple = described.value.consume((value) => vm.dump(value) as [string, string, boolean, string]);
    } catch {
      // Copying the strings out needs VM memory too.
      return undescribed();
    }
    const [name, message, isError, where] = tuple;
    const error = sanitizeError(name, message, where);
    if (error.name === "InternalError" && message.startsWith("out of memory")) return { termination: "memory", error };
    // Out of memory while QuickJS builds its error object leaves a bare null in flight.
    if (!isError && ranOutOfMemory()) return { termination: "memory", error: outOfMemory };
    if (message.startsWith("stack overflow")) return { termination: "stack", error };
    return { termination: otherwise, error };
  } finally {
    thrown.dispose();
  }
}

function stopError(reason: Termination, limits: SandboxLimits): SanitizedError | undefined {
  switch (reason) {
    case "fuel":
      return { name: "RangeError", message: "budget exhausted" };
    case "wall-time":
      return { name: "RangeError", message: `wall time over ${limits.wallTimeMs} ms` };
    case "output-limit":
      return { name: "RangeError", message: `output over ${limits.maxOutputBytes} bytes` };
    case "memory":
      return outOfMemory;
    default:
      return undefined;
  }
}

function isNativeStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
