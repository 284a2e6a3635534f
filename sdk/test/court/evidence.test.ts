import { keccak256, stringToHex, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  decodeEvidenceUri,
  encodeEvidenceUri,
  InvalidEvidenceError,
  isEvidenceBundleUri,
  MAX_EVIDENCE_RECEIPTS,
  MAX_EVIDENCE_URI_BYTES,
  verifyEvidence,
} from "../../src/court/index.ts";
import { InvalidInputError } from "../../src/errors.ts";
import { buildReceiptTree, hashReceipt, verifyInclusion } from "../../src/receipts/index.ts";
import { domain, isAgentIdentity, makeSignedReceipt } from "../receipts/fixtures.ts";

/** A batch of the receipt and two neighbours, as the worker anchors it. */
async function anchoredReceipt() {
  const signedReceipt = await makeSignedReceipt();
  const digest = hashReceipt({ receipt: signedReceipt.receipt, domain });
  const digests = [keccak256(stringToHex("before")), digest, keccak256(stringToHex("after"))];
  const tree = buildReceiptTree(digests);
  const batchId = keccak256(stringToHex("batch"));
  return { signedReceipt, digest, batchId, proof: tree.proof(1), root: tree.root };
}

describe("evidence bundles", () => {
  it("should round-trip a statement and receipts through a data: URI the court accepts", async () => {
    const { signedReceipt, batchId, proof } = await anchoredReceipt();
    const uri = encodeEvidenceUri({
      statement: "The output still holds a phone number.",
      receipts: [{ signedReceipt, batchId, proof }],
    });
    expect(isEvidenceBundleUri(uri)).toBe(true);
    expect(uri.length).toBeLessThanOrEqual(MAX_EVIDENCE_URI_BYTES);
    const decoded = decodeEvidenceUri(uri);
    expect(decoded.statement).toBe("The output still holds a phone number.");
    expect(decoded.receipts[0]!.signedReceipt).toEqual(signedReceipt);
    expect(decoded.receipts[0]!.proof).toEqual(proof.map((node) => node.toLowerCase()));
  });

  it("should refuse a bundle the court would not take, before anything is sent", async () => {
    const { signedReceipt, batchId, proof } = await anchoredReceipt();
    const receipts = Array.from({ length: MAX_EVIDENCE_RECEIPTS + 1 }, () => ({ signedReceipt, batchId, proof }));
    expect(() => encodeEvidenceUri({ statement: "", receipts })).toThrow(InvalidInputError);
    expect(() => encodeEvidenceUri({ statement: "x".repeat(4_001), receipts: [] })).toThrow(InvalidInputError);
    // Eight receipts fit the count but not the court's URI limit.
    expect(() => encodeEvidenceUri({ statement: "x".repeat(4_000), receipts: receipts.slice(0, 8) })).toThrow(
      /at most 16384/,
    );
  });

  it("should refuse malformed, foreign and hostile URIs with InvalidEvidenceError", () => {
    const prefix = "data:application/vnd.leasehold.evidence+json;base64,";
    const encode = (value: unknown) => prefix + Buffer.from(JSON.stringify(value)).toString("base64");
    for (const uri of [
      "https://example.com/evidence.json",
      `${prefix}!!!not base64`,
      prefix + Buffer.from([0xff, 0xfe]).toString("base64"),
      encode({ version: 2, statement: "", receipts: [] }),
      encode({ version: 1, statement: "", receipts: [], extra: true }),
      encode({ version: 1, statement: "", receipts: [{ signedReceipt: {}, batchId: "0x00", proof: [] }] }),
      prefix + "A".repeat(MAX_EVIDENCE_URI_BYTES),
    ]) {
      expect(() => decodeEvidenceUri(uri), uri.slice(0, 80)).toThrow(InvalidEvidenceError);
    }
  });

  describe("verifyEvidence", () => {
    const inclusionAgainst = (root: Hex) => async (_batchId: Hex, digest: Hex, proof: readonly Hex[]) =>
      verifyInclusion(root, digest, proof);

    it("should accept a receipt that verifies, was cited on chain and is included", async () => {
      const { signedReceipt, digest, batchId, proof, root } = await anchoredReceipt();
      const [result] = await verifyEvidence({
        bundle: { statement: "", receipts: [{ signedReceipt, batchId, proof }] },
        cited: [{ batchId, receiptDigest: digest }],
        domain,
        isAgentIdentity,
        verifyInclusion: inclusionAgainst(root),
      });
      expect(result).toMatchObject({ digest, signatureValid: true, failure: null, citedOnChain: true, included: true });
    });

    it("should flag a tampered receipt, one the court never saw and one outside its batch", async () => {
      const { signedReceipt, digest, batchId, proof, root } = await anchoredReceipt();
      const tampered = { ...signedReceipt, receipt: { ...signedReceipt.receipt, fuelUsed: 1n } };
      const [forged, uncited, outside] = await verifyEvidence({
        bundle: {
          statement: "",
          receipts: [
            { signedReceipt: tampered, batchId, proof },
            { signedReceipt, batchId, proof },
            { signedReceipt, batchId, proof: [keccak256(stringToHex("wrong sibling"))] },
          ],
        },
        cited: [{ batchId: keccak256(stringToHex("another batch")), receiptDigest: digest }],
        domain,
        isAgentIdentity,
        verifyInclusion: inclusionAgainst(root),
      });
      expect(forged).toMatchObject({ signatureValid: false, digest: null, citedOnChain: false, included: false });
      expect(forged!.failure).toMatch(/bad-receipt-signer/);
      expect(uncited).toMatchObject({ signatureValid: true, citedOnChain: false, included: true });
      expect(outside).toMatchObject({ signatureValid: true, included: false });
    });
  });
});
