import { hexToBytes, bytesToHex, type Address, type Hex } from "viem";
import { describe, expect, it, vi } from "vitest";
import { InvalidInputError, LeaseholdError } from "../../src/errors.ts";
import {
  AgentIdentityLookupError,
  ReceiptOutcome,
  ReceiptVerificationError,
  hashReceipt,
  receiptTypes,
  signCertificate,
  signReceipt,
  verifySignedReceipt,
  type SignedReceipt,
} from "../../src/receipts/index.ts";
import {
  agentId,
  domain,
  ephemeral,
  fields,
  identity,
  isAgentIdentity,
  jobId,
  makeSignedReceipt,
  notAfter,
  sealingKey,
  stranger,
} from "./fixtures.ts";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function reasonOf(signedReceipt: SignedReceipt, options: { onDomain?: typeof domain } = {}) {
  const error = await verifySignedReceipt({
    signedReceipt,
    domain: options.onDomain ?? domain,
    isAgentIdentity,
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ReceiptVerificationError);
  expect((error as ReceiptVerificationError).retryable).toBe(false);
  return (error as ReceiptVerificationError).reason;
}

/** The same signature with s flipped to n - s (and v toggled): valid for ecrecover, not canonical. */
function highS(signature: Hex): Hex {
  const bytes = hexToBytes(signature);
  const s = BigInt(bytesToHex(bytes.slice(32, 64)));
  const flipped = hexToBytes(`0x${(N - s).toString(16).padStart(64, "0")}`);
  bytes.set(flipped, 32);
  bytes[64] = bytes[64] === 27 ? 28 : 27;
  return bytesToHex(bytes);
}

describe("signReceipt", () => {
  it("should produce a signed receipt whose ephemeral key is the signing account", async () => {
    const signed = await makeSignedReceipt();
    expect(signed.receipt.ephemeralKey).toBe(ephemeral.address);
    expect(signed.sealingKey).toBe(sealingKey);
    expect(signed.notAfter).toBe(notAfter);
    expect(hexToBytes(signed.signature)).toHaveLength(65);
    expect(hexToBytes(signed.receipt.certificate)).toHaveLength(65);
  });

  it("should refuse a receipt that ends after notAfter or before it starts", async () => {
    await expect(makeSignedReceipt({ endedAt: notAfter + 1n })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(makeSignedReceipt({ startedAt: fields.endedAt + 1n })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("should refuse values that do not fit their EIP-712 types", async () => {
    await expect(makeSignedReceipt({ fuelUsed: 1n << 64n })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(makeSignedReceipt({ capabilityCalls: 2 ** 32 })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("verifySignedReceipt", () => {
  it("should accept a receipt certified by the agent's identity and return its digest", async () => {
    const signedReceipt = await makeSignedReceipt();
    const lookup = vi.fn(isAgentIdentity);
    const result = await verifySignedReceipt({ signedReceipt, domain, isAgentIdentity: lookup });
    expect(result.digest).toBe(hashReceipt({ receipt: signedReceipt.receipt, domain }));
    expect(result.identity).toBe(identity.address);
    expect(result.certificate).toEqual({ jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter });
    expect(lookup).toHaveBeenCalledWith(agentId, identity.address);
  });

  it("should accept every outcome, including a refusal that ends exactly at notAfter", async () => {
    for (const outcome of Object.values(ReceiptOutcome)) {
      const signedReceipt = await makeSignedReceipt({ outcome, endedAt: notAfter });
      await expect(verifySignedReceipt({ signedReceipt, domain, isAgentIdentity })).resolves.toBeDefined();
    }
  });

  it("should reject a certificate signed by a key that is not the agent's identity as bad-certificate-signer", async () => {
    const certificate = await signCertificate({
      account: stranger,
      domain,
      certificate: { jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter },
    });
    const signed = await signReceipt({
      account: ephemeral,
      domain,
      receipt: { ...fields, certificate },
      sealingKey,
      notAfter,
    });
    expect(await reasonOf(signed)).toBe("bad-certificate-signer");
  });

  it("should reject a certificate whose carried sealingKey or notAfter was altered as bad-certificate-signer", async () => {
    const signed = await makeSignedReceipt();
    expect(await reasonOf({ ...signed, sealingKey: `0x${"11".repeat(32)}` })).toBe("bad-certificate-signer");
    expect(await reasonOf({ ...signed, notAfter: notAfter + 1n })).toBe("bad-certificate-signer");
  });

  it("should reject a receipt signed by a key other than the certified one as bad-receipt-signer", async () => {
    const signed = await makeSignedReceipt();
    const forged = await stranger.signTypedData({
      domain,
      types: receiptTypes,
      primaryType: "Receipt",
      message: signed.receipt,
    });
    expect(await reasonOf({ ...signed, signature: forged })).toBe("bad-receipt-signer");
  });

  it("should reject any altered receipt field", async () => {
    const signed = await makeSignedReceipt();
    const altered: Partial<SignedReceipt["receipt"]>[] = [
      { fuelUsed: signed.receipt.fuelUsed - 1n },
      { outputHash: `0x${"00".repeat(32)}` },
      { outcome: ReceiptOutcome.Failed },
      { capabilityCalls: 0 },
      { endedAt: signed.receipt.endedAt - 1n },
    ];
    for (const change of altered) {
      expect(await reasonOf({ ...signed, receipt: { ...signed.receipt, ...change } })).toBe("bad-receipt-signer");
    }
    // jobId and agentId are in the certificate too, so that check fails first.
    expect(await reasonOf({ ...signed, receipt: { ...signed.receipt, jobId: jobId + 1n } })).toBe(
      "bad-certificate-signer",
    );
    expect(await reasonOf({ ...signed, receipt: { ...signed.receipt, agentId: agentId + 1n } })).toBe(
      "bad-certificate-signer",
    );
  });

  it("should reject a receipt verified under another chain's domain", async () => {
    expect(await reasonOf(await makeSignedReceipt(), { onDomain: { ...domain, chainId: 1 } })).toBe(
      "bad-certificate-signer",
    );
  });

  it("should reject a receipt that ended after notAfter as expired-certificate", async () => {
    const certificate = await signCertificate({
      account: identity,
      domain,
      certificate: { jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter },
    });
    // signReceipt refuses this, so sign the typed data directly as a misbehaving worker would.
    const receipt = { ...fields, endedAt: notAfter + 1n, ephemeralKey: ephemeral.address, certificate };
    const signature = await ephemeral.signTypedData({
      domain,
      types: receiptTypes,
      primaryType: "Receipt",
      message: receipt,
    });
    expect(await reasonOf({ receipt, sealingKey, notAfter, signature })).toBe("expired-certificate");
  });

  it("should reject non-canonical certificates: wrong length, v of 0 or 1, high s, zero r", async () => {
    const signed = await makeSignedReceipt();
    const cert = signed.receipt.certificate;
    const variants: Hex[] = [
      cert.slice(0, -2) as Hex,
      `${cert}00`,
      `${cert.slice(0, -2)}${cert.endsWith("1b") ? "00" : "01"}` as Hex,
      highS(cert),
      `0x${"00".repeat(32)}${cert.slice(66)}`,
    ];
    for (const certificate of variants) {
      expect(await reasonOf({ ...signed, receipt: { ...signed.receipt, certificate } })).toBe("malformed-certificate");
    }
  });

  it("should reject non-canonical receipt signatures as malformed-signature", async () => {
    const signed = await makeSignedReceipt();
    expect(await reasonOf({ ...signed, signature: highS(signed.signature) })).toBe("malformed-signature");
    expect(await reasonOf({ ...signed, signature: signed.signature.slice(0, 130) as Hex })).toBe("malformed-signature");
    expect(await reasonOf({ ...signed, signature: "0xzz" as Hex })).toBe("malformed-signature");
  });

  it("should reject fields that do not fit their types as malformed-receipt", async () => {
    const signed = await makeSignedReceipt();
    expect(await reasonOf({ ...signed, receipt: { ...signed.receipt, fuelUsed: 1n << 64n } })).toBe(
      "malformed-receipt",
    );
    expect(await reasonOf({ ...signed, sealingKey: "0x1234" })).toBe("malformed-receipt");
  });

  it("should report a failing identity lookup as retryable AgentIdentityLookupError", async () => {
    const signedReceipt = await makeSignedReceipt();
    const error = await verifySignedReceipt({
      signedReceipt,
      domain,
      isAgentIdentity: async (_agent: bigint, _address: Address) => {
        throw new Error("connection refused");
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentIdentityLookupError);
    expect(error).toBeInstanceOf(LeaseholdError);
    expect((error as AgentIdentityLookupError).retryable).toBe(true);
  });
});
