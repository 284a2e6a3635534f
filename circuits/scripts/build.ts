/**
 * `npm run build -w circuits [-- --ptau <ceremony.ptau>] [-- --force]`
 *
 * Compiles the stake-membership circuit at config.ts's sizes, runs the Groth16 setup and writes
 * the kept artifacts (circuits/artifacts/: wasm, zkey, verification key, manifest) and the
 * Solidity verifier (contracts/src/zk/StakeMembershipVerifier.sol), which our own Groth16 template
 * (lib/groth16-verifier.ts) makes from the verification key alone.
 *
 * Without --ptau it uses the development powers of tau in artifacts/, generating it once if it
 * is missing (minutes). That file is NOT FOR PRODUCTION: whoever generated it could have kept
 * the entropy and can forge proofs. For a deployment pass a ceremony file (e.g. a Hermez/PSE
 * perpetual powers of tau of at least the power the build prints).
 *
 * The phase-2 setup is random, so it only reruns when the circuit (r1cs) or the ptau changed,
 * or with --force; otherwise the kept zkey and verifier stay byte-for-byte the same.
 */
import { createHash } from "node:crypto";
import { copyFile, mkdir, open, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { stakeMembership, stakeMembershipPublicSignals } from "../config.ts";
import { defaultArtifacts, type ArtifactManifest } from "../src/artifacts.ts";
import { circomCompilerVersion, circomPackageVersion, compileCircuit, optimisation } from "./lib/circom.ts";
import { formatLikeTheRepo, sha256File } from "./lib/files.ts";
import { artifactsDir, buildDir, packageRoot, repoRoot, snarkjsDir, verifierFile } from "./lib/paths.ts";
import { devPtauFile, generateDevPtau, groth16Setup, releaseCurve, requiredPtauPower } from "./lib/setup.ts";
import { stakeMembershipLibraries, stakeMembershipMain } from "./lib/sources.ts";
import { readVerificationKey, renderVerifier } from "./lib/verifier.ts";

const require = createRequire(import.meta.url);
const { values: options } = parseArgs({
  options: { ptau: { type: "string" }, force: { type: "boolean", default: false } },
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

/** The power of a .ptau file, read from its header section (type 1: n8, q, power, ceremonyPower). */
async function ptauPower(file: string): Promise<number> {
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

  const production = options.ptau !== undefined;
  const ptauFile = options.ptau ? path.resolve(options.ptau) : devPtauFile(power);
  if (!production && !(await exists(ptauFile))) {
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
  const setupCurrent =
    !options.force &&
    previous?.r1cs.sha256 === r1cs.sha256 &&
    previous.setup.ptau.sha256 === ptau.sha256 &&
    (await exists(zkeyFile)) &&
    previous.artifacts[path.basename(zkeyFile)]?.sha256 === (await sha256File(zkeyFile)).sha256;
  await mkdir(artifactsDir, { recursive: true });
  if (setupCurrent) {
    log.info("r1cs and ptau unchanged: keeping the zkey (pass --force to redo the setup)");
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

  const kept = [defaultArtifacts.wasm, zkeyFile, defaultArtifacts.verificationKey, ...(production ? [] : [ptauFile])];
  const relative = (file: string) => path.relative(repoRoot, file);
  const manifest: ArtifactManifest = {
    circuit: {
      template: stakeMembership.template,
      depth: stakeMembership.depth,
      amountBits: stakeMembership.amountBits,
      publicSignals: [...stakeMembershipPublicSignals],
      constraints: compiled.constraints,
      ptauPower: power,
    },
    toolchain: {
      circom: await circomCompilerVersion(),
      circom2: circomPackageVersion,
      circomlib: require("circomlib/package.json").version,
      snarkjs: JSON.parse(await readFile(path.join(snarkjsDir, "package.json"), "utf8")).version,
      flags: [optimisation],
    },
    sources: {
      [relative(path.join(packageRoot, stakeMembership.source))]: (
        await sha256File(path.join(packageRoot, stakeMembership.source))
      ).sha256,
      [relative(compiled.mainFile)]: createHash("sha256").update(mainSource).digest("hex"),
    },
    r1cs,
    setup: {
      ptau: {
        file: production ? path.basename(ptauFile) : relative(ptauFile),
        power: ptauFilePower,
        production,
        ...ptau,
      },
      phase2: production
        ? "one contribution and a beacon on top of the ceremony ptau; add independent contributions before a deployment"
        : "DEVELOPMENT: one local contribution (crypto entropy) and a random beacon; NOT FOR PRODUCTION",
    },
    artifacts: Object.fromEntries(
      await Promise.all(kept.map(async (file) => [path.basename(file), await sha256File(file)])),
    ),
    verifier: { file: relative(verifierFile), ...(await sha256File(verifierFile)) },
  };
  await writeFile(
    defaultArtifacts.manifest,
    await formatLikeTheRepo(JSON.stringify(manifest), defaultArtifacts.manifest),
  );

  for (const file of kept) log.info(`  ${relative(file)}  ${((await stat(file)).size / 1024).toFixed(0)} KiB`);
  log.info(`  ${relative(verifierFile)}`);
  log.info("done");
}

try {
  await main();
} finally {
  await releaseCurve();
}
