/**
 * The multi-party phase-2 ceremony (Groth16, snarkjs), step by step; scripts/ceremony.ts is its
 * command line and circuits/README.md ("Running a ceremony") its procedure.
 *
 * A ceremony directory holds the transcript (ceremony.json) and every zkey in turn:
 * `<name>_0000.zkey` (from the r1cs and a public ptau named by its hash), one file per
 * contribution, and `<name>_final.zkey` after the beacon, a block hash named at init, before
 * anyone contributed. The setup is sound if any one contributor destroyed their entropy; the
 * beacon only keeps the last contributor from choosing the result.
 *
 * Every step checks the one before it: a contribution builds only on the latest recorded zkey
 * with the recorded hash, no step writes over an existing file, and verification rebuilds the
 * initial zkey from the r1cs and ptau, checks that each file holds exactly the contributions the
 * transcript lists before it (same order, same hashes), and has snarkjs verify every zkey
 * against the rebuilt one. All cryptography is snarkjs's.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { defaultArtifacts, type ArtifactManifest, type ArtifactRecord } from "../../src/artifacts.ts";
import { CeremonyError, CeremonyVerificationError } from "../../src/errors.ts";
import type { CompileCircuitReturnType } from "./circom.ts";
import { formatLikeTheRepo } from "./files.ts";
import { writeManifest } from "./manifest.ts";
import { verifierFile } from "./paths.ts";
import { ptauPower, requiredPtauPower, type Logger } from "./setup.ts";
import { readVerificationKey, renderVerifier } from "./verifier.ts";
import { readZkeyContributions, type ZkeyContribution } from "./zkey-contributions.ts";

export const ceremonyStateFileName = "ceremony.json";

/** 2^10 hash rounds of the beacon value, snarkjs's minimum. */
export const defaultBeaconIterationsExp = 10;

/**
 * Hermez's prepared perpetual powers of tau (54 contributions and a beacon), by blake2b-512 of
 * the file, as snarkjs 0.7.6's README lists them (node_modules/snarkjs/README.md, "Prepared
 * (phase2) Ptau files"). Powers below 13 cannot hold this circuit. The files are never
 * downloaded here: the ceremony's organiser supplies one and names its hash on the command line.
 */
export const publishedPtauFiles: Readonly<Record<string, string>> = {
  "58efc8bf2834d04768a3d7ffcd8e1e23d461561729beaac4e3e7a47829a1c9066d5320241e124a1a8e8aa6c75be0ba66f65bc8239a0542ed38e11276f6fdb4d9":
    "powersOfTau28_hez_final_13.ptau",
  eeefbcf7c3803b523c94112023c7ff89558f9b8e0cf5d6cdcba3ade60f168af4a181c9c21774b94fbae6c90411995f7d854d02ebd93fb66043dbb06f17a831c1:
    "powersOfTau28_hez_final_14.ptau",
  "982372c867d229c236091f767e703253249a9b432c1710b4f326306bfa2428a17b06240359606cfe4d580b10a5a1f63fbed499527069c18ae17060472969ae6e":
    "powersOfTau28_hez_final_15.ptau",
  "6a6277a2f74e1073601b4f9fed6e1e55226917efb0f0db8a07d98ab01df1ccf43eb0e8c3159432acd4960e2f29fe84a4198501fa54c8dad9e43297453efec125":
    "powersOfTau28_hez_final_16.ptau",
};

export interface CeremonyStep {
  file: string;
  sha256: string;
  /** "init" for the initial zkey; the contributor's name otherwise. */
  name: string;
  /** blake2b-512 hex of the contribution, as snarkjs printed it to the contributor. */
  contributionHash?: string;
}

/** ceremony.json: the order and hashes every later step checks. */
export interface CeremonyState {
  version: 1;
  circuit: {
    name: string;
    r1cs: ArtifactRecord;
    /** snarkjs's blake2b-512 of the constraint system, as `zkey verify` prints it. */
    circuitHash: string;
    constraints: number;
    ptauPower: number;
  };
  ptau: ArtifactRecord & { file: string; power: number; blake2b: string; publishedAs?: string };
  /** Named before the ceremony starts; its hash is known only after the last contribution. */
  beacon: { chain: string; block: number; iterationsExp: number };
  steps: CeremonyStep[];
  final?: CeremonyStep & { beaconValue: string };
}

export interface CeremonyLocation {
  dir: string;
  log?: Logger;
}

const quiet: Logger = { info: () => {} };

/** sha256 and blake2b-512 of a file, streamed (a published ptau can be gigabytes). */
export async function hashFile(file: string): Promise<ArtifactRecord & { blake2b: string }> {
  const sha256 = createHash("sha256");
  const blake2b = createHash("blake2b512");
  let bytes = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    blake2b.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: sha256.digest("hex"), blake2b: blake2b.digest("hex"), bytes };
}

const sha256Of = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Moves a finished file into place, failing (rather than replacing) if the target exists. */
async function placeWithoutOverwrite(temporary: string, target: string): Promise<void> {
  try {
    await link(temporary, target);
  } catch (error) {
    throw new CeremonyError(`${target} exists: a ceremony never overwrites a zkey`, { cause: error });
  } finally {
    await rm(temporary, { force: true });
  }
}

export async function readCeremonyState(dir: string): Promise<CeremonyState> {
  const file = path.join(dir, ceremonyStateFileName);
  try {
    return JSON.parse(await readFile(file, "utf8")) as CeremonyState;
  } catch (error) {
    throw new CeremonyError(`Cannot read the ceremony transcript ${file}`, { cause: error });
  }
}

async function writeCeremonyState(dir: string, state: CeremonyState): Promise<void> {
  await writeFile(path.join(dir, ceremonyStateFileName), `${JSON.stringify(state, null, 2)}\n`);
}

// The initial zkey is rebuilt from r1cs + ptau to verify against; it is the same bytes every
// time, so one process builds it once (init, then verify and finalize in the test).
const initialZkeys = new Map<string, Uint8Array>();

async function initialZkey(r1csFile: string, ptauFile: string, key: string, log: Logger): Promise<Uint8Array> {
  const cached = initialZkeys.get(key);
  if (cached) return cached;
  log.info("building the initial zkey from the r1cs and the ptau");
  const memory: { type: "mem"; data?: Uint8Array } = { type: "mem" };
  await snarkjs.zKey.newZKey(r1csFile, ptauFile, memory);
  const bytes = memory.data!;
  initialZkeys.set(key, bytes);
  return bytes;
}

const hexPattern = (bytes: number) => new RegExp(`^[0-9a-f]{${bytes * 2}}$`);

function checkName(name: string, state: CeremonyState): void {
  // snarkjs keeps 64 characters of a name; printable ASCII keeps that 64 bytes too.
  if (!/^[\x20-\x7e]{1,64}$/.test(name)) {
    throw new CeremonyError(`A contributor's name is 1 to 64 printable ASCII characters: ${JSON.stringify(name)}`);
  }
  if (state.steps.some((step) => step.name === name)) {
    throw new CeremonyError(`"${name}" has contributed already: each contribution needs its own name`);
  }
}

export interface InitCeremonyParameters extends CeremonyLocation {
  /** Base name of the zkeys (`<name>_0000.zkey`). */
  name: string;
  r1csFile: string;
  ptauFile: string;
  /** The published hash the ptau must have: sha256 (64 hex digits) or blake2b-512 (128). */
  ptauHash: string;
  beaconBlock: { chain: string; number: number };
  beaconIterationsExp?: number;
}

export async function initCeremony(parameters: InitCeremonyParameters): Promise<CeremonyState> {
  const { dir, name, r1csFile, ptauFile, beaconBlock, log = quiet } = parameters;
  const beaconIterationsExp = parameters.beaconIterationsExp ?? defaultBeaconIterationsExp;
  if (await exists(path.join(dir, ceremonyStateFileName))) {
    throw new CeremonyError(`${dir} already holds a ceremony: start a new one in an empty directory`);
  }
  const named = parameters.ptauHash.toLowerCase().replace(/^0x/, "");
  if (!hexPattern(32).test(named) && !hexPattern(64).test(named)) {
    throw new CeremonyError("Name the ptau by its sha256 (64 hex digits) or blake2b-512 (128 hex digits)");
  }
  if (!Number.isSafeInteger(beaconBlock.number) || beaconBlock.number <= 0 || !beaconBlock.chain) {
    throw new CeremonyError("The beacon is a future block: name its chain and a positive block number");
  }
  if (!Number.isInteger(beaconIterationsExp) || beaconIterationsExp < 10 || beaconIterationsExp > 63) {
    throw new CeremonyError("snarkjs takes 10 to 63 as the beacon's iterations exponent");
  }

  if (!(await exists(ptauFile))) throw new CeremonyError(`${ptauFile} does not exist`);
  log.info(`hashing ${ptauFile}`);
  const ptau = await hashFile(ptauFile);
  if (named !== ptau.sha256 && named !== ptau.blake2b) {
    throw new CeremonyError(
      `${ptauFile} is not the ptau named: its sha256 is ${ptau.sha256} and its blake2b ${ptau.blake2b}`,
    );
  }
  const info = await snarkjs.r1cs.info(r1csFile);
  const needed = requiredPtauPower(info);
  const power = await ptauPower(ptauFile);
  if (power < needed) throw new CeremonyError(`${ptauFile} has power ${power}; the circuit needs ${needed}`);
  const publishedAs = publishedPtauFiles[ptau.blake2b];
  log.info(
    `ptau: power ${power}${publishedAs ? `, published as ${publishedAs}` : ", not a file snarkjs's README lists"}`,
  );

  await mkdir(dir, { recursive: true });
  const r1cs = { sha256: await sha256Of(r1csFile), bytes: (await stat(r1csFile)).size };
  const bytes = await initialZkey(r1csFile, ptauFile, `${r1cs.sha256}:${ptau.sha256}`, log);
  const file = `${name}_0000.zkey`;
  await writeFile(`${path.join(dir, file)}.tmp`, bytes);
  await placeWithoutOverwrite(`${path.join(dir, file)}.tmp`, path.join(dir, file));
  const { circuitHash } = await readZkeyContributions(path.join(dir, file));

  const state: CeremonyState = {
    version: 1,
    circuit: { name, r1cs, circuitHash, constraints: info.nConstraints, ptauPower: needed },
    ptau: { file: path.basename(ptauFile), power, ...ptau, ...(publishedAs ? { publishedAs } : {}) },
    beacon: { chain: beaconBlock.chain, block: beaconBlock.number, iterationsExp: beaconIterationsExp },
    steps: [{ file, sha256: createHash("sha256").update(bytes).digest("hex"), name: "init" }],
  };
  await writeCeremonyState(dir, state);
  return state;
}

export interface ContributeParameters extends CeremonyLocation {
  /** Published with the hash; at most 64 printable ASCII characters. */
  name: string;
  /** Extra entropy text mixed into crypto's 64 random bytes (snarkjs adds 64 more of its own). */
  entropy?: string;
}

export interface ContributeReturnType {
  file: string;
  /** blake2b-512 hex: the contributor publishes it; `verify` lists it. */
  contributionHash: string;
}

/** Adds one contribution on top of the latest recorded zkey. */
export async function contributeToCeremony(parameters: ContributeParameters): Promise<ContributeReturnType> {
  const { dir, name, log = quiet } = parameters;
  const state = await readCeremonyState(dir);
  if (state.final) throw new CeremonyError("The ceremony is finalized: no more contributions");
  checkName(name, state);
  const previous = state.steps.at(-1)!;
  const previousFile = path.join(dir, previous.file);
  if ((await sha256Of(previousFile)) !== previous.sha256) {
    throw new CeremonyError(`${previous.file} is not the zkey the transcript recorded: contribute on the recorded one`);
  }
  const file = `${state.circuit.name}_${String(state.steps.length).padStart(4, "0")}.zkey`;
  const target = path.join(dir, file);
  if (await exists(target)) throw new CeremonyError(`${target} exists: a ceremony never overwrites a zkey`);

  log.info(`contribution ${state.steps.length} ("${name}") on ${previous.file}`);
  const entropy = randomBytes(64).toString("hex") + (parameters.entropy ?? "");
  const hash: Uint8Array = await snarkjs.zKey.contribute(previousFile, `${target}.tmp`, name, entropy);
  await placeWithoutOverwrite(`${target}.tmp`, target);
  const contributionHash = Buffer.from(hash).toString("hex");
  state.steps.push({ file, sha256: await sha256Of(target), name, contributionHash });
  await writeCeremonyState(dir, state);
  return { file, contributionHash };
}

export interface VerifyCeremonyParameters extends CeremonyLocation {
  r1csFile: string;
  ptauFile: string;
}

export interface VerifyCeremonyReturnType {
  state: CeremonyState;
  /** The latest zkey's contributions in order (the beacon last once finalized). */
  contributions: ZkeyContribution[];
  /** The zkey that was verified in full against r1cs + ptau. */
  latest: string;
}

/**
 * Checks the whole chain: the ptau and r1cs are the recorded ones, every zkey has its recorded
 * hash and holds exactly the contributions the transcript lists before it, the final one ends
 * with the announced beacon, and snarkjs verifies each zkey against the initial one rebuilt
 * from r1cs + ptau (every contribution's proof of knowledge, the chain of deltas, and the L and
 * H sections). Throws a CeremonyVerificationError naming the first problem.
 */
export async function verifyCeremony(parameters: VerifyCeremonyParameters): Promise<VerifyCeremonyReturnType> {
  const { dir, r1csFile, ptauFile, log = quiet } = parameters;
  const state = await readCeremonyState(dir);
  const fail = (message: string, cause?: unknown): never => {
    throw new CeremonyVerificationError(message, cause === undefined ? undefined : { cause });
  };

  log.info(`checking the ptau ${ptauFile}`);
  const ptau = await hashFile(ptauFile);
  if (ptau.sha256 !== state.ptau.sha256 || ptau.blake2b !== state.ptau.blake2b) {
    fail(`${ptauFile} is not the ceremony's ptau (sha256 ${state.ptau.sha256})`);
  }
  if ((await sha256Of(r1csFile)) !== state.circuit.r1cs.sha256) {
    fail(`${r1csFile} is not the circuit the ceremony set up (r1cs sha256 ${state.circuit.r1cs.sha256})`);
  }

  const chain = state.final ? [...state.steps, state.final] : state.steps;
  let contributions: ZkeyContribution[] = [];
  for (const [position, step] of chain.entries()) {
    const file = path.join(dir, step.file);
    if (!(await exists(file))) fail(`${step.file} is missing`);
    if ((await sha256Of(file)) !== step.sha256) fail(`${step.file} is not the file the transcript recorded`);
    const read = await readZkeyContributions(file).catch((error: unknown) => fail(`${step.file} is unreadable`, error));
    if (read.circuitHash !== state.circuit.circuitHash) fail(`${step.file} is a zkey of another circuit`);
    const isFinal = step === state.final;
    const expected = state.steps.slice(1, isFinal ? undefined : position + 1);
    const made = isFinal ? read.contributions.slice(0, -1) : read.contributions;
    if (made.length !== expected.length) {
      fail(
        `${step.file} holds ${made.length} contributions where the transcript lists ${expected.length}: ` +
          "a contribution was skipped, added or reordered",
      );
    }
    for (const [index, contribution] of made.entries()) {
      const recorded = expected[index]!;
      if (
        contribution.beacon ||
        contribution.hash !== recorded.contributionHash ||
        contribution.name !== recorded.name
      ) {
        fail(
          `${step.file}: contribution ${index + 1} is "${contribution.name}" ${contribution.hash.slice(0, 16)}…, ` +
            `the transcript's is "${recorded.name}" ${recorded.contributionHash?.slice(0, 16)}…`,
        );
      }
    }
    if (isFinal) {
      const beacon = read.contributions.at(-1)?.beacon;
      if (
        !beacon ||
        beacon.value !== state.final!.beaconValue ||
        beacon.iterationsExp !== state.beacon.iterationsExp ||
        read.contributions.at(-1)!.hash !== state.final!.contributionHash
      ) {
        fail(`${step.file} does not end with the announced beacon (block ${state.beacon.block})`);
      }
    }
    contributions = read.contributions;
  }

  const latest = path.join(dir, chain.at(-1)!.file);
  const init = await initialZkey(r1csFile, ptauFile, `${state.circuit.r1cs.sha256}:${ptau.sha256}`, log);
  if (createHash("sha256").update(init).digest("hex") !== state.steps[0]!.sha256) {
    fail(`${state.steps[0]!.file} is not the initial zkey of this r1cs and ptau`);
  }
  // Every zkey, not only the latest: a contributor who built on a bad one must learn it here.
  for (const step of chain.slice(1)) {
    log.info(`verifying ${step.file} against the initial zkey (snarkjs zkey verify)`);
    const problems: string[] = [];
    const logger = { info: () => {}, debug: () => {}, warn: () => {}, error: (line: string) => problems.push(line) };
    const valid = await snarkjs.zKey
      .verifyFromInit(init, ptauFile, path.join(dir, step.file), logger)
      .catch((error: unknown) => fail(`snarkjs could not verify ${step.file}`, error));
    if (!valid) fail(`${step.file} does not verify: ${problems.join("; ") || "inconsistent contribution"}`);
  }
  return { state, contributions, latest };
}

export interface FinalizeCeremonyParameters extends VerifyCeremonyParameters {
  /** The announced block's hash, 32 bytes hex. */
  beaconValue: string;
}

/** Verifies the chain, applies the announced beacon and verifies the final zkey. */
export async function finalizeCeremony(parameters: FinalizeCeremonyParameters): Promise<VerifyCeremonyReturnType> {
  const { dir, log = quiet } = parameters;
  const state = await readCeremonyState(dir);
  if (state.final) throw new CeremonyError("The ceremony is finalized already");
  const contributed = state.steps.length - 1;
  if (contributed < 2) {
    throw new CeremonyError(`${contributed} contribution(s): a ceremony needs at least two independent ones`);
  }
  const beaconValue = parameters.beaconValue.toLowerCase().replace(/^0x/, "");
  if (!hexPattern(32).test(beaconValue)) throw new CeremonyError("The beacon is a block hash: 32 bytes in hex");

  const { latest } = await verifyCeremony(parameters);
  const file = `${state.circuit.name}_final.zkey`;
  const target = path.join(dir, file);
  if (await exists(target)) throw new CeremonyError(`${target} exists: a ceremony never overwrites a zkey`);
  log.info(`beacon: ${state.beacon.chain} block ${state.beacon.block}, 2^${state.beacon.iterationsExp} rounds`);
  const name = `beacon: ${state.beacon.chain} block ${state.beacon.block}`;
  const hash: Uint8Array | false = await snarkjs.zKey.beacon(
    latest,
    `${target}.tmp`,
    name,
    beaconValue,
    state.beacon.iterationsExp,
  );
  if (!hash) throw new CeremonyError("snarkjs refused the beacon");
  await placeWithoutOverwrite(`${target}.tmp`, target);
  state.final = {
    file,
    sha256: await sha256Of(target),
    name,
    contributionHash: Buffer.from(hash).toString("hex"),
    beaconValue,
  };
  await writeCeremonyState(dir, state);
  return verifyCeremony(parameters);
}

export interface InstallCeremonyParameters extends CeremonyLocation {
  /** The circuit as compiled now (with its wasm); its r1cs must be the ceremony's. */
  compiled: CompileCircuitReturnType;
  mainSource: string;
  sizes: { depth: number; amountBits: number };
  /** Where the artifacts go: the kept ones (circuits/artifacts, the contracts' verifier) by default. */
  outputs?: { zkey: string; verificationKey: string; wasm: string; manifest: string; verifier: string };
  /** Replace artifacts that another ceremony produced. */
  replaceCeremony?: boolean;
}

/**
 * Makes a finalized ceremony's zkey the kept one: copies it and the wasm, exports the
 * verification key, regenerates the Solidity verifier from it, and writes the manifest with
 * `production: true`, the ptau's name and hashes, every contribution and the beacon.
 */
export async function installCeremony(parameters: InstallCeremonyParameters): Promise<ArtifactManifest> {
  const { dir, compiled, log = quiet } = parameters;
  const outputs = parameters.outputs ?? {
    zkey: defaultArtifacts.zkey,
    verificationKey: defaultArtifacts.verificationKey,
    wasm: defaultArtifacts.wasm,
    manifest: defaultArtifacts.manifest,
    verifier: verifierFile,
  };
  const state = await readCeremonyState(dir);
  if (!state.final) throw new CeremonyError("Finalize the ceremony (the beacon) before installing its zkey");
  const finalFile = path.join(dir, state.final.file);
  if ((await sha256Of(finalFile)) !== state.final.sha256) {
    throw new CeremonyError(`${state.final.file} is not the final zkey the transcript recorded`);
  }
  if ((await sha256Of(compiled.r1csFile)) !== state.circuit.r1cs.sha256) {
    throw new CeremonyError("The circuit compiles to another r1cs than the ceremony set up: run a new ceremony");
  }
  if (await exists(outputs.manifest)) {
    const current = JSON.parse(await readFile(outputs.manifest, "utf8")) as ArtifactManifest;
    if (current.setup.ptau.production && !parameters.replaceCeremony) {
      throw new CeremonyError(`${outputs.manifest} records another ceremony: pass replaceCeremony to replace it`);
    }
  }

  log.info("installing the final zkey, the verification key, the Solidity verifier and the manifest");
  await copyFile(finalFile, outputs.zkey);
  await copyFile(compiled.wasmFile!, outputs.wasm);
  const verificationKey = await snarkjs.zKey.exportVerificationKey(outputs.zkey);
  await writeFile(
    outputs.verificationKey,
    await formatLikeTheRepo(JSON.stringify(verificationKey), outputs.verificationKey),
  );
  await writeFile(outputs.verifier, await renderVerifier(await readVerificationKey(outputs.verificationKey), true));
  const contributors = state.steps.slice(1).map((step) => step.name);
  return writeManifest({
    manifestFile: outputs.manifest,
    sizes: parameters.sizes,
    mainSource: parameters.mainSource,
    mainFile: compiled.mainFile,
    r1csFile: compiled.r1csFile,
    constraints: compiled.constraints,
    ptauPower: state.circuit.ptauPower,
    ptau: {
      file: state.ptau.file,
      power: state.ptau.power,
      production: true,
      sha256: state.ptau.sha256,
      bytes: state.ptau.bytes,
      blake2b: state.ptau.blake2b,
      ...(state.ptau.publishedAs ? { publishedAs: state.ptau.publishedAs } : {}),
    },
    phase2:
      `CEREMONY: ${contributors.length} contributions (${contributors.join(", ")}) and a beacon from ` +
      `${state.beacon.chain} block ${state.beacon.block}; transcript ${ceremonyStateFileName}`,
    zkeyFile: outputs.zkey,
    beaconBlock: { chain: state.beacon.chain, number: state.beacon.block },
    keptFiles: [outputs.wasm, outputs.zkey, outputs.verificationKey],
    verifierFile: outputs.verifier,
  });
}
