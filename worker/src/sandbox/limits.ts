import type { Outcome, SandboxLimits, Termination } from "../types.ts";

/**
 * Fuel: what a job's budget is denominated in.
 *
 * One unit of fuel is one tick of QuickJS's interrupt counter. The interpreter ticks on every
 * function call and every backward jump (an empty loop iteration is 2 ticks), and inside the
 * regular-expression engine's backtracking; each time it has counted FUEL_PER_POLL ticks it
 * calls the interrupt handler, which charges them all at once. So computation is charged in
 * quanta of 10,000, the last partial quantum of a run is free, and the count is the same on every
 * machine and every run of the same code on the same inputs: no clock is involved, a verifier
 * re-running the job gets the same fuelUsed.
 *
 * A tick counts control flow, not work: measured on the project's 2-core machine, a tick of an
 * empty loop takes about 5 ns, of arithmetic or calls about 50 ns, of property access about
 * 90 ns, and of a loop that allocates objects or strings about 250 ns. Native built-ins
 * (String.prototype.repeat, JSON.parse, sort without a comparator) do not tick at all. Fuel is a
 * deterministic price, not a profiler; the memory cap and the wall-time limit bound what it does
 * not see.
 *
 * Every capability call costs CAPABILITY_CALL_FUEL plus FUEL_PER_BYTE for each byte (or
 * character) it moves across the boundary, and spend(units) costs its units on top. A call's
 * host round trip measured about 10 µs, which is 200 ticks of typical code or 2,000 of an empty
 * loop: 1,000 sits between the two.
 */
export const FUEL_PER_POLL = 10_000;
export const CAPABILITY_CALL_FUEL = 1_000;
export const FUEL_PER_BYTE = 1;

/** QuickJS's release build starts with 16 MiB of linear memory and cannot start with less. */
export const WASM_PAGE_BYTES = 65_536;
export const QUICKJS_INITIAL_MEMORY_BYTES = 16 * 1024 * 1024;

export const defaultSandboxLimits: Readonly<SandboxLimits> = Object.freeze({
  memoryLimitBytes: 64 * 1024 * 1024,
  // QuickJS counts its stack in linear memory, but each JS frame also takes native (V8) stack for
  // the WebAssembly frames. 256 KiB stays clear of a 4 MiB thread stack for every recursion shape
  // the tests try; the inline mode on the main thread (about 1 MiB of native stack) uses half.
  maxStackBytes: 256 * 1024,
  wallTimeMs: 5_000,
  maxOutputBytes: 1024 * 1024,
  maxLogEntries: 64,
  maxLogEntryChars: 512,
});

/** Bounds on what a caller may ask for. */
export const sandboxLimitBounds = {
  memoryLimitBytes: { min: 32 * 1024 * 1024, max: 1024 * 1024 * 1024 },
  maxStackBytes: { min: 16 * 1024, max: 1024 * 1024 },
  wallTimeMs: { min: 10, max: 10 * 60 * 1000 },
  maxOutputBytes: { min: 0, max: 64 * 1024 * 1024 },
  maxLogEntries: { min: 0, max: 10_000 },
  maxLogEntryChars: { min: 16, max: 64 * 1024 },
} as const satisfies Record<keyof SandboxLimits, { min: number; max: number }>;

/** Stack limit for the inline mode, which shares the caller's native stack. */
export const INLINE_MAX_STACK_BYTES = 128 * 1024;

export const MAX_BUNDLE_BYTES = 1024 * 1024;
export const MAX_CONTEXT_BYTES = 16 * 1024 * 1024;
export const MAX_INPUT_BYTES = 256 * 1024;

/** Resource limits of a sandbox thread. The VM's linear memory is outside V8's heap and capped separately. */
export const threadResourceLimits = Object.freeze({
  maxOldGenerationSizeMb: 96,
  maxYoungGenerationSizeMb: 16,
  stackSizeMb: 4,
});

export const DEFAULT_HARD_KILL_GRACE_MS = 500;

/** The receipt outcome of a termination (the sdk's ReceiptOutcome gives its uint8). */
export function outcomeOf(termination: Termination): Exclude<Outcome, "Refused"> {
  if (termination === "returned") return "Completed";
  if (termination === "fuel") return "BudgetExhausted";
  return "Failed";
}
