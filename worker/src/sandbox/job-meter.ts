import type { SandboxLimits, Termination } from "../types.ts";

/** Slots of the progress array a job shares with its host thread (read after a hard kill). */
export const progressSlots = { fuelUsed: 0, memoryBytes: 1, capabilityCalls: 2 } as const;
export const PROGRESS_SLOTS = 3;

/**
 * The running account of one job: fuel against the budget, capability calls, and the first
 * reason to stop. Once a reason is set it never changes, every later capability call fails and
 * the interrupt handler stops the VM at its next poll, so an agent that catches the error thrown
 * at it still cannot carry on.
 */
export class JobMeter {
  fuelUsed = 0;
  capabilityCalls = 0;
  stopReason: Termination | undefined;
  readonly #budget: number;
  readonly #deadline: number;
  readonly #progress: Float64Array | undefined;

  constructor(budget: number, limits: Pick<SandboxLimits, "wallTimeMs">, startedAt: number, progress?: Float64Array) {
    this.#budget = budget;
    this.#deadline = startedAt + limits.wallTimeMs;
    this.#progress = progress;
  }

  /** Charges fuel; false (and stop for "fuel") when the budget cannot cover it. The account never exceeds the budget. */
  charge(units: number): boolean {
    if (this.stopReason !== undefined) return false;
    if (this.fuelUsed + units > this.#budget) {
      this.fuelUsed = this.#budget;
      this.stop("fuel");
      return false;
    }
    this.fuelUsed += units;
    return true;
  }

  remaining(): number {
    return this.#budget - this.fuelUsed;
  }

  stop(reason: Termination): void {
    this.stopReason ??= reason;
  }

  /** Called at every interrupt poll: true stops the VM. */
  poll(fuel: number, memoryBytes: number): boolean {
    this.charge(fuel);
    if (performance.now() > this.#deadline) this.stop("wall-time");
    this.publish(memoryBytes);
    return this.stopReason !== undefined;
  }

  publish(memoryBytes: number): void {
    if (!this.#progress) return;
    this.#progress[progressSlots.fuelUsed] = this.fuelUsed;
    this.#progress[progressSlots.memoryBytes] = memoryBytes;
    this.#progress[progressSlots.capabilityCalls] = this.capabilityCalls;
  }
}
