/**
 * The gateway's API on a real local chain: minting tokens from the lease owner's signature, the
 * data owner's whole flow around a real job, and every route's refusals.
 */
import {
  attenuateCapability,
  decodeCapability,
  jobEscrowAbi,
  LOCAL_CHAIN_ID,
  openJobOutput,
  receiptDomain,
  sealContentKey,
  sealingKeyFromHex,
  SEALED_KEY_BYTES,
  sealJobInput,
  verifySignedReceipt,
} from "@leasehold/sdk";
import {
  GatewayError,
  gatewayDomain,
  signCapabilityRequest,
  verifyJobCertificate,
  type PublishedCertificate,
} from "@leasehold/sdk/gateway";
import { bytesToHex, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/audit/index.ts";
import { JobStatus } from "../../src/chain/index.ts";
import { processJob } from "../../src/lifecycle/index.ts";
import { createSandbox } from "../../src/sandbox/index.ts";
import { DEVNET_CHALLENGE_WINDOW } from "../../../scripts/lib/local-deploy.ts";
import { openJob, scopeHash, startLocalChain, type LocalChain } from "../fixtures/local-chain.ts";
import {
  lend,
  metricValue,
  ownerDomain,
  refusal,
  requestTokens,
  revoke,
  startGateway,
  storeFiles,
  wallClock,
  type TestGateway,
} from "./fixtures.ts";

let local: LocalChain;
let gateway: TestGateway;
let audit: AuditLog;
const sandbox = createSandbox();

beforeAll(async () => {
  local = await startLocalChain();
  gateway = await startGateway(local);
  audit = await AuditLog.open({ dir: gateway.dataDir });
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  await audit?.close();
  await gateway?.close();
  await local?.stop();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  expect((error as GatewayError).correlationId).toMatch(/^[0-9a-f-]{36}$/);
  return `${(error as GatewayError).status} ${(error as GatewayError).code}`;
}

async function signedRequest(
  leaseId: bigint,
  overrides: { expiresAt?: bigint; chainId?: number; signer?: "owner" | "stranger" } = {},
) {
  const request = {
    leaseId,
    operations: ["upload", "receipts"] as const,
    expiresAt: overrides.expiresAt ?? wallClock() + 600n,
  };
  const domain =
    overrides.chainId === undefined
      ? ownerDomain(local)
      : gatewayDomain({ chainId: overrides.chainId, leaseRegistry: local.deployment.contracts.LeaseRegistry.address });
  const signer =
    overrides.signer === "stranger" ? privateKeyToAccount(`0x${"11".repeat(32)}`) : local.owner.walletClient.account;
  const signature = await signCapabilityRequest({ domain, request, signer });
  return { ...request, signature };
}

/** The data owner polls the certificate until the worker has published it (the job is Accepted first). */
async function awaitCertificate(token: string, jobId: bigint): Promise<PublishedCertificate> {
  for (;;) {
    try {
      return await gateway.client.getCertificate({ token, jobId });
    } catch (error) {
      const pending = error instanceof GatewayError && ["certificate_not_found", "job_not_live"].includes(error.code);
      if (!pending) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

describe("# POST /v1/capabilities", () => {
  it("should mint one token per operation bound to the lease, its scope and agent, expiring at the earlier of request and lease", async () => {
    const { leaseId } = await lend(local);
    const expiresAt = wallClock() + 1_800n;
    const request = { leaseId, operations: ["upload", "receipts", "proofs"] as const, expiresAt };
    const signature = await signCapabilityRequest({
      domain: ownerDomain(local),
      request,
      signer: local.owner.walletClient.account,
    });
    const minted = await gateway.client.requestCapabilities({ ...request, signature });
    expect(Object.keys(minted.tokens)).toEqual(["upload", "receipts", "proofs"]);
    expect(minted.expiresAt).toBe(expiresAt);
    for (const op of request.operations) {
      const { caveats } = decodeCapability(minted.tokens[op]!);
      expect(caveats).toEqual([
        { key: "lease", value: leaseId },
        { key: "scope", value: scopeHash },
        { key: "agent", value: local.agentId },
        { key: "op", value: op },
        { key: "expires", value: expiresAt },
      ]);
    }
  });

  it("should cap the tokens' expiry at the lease's expiry", async () => {
    const { leaseId } = await lend(local, undefined, { leaseFor: 120n, deadlineIn: 60n });
    const lease = await local.chain.getLease(leaseId);
    const minted = await gateway.client.requestCapabilities(
      await signedRequest(leaseId, { expiresAt: wallClock() + 3_000n }),
    );
    expect(minted.expiresAt).toBe(lease.expiry);
  });

  it("should refuse a request signed by anyone but the lease owner, and count it as an auth failure", async () => {
    const { leaseId } = await lend(local);
    const before = await metricValue(gateway.metrics, "leasehold_gateway_auth_failures_total", {
      reason: "signature_invalid",
    });
    const request = await signedRequest(leaseId, { signer: "stranger" });
    expect(await codeOf(gateway.client.requestCapabilities(request))).toBe("401 signature_invalid");
    expect(
      await metricValue(gateway.metrics, "leasehold_gateway_auth_failures_total", { reason: "signature_invalid" }),
    ).toBe(before + 1);
  });

  it("should refuse tokens for a lease of an agent the worker does not serve, and mint for one it serves", async () => {
    const picky = await startGateway(local, { servedAgents: [local.agentId + 1n] });
    try {
      const { leaseId } = await lend(local);
      const request = await signedRequest(leaseId);
      expect(await codeOf(picky.client.requestCapabilities(request))).toBe("403 lease_not_served");
      const served = await startGateway(local, { servedAgents: [local.agentId] });
      try {
        expect(Object.keys((await served.client.requestCapabilities(request)).tokens)).toEqual(["upload", "receipts"]);
      } finally {
        await served.close();
      }
    } finally {
      await picky.close();
    }
  });

  it("should refuse a signature made for another chain's domain", async () => {
    const { leaseId } = await lend(local);
    const request = await signedRequest(leaseId, { chainId: 1 });
    expect(await codeOf(gateway.client.requestCapabilities(request))).toBe("401 signature_invalid");
  });

  it("should refuse a request that expired or expires more than an hour ahead", async () => {
    const { leaseId } = await lend(local);
    const past = await signedRequest(leaseId, { expiresAt: wallClock() - 1n });
    expect(await codeOf(gateway.client.requestCapabilities(past))).toBe("400 expiry_in_past");
    const far = await signedRequest(leaseId, { expiresAt: wallClock() + 3_700n });
    expect(await codeOf(gateway.client.requestCapabilities(far))).toBe("400 expiry_too_far");
  });

  it("should refuse a revoked lease and an unknown lease", async () => {
    const { leaseId } = await lend(local);
    await revoke(local, leaseId);
    expect(await codeOf(gateway.client.requestCapabilities(await signedRequest(leaseId)))).toBe("401 lease_not_live");
    expect(await codeOf(gateway.client.requestCapabilities(await signedRequest(10_000n)))).toBe("404 lease_not_found");
  });
});

describe("# the data owner's flow", () => {
  it("should take the context and the sealed key, then serve receipt, proof and output, still after the job is paid", async () => {
    const { leaseId, jobId, contentKey, contentId, envelope } = await lend(local);
    const tokens = await requestTokens(local, gateway, leaseId);
    expect(await gateway.client.uploadContext({ token: tokens.upload, leaseId, envelope })).toEqual({ contentId });

    const domain = receiptDomain({
      chainId: LOCAL_CHAIN_ID,
      receiptAnchor: local.deployment.contracts.ReceiptAnchor.address,
    });
    const owner = async () => {
      const published = await awaitCertificate(tokens.upload, jobId);
      await verifyJobCertificate({
        published,
        domain,
        jobId,
        agentId: local.agentId,
        isAgentIdentity: local.chain.isAgentIdentity,
      });
      const sealedKey = sealContentKey(contentKey, sealingKeyFromHex(published.certificate.sealingKey), {
        chainId: LOCAL_CHAIN_ID,
        jobId,
      });
      expect(await gateway.client.uploadSealedKey({ token: tokens.upload, jobId, sealedKey })).toEqual({
        created: true,
      });
    };
    const worker = {
      chain: local.chain,
      identity: local.identity,
      agentId: local.agentId,
      bundleName: "redaction",
      store: gateway.store,
      journal: gateway.journal,
      audit,
      sandbox,
      servedScopes: [scopeHash],
      paymentFloor: 0n,
      sealedKeyTimeoutMs: 20_000,
    };
    const [result] = await Promise.all([processJob(worker, jobId), owner()]);
    if (result.kind !== "receipted") throw new Error(`expected a receipt, got ${result.kind}`);

    const readAll = async () => {
      const receipt = await gateway.client.getReceipt({ token: tokens.receipts, jobId });
      const proof = await gateway.client.getProof({ token: tokens.proofs, jobId });
      const output = await gateway.client.getOutput({ token: tokens.receipts, jobId });
      return { receipt, proof, output };
    };
    const { receipt, proof, output } = await readAll();
    expect(receipt.digest).toBe(result.digest);
    const verified = await verifySignedReceipt({
      signedReceipt: receipt.signedReceipt,
      domain,
      isAgentIdentity: local.chain.isAgentIdentity,
    });
    expect(verified.digest).toBe(result.digest);
    expect(proof).toMatchObject({ batchId: result.batchId, digest: result.digest, index: 0, proof: result.proof });
    expect(await local.chain.verifyInclusion(proof.batchId, proof.digest, proof.proof)).toBe(true);
    const opened = JSON.parse(
      new TextDecoder().decode(openJobOutput(output, contentKey, { chainId: LOCAL_CHAIN_ID, jobId })),
    );
    expect(JSON.stringify(opened)).not.toContain("Alice");

    // Past the challenge window and the lease's expiry, the job paid: what it left stays readable.
    await local.advance(Number(DEVNET_CHALLENGE_WINDOW) + 3_700);
    await local.send(local.owner, {
      address: local.deployment.contracts.JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "finalize",
      args: [jobId],
    });
    expect((await local.chain.getJob(jobId)).status).toBe(JobStatus.Paid);
    expect((await local.chain.getLease(leaseId)).live).toBe(false);
    expect(await readAll()).toEqual({ receipt, proof, output });
    expect(await codeOf(gateway.client.uploadContext({ token: tokens.upload, leaseId, envelope }))).toBe(
      "401 lease_not_live",
    );
  }, 60_000);
});

describe("# token checks", () => {
  it("should refuse a missing, non-bearer or tampered token", async () => {
    const { leaseId, jobId } = await lend(local);
    const { receipts } = await requestTokens(local, gateway, leaseId, ["receipts"]);
    const url = `${gateway.baseUrl}/v1/jobs/${jobId}/receipt`;
    expect((await refusal(await fetch(url))).code).toBe("token_missing");
    const basic = await fetch(url, { headers: { authorization: `Basic ${receipts}` } });
    expect((await refusal(basic)).code).toBe("token_malformed");
    const bytes = Buffer.from(receipts, "base64url");
    bytes[bytes.length - 1]! ^= 1;
    const tampered = bytes.toString("base64url");
    expect(await codeOf(gateway.client.getReceipt({ token: tampered, jobId }))).toBe("401 token_bad_signature");
    expect(await codeOf(gateway.client.getReceipt({ token: "not a token", jobId }))).toBe("401 token_malformed");
  });

  it("should accept the same token in other libraries' spellings, and still refuse a bad one as malformed", async () => {
    const { leaseId, jobId } = await lend(local);
    const { receipts } = await requestTokens(local, gateway, leaseId, ["receipts"]);
    const narrowed = attenuateCapability({ token: receipts, caveats: [{ key: "job", value: jobId }] });
    const { identifier, caveats, signature } = readV2Binary(Buffer.from(narrowed, "base64url"));
    const pymacaroons = Buffer.concat([
      Buffer.from([2, 1, 0, 2, identifier.length]),
      identifier,
      Buffer.from([0]),
      ...caveats.map((caveat) => Buffer.concat([Buffer.from([1, 0, 2, caveat.length]), caveat, Buffer.from([0])])),
      Buffer.from([0, 6, 32]),
      signature,
    ]);
    const v2Json = Buffer.from(
      JSON.stringify({
        v: 2,
        i64: identifier.toString("base64url"),
        c: caveats.map((caveat) => ({ i: caveat.toString("utf8") })),
        s64: signature.toString("base64url"),
      }),
    );
    const spellings = [
      Buffer.from(narrowed, "base64url").toString("base64"),
      pymacaroons.toString("base64url").padEnd(Math.ceil(pymacaroons.length / 3) * 4, "="),
      v2Json.toString("base64"),
    ];
    for (const token of spellings) {
      expect(decodeCapability(token).caveats).toEqual(decodeCapability(narrowed).caveats);
      expect(await codeOf(gateway.client.getReceipt({ token, jobId })), token).toBe("404 receipt_not_found");
    }
    const mixed = `+${narrowed}_`;
    const answer = await refusal(
      await fetch(`${gateway.baseUrl}/v1/jobs/${jobId}/receipt`, { headers: { authorization: `Bearer ${mixed}` } }),
    );
    expect(answer.code).toBe("token_malformed");
    expect(answer.message).toMatch(/not base64/);
  });

  it("should refuse a token for another operation, another lease or (attenuated) another job", async () => {
    const first = await lend(local);
    const secondJob = await openJob(local, first.leaseId);
    const other = await lend(local);
    const tokens = await requestTokens(local, gateway, first.leaseId);
    const client = gateway.client;
    expect(await codeOf(client.getReceipt({ token: tokens.proofs, jobId: first.jobId }))).toBe("401 token_op_mismatch");
    expect(await codeOf(client.getProof({ token: tokens.receipts, jobId: first.jobId }))).toBe("401 token_op_mismatch");
    expect(
      await codeOf(client.uploadContext({ token: tokens.receipts, leaseId: first.leaseId, envelope: first.envelope })),
    ).toBe("401 token_op_mismatch");
    expect(await codeOf(client.getReceipt({ token: tokens.receipts, jobId: other.jobId }))).toBe(
      "401 token_lease_mismatch",
    );
    expect(
      await codeOf(client.uploadContext({ token: tokens.upload, leaseId: other.leaseId, envelope: other.envelope })),
    ).toBe("401 token_lease_mismatch");
    const forFirstJob = attenuateCapability({ token: tokens.receipts, caveats: [{ key: "job", value: first.jobId }] });
    expect(await codeOf(client.getReceipt({ token: forFirstJob, jobId: secondJob }))).toBe("401 token_job_mismatch");
    expect(await codeOf(client.getReceipt({ token: forFirstJob, jobId: first.jobId }))).toBe("404 receipt_not_found");
  });

  it("should refuse an expired token by the gateway's clock", async () => {
    const { leaseId, jobId } = await lend(local);
    const { receipts } = await requestTokens(local, gateway, leaseId, ["receipts"], wallClock() + 60n);
    expect(await codeOf(gateway.client.getReceipt({ token: receipts, jobId }))).toBe("404 receipt_not_found");
    gateway.setClockOffset(61);
    try {
      expect(await codeOf(gateway.client.getReceipt({ token: receipts, jobId }))).toBe("401 token_expired");
    } finally {
      gateway.setClockOffset(0);
    }
  });

  it("should refuse, on every authenticated route, a token for another operation, another lease, tampered or expired", async () => {
    const mine = await lend(local);
    const other = await lend(local);
    const tokens = await requestTokens(local, gateway, mine.leaseId);
    const foreign = await requestTokens(local, gateway, other.leaseId);
    const job = `/v1/jobs/${mine.jobId}`;
    const routes = [
      { method: "PUT", path: `/v1/leases/${mine.leaseId}/context`, op: "upload", wrong: "receipts" },
      { method: "GET", path: `${job}/certificate`, op: "upload", wrong: "proofs" },
      { method: "PUT", path: `${job}/input`, op: "upload", wrong: "receipts" },
      { method: "PUT", path: `${job}/sealed-key`, op: "upload", wrong: "receipts" },
      { method: "GET", path: `${job}/receipt`, op: "receipts", wrong: "proofs" },
      { method: "GET", path: `${job}/proof`, op: "proofs", wrong: "receipts" },
      { method: "GET", path: `${job}/output`, op: "receipts", wrong: "upload" },
    ] as const;
    const tamper = (token: string) => {
      const bytes = Buffer.from(token, "base64url");
      bytes[bytes.length - 1]! ^= 0x80;
      return bytes.toString("base64url");
    };
    const codeFor = async (route: (typeof routes)[number], token: string) => {
      const response = await fetch(`${gateway.baseUrl}${route.path}`, {
        method: route.method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
        ...(route.method === "PUT" ? { body: mine.envelope } : {}),
      });
      const answer = await refusal(response);
      return `${answer.status} ${answer.code}`;
    };
    for (const route of routes) {
      const where = `${route.method} ${route.path}`;
      expect(await codeFor(route, tokens[route.wrong]), where).toBe("401 token_op_mismatch");
      expect(await codeFor(route, foreign[route.op]), where).toBe("401 token_lease_mismatch");
      expect(await codeFor(route, tamper(tokens[route.op])), where).toBe("401 token_bad_signature");
      gateway.setClockOffset(3_600);
      try {
        expect(await codeFor(route, tokens[route.op]), where).toBe("401 token_expired");
      } finally {
        gateway.setClockOffset(0);
      }
    }
    expect(await storeFiles(gateway)).not.toContain(`${mine.contentId}.ctx`);
  });

  it("should answer an unknown job 404 and a malformed id 400", async () => {
    const { leaseId } = await lend(local);
    const { receipts } = await requestTokens(local, gateway, leaseId, ["receipts"]);
    expect(await codeOf(gateway.client.getReceipt({ token: receipts, jobId: 10_000n }))).toBe("404 job_not_found");
    const response = await fetch(`${gateway.baseUrl}/v1/jobs/007/receipt`, {
      headers: { authorization: `Bearer ${receipts}` },
    });
    expect(await refusal(response)).toMatchObject({ status: 400, code: "invalid_path" });
  });
});

describe("# PUT /v1/leases/:leaseId/context", () => {
  it("should refuse a body that does not hash to the lease's content id and store nothing", async () => {
    const { leaseId, envelope } = await lend(local);
    const { upload } = await requestTokens(local, gateway, leaseId, ["upload"]);
    const before = await storeFiles(gateway);
    const altered = envelope.slice();
    altered[altered.length - 1]! ^= 1;
    expect(await codeOf(gateway.client.uploadContext({ token: upload, leaseId, envelope: altered }))).toBe(
      "400 content_id_mismatch",
    );
    expect(await storeFiles(gateway)).toEqual(before);
  });
});

describe("# PUT /v1/jobs/:jobId/sealed-key", () => {
  it("should accept a key only while the job is accepted, once, and the identical key again", async () => {
    const { leaseId, jobId } = await lend(local);
    const { upload } = await requestTokens(local, gateway, leaseId, ["upload"]);
    const key = new Uint8Array(SEALED_KEY_BYTES).fill(1);
    expect(await codeOf(gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey: key }))).toBe(
      "401 job_not_live",
    );
    expect(await codeOf(gateway.client.getCertificate({ token: upload, jobId }))).toBe("401 job_not_live");
    await local.chain.acceptJob(jobId);
    expect(await codeOf(gateway.client.getCertificate({ token: upload, jobId }))).toBe("404 certificate_not_found");
    const short = key.subarray(1);
    expect(await codeOf(gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey: short }))).toBe(
      "400 invalid_sealed_key",
    );
    expect(await gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey: key })).toEqual({ created: true });
    expect(await gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey: key })).toEqual({ created: false });
    const swapped = new Uint8Array(SEALED_KEY_BYTES).fill(2);
    expect(await codeOf(gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey: swapped }))).toBe(
      "409 sealed_key_conflict",
    );
    expect(bytesToHex(await gateway.store.getSealedKey(jobId))).toBe(bytesToHex(key));
  });

  it("should keep exactly one of two different keys uploaded at the same time", async () => {
    const { leaseId, jobId } = await lend(local);
    const { upload } = await requestTokens(local, gateway, leaseId, ["upload"]);
    await local.chain.acceptJob(jobId);
    const keys = [3, 4].map((fill) => new Uint8Array(SEALED_KEY_BYTES).fill(fill));
    const results = await Promise.allSettled(
      keys.map((sealedKey) => gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey })),
    );
    const stored = await gateway.store.getSealedKey(jobId);
    const winner = keys.findIndex((key) => bytesToHex(key) === bytesToHex(stored));
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(results[winner]).toMatchObject({ status: "fulfilled", value: { created: true } });
    expect(results[1 - winner]).toMatchObject({ status: "rejected", reason: { code: "sealed_key_conflict" } });
  });

  it("should refuse an upload once the job is no longer accepted", async () => {
    const { leaseId, jobId } = await lend(local, undefined, { payment: parseEther("1") });
    const { upload } = await requestTokens(local, gateway, leaseId, ["upload"]);
    await local.send(local.owner, {
      address: local.deployment.contracts.JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "cancel",
      args: [jobId],
    });
    const sealedKey = new Uint8Array(SEALED_KEY_BYTES).fill(5);
    expect(await codeOf(gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey }))).toBe("401 job_not_live");
  });
});

describe("# PUT /v1/jobs/:jobId/input", () => {
  const sealInput = (value: unknown, contentKey: Uint8Array, jobId: bigint) =>
    sealJobInput(new TextEncoder().encode(JSON.stringify(value)), contentKey, { chainId: LOCAL_CHAIN_ID, jobId });

  it("should accept the job's sealed input once while the job is accepted, and the identical bytes again", async () => {
    const { leaseId, jobId, contentKey } = await lend(local);
    const { upload } = await requestTokens(local, gateway, leaseId, ["upload"]);
    const sealedInput = sealInput({ diet: "vegan" }, contentKey, jobId);
    expect(await codeOf(gateway.client.uploadInput({ token: upload, jobId, sealedInput }))).toBe("401 job_not_live");
    await local.chain.acceptJob(jobId);
    expect(
      await codeOf(gateway.client.uploadInput({ token: upload, jobId, sealedInput: sealedInput.subarray(0, 10) })),
    ).toBe("400 invalid_input");
    expect(await gateway.client.uploadInput({ token: upload, jobId, sealedInput })).toEqual({ created: true });
    expect(await gateway.client.uploadInput({ token: upload, jobId, sealedInput })).toEqual({ created: false });
    const other = sealInput({ diet: "none" }, contentKey, jobId);
    expect(await codeOf(gateway.client.uploadInput({ token: upload, jobId, sealedInput: other }))).toBe(
      "409 input_conflict",
    );
    expect(bytesToHex(await gateway.store.getInput(jobId))).toBe(bytesToHex(sealedInput));
  });

  it("should refuse an input once the job's sealed key is there", async () => {
    const { leaseId, jobId, contentKey } = await lend(local);
    const { upload } = await requestTokens(local, gateway, leaseId, ["upload"]);
    await local.chain.acceptJob(jobId);
    const sealedKey = new Uint8Array(SEALED_KEY_BYTES).fill(6);
    await gateway.client.uploadSealedKey({ token: upload, jobId, sealedKey });
    const sealedInput = sealInput({ diet: "vegan" }, contentKey, jobId);
    expect(await codeOf(gateway.client.uploadInput({ token: upload, jobId, sealedInput }))).toBe("409 input_too_late");
    expect(await storeFiles(gateway)).not.toContain(`${jobId}.in`);
  });
});

/** The signed parts of a v2 binary macaroon without location fields (what the gateway mints). */
function readV2Binary(bytes: Buffer): { identifier: Buffer; caveats: Buffer[]; signature: Buffer } {
  let at = 1;
  const field = (type: number) => {
    expect(bytes[at]).toBe(type);
    const length = bytes[at + 1]!;
    at += 2 + length;
    return bytes.subarray(at - length, at);
  };
  const identifier = field(2);
  at++;
  const caveats: Buffer[] = [];
  while (bytes[at] !== 0) {
    caveats.push(field(2));
    at++;
  }
  at++;
  return { identifier, caveats, signature: field(6) };
}
