import type { QuickJSContext, QuickJSHandle, VmCallResult } from "quickjs-emscripten-core";
import type { SandboxLimits } from "../types.ts";
import { CAPABILITY_CALL_FUEL, FUEL_PER_BYTE } from "./limits.ts";
import type { JobMeter } from "./job-meter.ts";
import { sanitizeText } from "./sanitize.ts";

/** How much of a log message the prelude passes out: more than an entry keeps, so masking sees whole values. */
export const logSliceChars = (maxLogEntryChars: number) => maxLogEntryChars * 2 + 256;

/** Room kept free in linear memory when copying data into the VM (allocator headers, the copy's own string). */
const COPY_HEADROOM_BYTES = 64 * 1024;

export interface CapabilityState {
  readonly context: Uint8Array;
  readonly output: Uint8Array[];
  outputBytes: number;
  readonly logs: string[];
  droppedLogs: number;
  /** The policy hash the agent declared it applied (declarePolicy), lower-case hex. */
  declaredPolicy?: string;
}

export interface InstallCapabilitiesParameters {
  vm: QuickJSContext;
  memory: WebAssembly.Memory;
  memoryLimitBytes: number;
  meter: JobMeter;
  state: CapabilityState;
  limits: Pick<SandboxLimits, "maxOutputBytes" | "maxLogEntries" | "maxLogEntryChars">;
}

/**
 * The only authority an agent gets: an object of native functions the prelude wraps into `host`.
 * Each call is counted and charged before it does anything, checks its arguments itself (the VM
 * side is agent-controlled), and copies data instead of sharing it.
 */
export function installCapabilities({
  vm,
  memory,
  memoryLimitBytes,
  meter,
  state,
  limits,
}: InstallCapabilitiesParameters): QuickJSHandle {
  const encoder = new TextEncoder();
  let contextText: string | undefined;

  const fail = (name: string, message: string): VmCallResult<QuickJSHandle> => ({
    error: vm.newError({ name, message }),
  });
  const stopped = () => fail("InternalError", "the job is stopping");
  /** Whether `bytes` more can be copied into the VM without the allocator running out of room. */
  const fits = (bytes: number) => memory.buffer.byteLength + bytes + COPY_HEADROOM_BYTES <= memoryLimitBytes;

  // Each capability: count the call, refuse once the job is stopping, charge, then act.
  const capability = (name: string, body: (...args: QuickJSHandle[]) => VmCallResult<QuickJSHandle> | QuickJSHandle) =>
    vm.newFunction(name, (...args) => {
      meter.capabilityCalls += 1;
      if (meter.stopReason !== undefined) return stopped();
      const result = body(...args);
      meter.publish(memory.buffer.byteLength);
      return result;
    });

  const native = vm.newObject();
  const define = (name: string, fn: QuickJSHandle) => {
    vm.setProp(native, name, fn);
    fn.dispose();
  };

  define(
    "readContext",
    capability("readContext", () => {
      // Decoding makes an immutable JS string of the plaintext: unavoidable for a string API. It
      // lives in this thread's heap, which dies with the thread after the job (see sandbox.ts).
      contextText ??= new TextDecoder().decode(state.context);
      if (!meter.charge(CAPABILITY_CALL_FUEL + state.context.length * FUEL_PER_BYTE)) return stopped();
      // Decoding can only grow invalid bytes to three-byte replacement characters.
      if (!fits(state.context.length * 3)) {
        meter.stop("memory");
        return fail("InternalError", "out of memory");
      }
      return vm.newString(contextText);
    }),
  );

  define(
    "readContextBytes",
    capability("readContextBytes", () => {
      if (!meter.charge(CAPABILITY_CALL_FUEL + state.context.length * FUEL_PER_BYTE)) return stopped();
      if (!fits(state.context.length * 2)) {
        meter.stop("memory");
        return fail("InternalError", "out of memory");
      }
      // The bindings copy the bytes into the VM at once; zero the staging copy right after.
      const staging = state.context.slice();
      const handle = vm.newArrayBuffer(staging.buffer);
      staging.fill(0);
      return handle;
    }),
  );

  define(
    "writeOutput",
    capability("writeOutput", (data) => {
      if (data === undefined) return fail("TypeError", "writeOutput takes a string or bytes");
      const room = limits.maxOutputBytes - state.outputBytes;
      let bytes: Uint8Array;
      if (vm.typeof(data) === "string") {
        // A UTF-8 encoding is at least as long as the string's UTF-16 length: check before copying.
        const length = vm.getProp(data, "length").consume((handle) => vm.getNumber(handle));
        if (length > room) return outputLimit();
        bytes = encoder.encode(vm.getString(data));
      } else {
        const length = vm.getProp(data, "byteLength").consume((handle) => vm.getNumber(handle));
        if (!Number.isSafeInteger(length) || length < 0)
          return fail("TypeError", "writeOutput takes a string or bytes");
        if (length > room) return outputLimit();
        try {
          bytes = vm.getArrayBuffer(data).consume((view) => view.value.slice());
        } catch {
          return fail("TypeError", "writeOutput takes a string or bytes");
        }
      }
      if (bytes.length > room) return outputLimit();
      if (!meter.charge(CAPABILITY_CALL_FUEL + bytes.length * FUEL_PER_BYTE)) return stopped();
      state.output.push(bytes);
      state.outputBytes += bytes.length;
      return vm.newNumber(state.outputBytes);
    }),
  );

  function outputLimit(): VmCallResult<QuickJSHandle> {
    meter.stop("output-limit");
    return fail("RangeError", `output is capped at ${limits.maxOutputBytes} bytes`);
  }

  define(
    "spend",
    capability("spend", (unitsHandle) => {
      const units = unitsHandle && vm.typeof(unitsHandle) === "number" ? vm.getNumber(unitsHandle) : Number.NaN;
      if (!Number.isSafeInteger(units) || units < 0) return fail("TypeError", "spend takes a non-negative integer");
      if (!meter.charge(CAPABILITY_CALL_FUEL + units)) return stopped();
      return vm.newNumber(meter.remaining());
    }),
  );

  // The policy the agent applied, so the receipt attests it: the escrow voids a job whose receipt
  // names another policy than the one paid for. One declaration per job; a second is an error.
  define(
    "declarePolicy",
    capability("declarePolicy", (hashHandle) => {
      const hash = hashHandle && vm.typeof(hashHandle) === "string" ? vm.getString(hashHandle) : "";
      if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) return fail("TypeError", "declarePolicy takes a 32-byte hex hash");
      if (state.declaredPolicy !== undefined) return fail("TypeError", "the policy is already declared");
      if (!meter.charge(CAPABILITY_CALL_FUEL)) return stopped();
      state.declaredPolicy = hash.toLowerCase();
      return vm.undefined;
    }),
  );

  define(
    "log",
    capability("log", (messageHandle) => {
      if (messageHandle === undefined || vm.typeof(messageHandle) !== "string") {
        return fail("TypeError", "log takes a string");
      }
      const length = vm.getProp(messageHandle, "length").consume((handle) => vm.getNumber(handle));
      if (length > logSliceChars(limits.maxLogEntryChars)) return fail("TypeError", "log takes a string");
      if (!meter.charge(CAPABILITY_CALL_FUEL + length * FUEL_PER_BYTE)) return stopped();
      if (state.logs.length >= limits.maxLogEntries) {
        state.droppedLogs += 1;
        return vm.undefined;
      }
      // The prelude cut the message inside the VM (so a huge string is never copied out), maybe
      // through the middle of an e-mail address or a number: drop that last fragment, mask, and
      // only then cut to the entry's length.
      let text = vm.getString(messageHandle);
      if (length === logSliceChars(limits.maxLogEntryChars)) text = text.replace(/\S*$/u, "");
      state.logs.push(sanitizeText(text, limits.maxLogEntryChars));
      return vm.undefined;
    }),
  );

  return native;
}
