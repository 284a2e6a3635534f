import { readFile } from "node:fs/promises";
import path from "node:path";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { expect } from "vitest";
import { stakeMembership } from "../config.ts";
import { compileCircuit, type CompileCircuitReturnType } from "../scripts/lib/circom.ts";
import { cacheDir, packageRoot } from "../scripts/lib/paths.ts";
import { stakeMembershipLibraries, stakeMembershipMain } from "../scripts/lib/sources.ts";
import {
  generateIdentitySecret,
  identityCommitment,
  stakeLeaf,
  StakeTree,
  WitnessRejectedError,
  type Field,
  type IdentitySecret,
  type RandomBytes,
} from "../src/index.ts";

/** A reproducible byte stream: keccak256(seed || counter) blocks. */
export function seededRandomBytes(seed: string): RandomBytes {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 32) {
      const block = keccak_256(new TextEncoder().encode(`${seed}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    }
    return out;
  };
}

export interface Member {
  secret: IdentitySecret;
  commitment: Field;
  stakeAmount: bigint;
  index: number;
}

/** A stake group with members drawn from a fixed seed, as the group contract would insert them. */
export function stakeGroup(depth: number, amounts: readonly bigint[], seed = "leasehold-circuits-test") {
  const random = seededRandomBytes(seed);
  const tree = new StakeTree(depth);
  const members: Member[] = amounts.map((stakeAmount) => {
    const secret = generateIdentitySecret(random);
    const commitment = identityCommitment(secret);
    return { secret, commitment, stakeAmount, index: tree.insert(stakeLeaf(commitment, stakeAmount)) };
  });
  return { tree, members };
}

/**
 * The circuit compiled at a test depth, into the gitignored cache (fresh on every run). Test files
 * run in parallel: each names its own folder, so none reads a file another is rewriting.
 */
export function compileVariant(depth: number, folder = `variant-d${depth}`): Promise<CompileCircuitReturnType> {
  return compileCircuit({
    name: `stake-membership-d${depth}`,
    mainSource: stakeMembershipMain({ depth, amountBits: stakeMembership.amountBits }),
    outDir: path.join(cacheDir, folder),
    libraries: stakeMembershipLibraries,
    wasm: true,
    sym: true,
  });
}

/** 1-based line of the first occurrence of `statement` in a Circom file. */
export async function lineOf(file: string, statement: string): Promise<number> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const index = lines.findIndex((line) => line.includes(statement));
  if (index < 0) throw new Error(`${statement} not in ${file}`);
  return index + 1;
}

export const templateFile = path.join(packageRoot, stakeMembership.source);
export const bitifyFile = path.join(packageRoot, "..", "node_modules", "circomlib", "circuits", "bitify.circom");

/**
 * Asserts that the witness calculator refused the input, and where: Circom reports the template
 * and the source line of the first constraint that failed.
 */
export async function expectRejectedAt(pending: Promise<unknown>, template: string, line: number): Promise<void> {
  const error = await pending.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WitnessRejectedError);
  expect(String((error as WitnessRejectedError).cause)).toMatch(
    new RegExp(`template ${template}_\\d+ line: ${line}\\b`),
  );
}
