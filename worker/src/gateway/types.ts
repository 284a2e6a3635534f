import type { SignedReceipt } from "@leasehold/sdk";
import type { Logger } from "pino";
import type { Hex } from "viem";
import type { ChainClient } from "../chain/index.ts";
import type { WorkerMetrics } from "../metrics.ts";
import type { ContentStore } from "../store/index.ts";

/** A job's journaled receipt, as GET /v1/jobs/:jobId/receipt serves it. */
export type ReceiptRecord = {
  signedReceipt: SignedReceipt;
  /** The receipt's EIP-712 digest (sdk hashReceipt): its leaf in the batch. */
  digest: Hex;
};

/** Where a receipt sits in its batch: what ReceiptAnchor.verifyInclusion(batchId, digest, proof) takes. */
export type ProofRecord = {
  /** ReceiptAnchor's bytes32 batch id. */
  batchId: Hex;
  root: Hex;
  leafCount: number;
  /** The receipt's position among the batch's leaves. */
  index: number;
  digest: Hex;
  /** Siblings from the leaf up. */
  proof: Hex[];
};

/**
 * Read access to the worker's receipts. `undefined` means "not there yet" (no receipt journaled,
 * or not batched); a throw means the records cannot be read (the gateway answers 500).
 */
export interface ReceiptLookup {
  receiptOf(jobId: bigint): Promise<ReceiptRecord | undefined>;
  proofOf(jobId: bigint): Promise<ProofRecord | undefined>;
}

/** One named readiness check; `message` says why it failed (no secrets, no personal data). */
export type ReadinessCheck = { ok: boolean; message?: string };

/** The caller's readiness checks by name (e.g. chain, journal); ready when every one is ok. */
export type ReadinessReport = Record<string, ReadinessCheck>;

export type GatewayLimits = {
  /** Whole request, from arrival to the last byte of the answer's start: 503 request_timeout past it. */
  requestTimeoutMs: number;
  /** Requests being served at once; one more is answered 503 overloaded. */
  maxInFlight: number;
  /** Requests per second for the whole instance (fixed one-second window); over it 429 rate_limited. */
  maxRequestsPerSecond: number;
  /** Body size in bytes, as sent and once inflated: 413 body_too_large. */
  maxBodyBytes: number;
  /** Inflated bytes per compressed byte, checked while streaming: 413 decompression_ratio_exceeded. */
  maxDecompressionRatio: number;
  /** A readiness check slower than this counts as not ready. */
  readinessTimeoutMs: number;
};

export type GatewayDeps = {
  /** Live chain state: leases (owner, scope, content id, liveness) and jobs (lease, status). */
  chain: ChainClient;
  /** Where uploads land and the worker's certificates and sealed outputs are read from. */
  store: ContentStore;
  /** The worker's journaled receipts and their batch proofs (createJournalReceiptLookup). */
  receipts: ReceiptLookup;
  /** The capability root key (at least 32 bytes): mints and verifies this gateway's tokens. Secret. */
  rootKey: Uint8Array;
  metrics: WorkerMetrics;
  /** JSON logs; the gateway logs through a child that redacts credentials and bodies. */
  logger: Logger;
  /**
   * The caller's checks (chain answers, journal healthy). /readyz fails closed: a throw, or no
   * answer within limits.readinessTimeoutMs, is "not ready".
   */
  readiness: () => Promise<ReadinessReport>;
  /**
   * The agents this worker serves: tokens are minted only for their leases, so nobody can park
   * uploads at a worker that will never run the job. Undefined serves every agent (tests, tools).
   */
  servedAgents?: readonly bigint[];
  /** Overrides of DEFAULT_GATEWAY_LIMITS (tests). */
  limits?: Partial<GatewayLimits>;
  /** The gateway's clock, unix milliseconds (token expiry, capability request expiry). Default Date.now. */
  now?: () => number;
};
