import { keccak256, stringToHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ReceiptOutcome, receiptDomain, signCertificate, signReceipt, type Receipt } from "../../src/receipts/index.ts";

export const domain = receiptDomain({ chainId: 31337, receiptAnchor: "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707" });

// Fixed keys so every run signs the same bytes.
export const identity = privateKeyToAccount(keccak256(stringToHex("leasehold test identity")));
export const ephemeral = privateKeyToAccount(keccak256(stringToHex("leasehold test ephemeral")));
export const stranger = privateKeyToAccount(keccak256(stringToHex("leasehold test stranger")));

export const agentId = 7n;
export const jobId = 42n;
export const sealingKey: Hex = keccak256(stringToHex("sealing key"));
export const notAfter = 1_900_000_000n;

export const fields: Omit<Receipt, "ephemeralKey" | "certificate"> = {
  jobId,
  agentId,
  codeHash: keccak256(stringToHex("code")),
  policyHash: keccak256(stringToHex("policy")),
  inputHash: keccak256(stringToHex("input")),
  outputHash: keccak256(stringToHex("output")),
  fuelUsed: 123_456n,
  memoryPeakBytes: 64n * 1024n * 1024n,
  capabilityCalls: 9,
  startedAt: 1_800_000_000n,
  endedAt: 1_800_000_060n,
  outcome: ReceiptOutcome.Completed,
};

export async function makeSignedReceipt(overrides: Partial<typeof fields> = {}) {
  const certificate = await signCertificate({
    account: identity,
    domain,
    certificate: { jobId, agentId, ephemeralKey: ephemeral.address, sealingKey, notAfter },
  });
  return signReceipt({
    account: ephemeral,
    domain,
    receipt: { ...fields, ...overrides, certificate },
    sealingKey,
    notAfter,
  });
}

/** The registry of the tests: `identity` belongs to `agentId`, nobody else is anyone's identity. */
export async function isAgentIdentity(agent: bigint, address: string): Promise<boolean> {
  return agent === agentId && address === identity.address;
}
