/**
 * Groth16 proofs of stake membership (snarkjs), in Node, a page or a web worker. The artifacts
 * come as bytes, URLs or (Node) paths, never from a default location: the kept files live in
 * circuits/artifacts and the app serves copies. Proving runs the witness calculator and the
 * prover as two steps, so a rejected witness surfaces as WitnessRejectedError and never as a
 * prover failure, and progress reports real stages. snarkjs's multi-threaded curve keeps Node
 * alive: call releaseProver() before exiting (single-threaded proving starts no threads).
 */
import * as snarkjs from "snarkjs";
import { stakeMembership, stakeMembershipPublicSignals } from "./config.ts";
import {
  isFileError,
  resolveArtifact,
  type ArtifactSource,
  type DownloadProgress,
  type StakeMembershipArtifacts,
} from "./artifact-source.ts";
import {
  ArtifactMismatchError,
  ArtifactNotFoundError,
  InvalidStakeProofInputError,
  MalformedProofError,
  WitnessRejectedError,
} from "./errors.ts";
import { isField } from "./field.ts";
import type {} from "./snarkjs.d.ts";
import type {
  Field,
  Groth16Proof,
  SolidityGroth16Proof,
  StakeMembershipCircuitInput,
  StakeMembershipPublicSignals,
  StakeProof,
} from "./types.ts";
import { buildWitnessInput, type BuildWitnessInputParameters } from "./witness.ts";

/** A stage of a proof: downloading an artifact (bytes), then computing the witness, then proving. */
export type ProverProgress =
  DownloadProgress | { stage: "witness" | "proving" | "done"; /** Since the call started. */ elapsedMs: number };

export interface ProveStakeMembershipParameters {
  /** The circuit's full input, e.g. prepareEndorsement's `input`; checked again here. */
  input: StakeMembershipCircuitInput;
  artifacts: StakeMembershipArtifacts;
  onProgress?: (progress: ProverProgress) => void;
  /** Prove on this thread only: no nested workers (what a browser worker wants). */
  singleThread?: boolean;
}

export interface ProveStakeMembershipReturnType extends StakeProof {
  /** `proof` as the Solidity verifier, `endorse` and `requestWithdrawal` take it. */
  calldata: SolidityGroth16Proof;
  y: Field;
  nullifier: Field;
  root: Field;
  threshold: Field;
  scope: Field;
  message: Field;
}

export type ProveStakeMembershipErrorType =
  InvalidStakeProofInputError | WitnessRejectedError | ArtifactNotFoundError | ArtifactMismatchError;

/** Proves a prepared circuit input; the public signals are checked against the input before returning. */
export async function proveStakeMembership(
  parameters: ProveStakeMembershipParameters,
): Promise<ProveStakeMembershipReturnType> {
  const { input, artifacts, onProgress, singleThread = false } = parameters;
  const started = Date.now();
  const stage = (name: "witness" | "proving" | "done") =>
    onProgress?.({ stage: name, elapsedMs: Date.now() - started });
  const publicSignals = checkCircuitInput(input);
  const [wasm, zkey] = await Promise.all([
    resolveArtifact(artifacts.wasm, "wasm", onProgress),
    resolveArtifact(artifacts.zkey, "zkey", onProgress),
  ]);
  stage("witness");
  const witness = await calculateWitness(input, wasm);
  stage("proving");
  const proof = await proveWitness(zkey, witness, publicSignals, singleThread);
  stage("done");
  return { ...proof, calldata: toSolidityProof(proof.proof), ...publicSignals };
}

export type GenerateStakeProofParameters = BuildWitnessInputParameters & {
  artifacts: StakeMembershipArtifacts;
  singleThread?: boolean;
};

export type GenerateStakeProofReturnType = StakeProof;

export type GenerateStakeProofErrorType = ProveStakeMembershipErrorType;

/** Builds the input from its parts (secret, Merkle proof, scope, message…) and proves it. */
export async function generateStakeProof(
  parameters: GenerateStakeProofParameters,
): Promise<GenerateStakeProofReturnType> {
  const { artifacts, singleThread = false, ...witnessParameters } = parameters;
  const { input, publicSignals } = buildWitnessInput(witnessParameters);
  const [wasm, zkey] = await Promise.all([
    resolveArtifact(artifacts.wasm, "wasm"),
    resolveArtifact(artifacts.zkey, "zkey"),
  ]);
  const witness = await calculateWitness(input, wasm);
  return proveWitness(zkey, witness, publicSignals, singleThread);
}

/**
 * Runs Circom's witness calculator and returns the witness (.wtns bytes). It checks every `===`
 * and `<==` constraint as it goes and throws on the first that fails.
 */
export async function calculateWitness(input: snarkjs.CircuitSignals, wasm: ArtifactSource): Promise<Uint8Array> {
  const witness: { type: "mem"; data?: Uint8Array } = { type: "mem" };
  const source = await resolveArtifact(wasm, "wasm");
  try {
    await snarkjs.wtns.calculate(input, source, witness);
  } catch (error) {
    if (isFileError(error))
      throw new ArtifactNotFoundError(`Cannot read the wasm artifact ${String(source)}`, { cause: error });
    throw new WitnessRejectedError("The circuit rejected the witness", { cause: error });
  }
  if (!witness.data) throw new WitnessRejectedError("The witness calculator returned no witness");
  return witness.data;
}

async function proveWitness(
  zkey: Uint8Array | string,
  witness: Uint8Array,
  expected: StakeMembershipPublicSignals,
  singleThread: boolean,
): Promise<StakeProof> {
  let result: Awaited<ReturnType<typeof snarkjs.groth16.prove>>;
  try {
    result = await snarkjs.groth16.prove(zkey, witness, undefined, { singleThread });
  } catch (error) {
    if (isFileError(error))
      throw new ArtifactNotFoundError(`Cannot read the zkey artifact ${String(zkey)}`, { cause: error });
    throw new ArtifactMismatchError("The prover failed: the zkey does not fit the witness", { cause: error });
  }
  const values = publicSignalsToArray(expected);
  const proven = result.publicSignals;
  if (proven.length !== values.length || proven.some((value, index) => BigInt(value) !== values[index])) {
    throw new ArtifactMismatchError(
      "The circuit's public signals differ from the library's: artifacts and library are out of step",
    );
  }
  return { proof: result.proof, publicSignals: expected };
}

export type VerifyStakeProofParameters = StakeProof & {
  /** The parsed verification key (stake-membership.vkey.json). */
  verificationKey: unknown;
};

/** True when the proof is valid for these public signals. Malformed inputs throw MalformedProofError. */
export async function verifyStakeProof({
  proof,
  publicSignals,
  verificationKey,
}: VerifyStakeProofParameters): Promise<boolean> {
  const signals = publicSignalsToArray(publicSignals);
  if (!signals.every((value) => typeof value === "bigint" && isField(value))) {
    throw new MalformedProofError("A public signal is not a field element");
  }
  try {
    return await snarkjs.groth16.verify(verificationKey, signals.map(String), proof);
  } catch (error) {
    throw new MalformedProofError("The proof could not be checked", { cause: error });
  }
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
export function toSolidityProof(proof: Groth16Proof): SolidityGroth16Proof {
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

/**
 * Checks a full circuit input as buildWitnessInput checks its parts (it may have crossed a worker
 * boundary or come from storage) and returns the public signals its proof will carry.
 */
export function checkCircuitInput(input: StakeMembershipCircuitInput): StakeMembershipPublicSignals {
  return buildWitnessInput(witnessParametersOf(input)).publicSignals;
}

/** The witness parameters a full circuit input stands for, so it is checked like a fresh one. */
function witnessParametersOf(input: StakeMembershipCircuitInput): BuildWitnessInputParameters {
  if (typeof input !== "object" || input === null) throw new InvalidStakeProofInputError("input must be an object");
  const { secret, stakeAmount, pathIndices, siblings, root, threshold, scope, message } = input;
  if (!Array.isArray(pathIndices) || !Array.isArray(siblings)) {
    throw new InvalidStakeProofInputError("input.pathIndices and input.siblings must be arrays");
  }
  const bits = pathIndices.map((bit, level) => {
    if (bit !== 0n && bit !== 1n) throw new InvalidStakeProofInputError(`pathIndices[${level}] must be 0 or 1`);
    return bit === 1n ? 1 : 0;
  });
  return {
    secret,
    stakeAmount,
    merkleProof: { root, siblings, pathIndices: bits },
    threshold,
    scope,
    message,
    depth: stakeMembership.depth,
  };
}
