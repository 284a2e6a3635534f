/**
 * Trusted setup steps (Groth16 over BN254, snarkjs). A development powers of tau is generated
 * here with one real contribution and a beacon; it protects nothing, because whoever ran it could
 * have kept the entropy, so its file name says NOT-FOR-PRODUCTION and production builds pass a
 * ceremony file instead. Never skip the contribution: with the initial tau = 1 anyone can forge
 * proofs.
 */
import { randomBytes } from "node:crypto";
import { open, rm } from "node:fs/promises";
import path from "node:path";
import * as snarkjs from "snarkjs";
import type { ArtifactManifest } from "../../src/artifacts.ts";
import { CeremonyError } from "../../src/errors.ts";
import type {} from "../../src/snarkjs.d.ts";
import { artifactsDir } from "./paths.ts";

export interface Logger {
  info(message: string): void;
}

/** snarkjs's logger shape: its progress lines go to `info`, its chatter to `debug` (dropped). */
function snarkLogger(log: Logger) {
  return {
    info: (message: string) => log.info(`  ${message}`),
    warn: (message: string) => log.info(`  warning: ${message}`),
    error: (message: string) => log.info(`  error: ${message}`),
    debug: () => {},
  };
}

const entropy = () => randomBytes(64).toString("hex");

/** A development beacon: random, because there is no public future value to wait for. */
const devBeacon = () => randomBytes(32).toString("hex");
const beaconIterationsExp = 10;

export function devPtauFile(power: number): string {
  return path.join(artifactsDir, `pot${power}-dev-NOT-FOR-PRODUCTION.ptau`);
}

/** The power of a .ptau file, read from its header section (type 1: n8, q, power, ceremonyPower). */
export async function ptauPower(file: string): Promise<number> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(4096);
    await handle.read(head, 0, head.length, 0);
    if (head.toString("latin1", 0, 4) !== "ptau") throw new Error(`${file} is not a .ptau file`);
    const sectionCount = head.readUInt32LE(8);
    let offset = 12;
    for (let section = 0; section < sectionCount; section += 1) {
      const type = head.readUInt32LE(offset);
      const size = Number(head.readBigUInt64LE(offset + 4));
      if (type === 1) {
        const n8 = head.readUInt32LE(offset + 12);
        return head.readUInt32LE(offset + 16 + n8);
      }
      offset += 12 + size;
    }
    throw new Error(`${file} has no header section`);
  } finally {
    await handle.close();
  }
}

/** Smallest power of tau whose domain fits the circuit (snarkjs: constraints + public inputs + 1). */
export function requiredPtauPower(info: { nConstraints: number; nPubInputs: number; nOutputs: number }): number {
  return Math.max(1, Math.ceil(Math.log2(info.nConstraints + info.nPubInputs + info.nOutputs + 1)));
}

/** new → contribute (crypto entropy) → beacon → prepare phase 2. Minutes: run once and keep the file. */
export async function generateDevPtau(power: number, file: string, log: Logger): Promise<void> {
  const logger = snarkLogger(log);
  const curve = await snarkjs.curves.getCurveFromName("bn128");
  const step = (n: number) => `${file}.${n}.tmp`;
  try {
    log.info(`powers of tau ${power}: new`);
    await snarkjs.powersOfTau.newAccumulator(curve, power, step(0), logger);
    log.info(`powers of tau ${power}: contribute`);
    await snarkjs.powersOfTau.contribute(step(0), step(1), "leasehold development contribution", entropy(), logger);
    log.info(`powers of tau ${power}: beacon`);
    await snarkjs.powersOfTau.beacon(
      step(1),
      step(2),
      "leasehold development beacon",
      devBeacon(),
      beaconIterationsExp,
      logger,
    );
    log.info(`powers of tau ${power}: prepare phase 2 (the slow step)`);
    await snarkjs.powersOfTau.preparePhase2(step(2), file, logger);
  } finally {
    await Promise.all([0, 1, 2].map((n) => rm(step(n), { force: true })));
  }
}

export interface Groth16SetupParameters {
  r1csFile: string;
  ptauFile: string;
  zkeyFile: string;
  log: Logger;
}

/** Circuit-specific phase 2: new zkey → one contribution (crypto entropy) → beacon. */
export async function groth16Setup({ r1csFile, ptauFile, zkeyFile, log }: Groth16SetupParameters): Promise<void> {
  const logger = snarkLogger(log);
  const step = (n: number) => `${zkeyFile}.${n}.tmp`;
  try {
    log.info("groth16 setup: new zkey");
    await snarkjs.zKey.newZKey(r1csFile, ptauFile, step(0), logger);
    log.info("groth16 setup: contribute");
    await snarkjs.zKey.contribute(step(0), step(1), "leasehold phase 2 contribution", entropy(), logger);
    log.info("groth16 setup: beacon");
    await snarkjs.zKey.beacon(step(1), zkeyFile, "leasehold phase 2 beacon", devBeacon(), beaconIterationsExp, logger);
  } finally {
    await Promise.all([0, 1].map((n) => rm(step(n), { force: true })));
  }
}

export interface PlanSetupParameters {
  /** The manifest in artifacts/ before this build, if any. */
  previous: ArtifactManifest | undefined;
  r1csSha256: string;
  ptauSha256: string;
  /** The zkey in artifacts/ now, if any: its sha256 and its contributions, the beacon excluded. */
  zkey: { name: string; sha256: string; contributions: number } | undefined;
  force: boolean;
  replaceCeremony: boolean;
}

export interface PlanSetupReturnType {
  /** Keep the zkey in artifacts/; otherwise the build runs its own (development) setup. */
  keep: boolean;
  /** The zkey kept is a ceremony's: its manifest record (ptau, production) stays as it is. */
  keptCeremony: boolean;
}

/**
 * Whether the build keeps the zkey or redoes the setup. A development zkey is redone when the
 * r1cs or the ptau changed, or with `force`. A ceremony's zkey (so the manifest says, or the zkey
 * holds more than one contribution) is kept whatever ptau the build was given, and never redone
 * without `replaceCeremony`: a changed circuit needs a new ceremony, not the build's setup.
 */
export function planSetup(parameters: PlanSetupParameters): PlanSetupReturnType {
  const { previous, zkey } = parameters;
  const recordedCeremony =
    previous !== undefined && (previous.setup.ptau.production || (previous.setup.contributions?.length ?? 0) > 1);
  const ceremony = recordedCeremony || (zkey?.contributions ?? 0) > 1;
  const keep =
    !parameters.force &&
    previous !== undefined &&
    zkey !== undefined &&
    previous.artifacts[zkey.name]?.sha256 === zkey.sha256 &&
    previous.r1cs.sha256 === parameters.r1csSha256 &&
    (previous.setup.ptau.sha256 === parameters.ptauSha256 || ceremony);
  if (!keep && ceremony && !parameters.replaceCeremony) {
    throw new CeremonyError(
      `The zkey in artifacts/ came from a ceremony${zkey ? ` (${zkey.contributions} contributions)` : " (and is missing)"}: ` +
        "the build will not replace it. A changed circuit needs a new ceremony (circuits/README.md, " +
        '"Running a ceremony"); --replace-ceremony throws the ceremony away for a development setup.',
    );
  }
  return { keep, keptCeremony: keep && recordedCeremony };
}

/** Releases snarkjs's worker threads so the process can exit. */
export async function releaseCurve(): Promise<void> {
  await globalThis.curve_bn128?.terminate();
}
