/**
 * The sdk's prover (@leasehold/sdk/zk) with the kept artifacts as defaults, for Node: tests,
 * scripts, the bench and the contracts tests. Files are read here, so a missing artifact is an
 * ArtifactNotFoundError that says how to build it.
 */
import {
  calculateWitness as calculateWitnessFrom,
  generateStakeProof as generateStakeProofWith,
  verifyStakeProof as verifyStakeProofWith,
  type BuildWitnessInputParameters,
  type CircuitSignals,
  type StakeMembershipArtifacts,
  type StakeProof,
} from "@leasehold/sdk/zk";
import { defaultArtifacts, readArtifact } from "./artifacts.ts";

export type GenerateStakeProofParameters = BuildWitnessInputParameters & {
  /** The kept artifacts by default. */
  artifacts?: StakeMembershipArtifacts;
};

export async function generateStakeProof(parameters: GenerateStakeProofParameters): Promise<StakeProof> {
  const { artifacts = defaultArtifacts, ...witnessParameters } = parameters;
  return generateStakeProofWith({
    ...witnessParameters,
    artifacts: { wasm: await readSource(artifacts.wasm), zkey: await readSource(artifacts.zkey) },
  });
}

/** The sdk's witness calculator, with the kept wasm by default. */
export async function calculateWitness(
  input: CircuitSignals,
  wasm: string | Uint8Array = defaultArtifacts.wasm,
): Promise<Uint8Array> {
  return calculateWitnessFrom(input, await readSource(wasm));
}

export type VerifyStakeProofParameters = StakeProof & {
  /** Parsed verification key; the kept artifact by default. */
  verificationKey?: unknown;
};

/** True when the proof is valid for these public signals. Malformed inputs throw MalformedProofError. */
export async function verifyStakeProof({ verificationKey, ...proof }: VerifyStakeProofParameters): Promise<boolean> {
  return verifyStakeProofWith({ ...proof, verificationKey: verificationKey ?? (await loadVerificationKey()) });
}

let cachedVerificationKey: Promise<unknown> | undefined;

export function loadVerificationKey(file: string = defaultArtifacts.verificationKey): Promise<unknown> {
  if (file !== defaultArtifacts.verificationKey) return readArtifact(file, "utf8").then(JSON.parse);
  cachedVerificationKey ??= readArtifact(file, "utf8").then(JSON.parse);
  return cachedVerificationKey;
}

/** Paths and file: URLs are read from disk here; bytes and http(s) URLs go to the sdk as they are. */
async function readSource(source: string | Uint8Array): Promise<string | Uint8Array> {
  if (typeof source !== "string" || /^(https?|blob|data):/i.test(source)) return source;
  return readArtifact(/^file:/i.test(source) ? new URL(source).pathname : source);
}
