/**
 * Semaphore v4 for the benchmarks that set Leasehold against it: its circuit at our tree depth,
 * built from npm `@semaphore-protocol/circuits` with our compiler, development ptau and setup
 * procedure into the gitignored circuits/.cache/bench/ (a few minutes, once, reused while the
 * package, compiler and ptau stay the same), and its contracts from npm
 * `@semaphore-protocol/contracts`, compiled with the project's solc (lib/solc.ts).
 *
 * Semaphore's SemaphoreVerifier holds the verification keys of Semaphore's own trusted setup,
 * whose proving keys are not on npm, so no proof made here verifies against it. The bench
 * deploys a copy patched in memory (and written to the cache for reading, never committed):
 * the constants alpha and beta (shared by every depth in Semaphore's key, and taken from the
 * powers of tau by snarkjs's setup) and the 14 key points of depth 20 (delta and IC0..IC4) are
 * replaced by those of the development setup below; gamma is the G2 generator in both. The code
 * and its path through getPts, the field checks, the four ecMul/ecAdd and the pairing are
 * Semaphore's, unchanged; a PUSH32 costs the same whatever its value, so the gas is Semaphore's.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { encodePacked, keccak256, type Abi, type Address, type Hex } from "viem";
import { stakeMembership } from "../../circuits/config.ts";
import { compileCircuit } from "../../circuits/scripts/lib/circom.ts";
import { formatLikeTheRepo } from "../../circuits/scripts/lib/files.ts";
import { cacheDir, repoRoot, snarkjsDir } from "../../circuits/scripts/lib/paths.ts";
import { groth16Setup } from "../../circuits/scripts/lib/setup.ts";
import { compileContract } from "./solc.ts";

const require = createRequire(import.meta.url);

export const semaphoreDepth = stakeMembership.depth;
export const semaphoreCircuitsVersion: string = require("@semaphore-protocol/circuits/package.json").version;
export const semaphoreContractsVersion: string = require("@semaphore-protocol/contracts/package.json").version;
export const semaphoreDir = path.join(cacheDir, "bench", `semaphore-${semaphoreDepth}`);

/** Baby Jubjub's prime subgroup order: Semaphore v4 requires its secret scalar below it. */
export const babyJubjubSubgroupOrder = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;

/** snarkjs's verification key JSON, as far as the verifier patch reads it. */
export interface Groth16VerificationKey {
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
}

export interface SemaphoreCircuit {
  name: string;
  constraints: number;
  wasm: string;
  zkey: string;
  verificationKey: Groth16VerificationKey;
  /** A fresh valid input with random siblings (Semaphore outputs its root, so any make a valid proof). */
  input: () => snarkjs.CircuitSignals;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Semaphore v4 at our depth, compiled and set up like ours, cached between runs. */
export async function semaphoreCircuit(ptauFile: string, ptauSha256: string): Promise<SemaphoreCircuit> {
  const depth = semaphoreDepth;
  const name = `semaphore-${depth}`;
  const metaFile = path.join(semaphoreDir, "meta.json");
  const zkey = path.join(semaphoreDir, `${name}.zkey`);
  const wasm = path.join(semaphoreDir, `${name}_js`, `${name}.wasm`);
  const wanted = {
    semaphore: semaphoreCircuitsVersion,
    circom2: require("circom2/package.json").version,
    ptau: ptauSha256,
  };
  let meta = (await exists(metaFile)) ? JSON.parse(await readFile(metaFile, "utf8")) : undefined;
  if (JSON.stringify(meta?.wanted) !== JSON.stringify(wanted) || !(await exists(zkey)) || !(await exists(wasm))) {
    console.log(
      `Building Semaphore ${semaphoreCircuitsVersion} at depth ${depth} into ${path.relative(repoRoot, semaphoreDir)} (once)…`,
    );
    const compiled = await compileCircuit({
      name,
      mainSource: `pragma circom 2.1.5;\ninclude "semaphore.circom";\ncomponent main {public [message, scope]} = Semaphore(${depth});\n`,
      outDir: semaphoreDir,
      libraries: [
        "node_modules/@semaphore-protocol/circuits/src",
        "node_modules/@zk-kit/binary-merkle-root.circom/src",
        "node_modules/circomlib/circuits",
      ],
      wasm: true,
    });
    await groth16Setup({ r1csFile: compiled.r1csFile, ptauFile, zkeyFile: zkey, log: { info: () => {} } });
    const verificationKey = await snarkjs.zKey.exportVerificationKey(zkey);
    // A standalone verifier of this key from snarkjs's template, the template Semaphore's
    // verifier derives from (ours comes from our own, circuits/scripts/lib/groth16-verifier.ts),
    // for the circuits bench's verifier-to-verifier gas comparison.
    const template = await readFile(path.join(snarkjsDir, "templates", "verifier_groth16.sol.ejs"), "utf8");
    const verifier: string = await snarkjs.zKey.exportSolidityVerifier(zkey, { groth16: template });
    await writeFile(
      path.join(semaphoreDir, `Semaphore${depth}Verifier.sol`),
      verifier.replace("contract Groth16Verifier", `contract Semaphore${depth}Verifier`),
    );
    meta = { wanted, constraints: compiled.constraints, verificationKey };
    await writeFile(metaFile, await formatLikeTheRepo(JSON.stringify(meta), metaFile));
  }
  return {
    name: `Semaphore v${semaphoreCircuitsVersion} (depth ${depth})`,
    constraints: meta.constraints,
    wasm,
    zkey,
    verificationKey: meta.verificationKey,
    input: () => {
      const field = () => BigInt(`0x${randomBytes(31).toString("hex")}`);
      return {
        secret: randomSemaphoreSecret(),
        merkleProofLength: depth,
        merkleProofIndex: BigInt(randomBytes(3).readUIntBE(0, 3) % 2 ** depth),
        merkleProofSiblings: Array.from({ length: depth }, field),
        message: field(),
        scope: field(),
      };
    },
  };
}

/** A Semaphore v4 secret scalar: uniform enough below the subgroup order for a benchmark. */
export const randomSemaphoreSecret = (): bigint =>
  BigInt(`0x${randomBytes(32).toString("hex")}`) % babyJubjubSubgroupOrder;

/** Semaphore.sol's `_hash`: keccak256(abi.encodePacked(uint256)) >> 8, what the circuit sees of message and scope. */
export const semaphoreHash = (value: bigint): bigint => BigInt(keccak256(encodePacked(["uint256"], [value]))) >> 8n;

const contractsPackage = "@semaphore-protocol/contracts";
const verifierSource = `${contractsPackage}/base/SemaphoreVerifier.sol`;
const keyPointsSource = `${contractsPackage}/base/SemaphoreVerifierKeyPts.sol`;
/** Key points per depth in SemaphoreVerifierKeyPts: delta (4 words), IC0..IC4 (2 words each). */
const POINTS_PER_DEPTH = 14;

function replaceConstant(source: string, name: string, value: string): string {
  const pattern = new RegExp(`(uint256 constant ${name} = )(\\d+);`);
  if (!pattern.test(source)) throw new Error(`SemaphoreVerifier.sol has no constant ${name}: the patch needs updating`);
  return source.replace(pattern, `$1${value};`);
}

function readConstant(source: string, name: string): string {
  const match = new RegExp(`uint256 constant ${name} = (\\d+);`).exec(source);
  if (!match) throw new Error(`SemaphoreVerifier.sol has no constant ${name}`);
  return match[1]!;
}

/** snarkjs's G2 order in Solidity: x1 = x.c1, x2 = x.c0, y1 = y.c1, y2 = y.c0. */
const g2Words = (point: string[][]) => [point[0]![1]!, point[0]![0]!, point[1]![1]!, point[1]![0]!];

export interface PatchedSemaphoreVerifier {
  overrides: Record<string, string>;
  /** What was replaced, for the bench's output. */
  substituted: string;
}

/**
 * Semaphore's SemaphoreVerifier and its key library with alpha, beta and the depth-`semaphoreDepth`
 * key points replaced by `key`'s; everything else is the package's text.
 */
export async function patchSemaphoreVerifier(key: Groth16VerificationKey): Promise<PatchedSemaphoreVerifier> {
  const read = (source: string) => readFile(path.join(repoRoot, "node_modules", source), "utf8");
  let verifier = await read(verifierSource);
  const [alphax, alphay] = key.vk_alpha_1 as [string, string];
  const [betax1, betax2, betay1, betay2] = g2Words(key.vk_beta_2);
  for (const [name, value] of Object.entries({ alphax, alphay, betax1, betax2, betay1, betay2 })) {
    verifier = replaceConstant(verifier, name, value!);
  }
  const gamma = g2Words(key.vk_gamma_2);
  const theirGamma = ["gammax1", "gammax2", "gammay1", "gammay2"].map((name) => readConstant(verifier, name));
  if (gamma.join() !== theirGamma.join())
    throw new Error("gamma differs from Semaphore's: the patch assumes both are G2's generator");

  const keyPoints = await read(keyPointsSource);
  const block = /(bytes private constant VK_POINT_BYTES =)((?:\s*hex"[0-9a-fA-F]*")+);/.exec(keyPoints);
  if (!block) throw new Error("SemaphoreVerifierKeyPts.sol has no VK_POINT_BYTES: the patch needs updating");
  const words = [...block[2]!.matchAll(/hex"([0-9a-fA-F]*)"/g)].map((match) => match[1]!).join("");
  const depths = words.length / 64 / POINTS_PER_DEPTH;
  if (!Number.isInteger(depths) || depths < semaphoreDepth) throw new Error(`VK_POINT_BYTES holds ${depths} depths`);
  const points = [...g2Words(key.vk_delta_2), ...key.IC.flatMap((point) => [point[0]!, point[1]!])];
  if (points.length !== POINTS_PER_DEPTH) throw new Error(`The key has ${key.IC.length} IC points, Semaphore's 5`);
  const ours = points.map((value) => BigInt(value).toString(16).padStart(64, "0")).join("");
  const start = (semaphoreDepth - 1) * POINTS_PER_DEPTH * 64;
  const patched = words.slice(0, start) + ours + words.slice(start + ours.length);
  const lines = patched.match(/.{64}/g)!.map((word) => `\n        hex"${word}"`);
  const keyPointsPatched = keyPoints.replace(block[0], `${block[1]}${lines.join("")};`);

  const overrides = { [verifierSource]: verifier, [keyPointsSource]: keyPointsPatched };
  // A copy to read, in the gitignored cache; the compiler gets the same text from memory.
  const copyDir = path.join(semaphoreDir, "patched-contracts");
  await mkdir(copyDir, { recursive: true });
  for (const [source, text] of Object.entries(overrides))
    await writeFile(path.join(copyDir, path.basename(source)), text);
  return {
    overrides,
    substituted:
      `SemaphoreVerifier from ${contractsPackage} ${semaphoreContractsVersion} with its verification key's alpha and beta` +
      ` and the depth-${semaphoreDepth} points (delta, IC0..IC4) replaced by the bench's development setup of` +
      ` Semaphore's circuit (gamma is G2's generator in both); code unchanged (copy in ${path.relative(repoRoot, copyDir)})`,
  };
}

export interface SemaphoreContracts {
  verifier: { abi: Abi; bytecode: Hex };
  semaphore: { abi: Abi; bytecode: Hex };
}

/** Semaphore.sol (linked to `poseidonT3`) and the patched verifier, compiled with the project's solc. */
export async function compileSemaphore(
  poseidonT3: Address,
  patched: Pick<PatchedSemaphoreVerifier, "overrides">,
): Promise<SemaphoreContracts> {
  const verifier = await compileContract(verifierSource, "SemaphoreVerifier", { overrides: patched.overrides });
  const semaphore = await compileContract(`${contractsPackage}/Semaphore.sol`, "Semaphore", {
    libraries: { "poseidon-solidity/PoseidonT3.sol": { PoseidonT3: poseidonT3 } },
  });
  return { verifier, semaphore };
}
