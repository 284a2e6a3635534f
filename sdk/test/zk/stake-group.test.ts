/**
 * The zk API against a real chain: anvil with the real deployment, two identities depositing,
 * one withdrawing through a relayer, one endorsing twice (a double signal), which slashes it in
 * the same transaction; the sdk recovers the same identity from the stored shares. Three real
 * proofs from the kept artifacts (about a second each).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, parseEther, toHex, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type Anvil } from "../../../scripts/lib/anvil.ts";
import { deployLocal, localClients } from "../../../scripts/lib/local-deploy.ts";
import { freePort } from "../../../scripts/lib/processes.ts";
import { devAccount } from "../../src/dev-accounts.ts";
import {
  agentRegistryAbi,
  anonymousStakeGroupAbi,
  devStakeTokenAbi,
  endorsementsAbi,
  stakeManagerAbi,
} from "../../src/generated/abis.ts";
import type { Deployment } from "../../src/deployment.ts";
import { createIdentityProof } from "../../src/receipts/index.ts";
import {
  createStakeIdentity,
  findIdentityLeaf,
  prepareEndorsement,
  prepareWithdrawal,
  proveStakeMembership,
  recoverStakeSecret,
  releaseProver,
  StakeTreeSyncError,
  syncStakeTree,
  type ProverProgress,
  type ProveStakeMembershipReturnType,
  type StakeIdentity,
} from "../../src/zk/index.ts";
import { seededRandomBytes } from "./fixtures.ts";

const artifactsDir = path.resolve(import.meta.dirname, "../../../circuits/artifacts");
const artifacts = {
  wasm: path.join(artifactsDir, "stake-membership.wasm"),
  zkey: path.join(artifactsDir, "stake-membership.zkey"),
};

// Each proof is about a second on idle cores; leave room for busy ones.
const PROOF_TIMEOUT = { timeout: 30_000 };

// Accounts far from the ones the deploy and the devnet roles use.
const OPERATOR = 15;
const DEPOSITOR = 16;
const SLASHER = 17;
const AGENT_IDENTITY = devAccount(1_500);

const random = seededRandomBytes("sdk-zk-stake-group");
const alice = { identity: createStakeIdentity(random), amount: parseEther("200") };
const bob = { identity: createStakeIdentity(random), amount: parseEther("50") };

let workDir: string;
let anvil: Anvil;
let deployment: Deployment;
let chainId: number;
let group: Address;
let endorsements: Address;
let fromBlock: bigint;
let firstDepositBlock: bigint;
let agentId: bigint;

const clients = (account: number) => localClients(anvil.rpcUrl, account);

async function send(
  account: number,
  request: Omit<Parameters<ReturnType<typeof clients>["walletClient"]["writeContract"]>[0], "account" | "chain">,
) {
  const { publicClient, walletClient } = clients(account);
  const hash = await walletClient.writeContract(request as Parameters<typeof walletClient.writeContract>[0]);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`Transaction ${hash} reverted`);
  return receipt;
}

const read = () => clients(OPERATOR).publicClient;
const groupRoot = () => read().readContract({ address: group, abi: anonymousStakeGroupAbi, functionName: "root" });

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-sdk-zk-"));
  anvil = await startAnvil({ port: await freePort(), logFile: path.join(workDir, "anvil.log") });
  deployment = await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: workDir });
  chainId = deployment.chainId;
  group = deployment.contracts.AnonymousStakeGroup.address;
  endorsements = deployment.contracts.Endorsements.address;
  fromBlock = BigInt(deployment.contracts.AnonymousStakeGroup.startBlock);
  const token = deployment.contracts.DevStakeToken!.address;
  const stakeManager = deployment.contracts.StakeManager.address;

  // A registered agent to endorse.
  await send(OPERATOR, { address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
  await send(OPERATOR, {
    address: token,
    abi: devStakeTokenAbi,
    functionName: "approve",
    args: [stakeManager, parseEther("100")],
  });
  await send(OPERATOR, {
    address: stakeManager,
    abi: stakeManagerAbi,
    functionName: "deposit",
    args: [parseEther("100")],
  });
  const proof = await createIdentityProof({
    publicClient: read(),
    agentRegistry: deployment.contracts.AgentRegistry.address,
    account: AGENT_IDENTITY,
    operator: clients(OPERATOR).walletClient.account.address,
  });
  await send(OPERATOR, {
    address: deployment.contracts.AgentRegistry.address,
    abi: agentRegistryAbi,
    functionName: "register",
    args: [
      AGENT_IDENTITY.address,
      keccak256(toHex("sdk-zk-test-agent")),
      "ipfs://agent",
      proof.deadline,
      proof.signature,
    ],
  });
  agentId = await read().readContract({
    address: deployment.contracts.AgentRegistry.address,
    abi: agentRegistryAbi,
    functionName: "agentOfIdentity",
    args: [AGENT_IDENTITY.address],
  });

  await send(DEPOSITOR, { address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
  await send(DEPOSITOR, {
    address: token,
    abi: devStakeTokenAbi,
    functionName: "approve",
    args: [group, parseEther("1000")],
  });
  const first = await send(DEPOSITOR, {
    address: group,
    abi: anonymousStakeGroupAbi,
    functionName: "deposit",
    args: [alice.identity.commitment, alice.amount],
  });
  firstDepositBlock = first.blockNumber;
  await send(DEPOSITOR, {
    address: group,
    abi: anonymousStakeGroupAbi,
    functionName: "deposit",
    args: [bob.identity.commitment, bob.amount],
  });
}, 120_000);

afterAll(async () => {
  await releaseProver();
  await anvil?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const sync = (chunkSize?: bigint) => syncStakeTree({ publicClient: read(), group, fromBlock, chunkSize });

async function endorse(identity: StakeIdentity, signal: Hex, onProgress?: (progress: ProverProgress) => void) {
  const { tree, leaves } = await sync();
  const leaf = findIdentityLeaf(leaves, identity.commitment)!;
  const read_ = read();
  const [epoch, threshold] = await Promise.all([
    read_.readContract({ address: endorsements, abi: endorsementsAbi, functionName: "currentEpoch" }),
    read_.readContract({ address: endorsements, abi: endorsementsAbi, functionName: "threshold" }),
  ]);
  const prepared = prepareEndorsement({
    identity,
    stakeAmount: leaf.amount!,
    tree,
    leafIndex: leaf.index,
    chainId,
    endorsements,
    agentId,
    epoch,
    signal,
    threshold,
  });
  const proof = await proveStakeMembership({ input: prepared.input, artifacts, onProgress });
  await send(DEPOSITOR, {
    address: endorsements,
    abi: endorsementsAbi,
    functionName: "endorse",
    args: [agentId, epoch, signal, proof.root, proof.y, proof.nullifier, proof.calldata],
  });
  return { epoch, prepared, proof };
}

describe("# syncStakeTree", PROOF_TIMEOUT, () => {
  it("should rebuild the group's tree from its deposits", async () => {
    const { tree, leaves, root, toBlock } = await sync();
    expect(root).toBe(await groupRoot());
    expect(tree.size).toBe(2);
    expect(toBlock).toBe(await read().getBlockNumber());
    expect(leaves.map(({ index, commitment, amount }) => ({ index, commitment, amount }))).toEqual([
      { index: 0, commitment: alice.identity.commitment, amount: alice.amount },
      { index: 1, commitment: bob.identity.commitment, amount: bob.amount },
    ]);
  });

  it("should zero the leaf of a withdrawal request, with logs read in small chunks", async () => {
    const { leaves } = await sync();
    const { index } = findIdentityLeaf(leaves, bob.identity.commitment, bob.amount)!;
    const recipient = devAccount(DEPOSITOR).address;
    const prepared = prepareWithdrawal({
      identity: bob.identity,
      stakeAmount: bob.amount,
      chainId,
      group,
      recipient,
      relayerFee: parseEther("1"),
    });
    const proof = await proveStakeMembership({ input: prepared.input, artifacts });
    // Sent by another account, the relayer paid the fee at withdraw.
    await send(SLASHER, {
      address: group,
      abi: anonymousStakeGroupAbi,
      functionName: "requestWithdrawal",
      args: [bob.identity.commitment, recipient, prepared.relayerFee, proof.y, proof.nullifier, proof.calldata],
    });
    const identity = await read().readContract({
      address: group,
      abi: anonymousStakeGroupAbi,
      functionName: "identityOf",
      args: [bob.identity.commitment],
    });
    expect(identity.relayer).toBe(devAccount(SLASHER).address);
    expect(identity.relayerFee).toBe(parseEther("1"));

    const synced = await sync(3n);
    expect(synced.root).toBe(await groupRoot());
    expect(synced.leaves[index]!.leaf).toBe(0n);
    expect(findIdentityLeaf(synced.leaves, bob.identity.commitment)).toBeUndefined();
    expect(findIdentityLeaf(synced.leaves, alice.identity.commitment)?.index).toBe(0);
  });

  it("should refuse a fromBlock after the first deposit", async () => {
    await expect(
      syncStakeTree({ publicClient: read(), group, fromBlock: firstDepositBlock + 1n }),
    ).rejects.toBeInstanceOf(StakeTreeSyncError);
  });
});

describe("# proveStakeMembership", PROOF_TIMEOUT, () => {
  let first: Awaited<ReturnType<typeof endorse>>;
  const stages: ProverProgress["stage"][] = [];

  beforeAll(async () => {
    first = await endorse(alice.identity, keccak256(toHex("review: reliable")), (progress) =>
      stages.push(progress.stage),
    );
  }, 30_000);

  it("should make a proof the deployed Endorsements accepts", async () => {
    const count = await read().readContract({
      address: endorsements,
      abi: endorsementsAbi,
      functionName: "endorsementCount",
      args: [agentId, first.epoch],
    });
    expect(count).toBe(1n);
    expect(first.proof.nullifier).toBe(first.prepared.nullifier);
    expect(first.proof.root).toBe(await groupRoot());
  });

  it("should report the witness, proving and done stages in order", () => {
    expect(stages).toEqual(["witness", "proving", "done"]);
  });

  it("should be slashed by its double signal, and recover the same identity from the shares", async () => {
    const second: { proof: ProveStakeMembershipReturnType } = await endorse(
      alice.identity,
      keccak256(toHex("review: leaks")),
    );
    expect(second.proof.nullifier).toBe(first.proof.nullifier);
    const [share1, share2] = await read().readContract({
      address: endorsements,
      abi: endorsementsAbi,
      functionName: "sharesOf",
      args: [first.proof.nullifier],
    });
    expect(recoverStakeSecret(share1, share2)).toEqual(alice.identity);
    const identity = await read().readContract({
      address: group,
      abi: anonymousStakeGroupAbi,
      functionName: "identityOf",
      args: [alice.identity.commitment],
    });
    expect(identity.status).toBe(4); // Slashed

    const synced = await sync();
    expect(synced.root).toBe(await groupRoot());
    expect(synced.leaves.every((entry) => entry.leaf === 0n)).toBe(true);
  });
});
