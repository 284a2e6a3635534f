/**
 * A job's output, sealed for the data owner. The output is derived from the owner's context, so
 * it is as private as the context and never reaches the store in clear. The owner already holds
 * the context's content key, and the job held it too (opened from the sealed key), so the output
 * is encrypted under a key derived from it for this one job: no new key exchange is needed, and
 * the outputs of two jobs over the same context are under different keys.
 *
 * Output envelope v1 (big-endian, 45 bytes + output):
 *   0   4  magic "LHOX"
 *   4   1  version = 1
 *   5  24  nonce, random
 *  29   n  XChaCha20-Poly1305(outputKey, nonce, aad = bytes 0..5) of the output, 16-byte tag last
 *
 *   outputKey = HKDF-SHA256(ikm = contentKey, salt = none,
 *                           info = "leasehold/job-output/v1" ‖ uint256(chainId) ‖ uint256(jobId), 32)
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { assertKey, chainIdBytes, startsWith, uint256Bytes, wipe } from "./bytes.ts";
import { CONTENT_KEY_BYTES, MAX_CONTEXT_ENVELOPE_BYTES } from "./context-envelope.ts";
import { SealingError } from "./errors.ts";
import type { SealedKeyBinding } from "./types.ts";

const MAGIC = Uint8Array.from([0x4c, 0x48, 0x4f, 0x58]); // "LHOX"
const VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const INFO_LABEL = new TextEncoder().encode("leasehold/job-output/v1");

export const JOB_OUTPUT_OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
export const MAX_JOB_OUTPUT_BYTES = MAX_CONTEXT_ENVELOPE_BYTES - JOB_OUTPUT_OVERHEAD;

export type SealJobOutputErrorType = SealingError;

/** Encrypts a job's output for the holder of `contentKey`. The caller still owns (and wipes) the key. */
export function sealJobOutput(output: Uint8Array, contentKey: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  if (!(output instanceof Uint8Array)) throw new SealingError("invalid-input", "Output must be bytes");
  if (output.length > MAX_JOB_OUTPUT_BYTES) throw new SealingError("oversized", "Output is too large");
  const key = outputKey(contentKey, binding);
  try {
    const sealed = new Uint8Array(JOB_OUTPUT_OVERHEAD + output.length);
    sealed.set(MAGIC, 0);
    sealed[MAGIC.length] = VERSION;
    const nonce = randomBytes(NONCE_BYTES);
    sealed.set(nonce, HEADER_BYTES);
    sealed.set(
      xchacha20poly1305(key, nonce, sealed.subarray(0, HEADER_BYTES)).encrypt(output),
      HEADER_BYTES + NONCE_BYTES,
    );
    return sealed;
  } finally {
    wipe(key);
  }
}

export type OpenJobOutputErrorType = SealingError;

/** The output, or SealingError; nothing is returned unless every byte authenticated. */
export function openJobOutput(sealed: Uint8Array, contentKey: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  if (!(sealed instanceof Uint8Array)) throw new SealingError("invalid-input", "Sealed output must be bytes");
  if (sealed.length < HEADER_BYTES) throw new SealingError("truncated", "Sealed output is truncated");
  if (!startsWith(sealed, MAGIC)) throw new SealingError("bad-magic", "Not a Leasehold job output");
  if (sealed[MAGIC.length] !== VERSION) {
    throw new SealingError("unsupported-version", `Job output version ${sealed[MAGIC.length]} is not supported`);
  }
  if (sealed.length < JOB_OUTPUT_OVERHEAD) throw new SealingError("truncated", "Sealed output is truncated");
  const key = outputKey(contentKey, binding);
  try {
    const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
    return xchacha20poly1305(key, nonce, sealed.subarray(0, HEADER_BYTES)).decrypt(
      sealed.subarray(HEADER_BYTES + NONCE_BYTES),
    );
  } catch (error) {
    throw new SealingError("authentication-failed", "Job output does not authenticate", { cause: error });
  } finally {
    wipe(key);
  }
}

function outputKey(contentKey: Uint8Array, { chainId, jobId }: SealedKeyBinding): Uint8Array {
  assertKey(contentKey, CONTENT_KEY_BYTES, "Content key");
  const info = new Uint8Array(INFO_LABEL.length + 64);
  info.set(INFO_LABEL, 0);
  info.set(chainIdBytes(chainId), INFO_LABEL.length);
  info.set(uint256Bytes(jobId, "jobId"), INFO_LABEL.length + 32);
  return hkdf(sha256, contentKey, undefined, info, 32);
}
