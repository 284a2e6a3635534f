import { createRequire } from "node:module";
import path from "node:path";

/** circuits/ (this package). */
export const packageRoot = path.resolve(import.meta.dirname, "../..");
/** The monorepo root: Circom runs from here so `-l node_modules` sees the hoisted packages. */
export const repoRoot = path.resolve(packageRoot, "..");
/** Kept, committed artifacts (wasm, zkey, verification key, development ptau, manifest). */
export const artifactsDir = path.join(packageRoot, "artifacts");
/** Scratch output of the build (r1cs, sym, generated main); gitignored. */
export const buildDir = path.join(packageRoot, ".build");
/** Derived data tests and benchmarks cache between runs (compiled variants, Semaphore); gitignored. */
export const cacheDir = path.join(packageRoot, ".cache");
/** Where the generated Solidity verifier goes, for the contracts to import. */
export const verifierFile = path.join(repoRoot, "contracts", "src", "zk", "StakeMembershipVerifier.sol");
/** snarkjs's package folder (for its version and templates); it exports no subpaths, and its CommonJS build is one level below. */
export const snarkjsDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve("snarkjs")), "..");
