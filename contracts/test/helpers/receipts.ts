/**
 * Receipts, certificates and Merkle batches exactly as docs/RECEIPTS.md specifies them, written
 * from the spec for the contract tests, independently of the sdk's implementation (sdk/src/receipts)
 * so that each checks the spec, not the other. The two meet in the indexer and worker integration
 * tests, which submit sdk-signed receipts and sdk-built proofs to the real contracts.
 */
import {
  concat,
  hashTypedData,
  keccak256,
  type Address,
  type Hex,
  type LocalAccount,
  type TypedDataDomain,
} from "viem";

export const Outcome = { Completed: 0, BudgetExhausted: 1, Failed: 2, Refused: 3 } as const;

export const receiptTypes = {
  JobKeyCertificate: [
    { name: "jobId", type: "uint256" },
    { name: "agentId", type: "uint256" },
    { name: "ephemeralKey", type: "address" },
    { name: "sealingKey", type: "bytes32" },
    { name: "notAfter", type: "uint64" },
  ],
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

export interface Receipt {
  jobId: bigint;
  agentId: bigint;
  codeHash: Hex;
  policyHash: Hex;
  inputHash: Hex;
  outputHash: Hex;
  fuelUsed: bigint;
  memoryPeakBytes: bigint;
  capabilityCalls: number;
  startedAt: bigint;
  endedAt: bigint;
  outcome: number;
  ephemeralKey: Address;
  certificate: Hex;
}

export interface SignedReceipt {
  receipt: Receipt;
  sealingKey: Hex;
  notAfter: bigint;
  signature: Hex;
}

/** The EIP-712 domain of receipts: the ReceiptAnchor of a deployment is the verifying contract. */
export function receiptDomain(chainId: number, receiptAnchor: Address): TypedDataDomain {
  return { name: "Leasehold", version: "1", chainId, verifyingContract: receiptAnchor };
}

export function receiptDigest(domain: TypedDataDomain, receipt: Receipt): Hex {
  return hashTypedData({ domain, types: receiptTypes, primaryType: "Receipt", message: receipt });
}

export type SignReceiptParameters = {
  domain: TypedDataDomain;
  /** The agent's identity key: signs the certificate. */
  identity: LocalAccount;
  /** The job's ephemeral key: signs the receipt. */
  ephemeral: LocalAccount;
  /** Every receipt field but the ephemeral key and the certificate, which are filled in. */
  receipt: Omit<Receipt, "ephemeralKey" | "certificate">;
  sealingKey: Hex;
  notAfter: bigint;
};

/** Certify the ephemeral key with the identity key, then sign the receipt with the ephemeral key. */
export async function signReceipt(parameters: SignReceiptParameters): Promise<SignedReceipt> {
  const { domain, identity, ephemeral, sealingKey, notAfter } = parameters;
  const certificate = await identity.signTypedData({
    domain,
    types: receiptTypes,
    primaryType: "JobKeyCertificate",
    message: {
      jobId: parameters.receipt.jobId,
      agentId: parameters.receipt.agentId,
      ephemeralKey: ephemeral.address,
      sealingKey,
      notAfter,
    },
  });
  const receipt: Receipt = { ...parameters.receipt, ephemeralKey: ephemeral.address, certificate };
  const signature = await ephemeral.signTypedData({
    domain,
    types: receiptTypes,
    primaryType: "Receipt",
    message: receipt,
  });
  return { receipt, sealingKey, notAfter, signature };
}

// --------------------------------------------------------------------------------- Merkle tree

export function leafHash(digest: Hex): Hex {
  return keccak256(concat(["0x00", digest]));
}

export function nodeHash(a: Hex, b: Hex): Hex {
  return BigInt(a) < BigInt(b) ? keccak256(concat(["0x01", a, b])) : keccak256(concat(["0x01", b, a]));
}

/** Every level of the tree over `digests`, leaves first, root last. */
export function merkleLevels(digests: readonly Hex[]): Hex[][] {
  if (digests.length === 0) throw new Error("an empty batch is not a batch");
  const levels = [digests.map(leafHash)];
  while (levels.at(-1)!.length > 1) {
    const level = levels.at(-1)!;
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    levels.push(next);
  }
  return levels;
}

export function merkleRoot(digests: readonly Hex[]): Hex {
  return merkleLevels(digests).at(-1)![0]!;
}

/** The siblings of leaf `index` from the leaf up; a node carried up unchanged has none. */
export function merkleProof(digests: readonly Hex[], index: number): Hex[] {
  const proof: Hex[] = [];
  const levels = merkleLevels(digests);
  for (const level of levels.slice(0, -1)) {
    const sibling = index ^ 1;
    if (sibling < level.length) proof.push(level[sibling]!);
    index >>= 1;
  }
  return proof;
}
