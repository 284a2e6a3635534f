/**
 * Hands a context's content key to exactly one job. The worker makes a fresh X25519 key pair per
 * job in spin() and the agent's identity certifies its public half (the certificate's
 * `sealingKey`); the data owner seals the content key to that public key. Only the job's secret
 * opens it, and it is wiped in shred(), so a sealed key outlives its job as useless bytes.
 *
 * Sealed key v1 (109 bytes, fixed):
 *   0   4  magic "LHSK"
 *   4   1  version = 1
 *   5  32  sender's ephemeral X25519 public key (fresh per sealing)
 *  37  24  nonce, random
 *  61  48  XChaCha20-Poly1305 of the 32-byte content key, 16-byte tag last; aad = bytes 0..37
 *
 *   key = HKDF-SHA256(ikm = X25519(sender secret, recipient public), salt = none,
 *                     info = "leasehold/sealed-key/v1" ‖ uint256(chainId) ‖ uint256(jobId)
 *                            ‖ recipient public ‖ sender public, length = 32)
 *
 * Both public keys go into the info as transmitted bytes: X25519 ignores the top bit of a
 * u-coordinate and reduces values above p, so binding the raw bytes (not just the shared
 * secret) makes every bit of the envelope count. The chain and job ids stop a sealed key from
 * being replayed to another job that reused the same recipient key.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { bytesToHex, hexToBytes, isHex, type Hex } from "viem";
import { assertKey, chainIdBytes, startsWith, uint256Bytes, wipe } from "./bytes.ts";
import { CONTENT_KEY_BYTES } from "./context-envelope.ts";
import { SealingError } from "./errors.ts";
import type { SealedKeyBinding, SealingKeyPair } from "./types.ts";

const MAGIC = Uint8Array.from([0x4c, 0x48, 0x53, 0x4b]); // "LHSK"
const VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1;
const X25519_BYTES = 32;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const AAD_BYTES = HEADER_BYTES + X25519_BYTES;
const INFO_LABEL = new TextEncoder().encode("leasehold/sealed-key/v1");

export const SEALED_KEY_BYTES = AAD_BYTES + NONCE_BYTES + CONTENT_KEY_BYTES + TAG_BYTES;
export const SEALING_KEY_BYTES = X25519_BYTES;

export function generateSealingKeyPair(): SealingKeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

/** The certificate's bytes32 `sealingKey` for a public key. */
export function sealingKeyToHex(publicKey: Uint8Array): Hex {
  assertKey(publicKey, X25519_BYTES, "Sealing public key");
  return bytesToHex(publicKey);
}

/** The public key a certificate's `sealingKey` names. */
export function sealingKeyFromHex(sealingKey: Hex): Uint8Array {
  if (typeof sealingKey !== "string" || !isHex(sealingKey, { strict: true }) || sealingKey.length !== 66) {
    throw new SealingError("invalid-key", "Sealing key must be 32 bytes of hex");
  }
  return hexToBytes(sealingKey);
}

export type SealContentKeyErrorType = SealingError;

/** Seal `contentKey` to the job's X25519 public key. The caller still owns (and wipes) `contentKey`. */
export function sealContentKey(
  contentKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  binding: SealedKeyBinding,
): Uint8Array {
  assertKey(contentKey, CONTENT_KEY_BYTES, "Content key");
  assertKey(recipientPublicKey, X25519_BYTES, "Recipient public key");
  const { secretKey: senderSecret, publicKey: senderPublic } = generateSealingKeyPair();
  const sealed = new Uint8Array(SEALED_KEY_BYTES);
  sealed.set(MAGIC, 0);
  sealed[MAGIC.length] = VERSION;
  sealed.set(senderPublic, HEADER_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  sealed.set(nonce, AAD_BYTES);
  let key: Uint8Array | undefined;
  try {
    key = deriveKey(senderSecret, recipientPublicKey, recipientPublicKey, senderPublic, binding);
    const ciphertext = xchacha20poly1305(key, nonce, sealed.subarray(0, AAD_BYTES)).encrypt(contentKey);
    sealed.set(ciphertext, AAD_BYTES + NONCE_BYTES);
    return sealed;
  } finally {
    wipe(key, senderSecret);
  }
}

export type OpenSealedKeyErrorType = SealingError;

/** The content key sealed to this job, or SealingError. The caller wipes the result after use. */
export function openSealedKey(sealed: Uint8Array, recipientSecret: Uint8Array, binding: SealedKeyBinding): Uint8Array {
  assertKey(recipientSecret, X25519_BYTES, "Recipient secret key");
  if (!(sealed instanceof Uint8Array)) throw new SealingError("invalid-input", "Sealed key must be bytes");
  if (sealed.length > SEALED_KEY_BYTES) throw new SealingError("oversized", "Sealed key is too long");
  if (sealed.length < HEADER_BYTES) throw new SealingError("truncated", "Sealed key is truncated");
  if (!startsWith(sealed, MAGIC)) throw new SealingError("bad-magic", "Not a Leasehold sealed key");
  if (sealed[MAGIC.length] !== VERSION) {
    throw new SealingError("unsupported-version", `Sealed key version ${sealed[MAGIC.length]} is not supported`);
  }
  if (sealed.length < SEALED_KEY_BYTES) throw new SealingError("truncated", "Sealed key is truncated");

  const senderPublic = sealed.subarray(HEADER_BYTES, AAD_BYTES);
  const nonce = sealed.subarray(AAD_BYTES, AAD_BYTES + NONCE_BYTES);
  const ciphertext = sealed.subarray(AAD_BYTES + NONCE_BYTES);
  const recipientPublic = x25519.getPublicKey(recipientSecret);
  const key = deriveKey(recipientSecret, senderPublic, recipientPublic, senderPublic, binding);
  try {
    return xchacha20poly1305(key, nonce, sealed.subarray(0, AAD_BYTES)).decrypt(ciphertext);
  } catch (error) {
    throw new SealingError("authentication-failed", "Sealed key does not open with this key and binding", {
      cause: error,
    });
  } finally {
    wipe(key);
  }
}

function deriveKey(
  secret: Uint8Array,
  peerPublic: Uint8Array,
  recipientPublic: Uint8Array,
  senderPublic: Uint8Array,
  { chainId, jobId }: SealedKeyBinding,
): Uint8Array {
  const info = new Uint8Array(INFO_LABEL.length + 64 + 2 * X25519_BYTES);
  info.set(INFO_LABEL, 0);
  info.set(chainIdBytes(chainId), INFO_LABEL.length);
  info.set(uint256Bytes(jobId, "jobId"), INFO_LABEL.length + 32);
  info.set(recipientPublic, INFO_LABEL.length + 64);
  info.set(senderPublic, INFO_LABEL.length + 64 + X25519_BYTES);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secret, peerPublic);
  } catch (error) {
    throw new SealingError("invalid-key", "X25519 rejected the key (low-order point?)", { cause: error });
  }
  try {
    return hkdf(sha256, shared, undefined, info, 32);
  } finally {
    wipe(shared);
  }
}
