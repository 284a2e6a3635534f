import type { Address, Hex } from "viem";

/**
 * The shapes of docs/RECEIPTS.md in TypeScript. Field names, order and widths follow the EIP-712
 * type strings exactly, because the contracts hash the same structs: uint256/uint64 are bigint,
 * uint32/uint8 are number (viem's mapping), bytes32 and bytes are hex.
 */

/** How a job ended. The numeric values are part of the signed receipt and never change. */
export const ReceiptOutcome = {
  Completed: 0,
  BudgetExhausted: 1,
  Failed: 2,
  /** The worker refused to run: lease not live, code not approved, policy denied. */
  Refused: 3,
} as const;
export type ReceiptOutcome = (typeof ReceiptOutcome)[keyof typeof ReceiptOutcome];

/** The EIP-712 domain every receipt and certificate is signed under. */
export type ReceiptDomain = {
  name: "Leasehold";
  version: "1";
  chainId: number;
  /** The ReceiptAnchor contract. */
  verifyingContract: Address;
};

/** The identity key's statement that `ephemeralKey` (and `sealingKey`) act for one job only. */
export type JobKeyCertificate = {
  jobId: bigint;
  agentId: bigint;
  ephemeralKey: Address;
  /** The job's X25519 public key (32 bytes), which the data owner seals the context key to. */
  sealingKey: Hex;
  /** Unix seconds after which the certificate must not cover new receipts (the job deadline). */
  notAfter: bigint;
};

export type Receipt = {
  jobId: bigint;
  agentId: bigint;
  codeHash: Hex;
  policyHash: Hex;
  /** keccak256 of the decrypted context. */
  inputHash: Hex;
  /** keccak256 of the output bytes. */
  outputHash: Hex;
  fuelUsed: bigint;
  memoryPeakBytes: bigint;
  capabilityCalls: number;
  startedAt: bigint;
  endedAt: bigint;
  outcome: ReceiptOutcome;
  ephemeralKey: Address;
  /** 65-byte signature (r, s, v) by the identity key over the certificate's EIP-712 digest. */
  certificate: Hex;
};

/**
 * A receipt with what a verifier needs beyond it: the certificate fields that the receipt does
 * not carry (`sealingKey`, `notAfter`) and the ephemeral key's signature over the receipt.
 */
export type SignedReceipt = {
  receipt: Receipt;
  sealingKey: Hex;
  notAfter: bigint;
  /** 65-byte signature (r, s, v) by `receipt.ephemeralKey` over the receipt's EIP-712 digest. */
  signature: Hex;
};
