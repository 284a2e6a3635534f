import { readFileSync } from "node:fs";
import path from "node:path";
import { encodeAbiParameters, keccak256, concat, stringToHex, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/errors.ts";
import {
  auditCheckpointTypes,
  certificateTypes,
  hashAuditCheckpoint,
  hashCertificate,
  hashReceipt,
  receiptDomain,
  receiptTypes,
} from "../../src/receipts/index.ts";
import { agentId, domain, ephemeral, fields, jobId, notAfter, sealingKey } from "./fixtures.ts";

const spec = readFileSync(path.join(import.meta.dirname, "../../../docs/RECEIPTS.md"), "utf8");

function typeString(name: string, members: readonly { name: string; type: string }[]): string {
  return `${name}(${members.map((member) => `${member.type} ${member.name}`).join(",")})`;
}

function specTypeString(name: string): string {
  const match = spec.match(new RegExp(`^${name}\\([^)]*\\)$`, "m"));
  if (!match) throw new Error(`${name} not found in docs/RECEIPTS.md`);
  return match[0];
}

// EIP-712 by hand, as the contracts compute it, to check viem's encoding against.
function domainSeparator(): Hex {
  const typeHash = keccak256(
    stringToHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
  );
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }, { type: "address" }],
      [typeHash, keccak256(stringToHex("Leasehold")), keccak256(stringToHex("1")), 31337n, domain.verifyingContract],
    ),
  );
}

function digestOf(structHash: Hex): Hex {
  return keccak256(concat(["0x1901", domainSeparator(), structHash]));
}

describe("EIP-712 types", () => {
  it("should match the type strings of docs/RECEIPTS.md exactly", () => {
    expect(typeString("Receipt", receiptTypes.Receipt)).toBe(specTypeString("Receipt"));
    expect(typeString("JobKeyCertificate", certificateTypes.JobKeyCertificate)).toBe(
      specTypeString("JobKeyCertificate"),
    );
    expect(typeString("AuditCheckpoint", auditCheckpointTypes.AuditCheckpoint)).toBe(specTypeString("AuditCheckpoint"));
  });
});

describe("receiptDomain", () => {
  it("should build the Leasehold domain with a checksummed ReceiptAnchor address", () => {
    expect(domain).toEqual({
      name: "Leasehold",
      version: "1",
      chainId: 31337,
      verifyingContract: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    });
  });

  it("should reject a non-positive chain id and a malformed address", () => {
    expect(() => receiptDomain({ chainId: 0, receiptAnchor: domain.verifyingContract })).toThrow(InvalidInputError);
    expect(() => receiptDomain({ chainId: 1.5, receiptAnchor: domain.verifyingContract })).toThrow(InvalidInputError);
    expect(() => receiptDomain({ chainId: 1, receiptAnchor: "0x1234" })).toThrow(InvalidInputError);
  });
});

describe("hashCertificate", () => {
  it("should equal the digest computed by hand as the contracts do", () => {
    const certificate = { jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter };
    const typeHash = keccak256(stringToHex(specTypeString("JobKeyCertificate")));
    const structHash = keccak256(
      encodeAbiParameters(
        [
          { type: "bytes32" },
          { type: "uint256" },
          { type: "uint256" },
          { type: "address" },
          { type: "bytes32" },
          { type: "uint64" },
        ],
        [typeHash, jobId, agentId, ephemeral.address, sealingKey, notAfter],
      ),
    );
    expect(hashCertificate({ certificate, domain })).toBe(digestOf(structHash));
  });
});

describe("hashReceipt", () => {
  it("should equal the digest computed by hand, hashing the certificate bytes", () => {
    const certificate: Hex = `0x${"ab".repeat(65)}`;
    const receipt = { ...fields, ephemeralKey: ephemeral.address, certificate };
    const typeHash = keccak256(stringToHex(specTypeString("Receipt")));
    const structHash = keccak256(
      encodeAbiParameters(
        [
          { type: "bytes32" },
          { type: "uint256" },
          { type: "uint256" },
          { type: "bytes32" },
          { type: "bytes32" },
          { type: "bytes32" },
          { type: "bytes32" },
          { type: "uint64" },
          { type: "uint64" },
          { type: "uint32" },
          { type: "uint64" },
          { type: "uint64" },
          { type: "uint8" },
          { type: "address" },
          { type: "bytes32" },
        ],
        [
          typeHash,
          receipt.jobId,
          receipt.agentId,
          receipt.codeHash,
          receipt.policyHash,
          receipt.inputHash,
          receipt.outputHash,
          receipt.fuelUsed,
          receipt.memoryPeakBytes,
          receipt.capabilityCalls,
          receipt.startedAt,
          receipt.endedAt,
          receipt.outcome,
          receipt.ephemeralKey,
          keccak256(certificate),
        ],
      ),
    );
    expect(hashReceipt({ receipt, domain })).toBe(digestOf(structHash));
  });

  it("should change with the chain and with the ReceiptAnchor address", () => {
    const receipt = { ...fields, ephemeralKey: ephemeral.address, certificate: "0x" as Hex };
    const digest = hashReceipt({ receipt, domain });
    expect(hashReceipt({ receipt, domain: { ...domain, chainId: 1 } })).not.toBe(digest);
    expect(
      hashReceipt({ receipt, domain: receiptDomain({ chainId: 31337, receiptAnchor: ephemeral.address }) }),
    ).not.toBe(digest);
  });
});

describe("hashAuditCheckpoint", () => {
  const checkpoint = { agentId, seq: 41n, head: keccak256(stringToHex("audit head")) };

  it("should equal the digest computed by hand as an EIP-712 struct", () => {
    const typeHash = keccak256(stringToHex(specTypeString("AuditCheckpoint")));
    const structHash = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "uint256" }, { type: "uint64" }, { type: "bytes32" }],
        [typeHash, checkpoint.agentId, checkpoint.seq, checkpoint.head],
      ),
    );
    expect(hashAuditCheckpoint({ checkpoint, domain })).toBe(digestOf(structHash));
  });

  it("should change with every field, so a checkpoint cannot be reused for another agent or head", () => {
    const digest = hashAuditCheckpoint({ checkpoint, domain });
    expect(hashAuditCheckpoint({ checkpoint: { ...checkpoint, agentId: agentId + 1n }, domain })).not.toBe(digest);
    expect(hashAuditCheckpoint({ checkpoint: { ...checkpoint, seq: 42n }, domain })).not.toBe(digest);
    expect(hashAuditCheckpoint({ checkpoint: { ...checkpoint, head: keccak256("0x00") }, domain })).not.toBe(digest);
  });
});
