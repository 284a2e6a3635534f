/**
 * Off-chain verification of a signed receipt, step for step as docs/RECEIPTS.md and the
 * contracts do it, so whatever the sdk accepts the chain accepts too. Whether an address is (or
 * was) an identity of the agent is chain state; the caller injects that lookup, which keeps this
 * module free of RPC and lets tests and indexers answer from their own data.
 */
import { recoverAddress, type Address, type Hex } from "viem";
import { LeaseholdError } from "../errors.ts";
import { AgentIdentityLookupError, ReceiptVerificationError } from "./errors.ts";
import { isCanonicalSignature } from "./signature.ts";
import { certificateOf, hashCertificate, hashReceipt } from "./typed-data.ts";
import type { JobKeyCertificate, ReceiptDomain, SignedReceipt } from "./types.ts";

export type VerifySignedReceiptParameters = {
  signedReceipt: SignedReceipt;
  domain: ReceiptDomain;
  /**
   * Whether `address` is a current or past identity of `agentId` (AgentRegistry's
   * `agentOfIdentity(address) == agentId`). Throwing means "cannot tell now", not "no".
   */
  isAgentIdentity: (agentId: bigint, address: Address) => Promise<boolean>;
};
export type VerifySignedReceiptReturnType = {
  /** The receipt's EIP-712 digest, i.e. what a batch leaf commits to. */
  digest: Hex;
  certificateDigest: Hex;
  certificate: JobKeyCertificate;
  /** The identity key that signed the certificate. */
  identity: Address;
};
export type VerifySignedReceiptErrorType = ReceiptVerificationError | AgentIdentityLookupError;

export async function verifySignedReceipt({
  signedReceipt,
  domain,
  isAgentIdentity,
}: VerifySignedReceiptParameters): Promise<VerifySignedReceiptReturnType> {
  const { receipt, signature, notAfter } = signedReceipt;
  const certificate = certificateOf(signedReceipt);
  let digest: Hex;
  let certificateDigest: Hex;
  try {
    digest = hashReceipt({ receipt, domain });
    certificateDigest = hashCertificate({ certificate, domain });
  } catch (error) {
    throw new ReceiptVerificationError("malformed-receipt", "Receipt fields do not fit their types", {
      cause: error,
    });
  }

  // 1. The certificate was signed by an identity of the agent.
  const identity = await recoverCanonical(certificateDigest, receipt.certificate, "malformed-certificate");
  let isIdentity: boolean;
  try {
    isIdentity = await isAgentIdentity(receipt.agentId, identity);
  } catch (error) {
    if (error instanceof LeaseholdError) throw error;
    throw new AgentIdentityLookupError("Cannot look up the agent's identities", { cause: error });
  }
  if (!isIdentity) {
    throw new ReceiptVerificationError(
      "bad-certificate-signer",
      `Certificate signer ${identity} is not an identity of agent ${receipt.agentId}`,
    );
  }

  // 2. The receipt was signed by the certified ephemeral key.
  const signer = await recoverCanonical(digest, signature, "malformed-signature");
  if (signer.toLowerCase() !== receipt.ephemeralKey.toLowerCase()) {
    throw new ReceiptVerificationError(
      "bad-receipt-signer",
      `Receipt signer ${signer} is not the certified ephemeral key ${receipt.ephemeralKey}`,
    );
  }

  // 3. The certificate still covered the receipt when the job ended.
  if (receipt.endedAt > notAfter) {
    throw new ReceiptVerificationError(
      "expired-certificate",
      `Receipt ended at ${receipt.endedAt}, after the certificate's notAfter ${notAfter}`,
    );
  }

  return { digest, certificateDigest, certificate, identity };
}

async function recoverCanonical(
  hash: Hex,
  signature: Hex,
  reason: "malformed-certificate" | "malformed-signature",
): Promise<Address> {
  const what = reason === "malformed-certificate" ? "Certificate" : "Receipt signature";
  if (!isCanonicalSignature(signature)) {
    throw new ReceiptVerificationError(reason, `${what} is not a canonical 65-byte signature`);
  }
  try {
    return await recoverAddress({ hash, signature });
  } catch (error) {
    throw new ReceiptVerificationError(reason, `${what} does not recover to an address`, { cause: error });
  }
}
