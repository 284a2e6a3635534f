/**
 * `npm run ceremony -w circuits -- <command> [options]`: the multi-party phase-2 ceremony that
 * makes the production zkey (procedure: circuits/README.md, "Running a ceremony"; steps:
 * lib/ceremony.ts).
 *
 *   init       --dir <dir> --ptau <file> (--ptau-sha256 <hex> | --ptau-blake2b <hex>)
 *              --beacon-block <number> [--beacon-chain <name>] [--beacon-iterations-exp <10..63>]
 *              [--verify-ptau]
 *   contribute --dir <dir> --name <name> [--entropy <text>]
 *   verify     --dir <dir> --ptau <file>
 *   finalize   --dir <dir> --ptau <file> --beacon <block hash> [--replace-ceremony]
 *
 * `init`, `verify` and `finalize` compile the circuit from the current sources; `finalize`
 * installs the result in circuits/artifacts/ and regenerates the Solidity verifier.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { stakeMembership } from "../config.ts";
import { CeremonyError } from "../src/errors.ts";
import {
  contributeToCeremony,
  finalizeCeremony,
  initCeremony,
  installCeremony,
  verifyCeremony,
  type VerifyCeremonyReturnType,
} from "./lib/ceremony.ts";
import { compileCircuit } from "./lib/circom.ts";
import { buildDir } from "./lib/paths.ts";
import { releaseCurve } from "./lib/setup.ts";
import { stakeMembershipLibraries, stakeMembershipMain } from "./lib/sources.ts";
import { formatLikeSnarkjs } from "./lib/zkey-contributions.ts";

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: "string" },
    ptau: { type: "string" },
    "ptau-sha256": { type: "string" },
    "ptau-blake2b": { type: "string" },
    "verify-ptau": { type: "boolean", default: false },
    "beacon-block": { type: "string" },
    "beacon-chain": { type: "string", default: "Ethereum mainnet" },
    "beacon-iterations-exp": { type: "string" },
    beacon: { type: "string" },
    name: { type: "string" },
    entropy: { type: "string" },
    "replace-ceremony": { type: "boolean", default: false },
  },
});

const log = { info: (message: string) => console.log(message) };

// npm runs workspace scripts in circuits/; paths on the command line are the caller's.
const fromCaller = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

function required(name: keyof typeof options): string {
  const value = options[name];
  if (typeof value !== "string" || value === "") throw new CeremonyError(`--${name} is required`);
  return value;
}

const mainSource = stakeMembershipMain(stakeMembership);
const compile = (wasm = false) => {
  log.info(`compiling ${stakeMembership.template}(${stakeMembership.depth}, ${stakeMembership.amountBits})`);
  return compileCircuit({
    name: stakeMembership.artifactName,
    mainSource,
    outDir: buildDir,
    libraries: stakeMembershipLibraries,
    wasm,
  });
};

function printChain({ state, contributions }: VerifyCeremonyReturnType): void {
  log.info(`ptau ${state.ptau.file} (power ${state.ptau.power}) sha256 ${state.ptau.sha256}`);
  log.info(`circuit hash:\n${formatLikeSnarkjs(state.circuit.circuitHash)}`);
  for (const contribution of contributions) {
    log.info(`contribution #${contribution.index} ${contribution.name}:\n${formatLikeSnarkjs(contribution.hash)}`);
    if (contribution.beacon) {
      log.info(`  beacon ${contribution.beacon.value}, 2^${contribution.beacon.iterationsExp} rounds`);
    }
  }
  if (!state.final) {
    log.info(`not finalized: the beacon is the hash of ${state.beacon.chain} block ${state.beacon.block}`);
  }
}

async function main(): Promise<void> {
  const command = positionals[0];
  const dir = fromCaller(required("dir"));
  switch (command) {
    case "init": {
      const ptauFile = fromCaller(required("ptau"));
      const ptauHash = options["ptau-sha256"] ?? options["ptau-blake2b"];
      if (!ptauHash) throw new CeremonyError("Name the ptau's published hash: --ptau-sha256 or --ptau-blake2b");
      if (options["verify-ptau"]) {
        log.info("verifying the ptau (snarkjs powersoftau verify; long)");
        if (!(await snarkjs.powersOfTau.verify(ptauFile))) throw new CeremonyError(`${ptauFile} does not verify`);
      }
      const compiled = await compile();
      const state = await initCeremony({
        dir,
        name: stakeMembership.artifactName,
        r1csFile: compiled.r1csFile,
        ptauFile,
        ptauHash,
        beaconBlock: { chain: options["beacon-chain"], number: Number(required("beacon-block")) },
        ...(options["beacon-iterations-exp"] ? { beaconIterationsExp: Number(options["beacon-iterations-exp"]) } : {}),
        log,
      });
      log.info(`ceremony started in ${dir}: hand ${state.steps[0]!.file} and ceremony.json to the first contributor`);
      log.info(`beacon: the hash of ${state.beacon.chain} block ${state.beacon.block}; announce it now`);
      return;
    }
    case "contribute": {
      const { file, contributionHash } = await contributeToCeremony({
        dir,
        name: required("name"),
        ...(options.entropy ? { entropy: options.entropy } : {}),
        log,
      });
      log.info(`wrote ${file}; publish your contribution hash:\n${formatLikeSnarkjs(contributionHash)}`);
      log.info(contributionHash);
      return;
    }
    case "verify": {
      const compiled = await compile();
      printChain(
        await verifyCeremony({ dir, r1csFile: compiled.r1csFile, ptauFile: fromCaller(required("ptau")), log }),
      );
      log.info("ceremony OK");
      return;
    }
    case "finalize": {
      const compiled = await compile(true);
      const result = await finalizeCeremony({
        dir,
        r1csFile: compiled.r1csFile,
        ptauFile: fromCaller(required("ptau")),
        beaconValue: required("beacon"),
        log,
      });
      printChain(result);
      await installCeremony({
        dir,
        compiled,
        mainSource,
        sizes: stakeMembership,
        replaceCeremony: options["replace-ceremony"],
        log,
      });
      log.info("installed: circuits/artifacts/ and contracts/src/zk/StakeMembershipVerifier.sol; commit them");
      return;
    }
    default:
      throw new CeremonyError(`Unknown command ${String(command)}: init, contribute, verify or finalize`);
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof CeremonyError)) throw error;
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await releaseCurve();
}
