import { beforeAll, describe, expect, it } from "vitest";
import { planSetup, type PlanSetupParameters } from "../scripts/lib/setup.ts";
import { CeremonyError, readManifest, type ArtifactManifest } from "../src/index.ts";

// The build's decision to keep or redo the phase-2 setup, on the kept manifest and variants of it.
let development: ArtifactManifest;
let ceremony: ArtifactManifest;
let parameters: PlanSetupParameters;

beforeAll(async () => {
  development = await readManifest();
  ceremony = {
    ...development,
    setup: {
      ...development.setup,
      ptau: { ...development.setup.ptau, file: "powersOfTau28_hez_final_13.ptau", production: true },
      contributions: ["alice", "bob", "carol"].map((name) => ({ name, hash: name.padEnd(128, "0") })),
    },
  };
  parameters = {
    previous: development,
    r1csSha256: development.r1cs.sha256,
    ptauSha256: development.setup.ptau.sha256,
    zkey: {
      name: "stake-membership.zkey",
      sha256: development.artifacts["stake-membership.zkey"]!.sha256,
      contributions: 1,
    },
    force: false,
    replaceCeremony: false,
  };
});

describe("# planSetup", () => {
  it("should keep a development zkey while the r1cs and the ptau are unchanged", () => {
    expect(planSetup(parameters)).toEqual({ keep: true, keptCeremony: false });
  });

  it("should redo a development setup on a changed r1cs, another ptau or force", () => {
    expect(planSetup({ ...parameters, r1csSha256: "0".repeat(64) }).keep).toBe(false);
    expect(planSetup({ ...parameters, ptauSha256: "0".repeat(64) }).keep).toBe(false);
    expect(planSetup({ ...parameters, force: true }).keep).toBe(false);
  });

  it("should keep a ceremony's zkey whatever ptau the build was given", () => {
    const zkey = { ...parameters.zkey!, contributions: 3 };
    expect(planSetup({ ...parameters, previous: ceremony, zkey, ptauSha256: "0".repeat(64) })).toEqual({
      keep: true,
      keptCeremony: true,
    });
  });

  it("should refuse to replace a ceremony's zkey on a changed circuit or force", () => {
    const zkey = { ...parameters.zkey!, contributions: 3 };
    expect(() => planSetup({ ...parameters, previous: ceremony, zkey, r1csSha256: "0".repeat(64) })).toThrow(
      CeremonyError,
    );
    expect(() => planSetup({ ...parameters, previous: ceremony, zkey, force: true })).toThrow(CeremonyError);
  });

  it("should refuse when the manifest records a ceremony whose zkey is missing", () => {
    expect(() => planSetup({ ...parameters, previous: ceremony, zkey: undefined })).toThrow(/is missing/);
  });

  it("should refuse a zkey holding several contributions that the manifest does not record", () => {
    const zkey = { ...parameters.zkey!, sha256: "1".repeat(64), contributions: 3 };
    expect(() => planSetup({ ...parameters, zkey })).toThrow(CeremonyError);
  });

  it("should replace a ceremony's zkey only when told to", () => {
    const zkey = { ...parameters.zkey!, contributions: 3 };
    expect(planSetup({ ...parameters, previous: ceremony, zkey, force: true, replaceCeremony: true })).toEqual({
      keep: false,
      keptCeremony: false,
    });
  });
});
