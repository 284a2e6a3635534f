import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stakeMembership, stakeMembershipPublicSignals } from "../config.ts";
import { compileCircuit, type CompileCircuitReturnType } from "../scripts/lib/circom.ts";
import { sha256File } from "../scripts/lib/files.ts";
import { readSetupContributions } from "../scripts/lib/manifest.ts";
import { artifactsDir, cacheDir, packageRoot, repoRoot, verifierFile } from "../scripts/lib/paths.ts";
import { requiredPtauPower } from "../scripts/lib/setup.ts";
import { stakeMembershipLibraries, stakeMembershipMain } from "../scripts/lib/sources.ts";
import { readVerificationKey, renderVerifier } from "../scripts/lib/verifier.ts";
import {
  defaultArtifacts,
  readManifest,
  releaseProver,
  SNARK_SCALAR_FIELD,
  type ArtifactManifest,
} from "../src/index.ts";

// The kept artifacts must be what the current sources build. Recompiling is deterministic (same
// r1cs and wasm bytes), so a changed circuit without `npm run build -w circuits` fails here.
// Verifying the zkey against r1cs + ptau takes about 25 s: `npm run verify-setup -w circuits`.
let manifest: ArtifactManifest;
let compiled: CompileCircuitReturnType;

beforeAll(async () => {
  manifest = await readManifest();
  compiled = await compileCircuit({
    name: stakeMembership.artifactName,
    mainSource: stakeMembershipMain(stakeMembership),
    outDir: path.join(cacheDir, "recompile"),
    libraries: stakeMembershipLibraries,
    wasm: true,
    sym: true,
  });
});
afterAll(releaseProver);

describe("# sources", () => {
  it("should record the sha256 of the template and the generated main component", async () => {
    const template = path.join(packageRoot, stakeMembership.source);
    expect(Object.values(manifest.sources).sort()).toEqual(
      [
        (await sha256File(template)).sha256,
        createHash("sha256").update(stakeMembershipMain(stakeMembership)).digest("hex"),
      ].sort(),
    );
    expect(manifest.sources[path.relative(repoRoot, template)]).toBeDefined();
  });

  it("should recompile to the r1cs and witness calculator that were set up", async () => {
    expect(await sha256File(compiled.r1csFile)).toEqual(manifest.r1cs);
    expect((await sha256File(compiled.wasmFile!)).sha256).toBe((await sha256File(defaultArtifacts.wasm)).sha256);
  });

  it("should state config.ts's sizes, signal order, constraint count and ptau power", async () => {
    const info = await snarkjs.r1cs.info(compiled.r1csFile);
    expect(manifest.circuit).toEqual({
      template: stakeMembership.template,
      depth: stakeMembership.depth,
      amountBits: stakeMembership.amountBits,
      publicSignals: [...stakeMembershipPublicSignals],
      constraints: compiled.constraints,
      ptauPower: requiredPtauPower(info),
    });
    expect(info.prime).toBe(SNARK_SCALAR_FIELD);
    expect(info.nOutputs + info.nPubInputs).toBe(stakeMembershipPublicSignals.length);
  });

  it("should number the public signals in config.ts's order", async () => {
    const sym = (await readFile(compiled.symFile!, "utf8")).split("\n").slice(0, stakeMembershipPublicSignals.length);
    expect(sym.map((row) => row.split(",")[3])).toEqual(stakeMembershipPublicSignals.map((name) => `main.${name}`));
  });
});

describe("# kept artifacts", () => {
  it("should keep every file with the hash the manifest lists", async () => {
    for (const [file, record] of Object.entries(manifest.artifacts)) {
      expect(await sha256File(path.join(artifactsDir, file)), file).toEqual(record);
    }
    expect(await sha256File(path.join(repoRoot, manifest.verifier.file))).toMatchObject({
      sha256: manifest.verifier.sha256,
    });
  });

  it("should hold the verification key of the kept zkey", async () => {
    const kept = JSON.parse(await readFile(defaultArtifacts.verificationKey, "utf8"));
    expect(kept).toEqual(JSON.parse(JSON.stringify(await snarkjs.zKey.exportVerificationKey(defaultArtifacts.zkey))));
  });

  it("should keep the Solidity verifier exactly as the build generates it from the verification key", async () => {
    expect(await readFile(verifierFile, "utf8")).toBe(
      await renderVerifier(await readVerificationKey(), manifest.setup.ptau.production),
    );
  });

  it("should list the kept zkey's phase-2 contributions and beacon", async () => {
    const { block: _announcedBlock, ...beacon } = manifest.setup.beacon;
    expect(await readSetupContributions(defaultArtifacts.zkey)).toEqual({
      contributions: manifest.setup.contributions,
      beacon,
    });
  });

  it("should name a development ptau NOT-FOR-PRODUCTION", () => {
    if (!manifest.setup.ptau.production) expect(manifest.setup.ptau.file).toMatch(/NOT-FOR-PRODUCTION\.ptau$/);
  });
});
