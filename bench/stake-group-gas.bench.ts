/**
 * `npm run bench -- stake-group-gas [--sizes 1,2,10,100,1000]`
 *
 * Semaphore v4's contracts against our anonymous stake group, on one anvil in one run (issue 12,
 * part 4): the real deployment (lib/chain.ts, the devnet's deploy step) and, next to it,
 * Semaphore.sol from npm `@semaphore-protocol/contracts`, compiled with the project's solc and
 * settings, linked to the deployment's PoseidonT3 (poseidon-solidity, the same library our group
 * links), with a SemaphoreVerifier whose depth-20 key is the bench's development setup of
 * Semaphore's circuit (lib/semaphore.ts says exactly what is substituted and why).
 *
 * Whole transactions' gasUsed (intrinsic 21,000 and calldata included), each simulated first so
 * a revert shows its error:
 *  - Semaphore `createGroup`, once, for reference;
 *  - Semaphore `addMember` of the Nth member against our `deposit` of the Nth identity, for each
 *    N of --sizes (both groups filled to N - 1 first: Semaphore with `addMembers` batches, ours
 *    with deposits from a filler account funded by the DevStakeToken faucet, the chain's clock
 *    moved past its cooldown between draws);
 *  - Semaphore `validateProof` (a real proof of a real member against the group's root, a fresh
 *    nullifier) against our whole `Endorsements.endorse` (a real proof from the kept artifacts);
 *  - our `requestWithdrawal` and `slash` (of a secret learned outside the endorsements) against
 *    the 400,000 gas targets; the double signal, which now recovers the secret and
 *    slashes in its own transaction, for reference.
 * A missed target is reported, never an error.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { anonymousStakeGroupAbi, devStakeTokenAbi, endorsementsAbi } from "@leasehold/sdk";
import {
  createStakeIdentity,
  findIdentityLeaf,
  generateIdentitySecret,
  prepareEndorsement,
  prepareWithdrawal,
  proveStakeMembership,
  recoverStakeSecret,
  releaseProver,
  syncStakeTree,
  type StakeIdentity,
} from "@leasehold/sdk/zk";
import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon2 } from "poseidon-lite";
import * as snarkjs from "snarkjs";
import { keccak256, maxUint256, parseAbi, toHex, type Abi, type Address, type Hex } from "viem";
import { repoRoot } from "../circuits/scripts/lib/paths.ts";
import { releaseCurve } from "../circuits/scripts/lib/setup.ts";
import { defaultArtifacts, readManifest } from "../circuits/src/index.ts";
import { increaseTime } from "../scripts/lib/anvil.ts";
import { localClients } from "../scripts/lib/local-deploy.ts";
import { DEFAULT_STAKE, send, startBenchChain, type BenchChain, type Clients } from "./lib/chain.ts";
import { integer, printTable } from "./lib/report.ts";
import {
  compileSemaphore,
  patchSemaphoreVerifier,
  randomSemaphoreSecret,
  semaphoreCircuit,
  semaphoreContractsVersion,
  semaphoreDepth,
  semaphoreHash,
  type PatchedSemaphoreVerifier,
  type SemaphoreCircuit,
} from "./lib/semaphore.ts";
import { solcSettings, solcVersion } from "./lib/solc.ts";

const { values: options } = parseArgs({ options: { sizes: { type: "string", default: "1,2,10,100,1000" } } });
const sizes = options.sizes.split(",").map(Number);
if (sizes.some((size, i) => !Number.isInteger(size) || size < 1 || (i > 0 && size <= sizes[i - 1]!))) {
  throw new Error(`--sizes wants increasing positive integers, got ${options.sizes}`);
}

/** The targets: deposit and endorse at most Semaphore's, withdrawal request and slash at most 400,000 gas. */
const TARGET_RATIO = 1.0;
const TARGET_GAS = 400_000n;

/** Development accounts no other role of the bench chain uses (lib/chain.ts takes 2 and 5, the deploy 0 to 11). */
const ACCOUNTS = { filler: 12, depositor: 13, semaphore: 14, endorser: 16, withdrawer: 17, slasher: 18 } as const;
/** Far above one deposit (20 Poseidon hashes and a token transfer), so fill transactions skip estimation. */
const FILL_GAS = 2_000_000n;
/** Members per `addMembers` call while filling Semaphore's group. */
const FILL_BATCH = 250;
/** PoseidonT3's hash, declared non-view so it can be sent as a transaction and its gasUsed read. */
const poseidonT3Abi = parseAbi(["function hash(uint256[2] inputs) returns (uint256)"]);

// ------------------------------------------------------------------------------------------------
// The one place that knows requestWithdrawal's and slash's arguments: when the group's interface
// changes (sdk/src/generated after `npm run build:contracts`), adapt these two functions.

interface Withdrawer {
  clients: Clients;
  identity: StakeIdentity;
  amount: bigint;
}

/** A real withdrawal request: prove ownership of the leaf, request to `recipient` (no relayer fee). */
async function requestWithdrawal(chain: BenchChain, { clients, identity, amount }: Withdrawer): Promise<bigint> {
  const group = chain.deployment.contracts.AnonymousStakeGroup.address;
  const recipient = clients.walletClient.account.address;
  const prepared = prepareWithdrawal({
    identity,
    stakeAmount: amount,
    chainId: chain.deployment.chainId,
    group,
    recipient,
  });
  const proof = await proveStakeMembership({ input: prepared.input, artifacts: ourArtifacts });
  const { gasUsed } = await send(clients, {
    address: group,
    abi: anonymousStakeGroupAbi,
    functionName: "requestWithdrawal",
    args: [identity.commitment, recipient, prepared.relayerFee, proof.y, proof.nullifier, proof.calldata],
  });
  return gasUsed;
}

/** Slashes `identity`, whose secret `slasher` learned: one call, no reward. */
async function slash(chain: BenchChain, slasher: Clients, identity: StakeIdentity): Promise<bigint> {
  const { gasUsed } = await send(slasher, {
    address: chain.deployment.contracts.AnonymousStakeGroup.address,
    abi: anonymousStakeGroupAbi,
    functionName: "slash",
    args: [identity.secret],
  });
  return gasUsed;
}
// ------------------------------------------------------------------------------------------------

const ourArtifacts = { wasm: defaultArtifacts.wasm, zkey: defaultArtifacts.zkey };

/** The group's tree rebuilt from its events, checked against the contract's root, and `identity`'s leaf in it. */
async function syncedLeaf(chain: BenchChain, identity: StakeIdentity) {
  const { tree, leaves } = await syncedTree(chain);
  const leaf = findIdentityLeaf(leaves, identity.commitment);
  if (!leaf) throw new Error(`No leaf for commitment ${identity.commitment}`);
  return { tree, leaf };
}

/** The group's tree rebuilt from its events (syncStakeTree), checked against the contract's root. */
async function syncedTree(chain: BenchChain) {
  const { publicClient } = chain.operator;
  const group = chain.deployment.contracts.AnonymousStakeGroup;
  const { tree, leaves } = await syncStakeTree({
    publicClient,
    group: group.address,
    fromBlock: BigInt(group.startBlock),
    // The client caches the block number it polled while waiting for the last receipt.
    toBlock: await publicClient.getBlockNumber({ cacheTime: 0 }),
  });
  const root = await publicClient.readContract({
    address: group.address,
    abi: anonymousStakeGroupAbi,
    functionName: "root",
  });
  if (tree.root !== root) throw new Error(`The TypeScript tree's root ${tree.root} is not the group's ${root}`);
  return { tree, leaves };
}

/** IAnonymousStakeGroup.IdentityStatus. */
const IdentityStatus = { None: 0, Active: 1, Withdrawing: 2, Withdrawn: 3, Slashed: 4 } as const;

/** Checks what a measured transaction did to `identity`, so a figure never prices a no-op. */
async function requireStatus(chain: BenchChain, identity: StakeIdentity, status: number, what: string) {
  const { status: actual } = await chain.operator.publicClient.readContract({
    address: chain.deployment.contracts.AnonymousStakeGroup.address,
    abi: anonymousStakeGroupAbi,
    functionName: "identityOf",
    args: [identity.commitment],
  });
  if (actual !== status) throw new Error(`${what}: the identity's status is ${actual}, not ${status}`);
}

/** Draws from the DevStakeToken faucet until `clients` holds `amount`, moving the clock past the cooldown between draws. */
async function fund(chain: BenchChain, clients: Clients, amount: bigint): Promise<void> {
  const token = chain.deployment.contracts.DevStakeToken!.address;
  const read = clients.publicClient;
  const account = clients.walletClient.account.address;
  const cooldown = await read.readContract({ address: token, abi: devStakeTokenAbi, functionName: "FAUCET_COOLDOWN" });
  while (
    (await read.readContract({ address: token, abi: devStakeTokenAbi, functionName: "balanceOf", args: [account] })) <
    amount
  ) {
    if (
      (await read.readContract({
        address: token,
        abi: devStakeTokenAbi,
        functionName: "faucetAvailableAt",
        args: [account],
      })) > 0n
    ) {
      await increaseTime(chain.anvil.rpcUrl, cooldown);
    }
    await send(clients, { address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
  }
}

/** Deposits `amount` behind `identity` after approving exactly that amount, as an app does; returns the deposit's gas. */
async function deposit(chain: BenchChain, clients: Clients, identity: StakeIdentity, amount: bigint): Promise<bigint> {
  const { AnonymousStakeGroup, DevStakeToken } = chain.deployment.contracts;
  await send(clients, {
    address: DevStakeToken!.address,
    abi: devStakeTokenAbi,
    functionName: "approve",
    args: [AnonymousStakeGroup.address, amount],
  });
  const { gasUsed } = await send(clients, {
    address: AnonymousStakeGroup.address,
    abi: anonymousStakeGroupAbi,
    functionName: "deposit",
    args: [identity.commitment, amount],
  });
  return gasUsed;
}

/** Semaphore deployed next to our protocol, with its group and the members added so far. */
interface SemaphoreGroup {
  clients: Clients;
  address: Address;
  abi: Abi;
  groupId: bigint;
  createGroupGas: bigint;
  members: bigint[];
  /** The member whose secret the bench knows: the first one added. */
  prover: { secret: bigint; commitment: bigint };
}

/**
 * A Semaphore v4 identity's commitment, Poseidon(BabyPbk(secret)), computed by Semaphore's own
 * circuit: with a Merkle proof of length 0 its root output is the leaf, that is the commitment.
 */
async function semaphoreCommitment(circuit: SemaphoreCircuit, secret: bigint): Promise<bigint> {
  const input = {
    secret,
    merkleProofLength: 0,
    merkleProofIndex: 0,
    merkleProofSiblings: Array.from({ length: semaphoreDepth }, () => 0n),
    message: 1n,
    scope: 1n,
  };
  const { publicSignals } = await snarkjs.groth16.fullProve(input, circuit.wasm, circuit.zkey);
  return BigInt(publicSignals[0]!);
}

async function deploySemaphore(chain: BenchChain, circuit: SemaphoreCircuit, patched: PatchedSemaphoreVerifier) {
  const clients = localClients(chain.anvil.rpcUrl, ACCOUNTS.semaphore);
  const { verifier, semaphore } = await compileSemaphore(chain.deployment.contracts.PoseidonT3.address, patched);
  const deploy = async (contract: { abi: Abi; bytecode: Hex }, args: unknown[]) => {
    const hash = await clients.walletClient.deployContract({ ...contract, args });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (!receipt.contractAddress) throw new Error(`Deployment ${hash} made no contract`);
    return receipt.contractAddress;
  };
  const verifierAddress = await deploy(verifier, []);
  const address = await deploy(semaphore, [verifierAddress]);
  const created = await send(clients, { address, abi: semaphore.abi, functionName: "createGroup", args: [] });
  const secret = randomSemaphoreSecret();
  const group: SemaphoreGroup = {
    clients,
    address,
    abi: semaphore.abi,
    groupId: created.result as bigint,
    createGroupGas: created.gasUsed,
    members: [],
    prover: { secret, commitment: await semaphoreCommitment(circuit, secret) },
  };
  return group;
}

const nextSemaphoreMember = (group: SemaphoreGroup) =>
  group.members.length === 0 ? group.prover.commitment : generateIdentitySecret();

/** Fills Semaphore's group to `size` members with addMembers batches. */
async function fillSemaphore(group: SemaphoreGroup, size: number): Promise<void> {
  while (group.members.length < size) {
    const batch = Array.from({ length: Math.min(FILL_BATCH, size - group.members.length) }, (_, i) =>
      i === 0 ? nextSemaphoreMember(group) : generateIdentitySecret(),
    );
    await send(group.clients, {
      address: group.address,
      abi: group.abi,
      functionName: "addMembers",
      args: [group.groupId, batch],
    });
    group.members.push(...batch);
  }
}

async function addSemaphoreMember(group: SemaphoreGroup): Promise<bigint> {
  const member = nextSemaphoreMember(group);
  const { gasUsed } = await send(group.clients, {
    address: group.address,
    abi: group.abi,
    functionName: "addMember",
    args: [group.groupId, member],
  });
  group.members.push(member);
  return gasUsed;
}

/** Fills our group to `size` identities: deposits of the minimum from the filler, sent without waiting for each. */
async function fillOurs(chain: BenchChain, filler: Clients, size: number, amount: bigint): Promise<void> {
  const group = chain.deployment.contracts.AnonymousStakeGroup.address;
  const read = filler.publicClient;
  const current = Number(
    await read.readContract({ address: group, abi: anonymousStakeGroupAbi, functionName: "size" }),
  );
  if (current >= size) return;
  let nonce = await read.getTransactionCount({ address: filler.walletClient.account.address, blockTag: "pending" });
  let last: Hex | undefined;
  for (let i = current; i < size; i += 1) {
    last = await filler.walletClient.writeContract({
      address: group,
      abi: anonymousStakeGroupAbi,
      functionName: "deposit",
      args: [generateIdentitySecret(), amount],
      gas: FILL_GAS,
      nonce: nonce++,
    });
  }
  const receipt = await read.waitForTransactionReceipt({ hash: last! });
  const filled = Number(await read.readContract({ address: group, abi: anonymousStakeGroupAbi, functionName: "size" }));
  if (receipt.status !== "success" || filled !== size)
    throw new Error(`Filling the group reached ${filled} of ${size} leaves`);
}

/** A real Semaphore proof of the prover's membership against the group's current root, validated with a fresh nullifier. */
async function validateProofGas(group: SemaphoreGroup, circuit: SemaphoreCircuit): Promise<bigint> {
  const tree = new LeanIMT<bigint>((a, b) => poseidon2([a, b]), group.members);
  const root = (await group.clients.publicClient.readContract({
    address: group.address,
    abi: group.abi,
    functionName: "getMerkleTreeRoot",
    args: [group.groupId],
  })) as bigint;
  if (tree.root !== root) throw new Error(`The LeanIMT root ${tree.root} is not Semaphore's ${root}`);
  const { siblings, index } = tree.generateProof(group.members.indexOf(group.prover.commitment));
  const message = BigInt(keccak256(toHex("bench: reliable")));
  const scope = BigInt(toHex(randomBytes(32)));
  const input = {
    secret: group.prover.secret,
    merkleProofLength: siblings.length,
    merkleProofIndex: index,
    merkleProofSiblings: [...siblings, ...Array.from({ length: semaphoreDepth - siblings.length }, () => 0n)],
    message: semaphoreHash(message),
    scope: semaphoreHash(scope),
  };
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, circuit.wasm, circuit.zkey);
  if (BigInt(publicSignals[0]!) !== root) throw new Error("The circuit's root is not the group's");
  const [a, b, c] = JSON.parse(`[${await snarkjs.groth16.exportSolidityCallData(proof, publicSignals)}]`) as [
    string[],
    string[][],
    string[],
  ];
  const points = [...a, ...b.flat(), ...c].map(BigInt);
  const { gasUsed } = await send(group.clients, {
    address: group.address,
    abi: group.abi,
    functionName: "validateProof",
    args: [
      group.groupId,
      {
        merkleTreeDepth: BigInt(semaphoreDepth),
        merkleTreeRoot: root,
        nullifier: BigInt(publicSignals[1]!),
        message,
        scope,
        points,
      },
    ],
  });
  return gasUsed;
}

/** Two endorsements of one agent in one epoch by one identity, with different signals: the second stores both shares. */
async function endorseTwice(chain: BenchChain, endorser: Clients, identity: StakeIdentity) {
  const { deployment, agentId } = chain;
  const endorsements = deployment.contracts.Endorsements.address;
  const read = endorser.publicClient;
  const { tree, leaf } = await syncedLeaf(chain, identity);
  const [epoch, threshold] = await Promise.all([
    read.readContract({ address: endorsements, abi: endorsementsAbi, functionName: "currentEpoch" }),
    read.readContract({ address: endorsements, abi: endorsementsAbi, functionName: "threshold" }),
  ]);
  const gas: bigint[] = [];
  let nullifier = 0n;
  for (const signal of [keccak256(toHex("bench: reliable")), keccak256(toHex("bench: unreliable"))]) {
    const prepared = prepareEndorsement({
      identity,
      stakeAmount: leaf.amount!,
      tree,
      leafIndex: leaf.index,
      chainId: deployment.chainId,
      endorsements,
      agentId,
      epoch,
      signal,
      threshold,
    });
    const proof = await proveStakeMembership({ input: prepared.input, artifacts: ourArtifacts });
    nullifier = proof.nullifier;
    const { gasUsed } = await send(endorser, {
      address: endorsements,
      abi: endorsementsAbi,
      functionName: "endorse",
      args: [agentId, epoch, signal, proof.root, proof.y, proof.nullifier, proof.calldata],
    });
    gas.push(gasUsed);
  }
  const [first, second] = await read.readContract({
    address: endorsements,
    abi: endorsementsAbi,
    functionName: "sharesOf",
    args: [nullifier],
  });
  const recovered = recoverStakeSecret(first, second);
  if (recovered.commitment !== identity.commitment)
    throw new Error("The shares did not give the endorser's secret back");
  return { first: gas[0]!, second: gas[1]!, recovered };
}

const ordinal = (n: number) =>
  `${integer(n)}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;
const ratio = (ours: bigint, theirs: bigint) => Number(ours) / Number(theirs);

async function main(): Promise<void> {
  const manifest = await readManifest();
  const circuit = await semaphoreCircuit(path.join(repoRoot, manifest.setup.ptau.file), manifest.setup.ptau.sha256);
  const patched = await patchSemaphoreVerifier(circuit.verificationKey);
  const chain = await startBenchChain({ codeHash: keccak256(toHex("stake-group-gas-bench")), stake: DEFAULT_STAKE });
  try {
    const { AnonymousStakeGroup, Endorsements } = chain.deployment.contracts;
    const read = chain.operator.publicClient;
    const [minimum, threshold, initialSize] = await Promise.all([
      read.readContract({
        address: AnonymousStakeGroup.address,
        abi: anonymousStakeGroupAbi,
        functionName: "minimumDeposit",
      }),
      read.readContract({ address: Endorsements.address, abi: endorsementsAbi, functionName: "threshold" }),
      read.readContract({ address: AnonymousStakeGroup.address, abi: anonymousStakeGroupAbi, functionName: "size" }),
    ]);
    if (initialSize !== 0n) throw new Error(`The deployed group already holds ${initialSize} leaves`);
    const semaphore = await deploySemaphore(chain, circuit, patched);

    // Tokens first: the faucet's cooldown is passed by moving the clock, before any root is made.
    const clients = Object.fromEntries(
      Object.entries(ACCOUNTS).map(([role, index]) => [role, localClients(chain.anvil.rpcUrl, index)]),
    ) as Record<keyof typeof ACCOUNTS, Clients>;
    const maxSize = sizes.at(-1)!;
    await fund(chain, clients.filler, BigInt(maxSize) * minimum);
    await fund(chain, clients.depositor, BigInt(sizes.length) * minimum);
    await fund(chain, clients.endorser, threshold);
    await fund(chain, clients.withdrawer, minimum);
    await fund(chain, clients.slasher, minimum);
    await send(clients.filler, {
      address: chain.deployment.contracts.DevStakeToken!.address,
      abi: devStakeTokenAbi,
      functionName: "approve",
      args: [AnonymousStakeGroup.address, maxUint256],
    });

    const members: { size: number; addMember: bigint; deposit: bigint }[] = [];
    for (const size of sizes) {
      await fillSemaphore(semaphore, size - 1);
      await fillOurs(chain, clients.filler, size - 1, minimum);
      const addMember = await addSemaphoreMember(semaphore);
      const ours = await deposit(chain, clients.depositor, createStakeIdentity(), minimum);
      members.push({ size, addMember, deposit: ours });
    }

    const validateProof = await validateProofGas(semaphore, circuit);
    const endorser = createStakeIdentity();
    await deposit(chain, clients.endorser, endorser, threshold);
    const endorse = await endorseTwice(chain, clients.endorser, endorser);
    const withdrawer = createStakeIdentity();
    await deposit(chain, clients.withdrawer, withdrawer, minimum);
    const withdrawal = await requestWithdrawal(chain, {
      clients: clients.withdrawer,
      identity: withdrawer,
      amount: minimum,
    });
    await requireStatus(chain, withdrawer, IdentityStatus.Withdrawing, "requestWithdrawal");
    // The endorser was slashed by its own double signal; slash a secret leaked some other way.
    if (endorse.recovered.commitment !== endorser.commitment) throw new Error("The shares gave another secret");
    await requireStatus(chain, endorser, IdentityStatus.Slashed, "The double signal");
    const leaked = createStakeIdentity();
    await deposit(chain, clients.slasher, leaked, minimum);
    const slashed = await slash(chain, clients.slasher, leaked);
    await requireStatus(chain, leaked, IdentityStatus.Slashed, "slash");
    // The leaves removed in-place: the tree rebuilt from events still gives the contract's root.
    await syncedTree(chain);
    // The hash both trees pay per level, for reading the figures: one call as a transaction of its own.
    const { gasUsed: poseidonGas } = await send(chain.operator, {
      address: chain.deployment.contracts.PoseidonT3.address,
      abi: poseidonT3Abi,
      functionName: "hash",
      args: [[1n, 2n]],
    });
    const finalSize = await read.readContract({
      address: AnonymousStakeGroup.address,
      abi: anonymousStakeGroupAbi,
      functionName: "size",
    });

    const met = (ok: boolean) => (ok ? "yes" : "NO");
    const versus = (label: string, theirs: bigint, ours: bigint) => {
      const r = ratio(ours, theirs);
      return [
        label,
        integer(theirs),
        integer(ours),
        r.toFixed(3),
        `≤ ${TARGET_RATIO.toFixed(1)}×`,
        met(r <= TARGET_RATIO),
      ];
    };
    const absolute = (label: string, ours: bigint, target?: bigint) => [
      label,
      "",
      integer(ours),
      "",
      target === undefined ? "" : `≤ ${integer(target)}`,
      target === undefined ? "" : met(ours <= target),
    ];
    console.log(
      `\nGas on one anvil, whole transactions (intrinsic 21,000 and calldata included); Semaphore ${semaphoreContractsVersion}` +
        ` (npm @semaphore-protocol/contracts) and ours compiled by solc ${solcVersion()} (optimizer ${solcSettings.optimizer.runs} runs, ${solcSettings.evmVersion})\n`,
    );
    printTable([
      ["", "Semaphore", "Leasehold", "ours / Semaphore", "target", "met"],
      ["Semaphore createGroup (once, reference)", integer(semaphore.createGroupGas), "", "", "", ""],
      ...members.map(({ size, addMember, deposit: ours }) =>
        versus(`${ordinal(size)} member: addMember / deposit`, addMember, ours),
      ),
      versus(
        `validateProof / endorse (fresh nullifier, ${integer(semaphore.members.length)} members)`,
        validateProof,
        endorse.first,
      ),
      absolute("endorse, second signal in the scope (double signal: recovers the secret, slashes)", endorse.second),
      absolute("requestWithdrawal", withdrawal, TARGET_GAS),
      absolute("slash (zeroes the leaf, all to the pool)", slashed, TARGET_GAS),
    ]);
    console.log(
      `\nOne PoseidonT3.hash (the library both trees link) costs ${integer(poseidonGas)} gas as a transaction of its own` +
        ` (21,000 included).` +
        `\nSubstituted: ${patched.substituted}.` +
        `\nSemaphore's own verification keys come from its ceremony, whose proving keys are not on npm; the proof here is a real` +
        `\nSemaphore proof (its circuit at depth ${semaphoreDepth}, dev setup, merkleTreeDepth ${semaphoreDepth}) of the first member,` +
        `\nagainst the group's root, which the LeanIMT in TypeScript (@zk-kit/lean-imt, poseidon-lite) reproduced; Semaphore.sol is` +
        `\nlinked to the deployment's PoseidonT3. Our tree's root was likewise checked against the events (syncStakeTree), last after the removals.` +
        `\nDeposits approve exactly their amount first (the approval is not counted). Our group ended with ${finalSize} leaves;` +
        `\nthe endorser was slashed by its own double signal, in that transaction (recoverStakeSecret gives the same secret).`,
    );
  } finally {
    await chain.stop();
  }
}

try {
  await main();
} finally {
  await releaseProver();
  await releaseCurve();
}
