/// <reference path="./macaroon.d.ts" />
/**
 * The libmacaroons v2 binary encoding, written here because `macaroon`@3.x's exportBinary is
 * unusable: its ByteBuffer compares against a `_capacity` field it never sets, so every append
 * doubles the buffer (a three-caveat token allocates ~400 MB, five fail to allocate). Everything
 * else — the HMAC chain, parsing, verification — stays with the package.
 *
 * Layout: 0x02, [location], identifier, EOS, per caveat ([location], identifier, [vid], EOS),
 * EOS, signature; each field is (type byte, unsigned LEB128 length, bytes); EOS is a lone 0x00.
 */
import type { Macaroon } from "macaroon";

const VERSION = 2;
const FIELD_EOS = 0;
const FIELD_LOCATION = 1;
const FIELD_IDENTIFIER = 2;
const FIELD_VID = 4;
const FIELD_SIGNATURE = 6;

const encoder = new TextEncoder();

export function encodeMacaroonV2(macaroon: Macaroon): Uint8Array {
  const out: number[] = [VERSION];
  const field = (type: number, data: Uint8Array) => {
    out.push(type);
    for (let length = data.length; ; length >>>= 7) {
      if (length < 0x80) {
        out.push(length);
        break;
      }
      out.push((length & 0x7f) | 0x80);
    }
    for (const byte of data) out.push(byte);
  };

  if (macaroon.location) field(FIELD_LOCATION, encoder.encode(macaroon.location));
  field(FIELD_IDENTIFIER, macaroon.identifier);
  out.push(FIELD_EOS);
  for (const caveat of macaroon.caveats) {
    if (caveat.location) field(FIELD_LOCATION, encoder.encode(caveat.location));
    field(FIELD_IDENTIFIER, caveat.identifier);
    if (caveat.vid) field(FIELD_VID, caveat.vid);
    out.push(FIELD_EOS);
  }
  out.push(FIELD_EOS);
  field(FIELD_SIGNATURE, macaroon.signature);
  return Uint8Array.from(out);
}
