/**
 * The signature shape the contracts accept (OpenZeppelin ECDSA): exactly 65 bytes r ‖ s ‖ v with
 * v in {27, 28}, r and s non-zero, and s in the lower half of the curve order. viem would also
 * recover from a high-s twin or a 0/1 v; accepting those off-chain would let one receipt carry
 * two valid certificate encodings (two digests) and make the sdk accept what the chain rejects.
 */
import { hexToBytes, isHex, type Hex } from "viem";

const SECP256K1_HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

export const SIGNATURE_BYTES = 65;

export function isCanonicalSignature(signature: Hex): boolean {
  if (typeof signature !== "string" || !isHex(signature, { strict: true })) return false;
  if (signature.length !== 2 + SIGNATURE_BYTES * 2) return false;
  const bytes = hexToBytes(signature);
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = bytes[64];
  return r !== 0n && s !== 0n && s <= SECP256K1_HALF_ORDER && (v === 27 || v === 28);
}
