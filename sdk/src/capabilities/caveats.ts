/**
 * The fixed caveat vocabulary, as `key=value` strings inside standard macaroons. Each value has
 * exactly one accepted spelling (lower-case hex, decimal without sign or leading zeros), so two
 * parties never disagree about what a caveat says, and anything outside the vocabulary fails
 * closed: a verifier that skipped a caveat it did not understand would widen the token.
 */
import type { Hex } from "viem";
import { CapabilityError } from "./errors.ts";
import { capabilityOperations, type CapabilityCaveat, type CapabilityOperation } from "./types.ts";

/** No valid caveat comes near this; longer input is refused before any parsing. */
export const MAX_CAVEAT_LENGTH = 128;

const UINT256_LIMIT = 1n << 256n;
const UINT64_LIMIT = 1n << 64n;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const BYTES32 = /^0x[0-9a-f]{64}$/;

export function formatCaveat(caveat: CapabilityCaveat): string {
  switch (caveat?.key) {
    case "scope": {
      const value = typeof caveat.value === "string" ? caveat.value.toLowerCase() : "";
      if (!BYTES32.test(value)) throw malformed(`scope must be 32 bytes of hex: ${String(caveat.value)}`);
      return `scope=${value}`;
    }
    case "lease":
    case "job":
    case "agent":
      return `${caveat.key}=${checkUint(caveat.key, caveat.value, UINT256_LIMIT)}`;
    case "expires":
      return `expires=${checkUint("expires", caveat.value, UINT64_LIMIT)}`;
    case "op":
      if (!capabilityOperations.includes(caveat.value)) throw malformed(`unknown operation: ${String(caveat.value)}`);
      return `op=${caveat.value}`;
    default:
      throw new CapabilityError("unknown-caveat", `Unknown caveat key: ${String((caveat as { key?: unknown })?.key)}`);
  }
}

export function parseCaveat(condition: string): CapabilityCaveat {
  if (typeof condition !== "string" || condition.length > MAX_CAVEAT_LENGTH) {
    throw malformed("caveat is not a short string");
  }
  const separator = condition.indexOf("=");
  if (separator < 0) throw new CapabilityError("unknown-caveat", `Unknown caveat: ${condition}`);
  const key = condition.slice(0, separator);
  const value = condition.slice(separator + 1);
  switch (key) {
    case "scope":
      if (!BYTES32.test(value)) throw malformed(`scope must be 32 bytes of lower-case hex: ${condition}`);
      return { key, value: value as Hex };
    case "lease":
    case "job":
    case "agent":
      return { key, value: parseUint(condition, value, UINT256_LIMIT) };
    case "expires":
      return { key, value: parseUint(condition, value, UINT64_LIMIT) };
    case "op":
      if (!capabilityOperations.includes(value as CapabilityOperation)) {
        throw malformed(`unknown operation: ${condition}`);
      }
      return { key, value: value as CapabilityOperation };
    default:
      throw new CapabilityError("unknown-caveat", `Unknown caveat: ${condition}`);
  }
}

function checkUint(key: string, value: unknown, limit: bigint): string {
  if (typeof value !== "bigint" || value < 0n || value >= limit) {
    throw malformed(`${key} must be an unsigned integer below ${limit}: ${String(value)}`);
  }
  return value.toString();
}

function parseUint(condition: string, value: string, limit: bigint): bigint {
  if (!DECIMAL.test(value) || value.length > 78) throw malformed(`not a canonical decimal integer: ${condition}`);
  const parsed = BigInt(value);
  if (parsed >= limit) throw malformed(`out of range: ${condition}`);
  return parsed;
}

function malformed(message: string): CapabilityError {
  return new CapabilityError("malformed-caveat", message);
}
