import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stakeMembership } from "../config.ts";
import type { CompileCircuitReturnType } from "../scripts/lib/circom.ts";
import {
  contributeToCeremony,
  finalizeCeremony,
  initCeremony,
  installCeremony,
  readCeremonyState,
  verifyCeremony,
  type CeremonyState,
  type ContributeReturnType,
} from "../scripts/lib/ceremony.ts";
import { sha256File } from "../scripts/lib/files.ts";
import { artifactsDir } from "../scripts/lib/paths.ts";
import { stakeMembershipMain } from "../scripts/lib/sources.ts";
import {
  CeremonyError,
  CeremonyVerificationError,
  generateStakeProof,
  hashToField,
  releaseProver,
  verifyStakeProof,
  type ArtifactManifest,
} from "../src/index.ts";
import { compileVariant, stakeGroup } from "./fixtures.ts";

// A three-party ceremony end to end on the development ptau, at the test depth (the same code
// runs on the depth-20 circuit; only the sizes differ). Nothing here touches the kept artifacts.
const devPtau = path.join(artifactsDir, "pot13-dev-NOT-FOR-PRODUCTION.ptau");
const beaconBlock = { chain: "Ethereum mainnet", number: 21_000_000 };
const beaconValue = "0x" + "5e".repeat(32);
const depth = stakeMembership.testDepth;

let root: string;
let dir: string;
let compiled: CompileCircuitReturnType;
let ptauSha256: string;
let made: ContributeReturnType[];
let manifest: ArtifactManifest;
const outputs = () => ({
  zkey: path.join(root, "out", "stake-membership.zkey"),
  verificationKey: path.join(root, "out", "stake-membership.vkey.json"),
  wasm: path.join(root, "out", "stake-membership.wasm"),
  manifest: path.join(root, "out", "manifest.json"),
  verifier: path.join(root, "out", "StakeMembershipVerifier.sol"),
});
const location = (ceremonyDir: string) => ({ dir: ceremonyDir, r1csFile: compiled.r1csFile, ptauFile: devPtau });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "leasehold-ceremony-"));
  dir = path.join(root, "ceremony");
  compiled = await compileVariant(depth, `ceremony-d${depth}`);
  ptauSha256 = (await sha256File(devPtau)).sha256;
  await initCeremony({
    dir,
    name: "stake-membership",
    r1csFile: compiled.r1csFile,
    ptauFile: devPtau,
    ptauHash: ptauSha256,
    beaconBlock,
  });
  made = [];
  for (const name of ["alice", "bob", "carol"]) made.push(await contributeToCeremony({ dir, name, entropy: name }));
  await finalizeCeremony({ ...location(dir), beaconValue });
  await mkdir(path.join(root, "out"));
  manifest = await installCeremony({
    dir,
    compiled,
    mainSource: stakeMembershipMain({ depth, amountBits: stakeMembership.amountBits }),
    sizes: { depth, amountBits: stakeMembership.amountBits },
    outputs: outputs(),
  });
}, 300_000);
afterAll(async () => {
  await releaseProver();
  if (root) await rm(root, { recursive: true, force: true });
});

/** A copy of the finished ceremony to break. */
async function copyCeremony(edit: (state: CeremonyState, copy: string) => Promise<void> | void): Promise<string> {
  const copy = await mkdtemp(path.join(root, "copy-"));
  await cp(dir, copy, { recursive: true });
  const state = await readCeremonyState(copy);
  await edit(state, copy);
  await writeFile(path.join(copy, "ceremony.json"), JSON.stringify(state));
  return copy;
}

async function flipByte(file: string, at: (size: number) => number): Promise<void> {
  const bytes = await readFile(file);
  const position = at(bytes.length);
  bytes[position] = bytes[position]! ^ 0x01;
  await writeFile(file, bytes);
}

describe("# a three-party ceremony", () => {
  it("should verify the whole chain and list every contribution hash the contributors were shown", async () => {
    const { contributions } = await verifyCeremony(location(dir));
    expect(contributions.map(({ name, hash }) => ({ name, hash }))).toEqual([
      ...made.map(({ contributionHash }, index) => ({
        name: ["alice", "bob", "carol"][index],
        hash: contributionHash,
      })),
      expect.objectContaining({ name: `beacon: ${beaconBlock.chain} block ${beaconBlock.number}` }),
    ]);
    expect(contributions.at(-1)!.beacon).toEqual({ value: beaconValue.slice(2), iterationsExp: 10 });
  });

  it("should write a production manifest with the ptau, three contributions and the beacon", async () => {
    const state = await readCeremonyState(dir);
    expect(manifest.setup.ptau).toMatchObject({ production: true, sha256: ptauSha256, power: 13 });
    expect(manifest.setup.contributions).toEqual(
      made.map(({ contributionHash }, index) => ({ name: ["alice", "bob", "carol"][index], hash: contributionHash })),
    );
    expect(manifest.setup.beacon).toEqual({
      name: `beacon: ${beaconBlock.chain} block ${beaconBlock.number}`,
      hash: state.final!.contributionHash,
      value: beaconValue.slice(2),
      iterationsExp: 10,
      block: beaconBlock,
    });
    expect(manifest.artifacts["stake-membership.zkey"]).toEqual(await sha256File(outputs().zkey));
    expect(await readFile(outputs().verifier, "utf8")).toContain("multi-party phase-2 ceremony");
  });

  it("should prove with the final zkey and verify with the exported key", async () => {
    const { tree, members } = stakeGroup(depth, [5_000n, 20_000n]);
    const member = members[1]!;
    const proof = await generateStakeProof({
      secret: member.secret,
      stakeAmount: member.stakeAmount,
      merkleProof: tree.merkleProof(member.index),
      threshold: 10_000n,
      scope: hashToField("ceremony/scope"),
      message: hashToField("ceremony/message"),
      depth,
      artifacts: { wasm: outputs().wasm, zkey: outputs().zkey },
    });
    const verificationKey = JSON.parse(await readFile(outputs().verificationKey, "utf8"));
    expect(await verifyStakeProof({ ...proof, verificationKey })).toBe(true);
  });
});

describe("# refusals", () => {
  it("should refuse a ptau other than the one named", async () => {
    await expect(
      initCeremony({
        dir: path.join(root, "wrong-hash"),
        name: "stake-membership",
        r1csFile: compiled.r1csFile,
        ptauFile: devPtau,
        ptauHash: "00".repeat(32),
        beaconBlock,
      }),
    ).rejects.toThrow(CeremonyError);
  });

  it("should refuse a ptau of too small a power", async () => {
    const small = path.join(root, "pot4.ptau");
    await snarkjs.powersOfTau.newAccumulator(await snarkjs.curves.getCurveFromName("bn128"), 4, small);
    await expect(
      initCeremony({
        dir: path.join(root, "small-ptau"),
        name: "stake-membership",
        r1csFile: compiled.r1csFile,
        ptauFile: small,
        ptauHash: (await sha256File(small)).sha256,
        beaconBlock,
      }),
    ).rejects.toThrow(/has power 4; the circuit needs 12/);
  });

  it("should refuse to contribute to or re-finalize a finalized ceremony", async () => {
    await expect(contributeToCeremony({ dir, name: "dave" })).rejects.toThrow(CeremonyError);
    await expect(finalizeCeremony({ ...location(dir), beaconValue })).rejects.toThrow(CeremonyError);
  });
});

describe("# verifyCeremony", () => {
  it("should fail on a zkey changed after the transcript recorded it", async () => {
    const copy = await copyCeremony((state, at) => flipByte(path.join(at, state.steps[2]!.file), (size) => size >> 1));
    await expect(verifyCeremony(location(copy))).rejects.toThrow(/not the file the transcript recorded/);
  });

  it("should fail on a tampered zkey even when the transcript records its new hash", async () => {
    const copy = await copyCeremony(async (state, at) => {
      const file = path.join(at, state.steps[2]!.file);
      await flipByte(file, (size) => size >> 1);
      state.steps[2]!.sha256 = (await sha256File(file)).sha256;
    });
    await expect(verifyCeremony(location(copy))).rejects.toThrow(CeremonyVerificationError);
  });

  it("should fail on contributions recorded in another order", async () => {
    const copy = await copyCeremony((state) => {
      [state.steps[1], state.steps[2]] = [state.steps[2]!, state.steps[1]!];
    });
    await expect(verifyCeremony(location(copy))).rejects.toThrow(/skipped, added or reordered/);
  });

  it("should fail on a contribution built on an older zkey, skipping one", async () => {
    const copy = await copyCeremony(async (state, at) => {
      const third = path.join(at, state.steps[3]!.file);
      await rm(third);
      const hash = await snarkjs.zKey.contribute(path.join(at, state.steps[1]!.file), third, "carol", "skip bob");
      state.steps[3] = { ...state.steps[3]!, sha256: (await sha256File(third)).sha256 };
      state.steps[3].contributionHash = Buffer.from(hash).toString("hex");
    });
    await expect(verifyCeremony(location(copy))).rejects.toThrow(/skipped, added or reordered/);
  });

  it("should fail on a transcript that names another ptau", async () => {
    const copy = await copyCeremony((state) => {
      state.ptau.sha256 = "00".repeat(32);
    });
    await expect(verifyCeremony(location(copy))).rejects.toThrow(/not the ceremony's ptau/);
  });
});
