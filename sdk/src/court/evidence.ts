/**
 * Evidence a party submits to the court, self-contained so any arbitrator can check it without
 * access to the worker or the data: the statement and the signed receipts with their inclusion
 * proofs travel in the evidence URI itself, as a `data:` URI (base64 of JSON). The court logs the
 * URI in EvidenceSubmitted next to the cited (batch, digest) pairs it checked on chain, so a
 * reader decodes the bundle, verifies each receipt's signatures and certificate (sdk), checks its
 * digest is one the court accepted, and checks inclusion against the anchored root.
 *
 * Any other URI (https:, ipfs:) is shown as a link and verified by nobody: only `data:` bundles
 * are evidence the app can verify.
 */
import { base64 } from "@scure/base";
import type { Address, Hex } from "viem";
import { z } from "zod";
import { InvalidInputError, LeaseholdError } from "../errors.ts";
import { signedReceiptSchema, signedReceiptToJson } from "../receipts/signed-receipt-json.ts";
import type { ReceiptDomain, SignedReceipt } from "../receipts/types.ts";
import { verifySignedReceipt } from "../receipts/verify-signed-receipt.ts";
import { ReceiptVerificationError } from "../receipts/errors.ts";

/** The media type of an evidence bundle. */
export const EVIDENCE_MEDIA_TYPE = "application/vnd.leasehold.evidence+json";
/** DisputeCourt.MAX_URI_BYTES: the longest URI the court accepts. */
export const MAX_EVIDENCE_URI_BYTES = 16_384;
/** Receipts one bundle may carry (each is about 1.3 kB of JSON). */
export const MAX_EVIDENCE_RECEIPTS = 8;
/** The statement is what a person reads first; keep it to a page. */
export const MAX_EVIDENCE_STATEMENT_LENGTH = 4_000;

const DATA_PREFIX = `data:${EVIDENCE_MEDIA_TYPE};base64,`;

const hex32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "not 32 bytes of hex")
  .transform((value) => value.toLowerCase() as Hex);

const bundleSchema = z.strictObject({
  version: z.literal(1),
  statement: z.string().max(MAX_EVIDENCE_STATEMENT_LENGTH),
  receipts: z
    .array(z.strictObject({ signedReceipt: signedReceiptSchema, batchId: hex32, proof: z.array(hex32).max(64) }))
    .max(MAX_EVIDENCE_RECEIPTS),
});

/** A cited receipt with what proves it: the signed receipt and its place in an anchored batch. */
export type EvidenceReceipt = { signedReceipt: SignedReceipt; batchId: Hex; proof: readonly Hex[] };
export type EvidenceBundle = { statement: string; receipts: readonly EvidenceReceipt[] };

/** An evidence URI that is not a readable Leasehold bundle. */
export class InvalidEvidenceError extends LeaseholdError {
  readonly retryable = false;
}

/** Encodes a bundle as the `data:` URI the court takes; throws InvalidInputError when it would not fit. */
export function encodeEvidenceUri(bundle: EvidenceBundle): string {
  if (bundle.statement.length > MAX_EVIDENCE_STATEMENT_LENGTH) {
    throw new InvalidInputError(`The statement is limited to ${MAX_EVIDENCE_STATEMENT_LENGTH} characters`);
  }
  if (bundle.receipts.length > MAX_EVIDENCE_RECEIPTS) {
    throw new InvalidInputError(`A bundle carries at most ${MAX_EVIDENCE_RECEIPTS} receipts`);
  }
  const json = JSON.stringify({
    version: 1,
    statement: bundle.statement,
    receipts: bundle.receipts.map(({ signedReceipt, batchId, proof }) => ({
      signedReceipt: signedReceiptToJson(signedReceipt),
      batchId: batchId.toLowerCase(),
      proof: proof.map((node) => node.toLowerCase()),
    })),
  });
  const uri = DATA_PREFIX + base64.encode(new TextEncoder().encode(json));
  if (uri.length > MAX_EVIDENCE_URI_BYTES) {
    throw new InvalidInputError(
      `The evidence is ${uri.length} bytes as a URI; the court takes at most ${MAX_EVIDENCE_URI_BYTES}: cite fewer receipts or shorten the statement`,
    );
  }
  return uri;
}

/** Whether `uri` claims to be a Leasehold evidence bundle (and so must decode). */
export function isEvidenceBundleUri(uri: string): boolean {
  return uri.startsWith(DATA_PREFIX);
}

/** Decodes an untrusted evidence URI; throws InvalidEvidenceError for anything malformed. */
export function decodeEvidenceUri(uri: string): EvidenceBundle {
  if (!isEvidenceBundleUri(uri)) throw new InvalidEvidenceError("Not a Leasehold evidence bundle");
  if (uri.length > MAX_EVIDENCE_URI_BYTES)
    throw new InvalidEvidenceError("The evidence URI is longer than the court takes");
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64.decode(uri.slice(DATA_PREFIX.length))));
  } catch (error) {
    throw new InvalidEvidenceError("The evidence bundle is not base64 of UTF-8 JSON", { cause: error });
  }
  const parsed = bundleSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidEvidenceError(`Invalid evidence bundle: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return {
    statement: parsed.data.statement,
    receipts: parsed.data.receipts.map((entry) => ({
      // The schema already parsed and checked it (decimal strings to bigints, hex lower-cased).
      signedReceipt: entry.signedReceipt as SignedReceipt,
      batchId: entry.batchId,
      proof: entry.proof,
    })),
  };
}

/** What an arbitrator learns about one receipt of a bundle. */
export type VerifiedEvidenceReceipt = {
  jobId: bigint;
  agentId: bigint;
  /** The receipt's EIP-712 digest, when its fields could be hashed. */
  digest: Hex | null;
  /** Signatures and certificate check out (sdk verifySignedReceipt). */
  signatureValid: boolean;
  /** Why not, when they do not. */
  failure: string | null;
  /** The court checked and logged this (batch, digest) pair for the dispute. */
  citedOnChain: boolean;
  /** The proof leads from the digest to the batch's anchored root (ReceiptAnchor.verifyInclusion). */
  included: boolean;
};

/**
 * Verifies every receipt of a bundle: signatures and certificate, that the court logged the same
 * (batch, digest) pair for this dispute, and inclusion against the anchored root. Chain state
 * comes in through the two lookups, so the app asks its RPC and tests answer from a local chain.
 */
export async function verifyEvidence({
  bundle,
  cited,
  domain,
  isAgentIdentity,
  verifyInclusion,
}: {
  bundle: EvidenceBundle;
  /** The (batch, digest) pairs of the dispute's EvidenceSubmitted events. */
  cited: readonly { batchId: Hex; receiptDigest: Hex }[];
  domain: ReceiptDomain;
  isAgentIdentity: (agentId: bigint, address: Address) => Promise<boolean>;
  verifyInclusion: (batchId: Hex, digest: Hex, proof: readonly Hex[]) => Promise<boolean>;
}): Promise<VerifiedEvidenceReceipt[]> {
  const results: VerifiedEvidenceReceipt[] = [];
  for (const { signedReceipt, batchId, proof } of bundle.receipts) {
    const { jobId, agentId } = signedReceipt.receipt;
    let digest: Hex | null = null;
    let failure: string | null = null;
    try {
      digest = (await verifySignedReceipt({ signedReceipt, domain, isAgentIdentity })).digest;
    } catch (error) {
      if (!(error instanceof ReceiptVerificationError)) throw error;
      failure = `${error.reason}: ${error.message}`;
    }
    const citedOnChain =
      digest !== null &&
      cited.some(
        (pair) => pair.batchId.toLowerCase() === batchId && pair.receiptDigest.toLowerCase() === digest!.toLowerCase(),
      );
    const included = digest !== null && (await verifyInclusion(batchId, digest, proof));
    results.push({ jobId, agentId, digest, signatureValid: failure === null, failure, citedOnChain, included });
  }
  return results;
}
