/// <reference path="./macaroon.d.ts" />
/**
 * The text of a capability token, both ways (docs/GATEWAY.md, "Token format").
 *
 * Written: one canonical form, unpadded base64url of the v2 binary format with the location
 * field left out when empty (./macaroon-v2.ts). Read: every spelling the macaroon format allows
 * for the same v2 macaroon, because other libraries spell it differently and none of the
 * differences is covered by the HMAC chain: pymacaroons writes an empty location field and pads
 * its base64, Go and the npm `macaroon` package hand out v2 JSON (the latter because its
 * exportBinary cannot encode a five-caveat token, see macaroon-v2.ts), some clients use the
 * standard base64 alphabet. What the signature covers (identifier, caveats, signature) is read
 * exactly; `canonicalCapability` gives the one spelling to compare, log or revoke by.
 *
 * Refused, as CapabilityError "malformed" with the reason: text that is not base64 in one
 * alphabet, with correct padding and zero trailing bits; v1 macaroons (binary or JSON), which
 * cannot carry what v2 carries and which Leasehold never issues; JSON with an unknown field, or
 * with both or neither of a text/base64 pair; a signature that is not 32 bytes; bytes after the
 * macaroon.
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

/** Parse any accepted spelling of a v2 macaroon; throws CapabilityError "malformed". */
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
    macaroon = importV2Json(bytes);
  } else {
    throw malformed("Capability token is neither a v2 binary nor a v2 JSON macaroon (v1 is not accepted)");
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

function importV2Json(bytes: Uint8Array): Macaroon {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw malformed("Capability token is not valid JSON", error);
  }
  const parsed = v2JsonMacaroon.safeParse(value);
  if (!parsed.success) {
    throw malformed(`Capability token is not a v2 JSON macaroon: ${z.prettifyError(parsed.error)}`, parsed.error);
  }
  try {
    return importMacaroon(parsed.data);
  } catch (error) {
    throw malformed("Capability token is not a well-formed v2 JSON macaroon", error);
  }
}

function malformed(message: string, cause?: unknown): CapabilityError {
  return new CapabilityError("malformed", message, cause === undefined ? undefined : { cause });
}
