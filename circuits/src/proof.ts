/**
 * Groth16 proofs of stake membership (snarkjs). Proving runs the witness calculator and the
 * prover as two steps, so a rejected witness surfaces as WitnessRejectedError and never as a
 * prover failure. snarkjs keeps worker threads alive: call releaseProver() before exiting.
 */
import * as snarkjs from "snarkjs";
import { stakeMembershipPublicSignals } from "../config.ts";
import { defaultArtifacts, readArtifact, type StakeMembershipArtifacts } from "./artifacts.ts";
import type {} from "./snarkjs.d.ts";
import {
  ArtifactMismatchError,
  MalformedProofError,
  WitnessRejectedError,
  type ArtifactNotFoundError,
  type InvalidStakeProofInputError,
} from "./errors.ts";
import { isField } from "./field.ts";
import type { Groth16Proof, StakeMembershipPublicSignals, StakeProof } from "./types.ts";
import { buildWitnessInput, type BuildWitnessInputParameters } from "./witness.ts";

export type GenerateStakeProofParameters = BuildWitnessInputParameters & {
  artifacts?: StakeMembershipArtifacts;
};

export type GenerateStakeProofReturnType = StakeProof;

export type GenerateStakeProofErrorType =
  InvalidStakeProofInputError | WitnessRejectedError | ArtifactNotFoundError | ArtifactMismatchError;

export async function generateStakeProof(
  parameters: GenerateStakeProofParameters,
): Promise<GenerateStakeProofReturnType> {
  const { artifacts = defaultArtifacts, ...witnessParameters } = parameters;
  const { input, publicSignals } = buildWitnessInput(witnessParameters);
  const witness = await calculateWitness(input, artifacts.wasm);
  const zkey = typeof artifacts.zkey === "string" ? await readArtifact(artifacts.zkey) : artifacts.zkey;
  const { proof, publicSignals: proven } = await snarkjs.groth16.prove(zkey, witness);
  const expected = publicSignalsToArray(publicSignals);
  if (proven.length !== expected.length || proven.some((value, index) => BigInt(value) !== expected[index])) {
    throw new ArtifactMismatchError(
      "The circuit's public signals differ from the library's: artifacts and library are out of step",
    );
  }
  return { proof, publicSignals };
}

/**
 * Runs Circom's witness calculator and returns the witness (.wtns bytes). It checks every `===`
 * and `<==` constraint as it goes and throws on the first that fails.
 */
export async function calculateWitness(
  input: snarkjs.CircuitSignals,
  wasm: string | Uint8Array = defaultArtifacts.wasm,
): Promise<Uint8Array> {
  const witness: { type: "mem"; data?: Uint8Array } = { type: "mem" };
  const wasmBytes = typeof wasm === "string" ? await readArtifact(wasm) : wasm;
  try {
    await snarkjs.wtns.calculate(input, wasmBytes, witness);
  } catch (error) {
    throw new WitnessRejectedError("The circuit rejected the witness", { cause: error });
  }
  if (!witness.data) throw new WitnessRejectedError("The witness calculator returned no witness");
  return witness.data;
}

export type VerifyStakeProofParameters = StakeProof & {
  /** Parsed verification key; the kept artifact by default. */
  verificationKey?: unknown;
};

/** True when the proof is valid for these public signals. Malformed inputs throw MalformedProofError. */
export async function verifyStakeProof({
  proof,
  publicSignals,
  verificationKey,
}: VerifyStakeProofParameters): Promise<boolean> {
  const signals = publicSignalsToArray(publicSignals);
  if (!signals.every(isField)) throw new MalformedProofError("A public signal is not a field element");
  const key = verificationKey ?? (await loadVerificationKey());
  try {
    return await snarkjs.groth16.verify(key, signals.map(String), proof);
  } catch (error) {
    throw new MalformedProofError("The proof could not be checked", { cause: error });
  }
}

let cachedVerificationKey: Promise<unknown> | undefined;

export function loadVerificationKey(file: string = defaultArtifacts.verificationKey): Promise<unknown> {
  if (file !== defaultArtifacts.verificationKey) return readArtifact(file, "utf8").then(JSON.parse);
  cachedVerificationKey ??= readArtifact(file, "utf8").then(JSON.parse);
  return cachedVerificationKey;
}

/** Public signals in the verifier's order (config.ts): outputs, then public inputs. */
export function publicSignalsToArray(signals: StakeMembershipPublicSignals): bigint[] {
  return stakeMembershipPublicSignals.map((name) => signals[name]);
}

export function publicSignalsFromArray(values: readonly (bigint | string)[]): StakeMembershipPublicSignals {
  if (values.length !== stakeMembershipPublicSignals.length) {
    throw new MalformedProofError(
      `Expected ${stakeMembershipPublicSignals.length} public signals, got ${values.length}`,
    );
  }
  return Object.fromEntries(
    stakeMembershipPublicSignals.map((name, index) => [name, BigInt(values[index]!)]),
  ) as StakeMembershipPublicSignals;
}

/** The proof as the Solidity verifier's `verifyProof(a, b, c, pubSignals)` takes it (G2 coordinates swapped). */
export function toSolidityProof(proof: Groth16Proof): {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
} {
  const g1 = (point: readonly string[]): [bigint, bigint] => [BigInt(point[0]!), BigInt(point[1]!)];
  const [b0, b1] = [proof.pi_b[0]!, proof.pi_b[1]!];
  return {
    a: g1(proof.pi_a),
    b: [
      [BigInt(b0[1]!), BigInt(b0[0]!)],
      [BigInt(b1[1]!), BigInt(b1[0]!)],
    ],
    c: g1(proof.pi_c),
  };
}

/** Stops snarkjs's worker threads; without it a Node process that proved or verified never exits. */
export async function releaseProver(): Promise<void> {
  await globalThis.curve_bn128?.terminate();
}
