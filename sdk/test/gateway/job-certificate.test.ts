import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  InvalidJobCertificateError,
  parseJobCertificate,
  serializeJobCertificate,
  verifyJobCertificate,
  type PublishedCertificate,
} from "../../src/gateway/index.ts";
import { signCertificate } from "../../src/receipts/index.ts";
import { LeaseholdError } from "../../src/errors.ts";
import {
  agentId,
  domain,
  ephemeral,
  identity,
  isAgentIdentity,
  jobId,
  notAfter,
  sealingKey,
  stranger,
} from "../receipts/fixtures.ts";

const certificate = { jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter };

async function published(account = identity): Promise<PublishedCertificate> {
  return { certificate, signature: await signCertificate({ account, domain, certificate }) };
}

describe("serializeJobCertificate / parseJobCertificate", () => {
  it("should round-trip a certificate with uint fields as decimal strings", async () => {
    const original = await published();
    const text = serializeJobCertificate(original);
    expect(JSON.parse(text)).toMatchObject({ jobId: "42", agentId: "7", notAfter: notAfter.toString() });
    expect(parseJobCertificate(text)).toEqual(original);
  });

  it("should refuse malformed text, unknown fields and bad values as a non-retryable InvalidJobCertificateError", async () => {
    const json = JSON.parse(serializeJobCertificate(await published())) as Record<string, unknown>;
    const bad = ["{", "[]", JSON.stringify({ ...json, extra: 1 }), JSON.stringify({ ...json, jobId: "042" })];
    bad.push(JSON.stringify({ ...json, sealingKey: "0x12" }), JSON.stringify({ ...json, ephemeralKey: "0xnope" }));
    for (const text of bad) {
      const error = (() => {
        try {
          parseJobCertificate(text);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, text).toBeInstanceOf(InvalidJobCertificateError);
      expect(error).toBeInstanceOf(LeaseholdError);
      expect((error as InvalidJobCertificateError).retryable).toBe(false);
    }
  });
});

describe("verifyJobCertificate", () => {
  it("should accept a certificate for this job and agent signed by its identity", async () => {
    await expect(
      verifyJobCertificate({ published: await published(), domain, jobId, agentId, isAgentIdentity }),
    ).resolves.toBeUndefined();
  });

  it("should refuse another job, another agent, a stranger's signature and a non-canonical signature", async () => {
    const good = await published();
    const cases = [
      { published: good, jobId: jobId + 1n, agentId },
      { published: good, jobId, agentId: agentId + 1n },
      { published: await published(stranger), jobId, agentId },
      { published: { ...good, signature: `${good.signature.slice(0, -2)}01` as Hex }, jobId, agentId },
    ];
    for (const parameters of cases) {
      await expect(verifyJobCertificate({ ...parameters, domain, isAgentIdentity })).rejects.toBeInstanceOf(
        InvalidJobCertificateError,
      );
    }
  });
});
