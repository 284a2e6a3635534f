/**
 * The encrypted context a data owner lends under a lease. It sits in a content-addressed store
 * that nobody needs to trust: the lease records the envelope's content id (sha256 of the whole
 * envelope), the AEAD makes any altered byte fail, and the associated data binds the ciphertext
 * to one (chainId, owner address), so an envelope cannot be passed off as another owner's
 * context or replayed on another chain. It is not bound to a lease id: the lease records the
 * envelope's content id, so the owner encrypts before the lease exists, and lease ids are
 * sequential (binding one would race every other grant). The lease still pins the exact
 * envelope by content id, and the content key reaches a job only sealed to (chainId, jobId,
 * both keys) by ./sealed-key.ts. The content id cannot be in the associated data (it is the
 * hash of the result), so only the header is.
 *
 * Envelope v1 (big-endian, 45 bytes + plaintext):
 *   0   4  magic "LHCX"
 *   4   1  version = 1
 *   5  24  nonce, random (XChaCha's 192-bit nonce makes random nonces safe)
 *  29   n  XChaCha20-Poly1305(contentKey, nonce, aad) of the context, 16-byte tag last
 *   aad = bytes 0..5 ‖ uint256(chainId) ‖ owner address (20 bytes)
 *
 * The content key is 32 fresh random bytes per envelope; it reaches the job only sealed to the
 * job's X25519 key (./sealed-key.ts).
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { bytesToHex, hexToBytes, isAddress, type Hex } from "viem";
import { assertKey, chainIdBytes, startsWith } from "./bytes.ts";
import { SealingError } from "./errors.ts";
import type { ContextBinding } from "./types.ts";

const MAGIC = Uint8Array.from([0x4c, 0x48, 0x43, 0x58]); // "LHCX"
const VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;

export const CONTENT_KEY_BYTES = 32;
/** Header, nonce and tag. */
export const CONTEXT_ENVELOPE_OVERHEAD = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
/** 16 MiB. Contexts are documents and mailboxes, not datasets; bigger envelopes are refused unread. */
export const MAX_CONTEXT_ENVELOPE_BYTES = 16 * 1024 * 1024;
export const MAX_CONTEXT_PLAINTEXT_BYTES = MAX_CONTEXT_ENVELOPE_BYTES - CONTEXT_ENVELOPE_OVERHEAD;

export type EncryptContextReturnType = {
  envelope: Uint8Array;
  /** Seal it to the job (sealContentKey), then wipe() it. */
  contentKey: Uint8Array;
  /** sha256 of the envelope: the id the lease records and the store serves it under. */
  contentId: Hex;
};
export type EncryptContextErrorType = SealingError;

export function encryptContext(plaintext: Uint8Array, binding: ContextBinding): EncryptContextReturnType {
  if (!(plaintext instanceof Uint8Array)) throw new SealingError("invalid-input", "Context must be bytes");
  if (plaintext.length > MAX_CONTEXT_PLAINTEXT_BYTES) {
    throw new SealingError("oversized", `Context is over ${MAX_CONTEXT_PLAINTEXT_BYTES} bytes`);
  }
  const aadTail = bindingBytes(binding);
  const contentKey = randomBytes(CONTENT_KEY_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const envelope = new Uint8Array(CONTEXT_ENVELOPE_OVERHEAD + plaintext.length);
  envelope.set(MAGIC, 0);
  envelope[MAGIC.length] = VERSION;
  envelope.set(nonce, HEADER_BYTES);
  const ciphertext = xchacha20poly1305(contentKey, nonce, aad(envelope, aadTail)).encrypt(plaintext);
  envelope.set(ciphertext, HEADER_BYTES + NONCE_BYTES);
  return { envelope, contentKey, contentId: contextContentId(envelope) };
}

export type DecryptContextErrorType = SealingError;

/** The context, or SealingError; nothing is returned unless every byte authenticated. */
export function decryptContext(envelope: Uint8Array, contentKey: Uint8Array, binding: ContextBinding): Uint8Array {
  assertKey(contentKey, CONTENT_KEY_BYTES, "Content key");
  const aadTail = bindingBytes(binding);
  checkEnvelope(envelope);
  const nonce = envelope.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const ciphertext = envelope.subarray(HEADER_BYTES + NONCE_BYTES);
  try {
    return xchacha20poly1305(contentKey, nonce, aad(envelope, aadTail)).decrypt(ciphertext);
  } catch (error) {
    throw new SealingError("authentication-failed", "Context envelope does not authenticate", { cause: error });
  }
}

export function contextContentId(envelope: Uint8Array): Hex {
  return bytesToHex(sha256(envelope));
}

/** Check that fetched bytes are the envelope the lease names, before spending a key on them. */
export function assertContextContentId(envelope: Uint8Array, contentId: Hex): void {
  if (contextContentId(envelope) !== contentId.toLowerCase()) {
    throw new SealingError("content-id-mismatch", "Envelope does not hash to the lease's content id");
  }
}

function checkEnvelope(envelope: Uint8Array): void {
  if (!(envelope instanceof Uint8Array)) throw new SealingError("invalid-input", "Context envelope must be bytes");
  if (envelope.length > MAX_CONTEXT_ENVELOPE_BYTES) {
    throw new SealingError("oversized", `Context envelope is over ${MAX_CONTEXT_ENVELOPE_BYTES} bytes`);
  }
  if (envelope.length < HEADER_BYTES) throw new SealingError("truncated", "Context envelope is truncated");
  if (!startsWith(envelope, MAGIC)) throw new SealingError("bad-magic", "Not a Leasehold context envelope");
  if (envelope[MAGIC.length] !== VERSION) {
    throw new SealingError(
      "unsupported-version",
      `Context envelope version ${envelope[MAGIC.length]} is not supported`,
    );
  }
  if (envelope.length < CONTEXT_ENVELOPE_OVERHEAD) throw new SealingError("truncated", "Context envelope is truncated");
}

function bindingBytes({ chainId, owner }: ContextBinding): Uint8Array {
  if (typeof owner !== "string" || !isAddress(owner, { strict: false })) {
    throw new SealingError("invalid-binding", "owner must be a 20-byte address");
  }
  const tail = new Uint8Array(32 + 20);
  tail.set(chainIdBytes(chainId), 0);
  tail.set(hexToBytes(owner), 32);
  return tail;
}

function aad(envelope: Uint8Array, tail: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + tail.length);
  bytes.set(envelope.subarray(0, HEADER_BYTES), 0);
  bytes.set(tail, HEADER_BYTES);
  return bytes;
}
