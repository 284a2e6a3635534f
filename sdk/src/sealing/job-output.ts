/**
 * A job's input and output, sealed between the data owner and the job.
 *
 * Output: sealed for the data owner. The output is derived from the owner's context, so
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
 *
 * Input: the job's parameters (e.g. the dietary policy an ordering job must follow), sealed by the
 * owner for the job in the same format with magic "LHIX", info label "leasehold/job-input/v1" and
 * at most MAX_JOB_INPUT_BYTES of JSON. Its own magic and key mean an input can never be passed off
 * as an output or the other way round.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { assertKey, chainIdBytes, startsWith, uint256Bytes, wipe } from "./bytes.ts";
import { CONTENT_KEY_BYTES, MAX_CONTEXT_ENVELOPE_BYTES } from "./context-envelope.ts";
import { SealingError } from "./errors.ts";
import type { SealedKeyBinding } from "./types.ts";

const VERSION = 1;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;

type Direction = { magic: Uint8Array; label: Uint8Array; what: string; maxBytes: number };
const HEADER_BYTES = 5;

export const JOB_OUTPUT_OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
export const MAX_JOB_OUTPUT_BYTES = MAX_CONTEXT_ENVELOPE_BYTES - JOB_OUTPUT_OVERHEAD;
/** The sandbox takes at most this much input JSON. */
export const MAX_JOB_INPUT_BYTES = 256 * 1024;

const OUTPUT: Direction = {
  magic: Uint8Array.from([0x4c, 0x48, 0x4f, 0x58]), // "LHOX"
  label: new TextEncoder().encode("leasehold/job-output/v1"),
  what: "Job output",
  maxBytes: MAX_JOB_OUTPUT_BYTES,
};
const INPUT: Direction = {
  magic: Uint8Array.from([0x4c, 0x48, 0x49, 0x58]), // "LHIX"
  label: new TextEncoder().encode("leasehold/job-input/v1"),
  what: "Job input",
  maxBytes: MAX_JOB_INPUT_BYTES,
};

export type SealJobOutputErrorType = SealingError;
export type OpenJobOutputErrorType = SealingError;

/** Encrypts a job's output for the holder of `contentKey`. The caller still owns (and wipes) the key. */
export function sealJobOutput(output: Uint8Array, contentKey: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  return seal(OUTPUT, output, contentKey, binding);
}

/** The output, or SealingError; nothing is returned unless every byte authenticated. */
export function openJobOutput(sealed: Uint8Array, contentKey: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  return open(OUTPUT, sealed, contentKey, binding);
}

/** Encrypts a job's input (its parameters) for the job; the worker opens it with the content key. */
export function sealJobInput(input: Uint8Array, contentKey: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  return seal(INPUT, input, contentKey, binding);
}

export function openJobInput(sealed: Uint8Array, contentKey: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  return open(INPUT, sealed, contentKey, binding);
}

function seal(
  direction: Direction,
  plaintext: Uint8Array,
  contentKey: Uint8Array,
  binding: SealedKeyBinding,
): Uint8Array {
  const { magic: MAGIC } = direction;
  if (!(plaintext instanceof Uint8Array)) throw new SealingError("invalid-input", `${direction.what} must be bytes`);
  if (plaintext.length > direction.maxBytes) throw new SealingError("oversized", `${direction.what} is too large`);
  const key = jobKey(direction, contentKey, binding);
  try {
    const sealed = new Uint8Array(JOB_OUTPUT_OVERHEAD + plaintext.length);
    sealed.set(MAGIC, 0);
    sealed[MAGIC.length] = VERSION;
    const nonce = randomBytes(NONCE_BYTES);
    sealed.set(nonce, HEADER_BYTES);
    sealed.set(
      xchacha20poly1305(key, nonce, sealed.subarray(0, HEADER_BYTES)).encrypt(plaintext),
      HEADER_BYTES + NONCE_BYTES,
    );
    return sealed;
  } finally {
    wipe(key);
  }
}

function open(direction: Direction, sealed: Uint8Array, contentKey: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  const { magic: MAGIC, what } = direction;
  const lower = what.toLowerCase();
  if (!(sealed instanceof Uint8Array)) throw new SealingError("invalid-input", `Sealed ${lower} must be bytes`);
  if (sealed.length < HEADER_BYTES) throw new SealingError("truncated", `Sealed ${lower} is truncated`);
  if (!startsWith(sealed, MAGIC)) throw new SealingError("bad-magic", `Not a Leasehold ${lower}`);
  if (sealed[MAGIC.length] !== VERSION) {
    throw new SealingError("unsupported-version", `${what} version ${sealed[MAGIC.length]} is not supported`);
  }
  if (sealed.length < JOB_OUTPUT_OVERHEAD) throw new SealingError("truncated", `Sealed ${lower} is truncated`);
  const key = jobKey(direction, contentKey, binding);
  try {
    const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
    return xchacha20poly1305(key, nonce, sealed.subarray(0, HEADER_BYTES)).decrypt(
      sealed.subarray(HEADER_BYTES + NONCE_BYTES),
    );
  } catch (error) {
    throw new SealingError("authentication-failed", `${what} does not authenticate`, { cause: error });
  } finally {
    wipe(key);
  }
}

function jobKey({ label }: Direction, contentKey: Uint8Array, { chainId, jobId }: SealedKeyBinding): Uint8Array {
  assertKey(contentKey, CONTENT_KEY_BYTES, "Content key");
  const info = new Uint8Array(label.length + 64);
  info.set(label, 0);
  info.set(chainIdBytes(chainId), label.length);
  info.set(uint256Bytes(jobId, "jobId"), label.length + 32);
  return hkdf(sha256, contentKey, undefined, info, 32);
}
