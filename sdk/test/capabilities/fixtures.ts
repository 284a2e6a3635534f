import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak256, stringToHex } from "viem";
import type { CapabilityCaveat, CapabilityRequest, LeaseStateReader } from "../../src/capabilities/index.ts";

export const rootKey = new Uint8Array(32).fill(7);
export const scopeHash = keccak256(stringToHex("scope: mailbox, read-only"));
export const leaseId = 12n;
export const jobId = 34n;
export const agentId = 56n;
export const expires = 1_900_000_000n;

export const baseCaveats: CapabilityCaveat[] = [
  { key: "scope", value: scopeHash },
  { key: "lease", value: leaseId },
  { key: "expires", value: expires },
];

export const request: CapabilityRequest = { now: expires - 60n, scopeHash, leaseId, op: "upload" };

/** The chain while the lease and the job are live: lease `leaseId` with `scopeHash` holds job `jobId`. */
export const liveReader: LeaseStateReader = {
  isLeaseLive: async (lease, scope) => lease === leaseId && scope === scopeHash,
  isJobLive: async (job, lease) => job === jobId && lease === leaseId,
  leaseExists: async (lease, scope) => lease === leaseId && scope === scopeHash,
  isJobOfLease: async (job, lease) => job === jobId && lease === leaseId,
};

/** The same chain after the lease expired (or was revoked) and the job was paid. */
export const endedReader: LeaseStateReader = {
  ...liveReader,
  isLeaseLive: async () => false,
  isJobLive: async () => false,
};

const encoder = new TextEncoder();
const bytes = (value: string | Uint8Array) => (typeof value === "string" ? encoder.encode(value) : value);

/** libmacaroons' signature chain, written from the format description, not from the package. */
export function macaroonSignature(key: Uint8Array | string, identifier: string, caveats: string[]): Uint8Array {
  const derived = hmac(sha256, encoder.encode("macaroons-key-generator"), bytes(key));
  return caveats.reduce(
    (signature, caveat) => hmac(sha256, signature, encoder.encode(caveat)),
    hmac(sha256, derived, encoder.encode(identifier)),
  );
}

/**
 * libmacaroons v2 binary: version 2, fields as (type, varint length, data), EOS = 0. A location
 * that is given is written even when empty, and `caveatLocation` before every caveat, as
 * pymacaroons does after reading a token without one.
 */
export function encodeMacaroonV2(parts: {
  location?: string;
  identifier: string;
  caveats: string[];
  signature: Uint8Array;
  caveatLocation?: string;
}): Uint8Array {
  const out: number[] = [2];
  const field = (type: number, data: Uint8Array) => {
    out.push(type);
    let length = data.length;
    while (length >= 0x80) {
      out.push((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    out.push(length, ...data);
  };
  if (parts.location !== undefined) field(1, encoder.encode(parts.location));
  field(2, encoder.encode(parts.identifier));
  out.push(0);
  for (const caveat of parts.caveats) {
    if (parts.caveatLocation !== undefined) field(1, encoder.encode(parts.caveatLocation));
    field(2, encoder.encode(caveat));
    out.push(0);
  }
  out.push(0);
  field(6, parts.signature);
  return Uint8Array.from(out);
}

/** libmacaroons v1 binary, as pymacaroons writes it by default: "%04x" length, key, space, value, newline. */
export function encodeMacaroonV1(parts: {
  location: string;
  identifier: string;
  caveats: string[];
  signature: Uint8Array;
}): Uint8Array {
  const packet = (key: string, value: Uint8Array) => {
    const body = Buffer.concat([Buffer.from(`${key} `), value, Buffer.from("\n")]);
    return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, "0")), body]);
  };
  return Buffer.concat([
    packet("location", encoder.encode(parts.location)),
    packet("identifier", encoder.encode(parts.identifier)),
    ...parts.caveats.map((caveat) => packet("cid", encoder.encode(caveat))),
    packet("signature", parts.signature),
  ]);
}

export function base64url(data: Uint8Array): string {
  return Buffer.from(data).toString("base64url");
}
