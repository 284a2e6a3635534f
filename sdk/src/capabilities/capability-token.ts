/// <reference path="./macaroon.d.ts" />
/**
 * Capability tokens for the worker gateway: standard libmacaroons v2 macaroons (via the npm
 * `macaroon` package, interoperable with the Go, C and Python implementations). Minted and
 * attenuated tokens are written in the canonical form, unpadded base64url of the v2 binary
 * format; every other spelling of the same macaroon is read too (./token-encoding.ts).
 *
 * The issuer (the worker, or whoever holds the root key) mints a token bound to a lease, its
 * scope and an expiry; any holder can attenuate it by appending caveats without the root key,
 * and the HMAC chain makes removing or editing a caveat detectable. Verification fails closed,
 * in a fixed order so errors never tell a forger more than "bad signature":
 *   decode → signature chain → caveat vocabulary → required caveats → request context →
 *   chain state (live for uploads; for reads the lease need only exist and hold the job).
 * Third-party caveats (discharge macaroons) are not part of Leasehold's vocabulary and are
 * refused.
 */
import { randomBytes } from "@noble/hashes/utils.js";
import { newMacaroon, type Macaroon } from "macaroon";
import { bytesToHex } from "viem";
import { InvalidInputError, LeaseholdError } from "../errors.ts";
import { formatCaveat, parseCaveat } from "./caveats.ts";
import { CapabilityError, CapabilityStateUnavailableError } from "./errors.ts";
import {
  decodeCapabilityToken as decode,
  encodeCapabilityToken as encode,
  MAX_CAPABILITY_TOKEN_LENGTH,
} from "./token-encoding.ts";
import {
  liveCapabilityOperations,
  type CapabilityCaveat,
  type CapabilityCaveatKey,
  type CapabilityRequest,
  type LeaseStateReader,
} from "./types.ts";

export { MAX_CAPABILITY_TOKEN_LENGTH };
export const CAPABILITY_ROOT_KEY_BYTES = 32;

/** Without these a token would be unbounded in what, where or how long it grants. */
const REQUIRED_CAVEATS: readonly CapabilityCaveatKey[] = ["scope", "lease", "expires"];
// ignoreBOM keeps a leading U+FEFF in the text: stripping it would make us read a caveat
// differently from the bytes the HMAC covers and from other implementations' checkers.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A fresh random root key. The issuer keeps it secret; whoever holds it can mint anything. */
export function generateCapabilityRootKey(): Uint8Array {
  return randomBytes(CAPABILITY_ROOT_KEY_BYTES);
}

export type MintCapabilityParameters = {
  rootKey: Uint8Array;
  /** Must include `scope`, `lease` and `expires`. */
  caveats: readonly CapabilityCaveat[];
  /** Public; lets the issuer find the root key. Defaults to 16 random bytes in hex. */
  identifier?: string | Uint8Array;
  /** Public, unauthenticated hint of where the token is used. */
  location?: string;
};
export type MintCapabilityReturnType = string;
export type MintCapabilityErrorType = CapabilityError | InvalidInputError;

export function mintCapability({
  rootKey,
  caveats,
  identifier,
  location,
}: MintCapabilityParameters): MintCapabilityReturnType {
  assertRootKey(rootKey);
  const conditions = caveats.map(formatCaveat);
  assertRequiredCaveats(caveats);
  const macaroon = newMacaroon({
    rootKey,
    identifier: identifier ?? bytesToHex(randomBytes(16)).slice(2),
    ...(location === undefined ? {} : { location }),
  });
  for (const condition of conditions) macaroon.addFirstPartyCaveat(condition);
  return encode(macaroon);
}

export type AttenuateCapabilityParameters = {
  token: string;
  /** Appended after the token's caveats; they can only narrow what it grants. */
  caveats: readonly CapabilityCaveat[];
};
export type AttenuateCapabilityReturnType = string;
export type AttenuateCapabilityErrorType = CapabilityError;

/** Narrow a token without the root key (a holder handing a sub-capability to someone else). */
export function attenuateCapability({ token, caveats }: AttenuateCapabilityParameters): AttenuateCapabilityReturnType {
  const conditions = caveats.map(formatCaveat);
  const macaroon = decode(token);
  for (const condition of conditions) macaroon.addFirstPartyCaveat(condition);
  const attenuated = encode(macaroon);
  if (attenuated.length > MAX_CAPABILITY_TOKEN_LENGTH) {
    throw new CapabilityError("malformed", "Attenuated token would exceed the size limit");
  }
  return attenuated;
}

export type DecodeCapabilityReturnType = {
  identifier: Uint8Array;
  location: string | undefined;
  caveats: CapabilityCaveat[];
};

/**
 * The one spelling of a token (unpadded base64url of its v2 binary, no empty location), whatever
 * encoding it came in: two tokens are the same capability exactly when their canonical forms are
 * equal, so compare, log and revoke by this.
 */
export function canonicalCapability(token: string): string {
  return encode(decode(token));
}

/** Read a token's caveats WITHOUT verifying it: for display and routing, never for decisions. */
export function decodeCapability(token: string): DecodeCapabilityReturnType {
  const macaroon = decode(token);
  return {
    identifier: macaroon.identifier,
    location: macaroon.location || undefined,
    caveats: firstPartyConditions(macaroon).map(parseCaveat),
  };
}

export type VerifyCapabilityParameters = {
  token: string;
  rootKey: Uint8Array;
  request: CapabilityRequest;
  reader: LeaseStateReader;
};
export type VerifyCapabilityReturnType = {
  identifier: Uint8Array;
  caveats: CapabilityCaveat[];
  /** The earliest `expires` caveat: the token is useless from then on. */
  expiresAt: bigint;
};
export type VerifyCapabilityErrorType = CapabilityError | CapabilityStateUnavailableError | InvalidInputError;

export async function verifyCapability({
  token,
  rootKey,
  request,
  reader,
}: VerifyCapabilityParameters): Promise<VerifyCapabilityReturnType> {
  assertRootKey(rootKey);
  const macaroon = decode(token);
  const conditions = firstPartyConditions(macaroon);

  // Every caveat is evaluated below, after the chain is known to be intact.
  try {
    macaroon.verify(rootKey, () => null);
  } catch (error) {
    throw new CapabilityError("bad-signature", "Capability token signature does not verify", { cause: error });
  }

  const caveats = conditions.map(parseCaveat);
  assertRequiredCaveats(caveats);
  for (const caveat of caveats) checkCaveat(caveat, request);

  const { leaseId, scopeHash, jobId } = request;
  if (liveCapabilityOperations.includes(request.op)) {
    await checkState("lease-not-live", `Lease ${leaseId} is not live with this scope`, () =>
      reader.isLeaseLive(leaseId, scopeHash),
    );
    if (jobId !== undefined) {
      await checkState("job-not-live", `Job ${jobId} is not live under lease ${leaseId}`, () =>
        reader.isJobLive(jobId, leaseId),
      );
    }
  } else {
    await checkState("lease-not-found", `Lease ${leaseId} does not exist with this scope`, () =>
      reader.leaseExists(leaseId, scopeHash),
    );
    if (jobId !== undefined) {
      await checkState("job-not-found", `Job ${jobId} is not under lease ${leaseId}`, () =>
        reader.isJobOfLease(jobId, leaseId),
      );
    }
  }

  const expiresAt = caveats.reduce(
    (earliest, caveat) => (caveat.key === "expires" && caveat.value < earliest ? caveat.value : earliest),
    1n << 64n,
  );
  return { identifier: macaroon.identifier, caveats, expiresAt };
}

function checkCaveat(caveat: CapabilityCaveat, request: CapabilityRequest): void {
  switch (caveat.key) {
    case "scope":
      if (caveat.value !== request.scopeHash.toLowerCase()) {
        throw new CapabilityError("scope-mismatch", "Token is for another scope");
      }
      return;
    case "lease":
      if (caveat.value !== request.leaseId) throw new CapabilityError("lease-mismatch", "Token is for another lease");
      return;
    case "job":
      if (caveat.value !== request.jobId) throw new CapabilityError("job-mismatch", "Token is for another job");
      return;
    case "agent":
      if (caveat.value !== request.agentId) {
        throw new CapabilityError("agent-mismatch", "Token is for another agent");
      }
      return;
    case "expires":
      if (request.now >= caveat.value) throw new CapabilityError("expired", `Token expired at ${caveat.value}`);
      return;
    case "op":
      if (caveat.value !== request.op) {
        throw new CapabilityError("op-mismatch", `Token does not allow ${request.op}`);
      }
      return;
  }
}

async function checkState(
  code: "lease-not-live" | "job-not-live" | "lease-not-found" | "job-not-found",
  message: string,
  read: () => Promise<boolean>,
): Promise<void> {
  let live: boolean;
  try {
    live = await read();
  } catch (error) {
    if (error instanceof LeaseholdError) throw error;
    throw new CapabilityStateUnavailableError("Cannot read lease state", { cause: error });
  }
  if (live !== true) throw new CapabilityError(code, message);
}

function assertRequiredCaveats(caveats: readonly CapabilityCaveat[]): void {
  for (const key of REQUIRED_CAVEATS) {
    if (!caveats.some((caveat) => caveat.key === key)) {
      throw new CapabilityError("missing-caveat", `Capability token has no ${key} caveat`);
    }
  }
}

function assertRootKey(rootKey: Uint8Array): void {
  if (!(rootKey instanceof Uint8Array) || rootKey.length < CAPABILITY_ROOT_KEY_BYTES) {
    throw new InvalidInputError(`Capability root key must be at least ${CAPABILITY_ROOT_KEY_BYTES} bytes`);
  }
}

function firstPartyConditions(macaroon: Macaroon): string[] {
  return macaroon.caveats.map((caveat) => {
    if (caveat.vid !== undefined) {
      throw new CapabilityError("unknown-caveat", "Third-party caveats are not accepted");
    }
    try {
      return utf8.decode(caveat.identifier);
    } catch (error) {
      throw new CapabilityError("malformed-caveat", "Caveat is not UTF-8", { cause: error });
    }
  });
}
