import { readFile } from "node:fs/promises";
import path from "node:path";
import { poseidon2 } from "poseidon-lite";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stakeMembership, stakeMembershipPublicSignals } from "../config.ts";
import { compileCircuit, type CompileCircuitReturnType } from "../scripts/lib/circom.ts";
import { cacheDir } from "../scripts/lib/paths.ts";
import { stakeMembershipLibraries } from "../scripts/lib/sources.ts";
import {
  buildWitnessInput,
  calculateWitness,
  CircuitCompileError,
  hashToField,
  identityCommitment,
  InvalidStakeProofInputError,
  MAX_STAKE_AMOUNT,
  publicSignalsToArray,
  releaseProver,
  SNARK_SCALAR_FIELD,
  stakeLeaf,
  StakeTree,
  type StakeMembershipCircuitInput,
} from "../src/index.ts";
import {
  bitifyFile,
  compileVariant,
  expectRejectedAt,
  lineOf,
  stakeGroup,
  templateFile,
  type Member,
} from "./fixtures.ts";

const depth = stakeMembership.testDepth;
const p = SNARK_SCALAR_FIELD;
const scope = hashToField("leasehold/endorse/agent-7/epoch-1");
const message = hashToField("endorsement of agent 7");

// 16 members fill the depth-4 tree: first and last leaves, left and right children at every level.
const amounts = [1_000n, 5n, MAX_STAKE_AMOUNT, 2n ** 95n, ...Array.from({ length: 12 }, (_, i) => BigInt(100 + i))];
const { tree, members } = stakeGroup(depth, amounts);
const member = members[0]!;

let compiled: CompileCircuitReturnType;
let line: { bit: number; root: number; enough: number; num2BitsSum: number };

beforeAll(async () => {
  compiled = await compileVariant(depth);
  line = {
    bit: await lineOf(templateFile, "pathIndices[i] * (pathIndices[i] - 1) === 0;"),
    root: await lineOf(templateFile, "root === nodes[DEPTH];"),
    enough: await lineOf(templateFile, "enough === 1;"),
    num2BitsSum: await lineOf(bitifyFile, "lc1 === in;"),
  };
  // Circom's witness calculator prints every failed assertion before throwing; the tests check the throw.
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "log").mockImplementation(() => {});
});

afterAll(async () => {
  vi.restoreAllMocks();
  await releaseProver();
});

function validInput(
  who: Member = member,
  overrides: Partial<{ threshold: bigint; scope: bigint; message: bigint }> = {},
) {
  return buildWitnessInput({
    secret: who.secret,
    stakeAmount: who.stakeAmount,
    merkleProof: tree.merkleProof(who.index),
    threshold: overrides.threshold ?? 1n,
    scope: overrides.scope ?? scope,
    message: overrides.message ?? message,
    depth,
  });
}

const witness = (input: StakeMembershipCircuitInput) => calculateWitness(input, compiled.wasmFile!);

/** Witness values 1..n are the public signals, in the verifier's order. */
async function witnessValues(input: StakeMembershipCircuitInput): Promise<bigint[]> {
  return (await snarkjs.wtns.exportJson((await witness(input)) as never)) as bigint[];
}

/** A one-member tree whose leaf holds an amount the group contract would never insert. */
function forgedLeafInput(secret: bigint, stakeAmount: bigint, threshold: bigint): StakeMembershipCircuitInput {
  const forged = new StakeTree(depth);
  const index = forged.insert(poseidon2([identityCommitment(secret), stakeAmount]));
  const proof = forged.merkleProof(index);
  return {
    ...validInput().input,
    secret,
    stakeAmount,
    threshold,
    root: proof.root,
    siblings: proof.siblings,
    pathIndices: proof.pathIndices.map(BigInt),
  };
}

describe("# valid witnesses", () => {
  it("should accept every leaf of a full tree and output the library's y and nullifier", async () => {
    for (const who of members) {
      const { input, publicSignals } = validInput(who);
      const values = await witnessValues(input);
      expect(values.slice(1, 1 + stakeMembershipPublicSignals.length)).toEqual(publicSignalsToArray(publicSignals));
    }
  });

  it("should satisfy every R1CS constraint, not only the witness calculator's checks", async () => {
    expect(await snarkjs.wtns.check(compiled.r1csFile, await witness(validInput().input))).toBe(true);
  });

  it("should accept a stake equal to the threshold and the largest amount against the largest threshold", async () => {
    await expect(witness(validInput(member, { threshold: member.stakeAmount }).input)).resolves.toBeDefined();
    await expect(witness(validInput(members[2]!, { threshold: MAX_STAKE_AMOUNT }).input)).resolves.toBeDefined();
  });

  it("should accept p - 1 as secret, scope and message", async () => {
    const secret = p - 1n;
    const edgeTree = new StakeTree(depth);
    const index = edgeTree.insert(stakeLeaf(identityCommitment(secret), 7n));
    const { input } = buildWitnessInput({
      secret,
      stakeAmount: 7n,
      merkleProof: edgeTree.merkleProof(index),
      threshold: 7n,
      scope: p - 1n,
      message: p - 1n,
      depth,
    });
    await expect(witness(input)).resolves.toBeDefined();
  });

  it("should read inputs of p or more modulo p, which is why the library rejects them", async () => {
    const { input } = validInput();
    expect(await witnessValues({ ...input, message: message + p })).toEqual(await witnessValues(input));
    expect(() => validInput(member, { message: message + p })).toThrow(InvalidStakeProofInputError);
    expect(() => validInput(member, { scope: p })).toThrow(InvalidStakeProofInputError);
  });
});

describe("# failing witnesses", () => {
  it("should reject a wrong sibling", async () => {
    const { input } = validInput();
    const siblings = [...input.siblings];
    siblings[1] = siblings[1]! + 1n;
    await expectRejectedAt(witness({ ...input, siblings }), "StakeMembership", line.root);
  });

  it("should reject a flipped index bit", async () => {
    const { input } = validInput(members[5]!);
    const pathIndices = [...input.pathIndices];
    pathIndices[2] = 1n - pathIndices[2]!;
    await expectRejectedAt(witness({ ...input, pathIndices }), "StakeMembership", line.root);
  });

  it("should reject a root the path does not lead to", async () => {
    const { input } = validInput();
    await expectRejectedAt(witness({ ...input, root: new StakeTree(depth).root }), "StakeMembership", line.root);
  });

  it("should reject a non-boolean index bit (2 and p - 1)", async () => {
    const { input } = validInput();
    for (const bit of [2n, p - 1n]) {
      const pathIndices = [bit, ...input.pathIndices.slice(1)];
      await expectRejectedAt(witness({ ...input, pathIndices }), "StakeMembership", line.bit);
    }
  });

  it("should reject a stake below the threshold", async () => {
    const { input } = validInput();
    await expectRejectedAt(witness({ ...input, threshold: member.stakeAmount + 1n }), "StakeMembership", line.enough);
  });

  it("should reject an amount of 2^AMOUNT_BITS or more that the comparator alone would accept", async () => {
    const stakeAmount = 2n ** BigInt(stakeMembership.amountBits) + 5n;
    // GreaterEqThan(n) only decomposes amount + 2^n - threshold into n + 1 bits: this passes it.
    expect(
      stakeAmount + 2n ** BigInt(stakeMembership.amountBits) - 10n < 2n ** BigInt(stakeMembership.amountBits + 1),
    ).toBe(true);
    await expectRejectedAt(witness(forgedLeafInput(member.secret, stakeAmount, 10n)), "Num2Bits", line.num2BitsSum);
    await expectRejectedAt(witness(forgedLeafInput(member.secret, p - 1n, 10n)), "Num2Bits", line.num2BitsSum);
  });

  it("should reject a threshold of 2^AMOUNT_BITS or more, including p - 1 that the comparator alone would accept", async () => {
    const { input } = validInput();
    // p - 1 is -1 in the field: amount + 2^n + 1 has bit n set, so GreaterEqThan says "enough".
    expect((((member.stakeAmount + 2n ** 96n - (p - 1n)) % p) + p) % p >= 2n ** 96n).toBe(true);
    for (const threshold of [p - 1n, 2n ** BigInt(stakeMembership.amountBits)]) {
      await expectRejectedAt(witness({ ...input, threshold }), "Num2Bits", line.num2BitsSum);
    }
  });
});

describe("# compile-time bounds", () => {
  it.each([
    [0, 96],
    [33, 96],
    [4, 0],
    [4, 253],
  ])("should refuse to compile StakeMembership(%i, %i)", async (badDepth, amountBits) => {
    const source = `pragma circom 2.1.5;\ninclude "${stakeMembership.source}";\ncomponent main = ${stakeMembership.template}(${badDepth}, ${amountBits});\n`;
    const pending = compileCircuit({
      name: `bounds-${badDepth}-${amountBits}`,
      mainSource: source,
      outDir: path.join(cacheDir, "bounds"),
      libraries: stakeMembershipLibraries,
    });
    await expect(pending).rejects.toBeInstanceOf(CircuitCompileError);
    await expect(pending).rejects.toThrow(/False assert reached/);
  });
});

describe("# public signals", () => {
  it("should number the public signals in config.ts's order", async () => {
    const sym = (await readFile(compiled.symFile!, "utf8")).split("\n");
    const names = stakeMembershipPublicSignals.map(
      (_, index) => sym.find((row) => row.startsWith(`${index + 1},${index + 1},`))?.split(",")[3],
    );
    expect(names).toEqual(stakeMembershipPublicSignals.map((name) => `main.${name}`));
  });
});
