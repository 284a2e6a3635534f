import type { CanonicalValue } from "../types.ts";

/**
 * A canonical JSON encoding for hashing: object keys sorted by UTF-16 code units, no whitespace,
 * strings as JSON.stringify writes them, and only safe integers as numbers (floats have more than
 * one spelling across languages; amounts belong in strings). The same value always gives the same
 * bytes, so a hash over it can be recomputed by anyone.
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON takes safe integers only, not ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: CanonicalValue) => canonicalJson(item)).join(",")}]`;
  const object = value as { readonly [key: string]: CanonicalValue };
  const entries = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key]!)}`);
  return `{${entries.join(",")}}`;
}
