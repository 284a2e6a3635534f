/**
 * The deploy step's check of the trusted setup behind StakeMembershipVerifier. A verifier built on
 * the development setup accepts proofs forged by whoever ran it, so off the local chain the
 * deploy refuses unless circuits/artifacts/manifest.json records a finished multi-party ceremony
 * (circuits/README.md, "Running a ceremony") and describes the verifier source that is deployed.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ArtifactManifest } from "../../circuits/src/artifacts.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { InvalidDeploymentError } from "../../sdk/src/errors.ts";

export type { ArtifactManifest as CircuitsManifest };

const repoRoot = path.resolve(import.meta.dirname, "../..");
export const circuitsManifestFile = path.join(repoRoot, "circuits", "artifacts", "manifest.json");

/** One honest party suffices, so two is the floor; a real ceremony invites many more. */
export const MINIMUM_CEREMONY_CONTRIBUTIONS = 2;

export type SetupProblemKind =
  "not-production" | "development-ptau" | "too-few-contributions" | "no-beacon" | "verifier-mismatch";

export interface SetupProblem {
  kind: SetupProblemKind;
  message: string;
}

/** The verifier about to be deployed rests on a setup that is not a finished ceremony. */
export class DevelopmentSetupError extends InvalidDeploymentError {
  readonly chainId: number;
  readonly problems: readonly SetupProblem[];

  constructor(chainId: number, problems: readonly SetupProblem[], options?: { cause?: unknown }) {
    super(
      `Chain ${chainId} needs StakeMembershipVerifier from a phase-2 ceremony (circuits/README.md, "Running a ceremony"); ` +
        `the circuits' manifest says: ${problems.map((problem) => problem.message).join("; ")}`,
      options,
    );
    this.chainId = chainId;
    this.problems = problems;
  }
}

/** Everything that keeps this manifest (and the verifier source's sha256) from a production deploy. */
export function findSetupProblems(manifest: ArtifactManifest, verifierSha256: string): SetupProblem[] {
  const { ptau, contributions = [], beacon } = manifest.setup;
  const problems: SetupProblem[] = [];
  if (!ptau.production) problems.push({ kind: "not-production", message: "production is false" });
  if (/NOT-FOR-PRODUCTION/i.test(ptau.file) || Object.hasOwn(manifest.artifacts, path.basename(ptau.file))) {
    problems.push({ kind: "development-ptau", message: `the ptau is the development one (${ptau.file})` });
  }
  if (contributions.length < MINIMUM_CEREMONY_CONTRIBUTIONS) {
    problems.push({
      kind: "too-few-contributions",
      message: `${contributions.length} phase-2 contribution(s), fewer than ${MINIMUM_CEREMONY_CONTRIBUTIONS}`,
    });
  }
  if (!beacon?.block) problems.push({ kind: "no-beacon", message: "no beacon from an announced block" });
  if (verifierSha256 !== manifest.verifier.sha256) {
    problems.push({
      kind: "verifier-mismatch",
      message: `${manifest.verifier.file} is not the verifier the manifest records`,
    });
  }
  return problems;
}

export interface AssertProductionSetupParameters {
  chainId: number;
  /** The circuits' manifest; circuits/artifacts/manifest.json when absent. */
  manifest?: ArtifactManifest;
}

/** Throws a DevelopmentSetupError off the local chain unless the kept setup is a finished ceremony. */
export async function assertProductionSetup(parameters: AssertProductionSetupParameters): Promise<void> {
  if (parameters.chainId === LOCAL_CHAIN_ID) return;
  let manifest = parameters.manifest;
  let verifierSha256: string;
  try {
    manifest ??= JSON.parse(await readFile(circuitsManifestFile, "utf8")) as ArtifactManifest;
    verifierSha256 = createHash("sha256")
      .update(await readFile(path.join(repoRoot, manifest.verifier.file)))
      .digest("hex");
  } catch (error) {
    throw new DevelopmentSetupError(
      parameters.chainId,
      [{ kind: "not-production", message: `it cannot be read (${circuitsManifestFile})` }],
      { cause: error },
    );
  }
  const problems = findSetupProblems(manifest, verifierSha256);
  if (problems.length > 0) throw new DevelopmentSetupError(parameters.chainId, problems);
}
