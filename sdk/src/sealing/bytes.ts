import { SealingError } from "./errors.ts";

/**
 * Overwrite key or plaintext bytes with zeros. JavaScript cannot promise that no copy survives
 * elsewhere (the GC may have moved it, strings are immutable), so keys live only in Uint8Arrays
 * that their owner wipes as soon as they are done.
 */
export function wipe(...buffers: (Uint8Array | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0);
}

const UINT256_LIMIT = 1n << 256n;

/** A binding value as 32 big-endian bytes, the way the contracts see ids. */
export function uint256Bytes(value: bigint | number, what: string): Uint8Array {
  const number = typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof number !== "bigint" || number < 0n || number >= UINT256_LIMIT) {
    throw new SealingError("invalid-binding", `${what} must be a uint256: ${String(value)}`);
  }
  const bytes = new Uint8Array(32);
  let rest = number;
  for (let i = 31; i >= 0 && rest > 0n; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}

export function chainIdBytes(chainId: bigint | number): Uint8Array {
  const bytes = uint256Bytes(chainId, "chainId");
  if (bytes.every((byte) => byte === 0)) throw new SealingError("invalid-binding", "chainId must be positive");
  return bytes;
}

export function assertKey(key: Uint8Array, length: number, what: string): void {
  if (!(key instanceof Uint8Array) || key.length !== length) {
    throw new SealingError("invalid-key", `${what} must be ${length} bytes`);
  }
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}
