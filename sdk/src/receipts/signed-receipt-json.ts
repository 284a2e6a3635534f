/**
 * The wire and disk form of a signed receipt. JSON has no bigint, so uint64/uint256 travel as
 * canonical decimal strings (no sign, no leading zeros) and uint8/uint32 as numbers; hex is
 * checked for exact byte length and lower-cased, addresses are checksummed. Parsing is the trust
 * boundary: it rejects unknown fields, out-of-range values and oversized input before anything
 * is hashed, and a parsed receipt re-serializes to the same text.
 */
import { z } from "zod";
import { InvalidSignedReceiptError } from "./errors.ts";
import { addressField as address, hexBytes, uintString } from "./json-fields.ts";
import type { ReceiptOutcome, SignedReceipt } from "./types.ts";

/** Generous for a ~1.3 kB receipt, small enough that a hostile body cannot cost much to parse. */
export const MAX_SIGNED_RECEIPT_JSON_LENGTH = 16 * 1024;

const receiptSchema = z.strictObject({
  jobId: uintString(256),
  agentId: uintString(256),
  codeHash: hexBytes(32),
  policyHash: hexBytes(32),
  inputHash: hexBytes(32),
  outputHash: hexBytes(32),
  fuelUsed: uintString(64),
  memoryPeakBytes: uintString(64),
  capabilityCalls: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  startedAt: uintString(64),
  endedAt: uintString(64),
  outcome: z
    .number()
    .int()
    .min(0)
    .max(3)
    .transform((value) => value as ReceiptOutcome),
  ephemeralKey: address,
  certificate: hexBytes(65),
});

export const signedReceiptSchema = z.strictObject({
  receipt: receiptSchema,
  sealingKey: hexBytes(32),
  notAfter: uintString(64),
  signature: hexBytes(65),
});

/** A signed receipt as plain JSON values. */
export type SignedReceiptJson = z.input<typeof signedReceiptSchema>;

/** Validate an untrusted, already JSON-decoded value. */
export function signedReceiptFromJson(value: unknown): SignedReceipt {
  const result = signedReceiptSchema.safeParse(value);
  if (!result.success) {
    throw new InvalidSignedReceiptError(`Invalid signed receipt: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

export function signedReceiptToJson(signedReceipt: SignedReceipt): SignedReceiptJson {
  const { receipt } = signedReceipt;
  return {
    receipt: {
      jobId: receipt.jobId.toString(),
      agentId: receipt.agentId.toString(),
      codeHash: receipt.codeHash.toLowerCase(),
      policyHash: receipt.policyHash.toLowerCase(),
      inputHash: receipt.inputHash.toLowerCase(),
      outputHash: receipt.outputHash.toLowerCase(),
      fuelUsed: receipt.fuelUsed.toString(),
      memoryPeakBytes: receipt.memoryPeakBytes.toString(),
      capabilityCalls: receipt.capabilityCalls,
      startedAt: receipt.startedAt.toString(),
      endedAt: receipt.endedAt.toString(),
      outcome: receipt.outcome,
      ephemeralKey: receipt.ephemeralKey,
      certificate: receipt.certificate.toLowerCase(),
    },
    sealingKey: signedReceipt.sealingKey.toLowerCase(),
    notAfter: signedReceipt.notAfter.toString(),
    signature: signedReceipt.signature.toLowerCase(),
  };
}

/** JSON text of a signed receipt; validated first, so nothing malformed is ever written out. */
export function serializeSignedReceipt(signedReceipt: SignedReceipt): string {
  let json: SignedReceiptJson;
  try {
    json = signedReceiptToJson(signedReceipt);
  } catch (error) {
    throw new InvalidSignedReceiptError("Signed receipt is missing fields", { cause: error });
  }
  signedReceiptFromJson(json);
  return JSON.stringify(json);
}

/** Parse JSON text from HTTP or disk into a signed receipt, or throw InvalidSignedReceiptError. */
export function parseSignedReceipt(text: string): SignedReceipt {
  if (typeof text !== "string") {
    throw new InvalidSignedReceiptError("Signed receipt must be JSON text");
  }
  if (text.length > MAX_SIGNED_RECEIPT_JSON_LENGTH) {
    throw new InvalidSignedReceiptError(
      `Signed receipt is ${text.length} characters, over the limit of ${MAX_SIGNED_RECEIPT_JSON_LENGTH}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidSignedReceiptError("Signed receipt is not valid JSON", { cause: error });
  }
  return signedReceiptFromJson(value);
}
