/// <reference path="./macaroon.d.ts" />
/**
 * The text of a capability token, both ways (docs/GATEWAY.md, "Token format").
 *
 * Written: one canonical form, unpadded base64url of the v2 binary format with the location
 * field left out when empty (./macaroon-v2.ts). Read: every encoding the macaroon format has
 * for the same macaroon, because other libraries spell it differently and none of the
 * differences is covered by the HMAC chain: pymacaroons writes v1 by default, and in v2 an empty
 * location field, and pads its base64; Go and the npm `macaroon` package hand out v2 JSON (the
 * latter because its exportBinary cannot encode a five-caveat token, see macaroon-v2.ts); some
 * clients use the standard base64 alphabet. What the signature covers (identifier, caveats,
 * signature) is read exactly; `canonicalCapability` gives the one spelling to compare, log or
 * revoke by.
 *
 * Refused, as CapabilityError "malformed" with the reason: text that is not base64 in one
 * alphabet, with correct padding and zero trailing bits; bytes that are no macaroon in v1 or v2,
 * binary or JSON (an unknown JSON field, both or neither of a text/base64 pair, packets out of
 * order, bytes after the macaroon); a signature that is not 32 bytes.
 */
import { base64ToBytes, bytesToBase64, importMacaroon, type Macaroon } from "macaroon";
import { z } from "zod";
import { CapabilityError } from "./errors.ts";
import { encodeMacaroonV2 } from "./macaroon-v2.ts";

/** Tokens travel in HTTP headers; a dozen caveats fit in well under this, in any encoding. */
export const MAX_CAPABILITY_TOKEN_LENGTH = 4096;

const SIGNATURE_BYTES = 32;
const V2_BINARY = 0x02;
const JSON_OBJECT = 0x7b; // "{"
const V1_PACKET_HEADER = /^[0-9a-fA-F]{4}$/;
const ascii = new TextDecoder("latin1");
// One alphabet per token (standard or URL-safe), then at most two "=".
const BASE64 = /^(?:[A-Za-z0-9+/]+|[A-Za-z0-9_-]+)(={0,2})$/;

/** A v2 JSON field holds text (`x`) or base64 (`x64`), never both; `i` and `s` are required. */
const text = z.string();
const base64Text = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, "not base64");
const onePair =
  (key: string, required: boolean) =>
  (object: Record<string, unknown>, context: z.RefinementCtx): void => {
    const count = Number(object[key] !== undefined) + Number(object[`${key}64`] !== undefined);
    if (count > 1 || (required && count === 0)) {
      context.addIssue({
        code: "custom",
        message: `needs exactly one of "${key}" and "${key}64"${required ? "" : " or neither"}`,
      });
    }
  };
const v2JsonCaveat = z
  .strictObject({
    i: text.optional(),
    i64: base64Text.optional(),
    l: text.optional(),
    v: text.optional(),
    v64: base64Text.optional(),
  })
  .superRefine(onePair("i", true))
  .superRefine(onePair("v", false));
const v2JsonMacaroon = z
  .strictObject({
    v: z.literal(2).optional(),
    i: text.optional(),
    i64: base64Text.optional(),
    l: text.optional(),
    c: z.array(v2JsonCaveat).optional(),
    s: text.optional(),
    s64: base64Text.optional(),
  })
  .superRefine(onePair("i", true))
  .superRefine(onePair("s", true));

/** libmacaroons v1 JSON, as pymacaroons and the macaroon package write it for v1 macaroons. */
const v1JsonMacaroon = z.strictObject({
  location: text.optional(),
  identifier: text,
  caveats: z.array(z.strictObject({ cid: text, vid: base64Text.optional(), cl: text.optional() })).optional(),
  signature: z.string().regex(/^[0-9a-fA-F]{64}$/, "not 32 bytes of hex"),
});

/** Parse any accepted spelling of a macaroon; throws CapabilityError "malformed". */
export function decodeCapabilityToken(token: string): Macaroon {
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_CAPABILITY_TOKEN_LENGTH) {
    throw malformed(`Capability token is empty or longer than ${MAX_CAPABILITY_TOKEN_LENGTH} characters`);
  }
  const bytes = decodeBase64(token);
  let macaroon: Macaroon;
  if (bytes[0] === V2_BINARY) {
    try {
      macaroon = importMacaroon(bytes);
    } catch (error) {
      throw malformed("Capability token is not a well-formed v2 binary macaroon", error);
    }
  } else if (bytes[0] === JSON_OBJECT) {
    macaroon = importJson(bytes);
  } else if (V1_PACKET_HEADER.test(ascii.decode(bytes.subarray(0, 4)))) {
    macaroon = importV1Binary(bytes);
  } else {
    throw malformed("Capability token is no macaroon (neither v2 binary, v1 binary nor JSON)");
  }
  if (macaroon.signature.length !== SIGNATURE_BYTES) {
    throw malformed(`Capability token's signature is not ${SIGNATURE_BYTES} bytes`);
  }
  return macaroon;
}

/** The canonical text of a macaroon: unpadded base64url of its v2 binary, no empty location. */
export function encodeCapabilityToken(macaroon: Macaroon): string {
  return bytesToBase64(encodeMacaroonV2(macaroon));
}

function decodeBase64(token: string): Uint8Array {
  const match = BASE64.exec(token);
  const padding = match?.[1]?.length ?? 0;
  const unpadded = token.length - padding;
  // Padded text is whole quads; unpadded text can never leave a single character over.
  if (match === null || (padding > 0 ? token.length % 4 !== 0 : unpadded % 4 === 1)) {
    throw malformed("Capability token is not base64 (standard or URL-safe, padded or not)");
  }
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(token);
  } catch (error) {
    throw malformed("Capability token is not base64 (standard or URL-safe, padded or not)", error);
  }
  // Non-zero bits after the last byte would give one macaroon many more spellings for no reason.
  const urlSafe = token.slice(0, unpadded).replace(/\+/g, "-").replace(/\//g, "_");
  if (bytes.length === 0 || bytesToBase64(bytes) !== urlSafe) {
    throw malformed("Capability token's base64 has non-zero trailing bits or no content");
  }
  return bytes;
}

function importJson(bytes: Uint8Array): Macaroon {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw malformed("Capability token is not valid JSON", error);
  }
  // v1 JSON names its fields in full; v2 JSON never does.
  const v1 = typeof value === "object" && value !== null && ("identifier" in value || "signature" in value);
  const parsed = (v1 ? v1JsonMacaroon : v2JsonMacaroon).safeParse(value);
  if (!parsed.success) {
    const what = v1 ? "v1" : "v2";
    throw malformed(`Capability token is not a ${what} JSON macaroon: ${z.prettifyError(parsed.error)}`, parsed.error);
  }
  try {
    return importMacaroon(parsed.data);
  } catch (error) {
    throw malformed("Capability token is not a well-formed JSON macaroon", error);
  }
}

/**
 * libmacaroons v1 binary: packets of 4 hex digits (the packet's whole length), `key`, a space,
 * the value and a newline, in the order location, identifier, per caveat cid [vid cl], signature.
 * Read into the v2 JSON shape so the package builds the macaroon; v1 has no other fields.
 */
function importV1Binary(bytes: Uint8Array): Macaroon {
  const packets: { key: string; value: Uint8Array }[] = [];
  for (let at = 0; at < bytes.length;) {
    const header = ascii.decode(bytes.subarray(at, at + 4));
    const length = V1_PACKET_HEADER.test(header) ? Number.parseInt(header, 16) : 0;
    const packet = bytes.subarray(at + 4, at + length);
    const space = packet.indexOf(0x20);
    if (length < 7 || at + length > bytes.length || space < 1 || packet[packet.length - 1] !== 0x0a) {
      throw malformed(`Capability token is not a well-formed v1 binary macaroon: bad packet at byte ${at}`);
    }
    packets.push({ key: ascii.decode(packet.subarray(0, space)), value: packet.subarray(space + 1, -1) });
    at += length;
  }
  const keys = packets.map(({ key }) => key).join(" ");
  if (!/^location identifier( cid( vid cl)?)* signature$/.test(keys)) {
    throw malformed(`Capability token is not a well-formed v1 binary macaroon: packets ${keys}`);
  }
  const value = (index: number) => packets[index]!.value;
  const caveats: Record<string, string>[] = [];
  for (let index = 2; index < packets.length - 1; index++) {
    const { key } = packets[index]!;
    if (key === "cid") caveats.push({ i64: bytesToBase64(value(index)) });
    if (key === "vid") caveats.at(-1)!["v64"] = bytesToBase64(value(index));
    if (key === "cl") caveats.at(-1)!["l"] = decodeText(value(index), "caveat location");
  }
  try {
    return importMacaroon({
      v: 2,
      l: decodeText(value(0), "location"),
      i64: bytesToBase64(value(1)),
      c: caveats,
      s64: bytesToBase64(value(packets.length - 1)),
    });
  } catch (error) {
    throw malformed("Capability token is not a well-formed v1 binary macaroon", error);
  }
}

function decodeText(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw malformed(`Capability token's ${what} is not UTF-8`, error);
  }
}

function malformed(message: string, cause?: unknown): CapabilityError {
  return new CapabilityError("malformed", message, cause === undefined ? undefined : { cause });
}
