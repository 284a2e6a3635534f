/**
 * The EIP-712 definitions of docs/RECEIPTS.md. These are the one TypeScript copy of the type
 * strings the contracts hash; viem does all the encoding so nothing here re-implements EIP-712.
 * A test pins the type strings against the spec text, and cross-part tests compare digests with
 * the contracts.
 */
import { getAddress, hashTypedData, isAddress, type Address, type Hex } from "viem";
import { InvalidInputError } from "../errors.ts";
import type { JobKeyCertificate, Receipt, ReceiptDomain, SignedReceipt } from "./types.ts";

export const RECEIPT_DOMAIN_NAME = "Leasehold";
export const RECEIPT_DOMAIN_VERSION = "1";

export const certificateTypes = {
  JobKeyCertificate: [
    { name: "jobId", type: "uint256" },
    { name: "agentId", type: "uint256" },
    { name: "ephemeralKey", type: "address" },
    { name: "sealingKey", type: "bytes32" },
    { name: "notAfter", type: "uint64" },
  ],
} as const;

export const receiptTypes = {
  Receipt: [
    { name: "jobId", type: "uint256" },
    { name: "agentId", type: "uint256" },
    { name: "codeHash", type: "bytes32" },
    { name: "policyHash", type: "bytes32" },
    { name: "inputHash", type: "bytes32" },
    { name: "outputHash", type: "bytes32" },
    { name: "fuelUsed", type: "uint64" },
    { name: "memoryPeakBytes", type: "uint64" },
    { name: "capabilityCalls", type: "uint32" },
    { name: "startedAt", type: "uint64" },
    { name: "endedAt", type: "uint64" },
    { name: "outcome", type: "uint8" },
    { name: "ephemeralKey", type: "address" },
    { name: "certificate", type: "bytes" },
  ],
} as const;

/**
 * The worker's audit-chain head at the moment a batch was built. Its digest is the last leaf of
 * every receipt batch (docs/RECEIPTS.md, "Audit checkpoints"), so the anchored root pins the
 * worker's whole audit log up to `seq` next to the receipts it produced.
 */
export const auditCheckpointTypes = {
  AuditCheckpoint: [
    { name: "agentId", type: "uint256" },
    { name: "seq", type: "uint64" },
    { name: "head", type: "bytes32" },
  ],
} as const;

export type AuditCheckpoint = { agentId: bigint; seq: bigint; head: Hex };

export type ReceiptDomainParameters = {
  chainId: number;
  /** Address of the ReceiptAnchor contract on that chain (from the deployment record). */
  receiptAnchor: Address;
};
export type ReceiptDomainReturnType = ReceiptDomain;
export type ReceiptDomainErrorType = InvalidInputError;

/** The domain receipts and certificates are signed under on one chain. */
export function receiptDomain({ chainId, receiptAnchor }: ReceiptDomainParameters): ReceiptDomainReturnType {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new InvalidInputError(`Invalid chain id: ${String(chainId)}`);
  }
  if (typeof receiptAnchor !== "string" || !isAddress(receiptAnchor, { strict: false })) {
    throw new InvalidInputError(`Invalid ReceiptAnchor address: ${String(receiptAnchor)}`);
  }
  return {
    name: RECEIPT_DOMAIN_NAME,
    version: RECEIPT_DOMAIN_VERSION,
    chainId,
    verifyingContract: getAddress(receiptAnchor),
  };
}

export type HashReceiptParameters = { receipt: Receipt; domain: ReceiptDomain };
export type HashReceiptReturnType = Hex;

/** The receipt's EIP-712 digest: what the ephemeral key signs and what a batch leaf commits to. */
export function hashReceipt({ receipt, domain }: HashReceiptParameters): HashReceiptReturnType {
  return hashTypedData({ domain, types: receiptTypes, primaryType: "Receipt", message: receipt });
}

export type HashAuditCheckpointParameters = { checkpoint: AuditCheckpoint; domain: ReceiptDomain };
export type HashAuditCheckpointReturnType = Hex;

/** The checkpoint's EIP-712 digest: a batch leaf like a receipt digest, told apart by its type hash. */
export function hashAuditCheckpoint({
  checkpoint,
  domain,
}: HashAuditCheckpointParameters): HashAuditCheckpointReturnType {
  return hashTypedData({ domain, types: auditCheckpointTypes, primaryType: "AuditCheckpoint", message: checkpoint });
}

export type HashCertificateParameters = { certificate: JobKeyCertificate; domain: ReceiptDomain };
export type HashCertificateReturnType = Hex;

/** The certificate's EIP-712 digest: what the identity key signs. */
export function hashCertificate({ certificate, domain }: HashCertificateParameters): HashCertificateReturnType {
  return hashTypedData({
    domain,
    types: certificateTypes,
    primaryType: "JobKeyCertificate",
    message: certificate,
  });
}

/** The certificate a signed receipt claims: its fields are split between receipt and wrapper. */
export function certificateOf(signedReceipt: SignedReceipt): JobKeyCertificate {
  const { receipt, sealingKey, notAfter } = signedReceipt;
  return {
    jobId: receipt.jobId,
    agentId: receipt.agentId,
    ephemeralKey: receipt.ephemeralKey,
    sealingKey,
    notAfter,
  };
}
