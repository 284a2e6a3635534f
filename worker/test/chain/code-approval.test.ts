/**
 * The worker's approval check (ChainClient.isCodeApproved) against the real CodeRegistry on a
 * local chain, through issue 11's code-hash squatting: the bundle is approved by its publisher's
 * release, a squatter publishes copies of the same hash with bogus metadata, the guardian
 * revokes them, and only a revocation of the code itself stops the worker.
 */
import { codeRegistryAbi, devAccountRoles, devStakeTokenAbi } from "@leasehold/sdk";
import { keccak256, stringToHex, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClients } from "../../../scripts/lib/local-deploy.ts";
import { readAgentManifest } from "../../src/bundles/index.ts";
import { startLocalChain, type LocalChain } from "../fixtures/local-chain.ts";

/** Funded with ether by anvil, and no other role on the devnet. */
const SQUATTER = 8;

let local: LocalChain;
let codeHash: Hex;

async function publishAs(accountIndex: number, hash: Hex) {
  const clients = localClients(local.anvil.rpcUrl, accountIndex);
  const { CodeRegistry, DevStakeToken } = local.deployment.contracts;
  const bond = await clients.publicClient.readContract({
    address: CodeRegistry.address,
    abi: codeRegistryAbi,
    functionName: "publicationBond",
  });
  await local.send(clients, {
    address: DevStakeToken!.address,
    abi: devStakeTokenAbi,
    functionName: "faucet",
    args: [],
  });
  await local.send(clients, {
    address: DevStakeToken!.address,
    abi: devStakeTokenAbi,
    functionName: "approve",
    args: [CodeRegistry.address, bond],
  });
  await local.send(clients, {
    address: CodeRegistry.address,
    abi: codeRegistryAbi,
    functionName: "publish",
    args: [hash, keccak256(stringToHex("bogus content")), 1n, 2, "data:,not the author"],
  });
}

async function asGuardian(request: { functionName: "revoke" | "revokeCode"; args: readonly unknown[] }) {
  await local.send(localClients(local.anvil.rpcUrl, devAccountRoles.guardian), {
    address: local.deployment.contracts.CodeRegistry.address,
    abi: codeRegistryAbi,
    ...request,
  } as never);
}

beforeAll(async () => {
  local = await startLocalChain();
  codeHash = (await readAgentManifest()).agents.find((agent) => agent.name === "redaction")!.codeHash;
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

describe("# isCodeApproved", () => {
  it("should stay true while the guardian revokes a squatter's copy of the approved bundle", async () => {
    expect(await local.chain.isCodeApproved(codeHash)).toBe(true);
    await publishAs(SQUATTER, codeHash);
    expect(await local.chain.isCodeApproved(codeHash)).toBe(true);
    const squatter = localClients(local.anvil.rpcUrl, SQUATTER).walletClient.account.address;
    await asGuardian({ functionName: "revoke", args: [squatter, codeHash, "squatting"] });
    expect(await local.chain.isCodeApproved(codeHash)).toBe(true);
  });

  it("should turn false once the guardian revokes the code itself", async () => {
    await asGuardian({ functionName: "revokeCode", args: [codeHash, "exfiltrates lease data"] });
    expect(await local.chain.isCodeApproved(codeHash)).toBe(false);
  });
});
