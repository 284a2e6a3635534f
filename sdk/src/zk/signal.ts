/**
 * Hashing signals and scopes into the field, as Semaphore does: keccak256, then drop the low
 * 8 bits (`uint256(keccak256(data)) >> 8` in Solidity). The result is below 2^248 < p, so it is
 * a field element with no reduction and no bias worth the name, and it is cheap to recompute
 * on-chain. The circuit takes the result as its public `message` (x of the share) or `scope`.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToBigInt, numberToBytes } from "viem";
import { InvalidStakeProofInputError } from "./errors.ts";
import type { Field } from "./types.ts";

/**
 * `bytes` are hashed as they are (Solidity: `keccak256(data)`); a bigint is first encoded as one
 * 32-byte big-endian word (Solidity: `keccak256(abi.encode(uint256(value)))`); a string is UTF-8.
 */
export function hashToField(data: Uint8Array | bigint | string): Field {
  return bytesToBigInt(keccak_256(encode(data))) >> 8n;
}

function encode(data: Uint8Array | bigint | string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === "string") return new TextEncoder().encode(data);
  if (typeof data !== "bigint" || data < 0n || data >= 1n << 256n) {
    throw new InvalidStakeProofInputError(`A bigint signal must be a uint256, got ${String(data)}`);
  }
  return numberToBytes(data, { size: 32 });
}
