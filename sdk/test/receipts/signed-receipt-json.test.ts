import { describe, expect, it } from "vitest";
import {
  InvalidSignedReceiptError,
  MAX_SIGNED_RECEIPT_JSON_LENGTH,
  parseSignedReceipt,
  serializeSignedReceipt,
  signedReceiptFromJson,
  signedReceiptToJson,
  verifySignedReceipt,
  type SignedReceipt,
} from "../../src/receipts/index.ts";
import { domain, isAgentIdentity, makeSignedReceipt } from "./fixtures.ts";

const signed = await makeSignedReceipt();
const json = signedReceiptToJson(signed);

function withReceipt(change: Record<string, unknown>) {
  return { ...json, receipt: { ...json.receipt, ...change } };
}

describe("serializeSignedReceipt / parseSignedReceipt", () => {
  it("should round-trip a signed receipt that still verifies", async () => {
    const text = serializeSignedReceipt(signed);
    const parsed = parseSignedReceipt(text);
    expect(parsed).toEqual(signed);
    await expect(verifySignedReceipt({ signedReceipt: parsed, domain, isAgentIdentity })).resolves.toBeDefined();
  });

  it("should write bigints as decimal strings and re-serialize parsed text to the same text", () => {
    const text = serializeSignedReceipt(signed);
    expect(JSON.parse(text).receipt.fuelUsed).toBe("123456");
    expect(JSON.parse(text).notAfter).toBe("1900000000");
    expect(serializeSignedReceipt(parseSignedReceipt(text))).toBe(text);
  });

  it("should normalise hex case and checksum the ephemeral key", () => {
    const parsed = signedReceiptFromJson({
      ...withReceipt({ codeHash: json.receipt.codeHash.toUpperCase().replace("0X", "0x") }),
      signature: json.signature.toUpperCase().replace("0X", "0x"),
    });
    expect(parsed.receipt.codeHash).toBe(signed.receipt.codeHash);
    expect(parsed.signature).toBe(signed.signature);
    expect(
      signedReceiptFromJson(withReceipt({ ephemeralKey: json.receipt.ephemeralKey.toLowerCase() })).receipt
        .ephemeralKey,
    ).toBe(signed.receipt.ephemeralKey);
  });

  it("should reject unknown fields at every level", () => {
    expect(() => signedReceiptFromJson({ ...json, extra: 1 })).toThrow(InvalidSignedReceiptError);
    expect(() => signedReceiptFromJson(withReceipt({ extra: 1 }))).toThrow(InvalidSignedReceiptError);
  });

  it("should reject missing fields", () => {
    const { signature: _signature, ...unsigned } = json;
    expect(() => signedReceiptFromJson(unsigned)).toThrow(InvalidSignedReceiptError);
    const { outcome: _outcome, ...receipt } = json.receipt;
    expect(() => signedReceiptFromJson({ ...json, receipt })).toThrow(InvalidSignedReceiptError);
  });

  it("should reject integers that are not canonical decimal strings or do not fit their width", () => {
    for (const fuelUsed of [123456, "0123", "-1", "+1", "1e3", " 1", "0x10", (1n << 64n).toString()]) {
      expect(() => signedReceiptFromJson(withReceipt({ fuelUsed })), String(fuelUsed)).toThrow(
        InvalidSignedReceiptError,
      );
    }
    expect(signedReceiptFromJson(withReceipt({ fuelUsed: ((1n << 64n) - 1n).toString() })).receipt.fuelUsed).toBe(
      (1n << 64n) - 1n,
    );
    expect(() => signedReceiptFromJson(withReceipt({ jobId: (1n << 256n).toString() }))).toThrow(
      InvalidSignedReceiptError,
    );
    for (const capabilityCalls of [-1, 1.5, 2 ** 32, "9"]) {
      expect(() => signedReceiptFromJson(withReceipt({ capabilityCalls }))).toThrow(InvalidSignedReceiptError);
    }
    for (const outcome of [4, -1, "0"]) {
      expect(() => signedReceiptFromJson(withReceipt({ outcome }))).toThrow(InvalidSignedReceiptError);
    }
  });

  it("should reject hex of the wrong length or alphabet and addresses with a bad checksum", () => {
    expect(() => signedReceiptFromJson(withReceipt({ codeHash: "0x1234" }))).toThrow(InvalidSignedReceiptError);
    expect(() => signedReceiptFromJson(withReceipt({ certificate: `${json.receipt.certificate}00` }))).toThrow(
      InvalidSignedReceiptError,
    );
    expect(() => signedReceiptFromJson({ ...json, sealingKey: `0x${"zz".repeat(32)}` })).toThrow(
      InvalidSignedReceiptError,
    );
    const address = json.receipt.ephemeralKey;
    const badChecksum = address.slice(0, 2) + swapCase(address.slice(2));
    expect(() => signedReceiptFromJson(withReceipt({ ephemeralKey: badChecksum }))).toThrow(InvalidSignedReceiptError);
  });

  it("should reject text that is not JSON or is over the size limit", () => {
    expect(() => parseSignedReceipt("{")).toThrow(InvalidSignedReceiptError);
    const padded = JSON.stringify(json).replace("{", `{${" ".repeat(MAX_SIGNED_RECEIPT_JSON_LENGTH)}`);
    expect(() => parseSignedReceipt(padded)).toThrow(InvalidSignedReceiptError);
  });

  it("should refuse to serialize a receipt that would not parse back", () => {
    const broken = { ...signed, notAfter: -1n } as SignedReceipt;
    expect(() => serializeSignedReceipt(broken)).toThrow(InvalidSignedReceiptError);
    expect(() => serializeSignedReceipt({ ...signed, receipt: undefined } as unknown as SignedReceipt)).toThrow(
      InvalidSignedReceiptError,
    );
  });
});

function swapCase(text: string): string {
  return [...text].map((char) => (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase())).join("");
}
