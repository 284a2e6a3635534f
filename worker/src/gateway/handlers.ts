/**
 * What each /v1 route does once its request is admitted (limits, body read) and, for every route
 * but the mint, its token verified (./auth.ts). Handlers return the answer; create-gateway.ts
 * sends it. Before any write a handler checks the request's deadline, so a request answered
 * 503 request_timeout changes nothing.
 */
import {
  contextContentId,
  JOB_OUTPUT_OVERHEAD,
  MAX_JOB_INPUT_BYTES,
  mintCapability,
  SEALED_KEY_BYTES,
  signedReceiptToJson,
  type CapabilityCaveat,
  type CapabilityOperation,
} from "@leasehold/sdk";
import {
  capabilityRequestBodySchema,
  MAX_CAPABILITY_REQUEST_TTL_SECONDS,
  parseJobCertificate,
  recoverCapabilityRequestSigner,
  serializeJobCertificate,
  type CapabilityResponse,
  type ContextUploadResponse,
  type ProofResponse,
  type ReceiptResponseJson,
  type JobUploadResponse,
} from "@leasehold/sdk/gateway";
import type { z } from "zod";
import { StoreObjectMissingError } from "../errors.ts";
import type { Authorized } from "./auth.ts";
import { readLease } from "./auth.ts";
import type { GatewayContext } from "./context.ts";
import { GatewayHttpError } from "./http-error.ts";

export type HandlerResult =
  | { status: number; json: unknown }
  | { status: number; bytes: Uint8Array; contentType: "application/octet-stream" | "application/json" };

/** A parsed JSON body, told apart from an octet-stream body (a Buffer). */
export class JsonBody {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

export type RequestState = {
  signal: AbortSignal;
  authorized?: Authorized;
};

/** POST /v1/capabilities: the lease owner's signed request in, one token per operation out. */
export async function mintCapabilities(context: GatewayContext, body: unknown): Promise<HandlerResult> {
  const parsed = parseJson(body, capabilityRequestBodySchema);
  const now = context.nowSeconds();
  const expiresAt = BigInt(parsed.expiresAt);
  if (expiresAt <= now) throw new GatewayHttpError("expiry_in_past", "expiresAt is not in the future");
  if (expiresAt > now + MAX_CAPABILITY_REQUEST_TTL_SECONDS) {
    throw new GatewayHttpError(
      "expiry_too_far",
      `expiresAt is more than ${MAX_CAPABILITY_REQUEST_TTL_SECONDS} seconds ahead of the gateway's clock`,
    );
  }
  const request = {
    leaseId: BigInt(parsed.leaseId),
    operations: parsed.operations,
    expiresAt,
  };
  const lease = await readLease(context, request.leaseId);
  let signer: string;
  try {
    signer = await recoverCapabilityRequestSigner({
      domain: context.domain,
      request,
      signature: parsed.signature,
    });
  } catch (error) {
    throw new GatewayHttpError("signature_invalid", "The signature is malformed", { auth: true, cause: error });
  }
  if (signer !== lease.owner) {
    throw new GatewayHttpError("signature_invalid", "The request is not signed by the lease's owner on this chain", {
      auth: true,
    });
  }
  if (!lease.live) throw new GatewayHttpError("lease_not_live", `Lease ${lease.leaseId} is not live`, { auth: true });
  if (context.servedAgents !== undefined && !context.servedAgents.has(lease.agentId)) {
    throw new GatewayHttpError(
      "lease_not_served",
      `Lease ${lease.leaseId} is for agent ${lease.agentId}, not served here`,
    );
  }

  const expires = expiresAt < lease.expiry ? expiresAt : lease.expiry;
  const tokens: Partial<Record<CapabilityOperation, string>> = {};
  for (const op of request.operations) {
    const caveats: CapabilityCaveat[] = [
      { key: "lease", value: lease.leaseId },
      { key: "scope", value: lease.scopeHash },
      { key: "agent", value: lease.agentId },
      { key: "op", value: op },
      { key: "expires", value: expires },
    ];
    tokens[op] = mintCapability({ rootKey: context.rootKey, caveats });
  }
  const response: CapabilityResponse = { tokens, expiresAt: expires.toString() };
  return { status: 200, json: response };
}

/** PUT /v1/leases/:leaseId/context: the envelope whose sha256 the lease names. */
export async function uploadContext(
  context: GatewayContext,
  state: RequestState,
  body: unknown,
): Promise<HandlerResult> {
  const envelope = octets(body);
  const { lease } = state.authorized!;
  const contentId = contextContentId(envelope);
  if (contentId.toLowerCase() !== lease.contextId.toLowerCase()) {
    throw new GatewayHttpError("content_id_mismatch", "The body does not hash to the lease's content id");
  }
  commitPoint(state);
  await context.store.putContext(envelope);
  const response: ContextUploadResponse = { contentId };
  return { status: 200, json: response };
}

/** GET /v1/jobs/:jobId/certificate: the job-key certificate, once the worker published it. */
export async function getCertificate(context: GatewayContext, state: RequestState): Promise<HandlerResult> {
  const { job } = state.authorized!;
  const text = await orNotFound(context.store.getCertificate(job!.jobId), "certificate_not_found", "certificate");
  // Re-serialized through the sdk's strict parser: only a well-formed certificate leaves.
  const bytes = new TextEncoder().encode(serializeJobCertificate(parseJobCertificate(text)));
  return { status: 200, bytes, contentType: "application/json" };
}

/**
 * PUT /v1/jobs/:jobId/sealed-key: the content key sealed to the job's certificate. Write-once:
 * the worker may already have read the first key, so a different second key is refused (409)
 * and only the identical bytes are accepted again.
 */
export async function uploadSealedKey(
  context: GatewayContext,
  state: RequestState,
  body: unknown,
): Promise<HandlerResult> {
  const sealedKey = octets(body);
  if (sealedKey.length !== SEALED_KEY_BYTES) {
    throw new GatewayHttpError("invalid_sealed_key", `A sealed key is exactly ${SEALED_KEY_BYTES} bytes`);
  }
  const jobId = state.authorized!.job!.jobId;
  return withJobLock(context, jobId, async () => {
    const existing = await ifStored(context.store.getSealedKey(jobId));
    if (existing !== undefined) {
      if (Buffer.compare(Buffer.from(existing), sealedKey) === 0) return uploaded(jobId, false);
      throw new GatewayHttpError("sealed_key_conflict", `Job ${jobId} already has another sealed key`);
    }
    commitPoint(state);
    await context.store.putSealedKey(jobId, sealedKey);
    return uploaded(jobId, true);
  });
}

/**
 * PUT /v1/jobs/:jobId/input: the job's parameters sealed for it (sdk sealJobInput), for jobs that
 * take one. Write-once like the sealed key, and only before it: the worker looks for the input
 * once it has the key, so an input arriving later might never be read.
 */
export async function uploadInput(context: GatewayContext, state: RequestState, body: unknown): Promise<HandlerResult> {
  const sealedInput = octets(body);
  if (sealedInput.length < JOB_OUTPUT_OVERHEAD || sealedInput.length > JOB_OUTPUT_OVERHEAD + MAX_JOB_INPUT_BYTES) {
    throw new GatewayHttpError(
      "invalid_input",
      `A sealed input is ${JOB_OUTPUT_OVERHEAD} to ${JOB_OUTPUT_OVERHEAD + MAX_JOB_INPUT_BYTES} bytes`,
    );
  }
  const jobId = state.authorized!.job!.jobId;
  return withJobLock(context, jobId, async () => {
    const existing = await ifStored(context.store.getInput(jobId));
    if (existing !== undefined) {
      if (Buffer.compare(Buffer.from(existing), sealedInput) === 0) return uploaded(jobId, false);
      throw new GatewayHttpError("input_conflict", `Job ${jobId} already has another input`);
    }
    if ((await ifStored(context.store.getSealedKey(jobId))) !== undefined) {
      throw new GatewayHttpError(
        "input_too_late",
        `Job ${jobId}'s sealed key is already there: the input must come first`,
      );
    }
    commitPoint(state);
    await context.store.putInput(jobId, sealedInput);
    return uploaded(jobId, true);
  });
}

function uploaded(jobId: bigint, created: boolean): HandlerResult {
  const response: JobUploadResponse = { jobId: jobId.toString(), created };
  return { status: created ? 201 : 200, json: response };
}

/** The stored object, or undefined while there is none. */
async function ifStored<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof StoreObjectMissingError) return undefined;
    throw error;
  }
}

/** GET /v1/jobs/:jobId/receipt. */
export async function getReceipt(context: GatewayContext, state: RequestState): Promise<HandlerResult> {
  const jobId = state.authorized!.job!.jobId;
  const record = await context.receipts.receiptOf(jobId);
  if (record === undefined) throw new GatewayHttpError("receipt_not_found", `Job ${jobId} has no receipt yet`);
  const response: ReceiptResponseJson = {
    signedReceipt: signedReceiptToJson(record.signedReceipt),
    digest: record.digest,
  };
  return { status: 200, json: response };
}

/** GET /v1/jobs/:jobId/proof: served once ReceiptAnchor confirms the proof (the batch is anchored). */
export async function getProof(context: GatewayContext, state: RequestState): Promise<HandlerResult> {
  const jobId = state.authorized!.job!.jobId;
  const record = await context.receipts.proofOf(jobId);
  if (record === undefined) throw new GatewayHttpError("proof_not_found", `Job ${jobId}'s receipt is not batched yet`);
  let anchored: boolean;
  try {
    anchored = await context.chain.verifyInclusion(record.batchId, record.digest, record.proof);
  } catch (error) {
    throw new GatewayHttpError("chain_unavailable", "The chain cannot be read now", { retryAfter: 1, cause: error });
  }
  if (!anchored) throw new GatewayHttpError("proof_not_found", `Job ${jobId}'s batch is not anchored yet`);
  const response: ProofResponse = record;
  return { status: 200, json: response };
}

/** GET /v1/jobs/:jobId/output: ciphertext sealed for the data owner. */
export async function getOutput(context: GatewayContext, state: RequestState): Promise<HandlerResult> {
  const jobId = state.authorized!.job!.jobId;
  const bytes = await orNotFound(context.store.getOutput(jobId), "output_not_found", "output");
  return { status: 200, bytes, contentType: "application/octet-stream" };
}

/** Validates a JSON body; unknown fields get their own code. Messages name fields, never values. */
export function parseJson<T>(body: unknown, schema: z.ZodType<T>): T {
  if (!(body instanceof JsonBody)) {
    throw new GatewayHttpError("unsupported_media_type", "The body must be application/json");
  }
  const result = schema.safeParse(body.value);
  if (result.success) return result.data;
  const unknown = result.error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : []));
  if (unknown.length > 0) {
    throw new GatewayHttpError("unknown_field", `Unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
  }
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join(".") || "(body)"))];
  throw new GatewayHttpError("invalid_body", `Invalid or missing: ${fields.join(", ")}`);
}

function octets(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) {
    throw new GatewayHttpError("unsupported_media_type", "The body must be application/octet-stream");
  }
  return body;
}

/** Past this point the handler writes: a request whose deadline passed must not. */
function commitPoint(state: RequestState): void {
  if (state.signal.aborted) throw new GatewayHttpError("request_timeout", "The request took too long");
}

async function orNotFound<T>(
  read: Promise<T>,
  code: "certificate_not_found" | "output_not_found",
  what: string,
): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof StoreObjectMissingError) {
      throw new GatewayHttpError(code, `The job's ${what} is not there yet`);
    }
    throw error;
  }
}

async function withJobLock<T>(context: GatewayContext, jobId: bigint, operation: () => Promise<T>): Promise<T> {
  const previous = context.uploadLocks.get(jobId) ?? Promise.resolve();
  const result = previous.catch(() => undefined).then(operation);
  const tail = result.catch(() => undefined);
  context.uploadLocks.set(jobId, tail);
  try {
    return await result;
  } finally {
    if (context.uploadLocks.get(jobId) === tail) context.uploadLocks.delete(jobId);
  }
}
