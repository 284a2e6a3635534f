/**
 * `npm run verify-setup -w circuits [-- --ptau <ceremony.ptau>]`
 *
 * The slow half of the artifact check (about 25 s on two cores): recompile the circuit, check
 * the r1cs hash against the manifest, verify that the kept zkey is a valid phase-2 setup of
 * that r1cs on top of the ptau (snarkjs zkey verify), and check that the zkey holds exactly the
 * contributions and beacon the manifest lists (names, hashes, beacon value). The fast half runs
 * with the tests. A ceremony's ptau is not kept here: pass it with --ptau.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { stakeMembership } from "../config.ts";
import { defaultArtifacts, readManifest, type ArtifactManifest } from "../src/artifacts.ts";
import { compileCircuit } from "./lib/circom.ts";
import { sha256File } from "./lib/files.ts";
import { readSetupContributions } from "./lib/manifest.ts";
import { buildDir, repoRoot } from "./lib/paths.ts";
import { releaseCurve } from "./lib/setup.ts";
import { stakeMembershipLibraries, stakeMembershipMain } from "./lib/sources.ts";

const { values: options } = parseArgs({ options: { ptau: { type: "string" } } });

async function main(): Promise<boolean> {
  const manifest = await readManifest();
  const compiled = await compileCircuit({
    name: stakeMembership.artifactName,
    mainSource: stakeMembershipMain(stakeMembership),
    outDir: buildDir,
    libraries: stakeMembershipLibraries,
  });
  const r1cs = await sha256File(compiled.r1csFile);
  if (r1cs.sha256 !== manifest.r1cs.sha256) {
    console.error(
      `The circuit compiles to r1cs ${r1cs.sha256}, the artifacts were set up for ${manifest.r1cs.sha256}: rebuild.`,
    );
    return false;
  }
  const ptauFile = options.ptau ? path.resolve(options.ptau) : path.join(repoRoot, manifest.setup.ptau.file);
  if ((await sha256File(ptauFile)).sha256 !== manifest.setup.ptau.sha256) {
    console.error(`${ptauFile} is not the ptau the artifacts were set up with (${manifest.setup.ptau.file}).`);
    return false;
  }
  const started = performance.now();
  const valid = await snarkjs.zKey.verifyFromR1cs(compiled.r1csFile, ptauFile, defaultArtifacts.zkey);
  console.log(
    `zkey ${valid ? "matches" : "does NOT match"} r1cs + ptau (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return valid && (await contributionsMatch(manifest));
}

async function contributionsMatch(manifest: ArtifactManifest): Promise<boolean> {
  const { contributions, beacon } = await readSetupContributions(defaultArtifacts.zkey);
  const { beacon: listed } = manifest.setup;
  const same =
    JSON.stringify(contributions) === JSON.stringify(manifest.setup.contributions) &&
    beacon !== undefined &&
    beacon.name === listed.name &&
    beacon.hash === listed.hash &&
    beacon.value === listed.value &&
    beacon.iterationsExp === listed.iterationsExp;
  for (const { name, hash } of contributions) console.log(`contribution ${hash.slice(0, 16)}… ${name}`);
  if (beacon) console.log(`beacon       ${beacon.hash.slice(0, 16)}… ${beacon.name}: ${beacon.value}`);
  console.log(`contributions and beacon ${same ? "match" : "do NOT match"} the manifest`);
  return same;
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} finally {
  await releaseCurve();
}
