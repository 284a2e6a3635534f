/**
 * artifacts/manifest.json, written by the build (development setup) and by the ceremony's
 * finalize step (production), so both record the same fields the same way: what was compiled,
 * with which toolchain, on which ptau, every phase-2 contribution and the beacon as the zkey
 * itself holds them, and the hash of every kept file.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { stakeMembership, stakeMembershipPublicSignals } from "../../config.ts";
import type { ArtifactManifest, ArtifactRecord, SetupBeacon, SetupContribution } from "../../src/artifacts.ts";
import { circomCompilerVersion, circomPackageVersion, optimisation } from "./circom.ts";
import { formatLikeTheRepo, sha256File } from "./files.ts";
import { packageRoot, repoRoot, snarkjsDir } from "./paths.ts";
import { readZkeyContributions } from "./zkey-contributions.ts";

const require = createRequire(import.meta.url);

export interface WriteManifestParameters {
  manifestFile: string;
  sizes: { depth: number; amountBits: number };
  mainSource: string;
  mainFile: string;
  r1csFile: string;
  constraints: number;
  /** The power the circuit needs (requiredPtauPower). */
  ptauPower: number;
  ptau: ArtifactManifest["setup"]["ptau"];
  phase2: string;
  zkeyFile: string;
  /** Where the beacon's value came from (the ceremony's announced block). */
  beaconBlock?: SetupBeacon["block"];
  /** Files listed under `artifacts`, by base name. */
  keptFiles: readonly string[];
  verifierFile: string;
}

/** The contributions and the beacon as the zkey records them; the beacon must be the last. */
export async function readSetupContributions(
  zkeyFile: string,
): Promise<{ contributions: SetupContribution[]; beacon: SetupBeacon | undefined }> {
  const { contributions } = await readZkeyContributions(zkeyFile);
  const last = contributions.at(-1);
  const beacon = last?.beacon
    ? { name: last.name, hash: last.hash, value: last.beacon.value, iterationsExp: last.beacon.iterationsExp }
    : undefined;
  return {
    contributions: (beacon ? contributions.slice(0, -1) : contributions).map(({ name, hash }) => ({ name, hash })),
    beacon,
  };
}

export async function writeManifest(parameters: WriteManifestParameters): Promise<ArtifactManifest> {
  const relative = (file: string) => path.relative(repoRoot, file);
  const { contributions, beacon } = await readSetupContributions(parameters.zkeyFile);
  if (!beacon) throw new Error(`${parameters.zkeyFile} does not end with a beacon`);
  const template = path.join(packageRoot, stakeMembership.source);
  const manifest: ArtifactManifest = {
    circuit: {
      template: stakeMembership.template,
      depth: parameters.sizes.depth,
      amountBits: parameters.sizes.amountBits,
      publicSignals: [...stakeMembershipPublicSignals],
      constraints: parameters.constraints,
      ptauPower: parameters.ptauPower,
    },
    toolchain: {
      circom: await circomCompilerVersion(),
      circom2: circomPackageVersion,
      circomlib: require("circomlib/package.json").version,
      snarkjs: JSON.parse(await readFile(path.join(snarkjsDir, "package.json"), "utf8")).version,
      flags: [optimisation],
    },
    sources: {
      [relative(template)]: (await sha256File(template)).sha256,
      [relative(parameters.mainFile)]: createHash("sha256").update(parameters.mainSource).digest("hex"),
    },
    r1cs: await sha256File(parameters.r1csFile),
    setup: {
      ptau: parameters.ptau,
      phase2: parameters.phase2,
      contributions,
      beacon: { ...beacon, ...(parameters.beaconBlock ? { block: parameters.beaconBlock } : {}) },
    },
    artifacts: Object.fromEntries(
      await Promise.all(
        parameters.keptFiles.map(async (file): Promise<[string, ArtifactRecord]> => [
          path.basename(file),
          await sha256File(file),
        ]),
      ),
    ),
    verifier: { file: relative(parameters.verifierFile), ...(await sha256File(parameters.verifierFile)) },
  };
  await writeFile(parameters.manifestFile, await formatLikeTheRepo(JSON.stringify(manifest), parameters.manifestFile));
  return manifest;
}
