/**
 * `npm run build -w circuits [-- --ptau <file>] [-- --force] [-- --replace-ceremony]`
 *
 * Compiles the stake-membership circuit at config.ts's sizes, runs the Groth16 setup and writes
 * the kept artifacts (circuits/artifacts/: wasm, zkey, verification key, manifest) and the
 * Solidity verifier (contracts/src/zk/StakeMembershipVerifier.sol), which our own Groth16 template
 * (lib/groth16-verifier.ts) makes from the verification key alone.
 *
 * Its setup is a DEVELOPMENT one: one contribution by whoever runs it and a random beacon, on the
 * development powers of tau in artifacts/ (generated once if missing, minutes) or on `--ptau`.
 * Whoever ran it could have kept the entropy and can forge proofs, so the manifest says
 * `production: false` whatever the ptau, and the deploy step refuses it off the local chain.
 * A production zkey comes only from the multi-party ceremony (scripts/ceremony.ts, README
 * "Running a ceremony").
 *
 * The phase-2 setup is random, so it only reruns when the circuit (r1cs) or the ptau changed,
 * or with --force; otherwise the kept zkey and verifier stay byte-for-byte the same. It never
 * replaces a zkey the manifest says a ceremony produced, unless --replace-ceremony: that throws
 * the ceremony's work away, and a deployed verifier will no longer accept the new zkey's proofs.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { stakeMembership } from "../config.ts";
import { defaultArtifacts, type ArtifactManifest } from "../src/artifacts.ts";
import { compileCircuit, optimisation } from "./lib/circom.ts";
import { formatLikeTheRepo, sha256File } from "./lib/files.ts";
import { readSetupContributions, writeManifest } from "./lib/manifest.ts";
import { artifactsDir, buildDir, repoRoot, verifierFile } from "./lib/paths.ts";
import {
  devPtauFile,
  generateDevPtau,
  groth16Setup,
  planSetup,
  ptauPower,
  releaseCurve,
  requiredPtauPower,
} from "./lib/setup.ts";
import { stakeMembershipLibraries, stakeMembershipMain } from "./lib/sources.ts";
import { readVerificationKey, renderVerifier } from "./lib/verifier.ts";

const { values: options } = parseArgs({
  options: {
    ptau: { type: "string" },
    force: { type: "boolean", default: false },
    "replace-ceremony": { type: "boolean", default: false },
  },
});

const started = performance.now();
const log = {
  info: (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`),
};

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

async function readPreviousManifest(): Promise<ArtifactManifest | undefined> {
  return (await exists(defaultArtifacts.manifest))
    ? (JSON.parse(await readFile(defaultArtifacts.manifest, "utf8")) as ArtifactManifest)
    : undefined;
}

async function main(): Promise<void> {
  const name = stakeMembership.artifactName;
  const mainSource = stakeMembershipMain(stakeMembership);

  log.info(
    `compiling ${stakeMembership.template}(${stakeMembership.depth}, ${stakeMembership.amountBits}) with circom2 ${optimisation}`,
  );
  const compiled = await compileCircuit({
    name,
    mainSource,
    outDir: buildDir,
    libraries: stakeMembershipLibraries,
    wasm: true,
    sym: true,
  });
  const info = await snarkjs.r1cs.info(compiled.r1csFile);
  const power = requiredPtauPower(info);
  log.info(
    `${compiled.constraints} constraints, ${info.nPubInputs + info.nOutputs} public signals: needs power of tau ${power}`,
  );

  const ptauFile = options.ptau ? path.resolve(options.ptau) : devPtauFile(power);
  const devPtau = options.ptau === undefined;
  if (devPtau && !(await exists(ptauFile))) {
    log.info(`generating the development powers of tau (once; it is kept in artifacts/): ${path.basename(ptauFile)}`);
    await generateDevPtau(power, ptauFile, log);
  }
  const ptauFilePower = await ptauPower(ptauFile);
  if (ptauFilePower < power) throw new Error(`${ptauFile} has power ${ptauFilePower}; the circuit needs ${power}`);

  const [r1cs, ptau, previous] = await Promise.all([
    sha256File(compiled.r1csFile),
    sha256File(ptauFile),
    readPreviousManifest(),
  ]);
  const zkeyFile = defaultArtifacts.zkey;
  const { keep, keptCeremony: production } = planSetup({
    previous,
    r1csSha256: r1cs.sha256,
    ptauSha256: ptau.sha256,
    zkey: (await exists(zkeyFile))
      ? {
          name: path.basename(zkeyFile),
          sha256: (await sha256File(zkeyFile)).sha256,
          contributions: (await readSetupContributions(zkeyFile)).contributions.length,
        }
      : undefined,
    force: options.force,
    replaceCeremony: options["replace-ceremony"],
  });
  await mkdir(artifactsDir, { recursive: true });
  if (keep) {
    log.info(
      production
        ? "r1cs unchanged: keeping the ceremony's zkey"
        : "r1cs and ptau unchanged: keeping the zkey (pass --force to redo the setup)",
    );
  } else {
    await groth16Setup({ r1csFile: compiled.r1csFile, ptauFile, zkeyFile, log });
    log.info("verifying the new zkey against r1cs and ptau");
    if (!(await snarkjs.zKey.verifyFromR1cs(compiled.r1csFile, ptauFile, zkeyFile))) {
      throw new Error("The new zkey does not verify against the r1cs and ptau");
    }
  }

  log.info("exporting the verification key, the Solidity verifier and the witness calculator");
  const verificationKey = await snarkjs.zKey.exportVerificationKey(zkeyFile);
  await writeFile(
    defaultArtifacts.verificationKey,
    await formatLikeTheRepo(JSON.stringify(verificationKey), defaultArtifacts.verificationKey),
  );
  await mkdir(path.dirname(verifierFile), { recursive: true });
  // From the key file as written, exactly as the tests regenerate it.
  await writeFile(verifierFile, await renderVerifier(await readVerificationKey(), production));
  await copyFile(compiled.wasmFile!, defaultArtifacts.wasm);

  const kept = [
    defaultArtifacts.wasm,
    zkeyFile,
    defaultArtifacts.verificationKey,
    ...(devPtau && !production ? [ptauFile] : []),
  ];
  const relative = (file: string) => path.relative(repoRoot, file);
  await writeManifest({
    manifestFile: defaultArtifacts.manifest,
    sizes: stakeMembership,
    mainSource,
    mainFile: compiled.mainFile,
    r1csFile: compiled.r1csFile,
    constraints: compiled.constraints,
    ptauPower: power,
    ptau:
      production && previous
        ? previous.setup.ptau
        : { file: devPtau ? relative(ptauFile) : path.basename(ptauFile), power: ptauFilePower, production, ...ptau },
    phase2:
      production && previous
        ? previous.setup.phase2
        : "DEVELOPMENT: one local contribution (crypto entropy) and a random beacon; NOT FOR PRODUCTION",
    zkeyFile,
    ...(production && previous?.setup.beacon.block ? { beaconBlock: previous.setup.beacon.block } : {}),
    keptFiles: kept,
    verifierFile,
  });

  for (const file of kept) log.info(`  ${relative(file)}  ${((await stat(file)).size / 1024).toFixed(0)} KiB`);
  log.info(`  ${relative(verifierFile)}`);
  log.info("done");
}

try {
  await main();
} finally {
  await releaseCurve();
}
