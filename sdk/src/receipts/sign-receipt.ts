/**
 * Signing side of docs/RECEIPTS.md. The identity key signs only certificates and the per-job
 * ephemeral key signs only receipts, so a leaked ephemeral key can forge nothing beyond its own
 * job, and only until `notAfter`. Accounts are viem LocalAccounts: the worker holds both keys.
 */
import type { Hex, LocalAccount } from "viem";
import { InvalidInputError } from "../errors.ts";
import { certificateTypes, receiptTypes } from "./typed-data.ts";
import type { JobKeyCertificate, Receipt, ReceiptDomain, SignedReceipt } from "./types.ts";

export type SignCertificateParameters = {
  /** The agent's registered identity key. */
  account: LocalAccount;
  domain: ReceiptDomain;
  certificate: JobKeyCertificate;
};
export type SignCertificateReturnType = Hex;
export type SignCertificateErrorType = InvalidInputError;

export async function signCertificate({
  account,
  domain,
  certificate,
}: SignCertificateParameters): Promise<SignCertificateReturnType> {
  try {
    return await account.signTypedData({
      domain,
      types: certificateTypes,
      primaryType: "JobKeyCertificate",
      message: certificate,
    });
  } catch (error) {
    throw new InvalidInputError("Cannot sign job certificate: a field is out of range", { cause: error });
  }
}

export type SignReceiptParameters = {
  /** The job's ephemeral key; it becomes `receipt.ephemeralKey`. */
  account: LocalAccount;
  domain: ReceiptDomain;
  /** The receipt, whose `certificate` certifies `account` for this job. */
  receipt: Omit<Receipt, "ephemeralKey">;
  sealingKey: Hex;
  notAfter: bigint;
};
export type SignReceiptReturnType = SignedReceipt;
export type SignReceiptErrorType = InvalidInputError;

export async function signReceipt({
  account,
  domain,
  receipt: fields,
  sealingKey,
  notAfter,
}: SignReceiptParameters): Promise<SignReceiptReturnType> {
  // Refuse what no verifier would accept rather than journal a receipt that is dead on arrival.
  if (fields.startedAt > fields.endedAt) {
    throw new InvalidInputError("Receipt ends before it starts");
  }
  if (fields.endedAt > notAfter) {
    throw new InvalidInputError("Receipt ends after its certificate's notAfter");
  }
  const receipt: Receipt = { ...fields, ephemeralKey: account.address };
  let signature: Hex;
  try {
    signature = await account.signTypedData({
      domain,
      types: receiptTypes,
      primaryType: "Receipt",
      message: receipt,
    });
  } catch (error) {
    throw new InvalidInputError("Cannot sign receipt: a field is out of range", { cause: error });
  }
  return { receipt, sealingKey, notAfter, signature };
}
