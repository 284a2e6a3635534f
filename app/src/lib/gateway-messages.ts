/**
 * The worker gateway's refusals (sdk GatewayError codes, docs/GATEWAY.md) and the sdk's
 * verification failures, in sentences a data owner can act on. The gateway's own message and
 * correlation id stay available for support: the id is appended so a report can be matched
 * with the gateway's logs.
 */
import {
  GatewayError,
  InvalidJobCertificateError,
  type GatewayClientErrorCode,
  type GatewayErrorCode,
} from "@leasehold/sdk/gateway";
import { ReceiptVerificationError } from "@leasehold/sdk/receipts";
import { SealingError } from "@leasehold/sdk/sealing";
import { describeError } from "./revert-messages";

export const gatewayMessages: Record<GatewayErrorCode | GatewayClientErrorCode, string> = {
  malformed_body: "The gateway could not read the request (malformed body).",
  unknown_field: "The gateway refused a request field it does not know; this app and the worker disagree on the API.",
  invalid_body: "The gateway refused the request as invalid.",
  invalid_path: "The gateway does not recognise that lease or job id.",
  expiry_in_past: "The access request had already expired when it reached the gateway; check this computer's clock.",
  expiry_too_far: "The access request asked for more than an hour; the gateway grants at most one hour at a time.",
  content_id_mismatch: "The uploaded context does not hash to the content id the lease records.",
  invalid_sealed_key: "The gateway refused the sealed content key as malformed.",
  invalid_input: "The gateway refused the job's sealed input: it is empty or larger than 256 KiB.",
  token_missing: "The gateway asked for an access token: authorize this browser for the lease again.",
  token_malformed: "The gateway could not read the access token: authorize this browser for the lease again.",
  token_bad_signature:
    "The gateway did not mint this access token (was the worker restarted with a new key?): authorize again.",
  token_unknown_caveat: "The access token carries a restriction the gateway does not know.",
  token_malformed_caveat: "The access token carries a malformed restriction.",
  token_missing_caveat: "The access token lacks a restriction the gateway requires.",
  token_expired: "Gateway access for this lease has expired: authorize this browser again.",
  token_scope_mismatch: "The access token is for another scope than the lease's.",
  token_lease_mismatch: "The access token is for another lease.",
  token_job_mismatch: "The access token is for another job.",
  token_agent_mismatch: "The access token is for another agent than the job's.",
  token_op_mismatch: "The access token does not allow this operation.",
  lease_not_live: "The lease is revoked or expired, so the gateway no longer accepts anything for it.",
  job_not_live: "The job is no longer running, so the gateway no longer accepts a key for it.",
  signature_invalid:
    "The gateway could not match the signature to the lease's owner: sign with the account that owns the lease.",
  not_found: "The gateway has nothing at that address.",
  lease_not_served: "This worker does not run the lease's agent, so it takes nothing for that lease.",
  lease_not_found: "The gateway's chain does not know this lease (yet).",
  job_not_found: "The gateway's chain does not know this job (yet).",
  certificate_not_found: "The worker has not published the job's certificate yet.",
  receipt_not_found: "The worker has not signed the job's receipt yet.",
  proof_not_found: "The receipt's batch is not anchored yet.",
  output_not_found: "The worker has not stored the job's output yet.",
  sealed_key_conflict: "The job already has a different sealed key: another browser or tab sealed it first.",
  input_conflict: "The job already has a different input: another browser or tab sent it first.",
  input_too_late: "The job's key was already handed over, so its input can no longer be sent.",
  body_too_large: "The upload is larger than the gateway accepts.",
  decompression_ratio_exceeded: "The gateway refused a compressed upload that expands too much.",
  unsupported_media_type: "The gateway refused the upload's content type.",
  unsupported_encoding: "The gateway refused the upload's encoding.",
  rate_limited: "The gateway is rate limiting this browser; it will be retried shortly.",
  internal_error: "The worker gateway failed internally.",
  overloaded: "The worker gateway is overloaded; it will be retried shortly.",
  request_timeout: "The worker gateway timed out; it will be retried shortly.",
  chain_unavailable: "The worker gateway cannot reach the chain right now; it will be retried shortly.",
  unreachable: "The worker gateway is not reachable.",
  unexpected_response: "The worker gateway answered something this app does not understand.",
};

const sealingMessages: Record<SealingError["reason"], string> = {
  "invalid-input": "The data to encrypt or open is not bytes.",
  truncated: "The encrypted data is truncated.",
  oversized: "The data is too large to seal.",
  "bad-magic": "The data is not in a Leasehold sealed format.",
  "unsupported-version": "The sealed data uses a format version this app does not know.",
  "authentication-failed":
    "The data does not open with this content key: it was altered, or the key is another context's.",
  "invalid-key": "A key has the wrong length or is not a valid public key.",
  "invalid-binding": "The chain, owner or job the data is bound to is invalid.",
  "content-id-mismatch": "The encrypted context does not hash to the lease's content id.",
};

const receiptMessages: Record<ReceiptVerificationError["reason"], string> = {
  "malformed-receipt": "The receipt's fields do not fit their types.",
  "malformed-certificate": "The receipt's job certificate is not a valid signature.",
  "bad-certificate-signer": "The job certificate was not signed by any identity of the agent.",
  "malformed-signature": "The receipt's signature is malformed.",
  "bad-receipt-signer": "The receipt was not signed by the job's certified key.",
  "expired-certificate": "The receipt ends after its job certificate expired.",
};

/** One sentence for anything the gateway pipeline threw. */
export function describeGatewayError(error: unknown): string {
  if (error instanceof GatewayError) {
    // This app's proxy answers 502 when the gateway is down; its body is not a gateway code.
    const code = error.status === 502 && error.code === "unexpected_response" ? "unreachable" : error.code;
    const sentence = gatewayMessages[code] ?? error.message;
    return error.correlationId ? `${sentence} (request ${error.correlationId})` : sentence;
  }
  if (error instanceof SealingError) return sealingMessages[error.reason] ?? error.message;
  if (error instanceof ReceiptVerificationError) return receiptMessages[error.reason] ?? error.message;
  if (error instanceof InvalidJobCertificateError) return `The job certificate does not verify: ${error.message}.`;
  // Wallet and chain failures along the way (a rejected signature, an RPC that is down).
  return describeError(error, { amount: (value) => value.toString() });
}
