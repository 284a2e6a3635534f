/**
 * The relayer service as a process (scripts/lib/relayer.ts) against anvil with the real deploy:
 * withdrawals relayed end to end (the request and the withdraw both sent by the relayer, the
 * depositor sending nothing), a restart with a request pending, and the refusals. Proofs are
 * real, made with the kept circuit artifacts (about a second each).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  agentRegistryAbi,
  anonymousStakeGroupAbi,
  createIdentityProof,
  devAccount,
  devStakeTokenAbi,
  endorsementsAbi,
  stakeManagerAbi,
  type Deployment,
} from "@leasehold/sdk";
import { createRelayerClient, proofToJson, RelayerError, type RelayerClient } from "@leasehold/sdk/relayer";
import {
  createStakeIdentity,
  findIdentityLeaf,
  prepareEndorsement,
  prepareWithdrawal,
  proveStakeMembership,
  releaseProver,
  syncStakeTree,
  type StakeIdentity,
} from "@leasehold/sdk/zk";
import { getAddress, hexToBytes, keccak256, parseEther, toHex, type Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { increaseTime, startAnvil, type Anvil } from "../../../scripts/lib/anvil.ts";
import { deployLocal, localClients } from "../../../scripts/lib/local-deploy.ts";
import { freePort } from "../../../scripts/lib/processes.ts";
import { fundRelayBudget, startRelayer, type Relayer } from "../../../scripts/lib/relayer.ts";

const artifactsDir = path.resolve(import.meta.dirname, "../../../circuits/artifacts");
const artifacts = {
  wasm: path.join(artifactsDir, "stake-membership.wasm"),
  zkey: path.join(artifactsDir, "stake-membership.zkey"),
};

/** Deposits behind the identities; far from the devnet's role accounts. */
const DEPOSITOR = 16;
/** Operates the agent the endorsements name. */
const OPERATOR = 17;
const MIN_FEE = parseEther("1");
const STAKE = parseEther("40");

let workDir: string;
let anvil: Anvil;
let deployment: Deployment;
let group: Address;
let relayer: Relayer;
let client: RelayerClient;

const read = () => localClients(anvil.rpcUrl).publicClient;

async function send(account: number, request: Record<string, unknown>) {
  const { publicClient, walletClient } = localClients(anvil.rpcUrl, account);
  const hash = await walletClient.writeContract(request as Parameters<typeof walletClient.writeContract>[0]);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`Transaction ${hash} reverted`);
}

async function deposit(label: string, amount = STAKE): Promise<StakeIdentity> {
  let counter = 0;
  // A reproducible identity per label: keccak256 blocks of label/counter.
  const identity = createStakeIdentity(() => hexToBytes(keccak256(toHex(`${label}/${counter++}`))));
  await send(DEPOSITOR, {
    address: group,
    abi: anonymousStakeGroupAbi,
    functionName: "deposit",
    args: [identity.commitment, amount],
  });
  return identity;
}

async function withdrawalProof(identity: StakeIdentity, recipient: Address, relayerFee: bigint) {
  const prepared = prepareWithdrawal({
    identity,
    stakeAmount: STAKE,
    chainId: deployment.chainId,
    group,
    recipient,
    relayerFee,
  });
  const proof = await proveStakeMembership({ input: prepared.input, artifacts });
  return {
    commitment: identity.commitment,
    recipient,
    relayerFee,
    y: proof.y,
    nullifier: proof.nullifier,
    proof: proof.calldata,
  };
}

const identityOf = (commitment: bigint) =>
  read().readContract({ address: group, abi: anonymousStakeGroupAbi, functionName: "identityOf", args: [commitment] });

const tokenBalance = (address: Address) =>
  read().readContract({
    address: deployment.contracts.DevStakeToken!.address,
    abi: devStakeTokenAbi,
    functionName: "balanceOf",
    args: [address],
  });

/** Polls the chain until the identity is withdrawn (the relayer's keeper polls every 100 ms). */
async function withdrawn(commitment: bigint, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await identityOf(commitment)).status !== 3) {
    if (Date.now() > deadline) throw new Error("the relayer did not withdraw in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let port: number;

/** Starts the relayer, or restarts it on the same port and data folder (its journal). */
const launchRelayer = (overrides: Partial<Parameters<typeof startRelayer>[0]> = {}) =>
  startRelayer({
    port,
    rpcUrl: anvil.rpcUrl,
    chainId: deployment.chainId,
    deploymentsDir: workDir,
    dataDir: path.join(workDir, "relayer"),
    minWithdrawalFee: MIN_FEE,
    pollIntervalMs: 100,
    bodyLimitBytes: 4_096,
    logFile: path.join(workDir, "relayer.log"),
    ...overrides,
  });

async function post(route: string, body: string, contentType = "application/json") {
  const response = await fetch(`${relayer.url}${route}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as { error: { code: string } } };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "leasehold-relayer-"));
  anvil = await startAnvil({ port: await freePort(), logFile: path.join(workDir, "anvil.log") });
  deployment = await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: workDir });
  group = deployment.contracts.AnonymousStakeGroup.address;
  const token = deployment.contracts.DevStakeToken!.address;
  await send(DEPOSITOR, { address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
  await send(DEPOSITOR, {
    address: token,
    abi: devStakeTokenAbi,
    functionName: "approve",
    args: [group, parseEther("1000")],
  });
  port = await freePort();
  relayer = await launchRelayer();
  client = createRelayerClient({ url: relayer.url });
}, 120_000);

afterAll(async () => {
  await releaseProver();
  await relayer?.stop();
  await anvil?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("# POST /v1/withdrawals", { timeout: 60_000 }, () => {
  it("should request from the relayer's account and withdraw after unlockAt, paying recipient and relayer exactly, with nothing sent by the depositor", async () => {
    const identity = await deposit("relayed");
    const recipient = devAccount(1_700).address;
    const depositor = devAccount(DEPOSITOR).address;
    const depositorNonce = await read().getTransactionCount({ address: depositor });
    const fee = parseEther("2");
    const relayerTokens = await tokenBalance(relayer.address);

    const { txHash, unlockAt } = await client.relayWithdrawal(await withdrawalProof(identity, recipient, fee));

    const request = await read().getTransaction({ hash: txHash });
    expect(getAddress(request.from)).toBe(relayer.address);
    const pending = await identityOf(identity.commitment);
    expect(pending.relayer).toBe(relayer.address);
    expect(pending.unlockAt).toBe(unlockAt);
    expect((await identityOf(identity.commitment)).status).toBe(2);

    await increaseTime(anvil.rpcUrl, unlockAt - (await read().getBlock()).timestamp);
    await withdrawn(identity.commitment);

    expect(await tokenBalance(recipient)).toBe(STAKE - fee);
    expect(await tokenBalance(relayer.address)).toBe(relayerTokens + fee);
    expect(await read().getTransactionCount({ address: depositor })).toBe(depositorNonce);
  });
});

describe("# sending", { timeout: 60_000 }, () => {
  it("should send concurrent requests one after another, with consecutive nonces, all mined", async () => {
    const requests = [];
    for (const [index, label] of ["concurrent-a", "concurrent-b", "concurrent-c"].entries()) {
      requests.push(await withdrawalProof(await deposit(label), devAccount(1_710 + index).address, MIN_FEE));
    }
    const sent = await Promise.all(requests.map((request) => client.relayWithdrawal(request)));
    const transactions = await Promise.all(sent.map(({ txHash }) => read().getTransaction({ hash: txHash })));
    const nonces = transactions.map((transaction) => transaction.nonce).sort((a, b) => a - b);
    expect(nonces).toEqual([nonces[0]!, nonces[0]! + 1, nonces[0]! + 2]);
    for (const { txHash } of sent) {
      expect((await read().getTransactionReceipt({ hash: txHash })).status).toBe("success");
    }
  });
});

describe("# refusals", { timeout: 60_000 }, () => {
  const recipient = devAccount(1_701).address;
  let identity: StakeIdentity;
  let valid: Awaited<ReturnType<typeof withdrawalProof>>;
  let validJson: Record<string, unknown>;

  beforeAll(async () => {
    identity = await deposit("refused");
    valid = await withdrawalProof(identity, recipient, MIN_FEE);
    validJson = {
      commitment: valid.commitment.toString(),
      recipient: valid.recipient,
      relayerFee: valid.relayerFee.toString(),
      y: valid.y.toString(),
      nullifier: valid.nullifier.toString(),
      proof: proofToJson(valid.proof),
    };
  }, 60_000);

  it("should answer 400 invalid_body for a body with a missing, unknown or malformed field", async () => {
    const { proof: _proof, ...missing } = validJson;
    for (const body of [missing, { ...validJson, extra: "1" }, { ...validJson, relayerFee: "-1" }]) {
      const answer = await post("/v1/withdrawals", JSON.stringify(body));
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("invalid_body");
    }
  });

  it("should answer 400 malformed_body for a body that is not JSON", async () => {
    const answer = await post("/v1/withdrawals", "{not json");
    expect(answer).toMatchObject({ status: 400, body: { error: { code: "malformed_body" } } });
  });

  it("should answer 413 body_too_large for a body over the limit, before reading it", async () => {
    const answer = await post("/v1/withdrawals", JSON.stringify({ ...validJson, padding: "x".repeat(8_192) }));
    expect(answer).toMatchObject({ status: 413, body: { error: { code: "body_too_large" } } });
  });

  it("should answer 415 for a body that is not application/json", async () => {
    const answer = await post("/v1/withdrawals", JSON.stringify(validJson), "text/plain");
    expect(answer).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
  });

  it("should refuse a relayer fee below its minimum with fee_too_low, sending nothing", async () => {
    const nonce = await read().getTransactionCount({ address: relayer.address });
    const error = await client.relayWithdrawal({ ...valid, relayerFee: MIN_FEE - 1n }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RelayerError);
    expect(error).toMatchObject({ status: 422, code: "fee_too_low", retryable: false });
    expect(await read().getTransactionCount({ address: relayer.address })).toBe(nonce);
  });

  it("should refuse a request that would revert with 422 would_revert and the decoded custom error, sending nothing", async () => {
    const nonce = await read().getTransactionCount({ address: relayer.address });
    // A proof for another fee: the scope differs, so the group's verifier refuses it.
    const error = await client.relayWithdrawal({ ...valid, relayerFee: MIN_FEE + 1n }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      status: 422,
      code: "would_revert",
      revert: { name: "AnonymousStakeGroupInvalidProof", args: [] },
    });
    expect(await read().getTransactionCount({ address: relayer.address })).toBe(nonce);
  });

  it("should refuse a replay of a relayed request with 409 already_relayed", async () => {
    await client.relayWithdrawal(valid);
    const error = await client.relayWithdrawal(valid).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ status: 409, code: "already_relayed" });
  });

  it("should answer 404 not_found for an unknown route", async () => {
    const answer = await post("/v1/nothing", "{}");
    expect(answer).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("should count requests by route and outcome, and the transactions, on /metrics", async () => {
    const text = await (await fetch(`${relayer.url}/metrics`)).text();
    expect(text).toContain('leasehold_relayer_requests_total{route="/v1/withdrawals",outcome="fee_too_low"} 1');
    expect(text).toContain('leasehold_relayer_requests_total{route="/v1/withdrawals",outcome="body_too_large"} 1');
    expect(text).toContain(
      'leasehold_relayer_reverted_simulations_total{kind="requestWithdrawal",error="AnonymousStakeGroupInvalidProof"} 1',
    );
    expect(text).toMatch(/leasehold_relayer_transactions_total\{kind="requestWithdrawal",result="mined"\} [1-9]/);
  });
});

describe("# restart", { timeout: 60_000 }, () => {
  it("should withdraw a request it sent before a restart once it matures, from its journal", async () => {
    const identity = await deposit("restart");
    const recipient = devAccount(1_702).address;
    const fee = parseEther("3");
    const { unlockAt } = await client.relayWithdrawal(await withdrawalProof(identity, recipient, fee));

    await relayer.stop();
    await increaseTime(anvil.rpcUrl, unlockAt - (await read().getBlock()).timestamp);
    expect((await identityOf(identity.commitment)).status).toBe(2);
    relayer = await launchRelayer();

    await withdrawn(identity.commitment);
    expect(await tokenBalance(recipient)).toBe(STAKE - fee);
    const [paid] = await read().getContractEvents({
      address: group,
      abi: anonymousStakeGroupAbi,
      eventName: "Withdrawn",
      args: { commitment: identity.commitment },
      fromBlock: 0n,
    });
    expect(paid?.args).toMatchObject({ relayer: relayer.address, relayerFee: fee, recipient });
    const withdrawal = await read().getTransaction({ hash: paid!.transactionHash });
    expect(getAddress(withdrawal.from)).toBe(relayer.address);
  });
});

describe("# POST /v1/endorsements", { timeout: 60_000 }, () => {
  const ENDORSER_STAKE = parseEther("150");
  const signal = keccak256(toHex("review: relayed"));
  let agentId: bigint;
  let endorsement: Parameters<RelayerClient["relayEndorsement"]>[0];
  const endorsements = () => deployment.contracts.Endorsements.address;
  const readEndorsements = <T>(functionName: string, args: readonly unknown[] = []) =>
    read().readContract({ address: endorsements(), abi: endorsementsAbi, functionName, args } as never) as Promise<T>;

  beforeAll(async () => {
    const token = deployment.contracts.DevStakeToken!.address;
    const stakeManager = deployment.contracts.StakeManager.address;
    const agentIdentity = devAccount(1_703);
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
    const registration = await createIdentityProof({
      publicClient: read(),
      agentRegistry: deployment.contracts.AgentRegistry.address,
      account: agentIdentity,
      operator: devAccount(OPERATOR).address,
    });
    await send(OPERATOR, {
      address: deployment.contracts.AgentRegistry.address,
      abi: agentRegistryAbi,
      functionName: "register",
      args: [
        agentIdentity.address,
        keccak256(toHex("relayer-test-agent")),
        "ipfs://agent",
        registration.deadline,
        registration.signature,
      ],
    });
    agentId = await read().readContract({
      address: deployment.contracts.AgentRegistry.address,
      abi: agentRegistryAbi,
      functionName: "agentOfIdentity",
      args: [agentIdentity.address],
    });

    const identity = await deposit("endorser", ENDORSER_STAKE);
    const { tree, leaves } = await syncStakeTree({
      publicClient: read(),
      group,
      fromBlock: BigInt(deployment.contracts.AnonymousStakeGroup.startBlock),
    });
    const leaf = findIdentityLeaf(leaves, identity.commitment)!;
    const epoch = await readEndorsements<bigint>("currentEpoch");
    const prepared = prepareEndorsement({
      identity,
      stakeAmount: ENDORSER_STAKE,
      tree,
      leafIndex: leaf.index,
      chainId: deployment.chainId,
      endorsements: endorsements(),
      agentId,
      epoch,
      signal,
      threshold: await readEndorsements<bigint>("threshold"),
    });
    const proof = await proveStakeMembership({ input: prepared.input, artifacts });
    endorsement = {
      agentId,
      epoch,
      signal,
      root: proof.root,
      y: proof.y,
      nullifier: proof.nullifier,
      proof: proof.calldata,
    };
  }, 60_000);

  it("should refuse with 503 relay_budget_exhausted while the relay budget cannot refund its gas, sending nothing", async () => {
    expect(await readEndorsements<bigint>("relayBudget")).toBe(0n);
    const nonce = await read().getTransactionCount({ address: relayer.address });
    const error = await client.relayEndorsement(endorsement).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ status: 503, code: "relay_budget_exhausted", retryable: true });
    expect(await read().getTransactionCount({ address: relayer.address })).toBe(nonce);
  });

  it("should send the endorsement from the relayer's account, counted, its gas refunded from the budget, nothing sent by the depositor", async () => {
    const budget = await fundRelayBudget({ rpcUrl: anvil.rpcUrl, deployment, amount: parseEther("1") });
    const depositorNonce = await read().getTransactionCount({ address: devAccount(DEPOSITOR).address });
    const info = await client.info();
    expect(info.relayer).toBe(relayer.address);
    expect(info.fees.endorsements.relayBudget).toBe(budget);

    const { txHash } = await client.relayEndorsement(endorsement);

    const receipt = await read().waitForTransactionReceipt({ hash: txHash });
    expect(receipt.status).toBe("success");
    expect(getAddress(receipt.from)).toBe(relayer.address);
    expect(await readEndorsements<bigint>("endorsementCount", [agentId, endorsement.epoch])).toBe(1n);
    const refund = await readEndorsements<bigint>("relayFeesOf", [relayer.address]);
    // The contract's own gas measure, priced at the relayer's price: within 1 % of what it paid.
    const paid = receipt.gasUsed * receipt.effectiveGasPrice;
    expect(refund).toBeLessThanOrEqual(paid);
    expect(refund * 100n).toBeGreaterThanOrEqual(paid * 99n);
    expect(await readEndorsements<bigint>("relayBudget")).toBe(budget - refund);
    expect(await read().getTransactionCount({ address: devAccount(DEPOSITOR).address })).toBe(depositorNonce);
  });

  it("should claim its accrued refunds back to itself once they pass its threshold, and count them", async () => {
    const accrued = await readEndorsements<bigint>("relayFeesOf", [relayer.address]);
    expect(accrued).toBeGreaterThan(0n);
    // Under the default threshold (0.01 ether) one endorsement's refund stays in the contract.
    expect(accrued).toBeLessThan(parseEther("0.01"));
    await relayer.stop();
    const before = await read().getBalance({ address: relayer.address });
    relayer = await launchRelayer({ claimRefundsAbove: 1n });
    const deadline = Date.now() + 20_000;
    while ((await readEndorsements<bigint>("relayFeesOf", [relayer.address])) !== 0n) {
      if (Date.now() > deadline) throw new Error("the relayer did not claim its refunds in time");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const claims = await read().getContractEvents({
      address: endorsements(),
      abi: endorsementsAbi,
      eventName: "RelayFeesClaimed",
      fromBlock: 0n,
    });
    expect(claims).toHaveLength(1);
    expect(claims[0]!.args).toMatchObject({ to: relayer.address, amount: accrued });
    const receipt = await read().getTransactionReceipt({ hash: claims[0]!.transactionHash });
    const after = await read().getBalance({ address: relayer.address });
    expect(after - before).toBe(accrued - receipt.gasUsed * receipt.effectiveGasPrice);
    const metrics = await (await fetch(`${relayer.url}/metrics`)).text();
    expect(metrics).toContain(`leasehold_relayer_claimed_refunds_wei_total ${Number(accrued)}`);
  });

  it("should refuse the same endorsement again with 409 already_relayed, naming EndorsementsReplayed", async () => {
    const error = await client.relayEndorsement(endorsement).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ status: 409, code: "already_relayed", revert: { name: "EndorsementsReplayed" } });
  });
});
