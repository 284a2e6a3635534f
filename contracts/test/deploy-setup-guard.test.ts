import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import type { ArtifactManifest } from "../../circuits/src/artifacts.ts";
import { LOCAL_CHAIN_ID } from "../../sdk/src/chains.ts";
import { InvalidDeploymentError } from "../../sdk/src/errors.ts";
import {
  assertProductionSetup,
  circuitsManifestFile,
  DevelopmentSetupError,
  findSetupProblems,
  type SetupProblemKind,
} from "../../scripts/deploy/setup-guard.ts";
import { ceremonyManifest } from "./helpers/ceremony-manifest.ts";

const keptManifest = async () => JSON.parse(await readFile(circuitsManifestFile, "utf8")) as ArtifactManifest;

const rejectsWith = (kinds: SetupProblemKind[]) => (error: unknown) => {
  assert.ok(error instanceof DevelopmentSetupError && error instanceof InvalidDeploymentError);
  assert.equal(error.retryable, false);
  assert.equal(error.chainId, 8453);
  assert.deepEqual(
    error.problems.map((problem) => problem.kind),
    kinds,
  );
  return true;
};

describe("setup-guard", () => {
  describe("# assertProductionSetup", () => {
    it("should let the local chain deploy the development setup", async () => {
      await assertProductionSetup({ chainId: LOCAL_CHAIN_ID });
    });

    it("should refuse the kept development setup on any other chain, naming every problem", async () => {
      const manifest = await keptManifest();
      // The repository keeps the development setup; this test guards that the deploy says so.
      assert.equal(manifest.setup.ptau.production, false);
      await assert.rejects(
        assertProductionSetup({ chainId: 8453 }),
        rejectsWith(["not-production", "development-ptau", "too-few-contributions", "no-beacon"]),
      );
    });

    it("should accept a finished ceremony's manifest whose verifier is the one in the tree", async () => {
      await assertProductionSetup({ chainId: 8453, manifest: await ceremonyManifest() });
    });

    it("should refuse a ceremony manifest that records another verifier", async () => {
      const manifest = await ceremonyManifest();
      await assert.rejects(
        assertProductionSetup({
          chainId: 8453,
          manifest: { ...manifest, verifier: { ...manifest.verifier, sha256: "00" } },
        }),
        rejectsWith(["verifier-mismatch"]),
      );
    });
  });

  describe("# findSetupProblems", () => {
    it("should refuse a single contribution even on a public ptau", async () => {
      const manifest = await ceremonyManifest();
      const single = {
        ...manifest,
        setup: { ...manifest.setup, contributions: manifest.setup.contributions.slice(0, 1) },
      };
      assert.deepEqual(
        findSetupProblems(single, manifest.verifier.sha256).map((problem) => problem.kind),
        ["too-few-contributions"],
      );
    });

    it("should refuse the development ptau even when the manifest claims production", async () => {
      const manifest = await ceremonyManifest();
      const devPtau = { ...manifest.setup.ptau, file: "circuits/artifacts/pot13-dev-NOT-FOR-PRODUCTION.ptau" };
      assert.deepEqual(
        findSetupProblems({ ...manifest, setup: { ...manifest.setup, ptau: devPtau } }, manifest.verifier.sha256).map(
          (problem) => problem.kind,
        ),
        ["development-ptau"],
      );
    });

    it("should refuse a beacon that names no announced block", async () => {
      const manifest = await ceremonyManifest();
      const { block: _block, ...beacon } = manifest.setup.beacon;
      assert.deepEqual(
        findSetupProblems({ ...manifest, setup: { ...manifest.setup, beacon } }, manifest.verifier.sha256).map(
          (problem) => problem.kind,
        ),
        ["no-beacon"],
      );
    });
  });
});
