/**
 * Where the kept Groth16 artifacts live and what the manifest says about them (Node only: the
 * browser-safe library in @leasehold/sdk/zk takes artifacts as bytes or URLs). They are built by
 * `npm run build -w circuits` and committed, so proving and verifying need no trusted setup run.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ArtifactNotFoundError, type StakeMembershipArtifacts } from "@leasehold/sdk/zk";
import { stakeMembership } from "../config.ts";

export type { StakeMembershipArtifacts };

export const artifactsDir = path.resolve(import.meta.dirname, "../artifacts");

export const defaultArtifacts = {
  wasm: path.join(artifactsDir, `${stakeMembership.artifactName}.wasm`),
  zkey: path.join(artifactsDir, `${stakeMembership.artifactName}.zkey`),
  verificationKey: path.join(artifactsDir, `${stakeMembership.artifactName}.vkey.json`),
  manifest: path.join(artifactsDir, "manifest.json"),
} as const;

export interface ArtifactRecord {
  sha256: string;
  bytes: number;
}

/** artifacts/manifest.json: what was built, from which sources, with which setup. */
export interface ArtifactManifest {
  circuit: {
    template: string;
    depth: number;
    amountBits: number;
    publicSignals: string[];
    constraints: number;
    ptauPower: number;
  };
  toolchain: { circom: string; circom2: string; circomlib: string; snarkjs: string; flags: string[] };
  /** sha256 of each Circom source, by path relative to the repository root. */
  sources: Record<string, string>;
  /** The r1cs is not kept (2.8 MB, rebuilt deterministically by the compiler); its hash is. */
  r1cs: ArtifactRecord;
  setup: {
    /**
     * `production` is true only for a zkey finished by a multi-party ceremony (scripts/ceremony.ts);
     * the build's own one-contribution setup is never production, whatever ptau it used.
     */
    ptau: ArtifactRecord & {
      file: string;
      power: number;
      production: boolean;
      /** blake2b-512 of the file, the hash the Hermez/PSE ptau files are published under. */
      blake2b?: string;
      /** The published file it is, when its blake2b is one snarkjs's README lists. */
      publishedAs?: string;
    };
    phase2: string;
    /** The zkey's phase-2 contributions in order, the beacon excluded, named by snarkjs's contribution hash. */
    contributions: SetupContribution[];
    /** The last contribution: a public value nobody could know before the others contributed. */
    beacon: SetupBeacon;
  };
  /** Kept files in artifacts/, by file name. */
  artifacts: Record<string, ArtifactRecord>;
  verifier: ArtifactRecord & { file: string };
}

export interface SetupContribution {
  name: string;
  /** blake2b-512 hex, as `snarkjs zkey contribute` printed it to the contributor. */
  hash: string;
}

export interface SetupBeacon extends SetupContribution {
  /** The beacon value (hex), e.g. a block hash named before the ceremony started. */
  value: string;
  /** snarkjs hashes the value 2^iterationsExp times. */
  iterationsExp: number;
  /** Where the value comes from; absent for the development setup's random beacon. */
  block?: { chain: string; number: number };
}

export async function readManifest(file: string = defaultArtifacts.manifest): Promise<ArtifactManifest> {
  return JSON.parse(await readArtifact(file, "utf8")) as ArtifactManifest;
}

export async function readArtifact(file: string, encoding: "utf8"): Promise<string>;
export async function readArtifact(file: string): Promise<Buffer>;
export async function readArtifact(file: string, encoding?: "utf8"): Promise<string | Buffer> {
  try {
    return encoding ? await readFile(file, encoding) : await readFile(file);
  } catch (error) {
    throw new ArtifactNotFoundError(`Cannot read circuit artifact ${file}; run \`npm run build -w circuits\``, {
      cause: error,
    });
  }
}
