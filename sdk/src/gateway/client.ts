/**
 * A typed client of one worker gateway (docs/GATEWAY.md), for the browser app, scripts and tests.
 * Every response body is validated with the shared schemas; every refusal becomes a GatewayError
 * carrying the gateway's code, status and correlation id. Browser-safe: only `fetch`.
 */
import type { Hex } from "viem";
import type { CapabilityOperation } from "../capabilities/types.ts";
import { gatewayErrorStatus, GatewayError, type GatewayErrorCode } from "./errors.ts";
import { jobCertificateFromJson, type PublishedCertificate } from "./job-certificate.ts";
import {
  capabilityResponseSchema,
  contextUploadResponseSchema,
  errorResponseSchema,
  healthResponseSchema,
  proofResponseSchema,
  readinessResponseSchema,
  receiptResponseSchema,
  jobUploadResponseSchema,
  type HealthResponse,
  type ProofResponse,
  type ReadinessResponse,
  type ReceiptResponse,
} from "./schemas.ts";

export type CreateGatewayClientParameters = {
  /** The gateway's origin, e.g. "http://127.0.0.1:8787" (a path prefix is kept). */
  baseUrl: string;
  /** Default: globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
};

export type RequestCapabilitiesParameters = {
  leaseId: bigint;
  operations: readonly CapabilityOperation[];
  expiresAt: bigint;
  /** The lease owner's signature (signCapabilityRequest). */
  signature: Hex;
};
export type RequestCapabilitiesReturnType = {
  tokens: Partial<Record<CapabilityOperation, string>>;
  expiresAt: bigint;
};
export type JobRequestParameters = { token: string; jobId: bigint };

export type GatewayClient = {
  requestCapabilities(parameters: RequestCapabilitiesParameters): Promise<RequestCapabilitiesReturnType>;
  /** Uploads the context envelope the lease names; resolves with its content id. */
  uploadContext(parameters: { token: string; leaseId: bigint; envelope: Uint8Array }): Promise<{ contentId: Hex }>;
  /** The job certificate, parsed but NOT verified: call verifyJobCertificate before sealing to it. */
  getCertificate(parameters: JobRequestParameters): Promise<PublishedCertificate>;
  /**
   * The job's input sealed for it (sdk sealJobInput), for jobs that take one: before the sealed
   * key, since the worker looks for it once it has the key. Resolves with whether this call
   * stored it (false: the identical bytes were already there).
   */
  uploadInput(parameters: JobRequestParameters & { sealedInput: Uint8Array }): Promise<{ created: boolean }>;
  /** Resolves with whether this call stored the key (false: the identical key was already there). */
  uploadSealedKey(parameters: JobRequestParameters & { sealedKey: Uint8Array }): Promise<{ created: boolean }>;
  getReceipt(parameters: JobRequestParameters): Promise<ReceiptResponse>;
  getProof(parameters: JobRequestParameters): Promise<ProofResponse>;
  /** The job's output sealed for the data owner (open it with sdk openJobOutput). */
  getOutput(parameters: JobRequestParameters): Promise<Uint8Array>;
  health(): Promise<HealthResponse>;
  /** The readiness report, whether ready (200) or not (503); throws only for other answers. */
  ready(): Promise<ReadinessResponse>;
};
export type GatewayClientErrorType = GatewayError;

export function createGatewayClient({ baseUrl, fetch: fetchFn }: CreateGatewayClientParameters): GatewayClient {
  const doFetch = fetchFn ?? globalThis.fetch.bind(globalThis);
  const base = baseUrl.replace(/\/+$/, "");

  async function call(
    method: "GET" | "POST" | "PUT",
    path: string,
    options: { token?: string; json?: unknown; bytes?: Uint8Array; accept?: (status: number) => boolean } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    let body: RequestInit["body"];
    if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.bytes !== undefined) {
      headers["content-type"] = "application/octet-stream";
      body = options.bytes as Uint8Array<ArrayBuffer>;
    }
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    } catch (cause) {
      throw new GatewayError({ status: 0, code: "unreachable", message: `${method} ${path}: no answer` }, { cause });
    }
    if (!(options.accept ?? ((status: number) => status >= 200 && status < 300))(response.status)) {
      throw await errorOf(response, `${method} ${path}`);
    }
    return response;
  }

  async function json<T>(
    response: Response,
    schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } },
  ): Promise<T> {
    let value: unknown;
    try {
      value = await response.json();
    } catch (cause) {
      throw unexpected(response, "response is not JSON", cause);
    }
    const result = schema.safeParse(value);
    if (!result.success) throw unexpected(response, "response does not match the gateway's schema", result.error);
    return result.data;
  }

  const jobPath = (jobId: bigint, what: string) => `/v1/jobs/${jobId.toString()}/${what}`;

  return {
    async requestCapabilities({ leaseId, operations, expiresAt, signature }) {
      const response = await call("POST", "/v1/capabilities", {
        json: { leaseId: leaseId.toString(), operations, expiresAt: expiresAt.toString(), signature },
      });
      const body = await json(response, capabilityResponseSchema);
      return { tokens: body.tokens, expiresAt: BigInt(body.expiresAt) };
    },
    async uploadContext({ token, leaseId, envelope }) {
      const response = await call("PUT", `/v1/leases/${leaseId.toString()}/context`, { token, bytes: envelope });
      const body = await json(response, contextUploadResponseSchema);
      return { contentId: body.contentId };
    },
    async getCertificate({ token, jobId }) {
      const response = await call("GET", jobPath(jobId, "certificate"), { token });
      let value: unknown;
      try {
        value = await response.json();
      } catch (cause) {
        throw unexpected(response, "certificate is not JSON", cause);
      }
      return jobCertificateFromJson(value);
    },
    async uploadInput({ token, jobId, sealedInput }) {
      const response = await call("PUT", jobPath(jobId, "input"), { token, bytes: sealedInput });
      const body = await json(response, jobUploadResponseSchema);
      return { created: body.created };
    },
    async uploadSealedKey({ token, jobId, sealedKey }) {
      const response = await call("PUT", jobPath(jobId, "sealed-key"), { token, bytes: sealedKey });
      const body = await json(response, jobUploadResponseSchema);
      return { created: body.created };
    },
    async getReceipt({ token, jobId }) {
      return json(await call("GET", jobPath(jobId, "receipt"), { token }), receiptResponseSchema);
    },
    async getProof({ token, jobId }) {
      return json(await call("GET", jobPath(jobId, "proof"), { token }), proofResponseSchema);
    },
    async getOutput({ token, jobId }) {
      const response = await call("GET", jobPath(jobId, "output"), { token });
      return new Uint8Array(await response.arrayBuffer());
    },
    async health() {
      return json(await call("GET", "/healthz"), healthResponseSchema);
    },
    async ready() {
      const response = await call("GET", "/readyz", { accept: (status) => status === 200 || status === 503 });
      return json(response, readinessResponseSchema);
    },
  };
}

async function errorOf(response: Response, what: string): Promise<GatewayError> {
  const headerId = response.headers.get("x-request-id") ?? undefined;
  const retryAfterHeader = response.headers.get("retry-after");
  const retryAfter = retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  let value: unknown;
  try {
    value = await response.json();
  } catch {
    value = undefined;
  }
  const parsed = errorResponseSchema.safeParse(value);
  if (!parsed.success || !isGatewayErrorCode(parsed.data.error.code)) {
    return new GatewayError({
      status: response.status,
      code: "unexpected_response",
      message: `${what}: HTTP ${response.status} without a gateway error body`,
      correlationId: headerId,
      retryAfter,
    });
  }
  const { code, message, correlationId } = parsed.data.error;
  return new GatewayError({ status: response.status, code, message: `${what}: ${message}`, correlationId, retryAfter });
}

function unexpected(response: Response, message: string, cause: unknown): GatewayError {
  return new GatewayError(
    {
      status: response.status,
      code: "unexpected_response",
      message,
      correlationId: response.headers.get("x-request-id") ?? undefined,
    },
    { cause },
  );
}

function isGatewayErrorCode(code: string): code is GatewayErrorCode {
  return Object.hasOwn(gatewayErrorStatus, code);
}
