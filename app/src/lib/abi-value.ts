/**
 * Typed values for any ABI parameter from what a person types, and back to text: the debug
 * page's inputs and results. A draft is the text of a scalar, the drafts of a tuple's components,
 * or the JSON of an array (whose elements are checked against the element type the same way).
 */
import { getAddress, isAddress, isHex, size, type AbiParameter } from "viem";

export type Draft = string | Draft[];

/** What was typed does not fit the parameter's type; the message says why, for the person. */
export class AbiInputError extends Error {
  override name = "AbiInputError";
}

type TupleParameter = AbiParameter & { components: readonly AbiParameter[] };

function isTuple(parameter: AbiParameter): parameter is TupleParameter {
  return parameter.type === "tuple" && "components" in parameter;
}

/** `uint256[2][]` → `uint256[2]` with length undefined; `uint256[2]` → `uint256`, length 2. */
function arrayOf(parameter: AbiParameter): { element: AbiParameter; length: number | undefined } | null {
  const match = /^(.*)\[(\d*)\]$/.exec(parameter.type);
  if (!match) return null;
  return { element: { ...parameter, type: match[1]! }, length: match[2] ? Number(match[2]) : undefined };
}

export function emptyDraft(parameter: AbiParameter): Draft {
  return isTuple(parameter) && !arrayOf(parameter) ? parameter.components.map(emptyDraft) : "";
}

export function parseDraft(parameter: AbiParameter, draft: Draft): unknown {
  const label = parameter.name || parameter.type;
  if (Array.isArray(draft)) {
    if (!isTuple(parameter)) throw new AbiInputError(`${label}: expected ${parameter.type}`);
    return parameter.components.map((component, i) => parseDraft(component, draft[i] ?? ""));
  }
  if (arrayOf(parameter)) {
    let json: unknown;
    try {
      json = JSON.parse(draft.trim() || "[]");
    } catch {
      throw new AbiInputError(`${label}: write a JSON array, e.g. ["0x…", "0x…"] or [1, 2]`);
    }
    return parseJson(parameter, json);
  }
  return parseScalar(parameter, draft);
}

function parseJson(parameter: AbiParameter, value: unknown): unknown {
  const label = parameter.name || parameter.type;
  const array = arrayOf(parameter);
  if (array) {
    if (!Array.isArray(value)) throw new AbiInputError(`${label}: expected a JSON array for ${parameter.type}`);
    if (array.length !== undefined && value.length !== array.length) {
      throw new AbiInputError(`${label}: ${parameter.type} takes exactly ${array.length} elements`);
    }
    return value.map((element) => parseJson(array.element, element));
  }
  if (isTuple(parameter)) {
    const fields = Array.isArray(value)
      ? value
      : typeof value === "object" && value !== null
        ? parameter.components.map((component) => (value as Record<string, unknown>)[component.name ?? ""])
        : null;
    if (!fields || fields.length !== parameter.components.length) {
      throw new AbiInputError(`${label}: expected ${parameter.components.length} fields`);
    }
    return parameter.components.map((component, i) => parseJson(component, fields[i]));
  }
  return parseScalar(parameter, typeof value === "string" ? value : JSON.stringify(value));
}

function parseScalar(parameter: AbiParameter, raw: string): unknown {
  const label = parameter.name || parameter.type;
  const type = parameter.type;
  const text = type === "string" ? raw : raw.trim();
  if (type === "string") return text;
  if (type === "address") {
    if (!isAddress(text, { strict: false })) throw new AbiInputError(`${label}: not an address`);
    return getAddress(text);
  }
  if (type === "bool") {
    if (text === "true") return true;
    if (text === "false") return false;
    throw new AbiInputError(`${label}: true or false`);
  }
  if (type === "bytes") {
    if (!isHex(text) || text.length % 2 !== 0) throw new AbiInputError(`${label}: hex bytes, e.g. 0x1234`);
    return text;
  }
  const fixedBytes = /^bytes(\d+)$/.exec(type);
  if (fixedBytes) {
    const length = Number(fixedBytes[1]);
    if (!isHex(text) || text.length % 2 !== 0 || size(text) !== length) {
      throw new AbiInputError(`${label}: exactly ${length} bytes of hex (0x and ${length * 2} digits)`);
    }
    return text;
  }
  const integer = /^(u?)int(\d*)$/.exec(type);
  if (integer) {
    const bits = Number(integer[2] || 256);
    const unsigned = integer[1] === "u";
    if (!/^-?\d+$/.test(text) && !/^0x[0-9a-fA-F]+$/.test(text)) {
      throw new AbiInputError(`${label}: a whole number (decimal or 0x hex)`);
    }
    const value = BigInt(text);
    const min = unsigned ? 0n : -(2n ** BigInt(bits - 1));
    const max = unsigned ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1) - 1n;
    if (value < min || value > max) throw new AbiInputError(`${label}: out of range for ${type}`);
    return value;
  }
  throw new AbiInputError(`${label}: the type ${type} is not supported here`);
}

/** A result as readable text: scalars as they are, structures as JSON with whole numbers as strings. */
export function formatAbiValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value, (_, item) => (typeof item === "bigint" ? item.toString() : item), 2);
}
