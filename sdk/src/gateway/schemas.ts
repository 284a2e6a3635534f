/**
 * Every JSON body of the worker gateway (docs/GATEWAY.md), as zod schemas that reject unknown
 * fields. The gateway validates requests with them and the client validates responses, so both
 * sides hold one definition. uint values travel as canonical decimal strings, bytes as 0x hex.
 */
import type { Hex } from "viem";
import { z } from "zod";
import { capabilityOperations } from "../capabilities/types.ts";
import { signedReceiptSchema } from "../receipts/signed-receipt-json.ts";

const uintString = (bits: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/, "not a canonical decimal integer")
    .max(78)
    .refine((value) => BigInt(value) < 1n << BigInt(bits), `does not fit in uint${bits}`);
const hexBytes = (bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `not ${bytes} bytes of hex`)
    .transform((value) => value as Hex);
const operation = z.enum(capabilityOperations);

/** POST /v1/capabilities. */
export const capabilityRequestBodySchema = z.strictObject({
  leaseId: uintString(256),
  operations: z
    .array(operation)
    .min(1)
    .max(capabilityOperations.length)
    .refine((operations) => new Set(operations).size === operations.length, "an operation is named twice"),
  expiresAt: uintString(64),
  signature: hexBytes(65),
});
export type CapabilityRequestBody = z.infer<typeof capabilityRequestBodySchema>;

export const capabilityResponseSchema = z.strictObject({
  /** One token per requested operation. */
  tokens: z.partialRecord(operation, z.string().min(1)),
  /** When the tokens expire: min(requested expiresAt, lease expiry). */
  expiresAt: uintString(64),
});
export type CapabilityResponse = z.infer<typeof capabilityResponseSchema>;

/** PUT /v1/leases/:leaseId/context. */
export const contextUploadResponseSchema = z.strictObject({ contentId: hexBytes(32) });
export type ContextUploadResponse = z.infer<typeof contextUploadResponseSchema>;

/** PUT /v1/jobs/:jobId/sealed-key and PUT /v1/jobs/:jobId/input (both write-once). */
export const jobUploadResponseSchema = z.strictObject({
  jobId: uintString(256),
  /** False when the identical bytes were already stored (an idempotent retry). */
  created: z.boolean(),
});
export type JobUploadResponse = z.infer<typeof jobUploadResponseSchema>;

/** GET /v1/jobs/:jobId/receipt. `signedReceipt` parses into the sdk's SignedReceipt. */
export const receiptResponseSchema = z.strictObject({
  signedReceipt: signedReceiptSchema,
  /** The receipt's EIP-712 digest (sdk hashReceipt): its leaf in the batch. */
  digest: hexBytes(32),
});
export type ReceiptResponseJson = z.input<typeof receiptResponseSchema>;
export type ReceiptResponse = z.output<typeof receiptResponseSchema>;

/** GET /v1/jobs/:jobId/proof: what ReceiptAnchor.verifyInclusion(batchId, digest, proof) takes. */
export const proofResponseSchema = z.strictObject({
  batchId: hexBytes(32),
  root: hexBytes(32),
  leafCount: z.number().int().positive(),
  index: z.number().int().nonnegative(),
  digest: hexBytes(32),
  proof: z.array(hexBytes(32)),
});
export type ProofResponse = z.infer<typeof proofResponseSchema>;

/** Every error response. */
export const errorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    correlationId: z.string(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** GET /healthz. */
export const healthResponseSchema = z.strictObject({ status: z.literal("ok") });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const readinessCheckSchema = z.strictObject({
  ok: z.boolean(),
  /** Why it failed; never secrets or personal data. */
  message: z.string().optional(),
});

/** GET /readyz: 200 with ready true, or 503 with ready false and the failing checks. */
export const readinessResponseSchema = z.strictObject({
  ready: z.boolean(),
  checks: z.record(z.string(), readinessCheckSchema),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
