/**
 * A Hardhat plugin that runs one solc job per core. Hardhat keeps one core for itself
 * (`cpus - 1` jobs), which on a two-core machine is one job at a time; but while solc runs as
 * WebAssembly in its own process, Hardhat's process only waits, so both cores can compile.
 * Set LEASEHOLD_SOLC_JOBS to choose another number (each job can take about 1 GiB).
 * LEASEHOLD_BUILD_PROGRESS=1 prints a line as each solc job ends (the devnet sets it).
 */
import os from "node:os";
import type { HardhatPlugin } from "hardhat/types/plugins";

export function solcJobs(): number {
  const value = process.env.LEASEHOLD_SOLC_JOBS;
  if (value === undefined || value === "") return Math.max(os.availableParallelism(), 1);
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error("LEASEHOLD_SOLC_JOBS must be a positive integer");
  return parsed;
}

export function buildProgress(): boolean {
  return process.env.LEASEHOLD_BUILD_PROGRESS === "1";
}

const parallelBuild: HardhatPlugin = {
  id: "leasehold-parallel-build",
  hookHandlers: {
    solidity: () => import("./parallel-build-hooks.ts"),
  },
};

export default parallelBuild;
