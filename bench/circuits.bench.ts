/**
 * `npm run bench -w circuits [-- --runs N]`
 *
 * Our StakeMembership circuit against Semaphore v4's circuit, both at depth 20, in one run:
 * same compiler (circom2, --O2), same development powers of tau, same Groth16 setup procedure,
 * same prover (snarkjs in this process). Prints constraints, artifact sizes, proving time
 * (witness + Groth16, median of N) and verification time (median of N), with ratios.
 *
 * Then on-chain gas, on a fresh anvil with the real deployment (lib/chain.ts): both verifiers
 * (ours as deployed; Semaphore's circuit's, from snarkjs's template, compiled here with the
 * project's solc and settings, lib/solc.ts) verify one proof of each from this run. Semaphore's
 * contracts against ours (addMember, validateProof, endorse, withdrawal, slash) are
 * stake-group-gas.bench.ts.
 *
 * Semaphore's artifacts are built from the npm package @semaphore-protocol/circuits into the
 * gitignored circuits/.cache/bench/ on first use (lib/semaphore.ts) and reused while the package,
 * compiler and ptau stay the same.
 */
import { randomBytes } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { stakeMembershipVerifierAbi } from "@leasehold/sdk";
import { releaseProver } from "@leasehold/sdk/zk";
import * as snarkjs from "snarkjs";
import { decodeFunctionResult, encodeFunctionData, keccak256, toHex, type Abi, type Address } from "viem";
import { stakeMembership } from "../circuits/config.ts";
import { formatLikeTheRepo } from "../circuits/scripts/lib/files.ts";
import { cacheDir, repoRoot } from "../circuits/scripts/lib/paths.ts";
import { releaseCurve } from "../circuits/scripts/lib/setup.ts";
import {
  buildWitnessInput,
  defaultArtifacts,
  generateIdentitySecret,
  hashToField,
  identityCommitment,
  readManifest,
  stakeLeaf,
  StakeTree,
} from "../circuits/src/index.ts";
import { DEFAULT_STAKE, startBenchChain, type Clients } from "./lib/chain.ts";
import { integer } from "./lib/report.ts";
import { semaphoreCircuit, semaphoreDir } from "./lib/semaphore.ts";
import { compileContract, solcSettings, solcVersion } from "./lib/solc.ts";

const { values: options } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
const runs = Number(options.runs);
const depth = stakeMembership.depth;

interface Subject {
  name: string;
  constraints: number;
  wasm: string;
  zkey: string;
  verificationKey: unknown;
  /** A fresh valid input per run, so no run reuses another's witness. */
  input: () => snarkjs.CircuitSignals;
}

async function ourCircuit(): Promise<Subject> {
  const manifest = await readManifest();
  const random = () => generateIdentitySecret();
  return {
    name: `StakeMembership(${depth}, ${stakeMembership.amountBits})`,
    constraints: manifest.circuit.constraints,
    wasm: defaultArtifacts.wasm,
    zkey: defaultArtifacts.zkey,
    verificationKey: JSON.parse(await readFile(defaultArtifacts.verificationKey, "utf8")),
    input: () => {
      // A tree with a few members; the prover's cost does not depend on how full it is.
      const secret = random();
      const tree = new StakeTree(depth, [random(), random()]);
      const index = tree.insert(stakeLeaf(identityCommitment(secret), 50_000n));
      return buildWitnessInput({
        secret,
        stakeAmount: 50_000n,
        merkleProof: tree.merkleProof(index),
        threshold: 10_000n,
        scope: hashToField(randomBytes(32)),
        message: hashToField(randomBytes(32)),
      }).input;
    },
  };
}

/** `exportSolidityCallData` parsed: a, b, c and the public signals as hex strings. */
type Calldata = [[string, string], [[string, string], [string, string]], [string, string], string[]];

interface VerifierGas {
  /** verifyProof sent as a transaction of its own with ample gas: gasUsed, intrinsic 21,000 and calldata included. */
  transaction: bigint;
  /** eth_estimateGas of the same transaction: the lowest limit at which it does not revert. */
  estimate: bigint;
  /** What verifyProof returns when given only that estimate (snarkjs's template returns false when short of gas; ours reverts). */
  acceptsAtEstimate: boolean;
}

/** Far above a Groth16 verification (the pairing of 4 points alone is 181,000 gas). */
const AMPLE_GAS = 2_000_000n;

/** Checks that the verifier accepts the proof (eth_call), then prices it and sends it. */
async function verifierGas(clients: Clients, address: Address, abi: Abi, calldata: Calldata): Promise<VerifierGas> {
  const [a, b, c, signals] = calldata;
  const args = [a.map(BigInt), b.map((row) => row.map(BigInt)), c.map(BigInt), signals.map(BigInt)];
  const data = encodeFunctionData({ abi, functionName: "verifyProof", args });
  const { publicClient, walletClient } = clients;
  const account = walletClient.account;
  const accepts = async (gas: bigint) => {
    const { data: returned } = await publicClient.call({ account, to: address, data, gas });
    return (
      returned !== undefined && decodeFunctionResult({ abi, functionName: "verifyProof", data: returned }) === true
    );
  };
  if (!(await accepts(AMPLE_GAS))) throw new Error(`verifyProof at ${address} did not accept the proof`);
  const estimate = await publicClient.estimateGas({ account, to: address, data });
  // Same code, state and gas limit as the call above, so the transaction verifies the proof too.
  const hash = await walletClient.sendTransaction({ to: address, data, gas: AMPLE_GAS });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`verifyProof transaction ${hash} reverted`);
  return { transaction: receipt.gasUsed, estimate, acceptsAtEstimate: await accepts(estimate) };
}

/** Both verifiers on a fresh chain with one proof of each from this run. */
async function onChainGas(calldata: { ours: Calldata; semaphore: Calldata }) {
  const chain = await startBenchChain({ codeHash: keccak256(toHex("circuits-bench")), stake: DEFAULT_STAKE });
  try {
    const caller = chain.operator;
    const semaphoreVerifier = await compileContract(
      path.join(semaphoreDir, `Semaphore${depth}Verifier.sol`),
      `Semaphore${depth}Verifier`,
    );
    const deployHash = await caller.walletClient.deployContract(semaphoreVerifier);
    const deployed = await caller.publicClient.waitForTransactionReceipt({ hash: deployHash });
    if (!deployed.contractAddress) throw new Error(`Semaphore${depth}Verifier did not deploy`);
    const ours = await verifierGas(
      caller,
      chain.deployment.contracts.StakeMembershipVerifier.address,
      stakeMembershipVerifierAbi,
      calldata.ours,
    );
    const semaphore = await verifierGas(caller, deployed.contractAddress, semaphoreVerifier.abi, calldata.semaphore);
    return { ours, semaphore };
  } finally {
    await chain.stop();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function measure(subject: Subject): Promise<{ prove: number; verify: number }> {
  let started = performance.now();
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(subject.input(), subject.wasm, subject.zkey);
  const prove = performance.now() - started;
  started = performance.now();
  const valid = await snarkjs.groth16.verify(subject.verificationKey, publicSignals, proof);
  const verify = performance.now() - started;
  if (!valid) throw new Error(`${subject.name}: a proof did not verify`);
  return { prove, verify };
}

async function main(): Promise<void> {
  const manifest = await readManifest();
  const ptauFile = path.join(repoRoot, manifest.setup.ptau.file);
  const ours = await ourCircuit();
  const semaphore = await semaphoreCircuit(ptauFile, manifest.setup.ptau.sha256);
  const subjects = [ours, semaphore];

  // One warm-up each (curve and wasm set-up), then interleaved runs so load on the shared
  // machine falls on both alike. The warm-up proofs are kept as Solidity calldata for a gas test.
  const calldata: Record<string, Calldata> = {};
  for (const subject of subjects) {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(subject.input(), subject.wasm, subject.zkey);
    calldata[subject.name] = JSON.parse(`[${await snarkjs.groth16.exportSolidityCallData(proof, publicSignals)}]`);
  }
  // The cache is gitignored, but the repository's `prettier --check .` does not read nested .gitignore files.
  const calldataFile = path.join(cacheDir, "bench", "calldata.json");
  await writeFile(calldataFile, await formatLikeTheRepo(JSON.stringify(calldata), calldataFile));
  const samples = new Map(subjects.map((subject) => [subject, { prove: [] as number[], verify: [] as number[] }]));
  for (let run = 0; run < runs; run += 1) {
    for (const subject of subjects) {
      const { prove, verify } = await measure(subject);
      samples.get(subject)!.prove.push(prove);
      samples.get(subject)!.verify.push(verify);
    }
  }

  const size = async (file: string) => (await stat(file)).size / 1024;
  const rows = await Promise.all(
    subjects.map(async (subject) => ({
      constraints: subject.constraints,
      prove: median(samples.get(subject)!.prove),
      verify: median(samples.get(subject)!.verify),
      zkey: await size(subject.zkey),
      wasm: await size(subject.wasm),
    })),
  );
  const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const gas = await onChainGas({ ours: calldata[ours.name]!, semaphore: calldata[semaphore.name]! });
  const gasRatio = (ours: bigint, theirs: bigint) => (Number(ours) / Number(theirs)).toFixed(3);
  const table = [
    ["", ours.name, semaphore.name, "ours / Semaphore"],
    ["constraints (--O2)", String(a.constraints), String(b.constraints), (a.constraints / b.constraints).toFixed(3)],
    [`prove, median of ${runs} (ms)`, a.prove.toFixed(0), b.prove.toFixed(0), (a.prove / b.prove).toFixed(3)],
    [`verify, median of ${runs} (ms)`, a.verify.toFixed(1), b.verify.toFixed(1), (a.verify / b.verify).toFixed(3)],
    ["zkey (KiB)", a.zkey.toFixed(0), b.zkey.toFixed(0), (a.zkey / b.zkey).toFixed(3)],
    ["wasm (KiB)", a.wasm.toFixed(0), b.wasm.toFixed(0), (a.wasm / b.wasm).toFixed(3)],
    ["public signals", String(calldata[ours.name]![3].length), String(calldata[semaphore.name]![3].length), ""],
    [
      "verifyProof gas, transaction gasUsed",
      integer(gas.ours.transaction),
      integer(gas.semaphore.transaction),
      gasRatio(gas.ours.transaction, gas.semaphore.transaction),
    ],
    [
      "verifyProof gas, eth_estimateGas",
      integer(gas.ours.estimate),
      integer(gas.semaphore.estimate),
      gasRatio(gas.ours.estimate, gas.semaphore.estimate),
    ],
    [
      "  verifyProof with that much gas returns",
      String(gas.ours.acceptsAtEstimate),
      String(gas.semaphore.acceptsAtEstimate),
      "",
    ],
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  console.log(
    `\nGroth16 (snarkjs ${manifest.toolchain.snarkjs}, circom ${manifest.toolchain.circom}, ptau power ${manifest.circuit.ptauPower}, same ptau for both);` +
      ` gas on anvil, Semaphore's verifier from snarkjs's template and ours from Leasehold's, solc ${solcVersion()} (optimizer ${solcSettings.optimizer.runs} runs, ${solcSettings.evmVersion})`,
  );
  for (const row of table)
    console.log(
      row.map((cell, column) => (column ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  "),
    );
  console.log(
    "\nWhat ours proves on top of Semaphore's membership and nullifier: a stake amount in the leaf, range-checked and at least a" +
      "\npublic threshold, and a rate-limiting share that reveals the secret on a second signal in one scope." +
      "\nGas figures are whole transactions (intrinsic 21,000 and calldata included), one fresh proof of each from this run;" +
      "\nverifyProof's transaction is sent with ample gas. snarkjs's template (Semaphore's) returns false instead of reverting" +
      "\nwhen its precompile calls run short of gas, so eth_estimateGas finds a limit at which the call does not revert but" +
      "\nrejects the proof; ours reverts when short of gas, so its estimate is a limit at which it verifies." +
      "\nSemaphore's contracts (addMember, validateProof) against ours (deposit, endorse): `npm run bench -- stake-group-gas`.",
  );
}

try {
  await main();
} finally {
  await releaseProver();
  await releaseCurve();
}
