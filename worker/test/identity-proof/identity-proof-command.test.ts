import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  agentRegistryAbi,
  devStakeTokenAbi,
  IdentityProofError,
  parseIdentityProof,
  stakeManagerAbi,
  verifyIdentityProof,
  type Deployment,
} from "@leasehold/sdk";
import { keccak256, parseEther, stringToHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type Anvil } from "../../../scripts/lib/anvil.ts";
import { deployLocal, localClients } from "../../../scripts/lib/local-deploy.ts";
import { freePort } from "../../../scripts/lib/processes.ts";
import { identityProofCommand, IdentityProofUsageError } from "../../src/identity-proof/index.ts";

const OPERATOR = 2;
const entry = path.resolve(import.meta.dirname, "../../src/identity-proof.ts");

let anvil: Anvil;
let dir: string;
let deployment: Deployment;
let deploymentFile: string;
let operator: ReturnType<typeof localClients>;

beforeAll(async () => {
  anvil = await startAnvil({ port: await freePort() });
  dir = await mkdtemp(path.join(tmpdir(), "leasehold-identity-proof-"));
  deployment = await deployLocal({ rpcUrl: anvil.rpcUrl, deploymentsDir: dir });
  deploymentFile = path.join(dir, `${deployment.chainId}.json`);
  operator = localClients(anvil.rpcUrl, OPERATOR);
  const { DevStakeToken, StakeManager } = deployment.contracts;
  const stake = parseEther("200");
  for (const request of [
    { address: DevStakeToken!.address, abi: devStakeTokenAbi, functionName: "faucet", args: [] },
    {
      address: DevStakeToken!.address,
      abi: devStakeTokenAbi,
      functionName: "approve",
      args: [StakeManager.address, stake],
    },
    { address: StakeManager.address, abi: stakeManagerAbi, functionName: "deposit", args: [stake] },
  ] as const) {
    await operator.publicClient.waitForTransactionReceipt({
      hash: await operator.walletClient.writeContract(request as never),
    });
  }
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const run = (args: string[], key: Hex) =>
  identityProofCommand({
    args: ["--rpc", anvil.rpcUrl, "--deployment", deploymentFile, ...args],
    env: { LEASEHOLD_IDENTITY_KEY: key },
  });

async function register(identity: Hex, proofText: string) {
  const proof = parseIdentityProof(proofText);
  const hash = await operator.walletClient.writeContract({
    address: deployment.contracts.AgentRegistry.address,
    abi: agentRegistryAbi,
    functionName: "register",
    args: [identity, keccak256(stringToHex("worker-cli-agent")), "", proof.deadline, proof.signature],
  });
  const receipt = await operator.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
}

describe("identity-proof command", () => {
  it("should print a registration proof the registry accepts from the operator it names", async () => {
    const key = generatePrivateKey();
    const identity = privateKeyToAddress(key);
    const line = await run(["--operator", operator.walletClient.account.address], key);
    const proof = parseIdentityProof(line);
    const now = (await operator.publicClient.getBlock()).timestamp;
    expect(proof).toMatchObject({ identity, agentId: 0n, nonce: 0n, chainId: deployment.chainId });
    expect(proof.deadline - now).toBeGreaterThanOrEqual(86_399n);
    await verifyIdentityProof({
      signedProof: proof,
      expected: {
        chainId: deployment.chainId,
        agentRegistry: deployment.contracts.AgentRegistry.address,
        operator: operator.walletClient.account.address,
        agentId: 0n,
        now,
      },
    });

    await register(identity, line);
    const again = await run(["--operator", operator.walletClient.account.address], key).catch((error) => error);
    expect(again).toBeInstanceOf(IdentityProofError);
    expect((again as IdentityProofError).reason).toBe("identity-taken");
  });

  it("should sign a rotation of the agent given, valid for the seconds given", async () => {
    const key = generatePrivateKey();
    const line = await run(
      ["--operator", operator.walletClient.account.address, "--agent", "7", "--valid-for", "600"],
      key,
    );
    const proof = parseIdentityProof(line);
    const now = (await operator.publicClient.getBlock()).timestamp;
    expect(proof.agentId).toBe(7n);
    expect(proof.deadline).toBe(now + 600n);
  });

  it("should refuse a bad command line or a missing key", async () => {
    const key = generatePrivateKey();
    const address = operator.walletClient.account.address;
    for (const [args, env] of [
      [["--deployment", deploymentFile], { LEASEHOLD_IDENTITY_KEY: key }],
      [["--deployment", deploymentFile, "--operator", "0x1234"], { LEASEHOLD_IDENTITY_KEY: key }],
      [["--deployment", deploymentFile, "--operator", address, "--agent", "0"], { LEASEHOLD_IDENTITY_KEY: key }],
      [["--deployment", deploymentFile, "--operator", address, "--valid-for", "-5"], { LEASEHOLD_IDENTITY_KEY: key }],
      [["--deployment", deploymentFile, "--operator", address, "--key", key], { LEASEHOLD_IDENTITY_KEY: key }],
      [["--deployment", deploymentFile, "--operator", address], {}],
      [["--deployment", deploymentFile, "--operator", address, "--key-env", "OTHER"], { LEASEHOLD_IDENTITY_KEY: key }],
      [["--deployment", path.join(dir, "missing.json"), "--operator", address], { LEASEHOLD_IDENTITY_KEY: key }],
    ] as const) {
      await expect(identityProofCommand({ args: ["--rpc", anvil.rpcUrl, ...args], env })).rejects.toBeInstanceOf(
        IdentityProofUsageError,
      );
    }
  });

  it("should run as a process, printing the proof as one line of JSON and nothing else", async () => {
    const key = generatePrivateKey();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        entry,
        "--rpc",
        anvil.rpcUrl,
        "--deployment",
        deploymentFile,
        "--operator",
        operator.walletClient.account.address,
        "--key-env",
        "AGENT_KEY",
      ],
      { env: { ...process.env, AGENT_KEY: key } },
    );
    expect(stdout.endsWith("\n")).toBe(true);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    await register(privateKeyToAddress(key), stdout.trim());
  });
});
