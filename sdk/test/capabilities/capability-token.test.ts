import { newMacaroon, bytesToBase64 } from "macaroon";
import { encodeMacaroonV2 } from "../../src/capabilities/macaroon-v2.ts";
import { describe, expect, it, vi } from "vitest";
import {
  CapabilityError,
  CapabilityStateUnavailableError,
  MAX_CAPABILITY_TOKEN_LENGTH,
  attenuateCapability,
  decodeCapability,
  generateCapabilityRootKey,
  mintCapability,
  verifyCapability,
  type CapabilityErrorCode,
  type CapabilityRequest,
  type LeaseStateReader,
} from "../../src/capabilities/index.ts";
import { InvalidInputError } from "../../src/errors.ts";
import {
  agentId,
  base64url,
  baseCaveats,
  encodeMacaroonV2 as encodeIndependently,
  endedReader,
  expires,
  jobId,
  leaseId,
  liveReader,
  macaroonSignature,
  request,
  rootKey,
  scopeHash,
} from "./fixtures.ts";

const token = mintCapability({ rootKey, caveats: baseCaveats, identifier: "key-1" });

async function codeOf(
  candidate: string,
  options: { request?: CapabilityRequest; reader?: LeaseStateReader; key?: Uint8Array } = {},
): Promise<CapabilityErrorCode> {
  const error = await verifyCapability({
    token: candidate,
    rootKey: options.key ?? rootKey,
    request: options.request ?? request,
    reader: options.reader ?? liveReader,
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CapabilityError);
  expect((error as CapabilityError).retryable).toBe(false);
  return (error as CapabilityError).code;
}

/** A token with a valid signature over arbitrary conditions, as another libmacaroons issuer would make. */
function rawToken(conditions: string[]): string {
  const macaroon = newMacaroon({ rootKey, identifier: "raw" });
  for (const condition of conditions) macaroon.addFirstPartyCaveat(condition);
  return bytesToBase64(encodeMacaroonV2(macaroon));
}

describe("mintCapability", () => {
  it("should mint a base64url token that verifies for a matching request", async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const result = await verifyCapability({ token, rootKey, request, reader: liveReader });
    expect(result.caveats).toEqual(baseCaveats);
    expect(result.expiresAt).toBe(expires);
    expect(new TextDecoder().decode(result.identifier)).toBe("key-1");
  });

  it("should give each token a random identifier by default", () => {
    const a = decodeCapability(mintCapability({ rootKey, caveats: baseCaveats }));
    const b = decodeCapability(mintCapability({ rootKey, caveats: baseCaveats }));
    expect(a.identifier).toHaveLength(32);
    expect(a.identifier).not.toEqual(b.identifier);
  });

  it("should refuse to mint without scope, lease or expires", () => {
    for (const key of ["scope", "lease", "expires"]) {
      const caveats = baseCaveats.filter((caveat) => caveat.key !== key);
      expect(() => mintCapability({ rootKey, caveats })).toThrow(expect.objectContaining({ code: "missing-caveat" }));
    }
  });

  it("should refuse a root key shorter than 32 bytes", () => {
    expect(() => mintCapability({ rootKey: new Uint8Array(16), caveats: baseCaveats })).toThrow(InvalidInputError);
    expect(generateCapabilityRootKey()).toHaveLength(32);
  });
});

describe("verifyCapability", () => {
  it("should reject a token under another root key as bad-signature", async () => {
    expect(await codeOf(token, { key: generateCapabilityRootKey() })).toBe("bad-signature");
  });

  it("should report bad-signature before any caveat, and never consult the chain for a forgery", async () => {
    const reader = {
      ...liveReader,
      isLeaseLive: vi.fn(liveReader.isLeaseLive),
      leaseExists: vi.fn(liveReader.leaseExists),
    };
    const forged = mintCapability({
      rootKey: generateCapabilityRootKey(),
      caveats: [...baseCaveats, { key: "op", value: "proofs" }],
    });
    expect(await codeOf(forged, { reader, request: { ...request, now: expires + 1n } })).toBe("bad-signature");
    expect(reader.isLeaseLive).not.toHaveBeenCalled();
    expect(await codeOf(forged, { reader, request: { ...request, op: "proofs" } })).toBe("bad-signature");
    expect(reader.leaseExists).not.toHaveBeenCalled();
  });

  it("should treat expires as exclusive: valid until the second before", async () => {
    await expect(
      verifyCapability({ token, rootKey, request: { ...request, now: expires - 1n }, reader: liveReader }),
    ).resolves.toBeDefined();
    expect(await codeOf(token, { request: { ...request, now: expires } })).toBe("expired");
  });

  it("should reject a request for another scope or lease", async () => {
    expect(await codeOf(token, { request: { ...request, scopeHash: `0x${"00".repeat(32)}` } })).toBe("scope-mismatch");
    expect(await codeOf(token, { request: { ...request, leaseId: leaseId + 1n } })).toBe("lease-mismatch");
  });

  it("should compare scope hashes whatever their case in the request", async () => {
    const upper = `0x${scopeHash.slice(2).toUpperCase()}` as const;
    const reader = { ...liveReader, isLeaseLive: async () => true };
    await expect(
      verifyCapability({ token, rootKey, request: { ...request, scopeHash: upper }, reader }),
    ).resolves.toBeDefined();
  });

  it("should require the job, agent and operation a token names", async () => {
    const narrow = mintCapability({
      rootKey,
      caveats: [
        ...baseCaveats,
        { key: "job", value: jobId },
        { key: "agent", value: agentId },
        { key: "op", value: "receipts" },
      ],
    });
    const exact = { ...request, jobId, agentId, op: "receipts" as const };
    await expect(
      verifyCapability({ token: narrow, rootKey, request: exact, reader: liveReader }),
    ).resolves.toBeDefined();
    expect(await codeOf(narrow, { request: { ...exact, jobId: jobId + 1n } })).toBe("job-mismatch");
    expect(await codeOf(narrow, { request: { ...exact, jobId: undefined } })).toBe("job-mismatch");
    expect(await codeOf(narrow, { request: { ...exact, agentId: undefined } })).toBe("agent-mismatch");
    expect(await codeOf(narrow, { request: { ...exact, op: "upload" } })).toBe("op-mismatch");
  });

  it("should reject a lease the chain no longer holds live, asking with the request's lease and scope", async () => {
    const isLeaseLive = vi.fn(async () => false);
    expect(await codeOf(token, { reader: { ...liveReader, isLeaseLive } })).toBe("lease-not-live");
    expect(isLeaseLive).toHaveBeenCalledWith(leaseId, scopeHash);
  });

  it("should reject a job that is not open under the lease", async () => {
    await expect(
      verifyCapability({ token, rootKey, request: { ...request, jobId }, reader: liveReader }),
    ).resolves.toBeDefined();
    expect(await codeOf(token, { request: { ...request, jobId: jobId + 1n } })).toBe("job-not-live");
  });

  it("should let read tokens (receipts, proofs) verify after the lease ended and the job was paid", async () => {
    for (const op of ["receipts", "proofs"] as const) {
      const reading = attenuateCapability({ token, caveats: [{ key: "job", value: jobId }] });
      await expect(
        verifyCapability({ token: reading, rootKey, request: { ...request, op, jobId }, reader: endedReader }),
      ).resolves.toBeDefined();
    }
  });

  it("should still require a live lease and a live job for upload", async () => {
    expect(await codeOf(token, { reader: endedReader })).toBe("lease-not-live");
    const jobClosed = { ...liveReader, isJobLive: async () => false };
    expect(await codeOf(token, { reader: jobClosed, request: { ...request, jobId } })).toBe("job-not-live");
  });

  it("should refuse a read for a lease that does not exist with the request's scope", async () => {
    const leaseExists = vi.fn(async () => false);
    const reader = { ...endedReader, leaseExists };
    expect(await codeOf(token, { reader, request: { ...request, op: "receipts" } })).toBe("lease-not-found");
    expect(leaseExists).toHaveBeenCalledWith(leaseId, scopeHash);
  });

  it("should refuse a read for a job that is not under the token's lease", async () => {
    const isJobOfLease = vi.fn(endedReader.isJobOfLease);
    const reader = { ...endedReader, isJobOfLease };
    const reading = { ...request, op: "proofs" as const, jobId: jobId + 1n };
    expect(await codeOf(token, { reader, request: reading })).toBe("job-not-found");
    expect(isJobOfLease).toHaveBeenCalledWith(jobId + 1n, leaseId);
  });

  it("should ask the chain only what the operation needs: liveness for upload, existence for reads", async () => {
    const spy = () => ({
      isLeaseLive: vi.fn(liveReader.isLeaseLive),
      isJobLive: vi.fn(liveReader.isJobLive),
      leaseExists: vi.fn(liveReader.leaseExists),
      isJobOfLease: vi.fn(liveReader.isJobOfLease),
    });
    const uploading = spy();
    await verifyCapability({ token, rootKey, request: { ...request, jobId }, reader: uploading });
    expect(uploading.isJobLive).toHaveBeenCalledWith(jobId, leaseId);
    expect(uploading.leaseExists).not.toHaveBeenCalled();
    expect(uploading.isJobOfLease).not.toHaveBeenCalled();
    const reading = spy();
    await verifyCapability({ token, rootKey, request: { ...request, op: "receipts", jobId }, reader: reading });
    expect(reading.isJobOfLease).toHaveBeenCalledWith(jobId, leaseId);
    expect(reading.isLeaseLive).not.toHaveBeenCalled();
    expect(reading.isJobLive).not.toHaveBeenCalled();
  });

  it("should report an unreachable chain as retryable CapabilityStateUnavailableError", async () => {
    const reader = {
      ...liveReader,
      isLeaseLive: async () => {
        throw new Error("ECONNREFUSED");
      },
    };
    const error = await verifyCapability({ token, rootKey, request, reader }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CapabilityStateUnavailableError);
    expect((error as CapabilityStateUnavailableError).retryable).toBe(true);
    const unreadable = {
      ...liveReader,
      leaseExists: async () => {
        throw new Error("ECONNREFUSED");
      },
    };
    const reading = { ...request, op: "receipts" as const };
    await expect(verifyCapability({ token, rootKey, request: reading, reader: unreadable })).rejects.toBeInstanceOf(
      CapabilityStateUnavailableError,
    );
  });

  it("should reject validly signed tokens with unknown, malformed or third-party caveats", async () => {
    expect(await codeOf(rawToken([...baseCaveats.map(stringify), "admin=true"]))).toBe("unknown-caveat");
    expect(await codeOf(rawToken([...baseCaveats.map(stringify), "lease=012"]))).toBe("malformed-caveat");
    const thirdParty = newMacaroon({ rootKey, identifier: "raw" });
    thirdParty.addThirdPartyCaveat(new Uint8Array(32), "discharge-me", "https://elsewhere");
    expect(await codeOf(bytesToBase64(encodeMacaroonV2(thirdParty)))).toBe("unknown-caveat");
  });

  it("should read caveat bytes exactly: a byte-order mark or invalid UTF-8 is not a known caveat", async () => {
    expect(await codeOf(rawToken([...baseCaveats.map(stringify), "\uFEFFop=proofs"]))).toBe("unknown-caveat");
    const invalidUtf8 = newMacaroon({ rootKey, identifier: "raw" });
    for (const caveat of baseCaveats) invalidUtf8.addFirstPartyCaveat(stringify(caveat));
    invalidUtf8.addFirstPartyCaveat(Uint8Array.from([0x6f, 0x70, 0x3d, 0xff]));
    expect(await codeOf(bytesToBase64(encodeMacaroonV2(invalidUtf8)))).toBe("malformed-caveat");
  });

  it("should reject a validly signed token without scope, lease or expires as missing-caveat", async () => {
    expect(await codeOf(rawToken([`scope=${scopeHash}`, `lease=${leaseId}`]))).toBe("missing-caveat");
    expect(await codeOf(rawToken([]))).toBe("missing-caveat");
  });

  it("should reject text that is no spelling of a macaroon as malformed, saying why", async () => {
    const json = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
    const s64 = base64url(new Uint8Array(32));
    const candidates: [string, RegExp][] = [
      ["", /empty/],
      ["A".repeat(MAX_CAPABILITY_TOKEN_LENGTH + 1), /longer than 4096/],
      [" " + token, /not base64/],
      [`${token}===`, /not base64/],
      ["AAA-AAA+", /not base64/],
      ["AAAAA", /not base64/],
      ["AAAA=", /not base64/],
      ["AB", /trailing bits/],
      [base64url(new Uint8Array([1, 2, 3])), /no macaroon/],
      [base64url(new TextEncoder().encode("0010location \n")), /not a well-formed v1 binary.*byte 0/],
      [base64url(new TextEncoder().encode("000eidentifier\n")), /not a well-formed v1 binary.*byte 0/],
      [base64url(new TextEncoder().encode("000elocation \n000acid x\n")), /packets location cid/],
      [base64url(new Uint8Array([...Buffer.from(token, "base64url"), 0])), /not a well-formed v2 binary/],
      [base64url(Buffer.from(token, "base64url").subarray(0, -4)), /not a well-formed v2 binary/],
      [json({ v: 2, i: "x", s64: "AAAA" }), /signature is not 32 bytes/],
      [json({ v: 2, i: "x", s64, extra: 1 }), /not a v2 JSON macaroon/],
      [json({ v: 1, i: "x", s64 }), /not a v2 JSON macaroon/],
      [json({ identifier: "x", signature: "00".repeat(32), l: "" }), /not a v1 JSON macaroon/],
      [json({ identifier: "x", signature: "00" }), /not a v1 JSON macaroon/],
      [json({ v: 2, i: "x", i64: "eA", s64 }), /exactly one of "i" and "i64"/],
      [json({ v: 2, s64 }), /exactly one of "i" and "i64"/],
      [json({ v: 2, i: "x", s64, c: [{ i: "op=upload", v: "a", v64: "YQ" }] }), /"v" and "v64"/],
      [base64url(new TextEncoder().encode(`${JSON.stringify({ v: 2, i: "x", s64 })}{}`)), /not valid JSON/],
    ];
    for (const [candidate, reason] of candidates) {
      expect(await codeOf(candidate), candidate.slice(0, 20)).toBe("malformed");
      expect(() => decodeCapability(candidate), candidate.slice(0, 20)).toThrow(reason);
    }
  });
});

describe("attenuateCapability", () => {
  it("should let a holder narrow a token without the root key", async () => {
    const narrowed = attenuateCapability({
      token,
      caveats: [
        { key: "op", value: "upload" },
        { key: "expires", value: expires - 30n },
      ],
    });
    const result = await verifyCapability({ token: narrowed, rootKey, request, reader: liveReader });
    expect(result.expiresAt).toBe(expires - 30n);
    expect(await codeOf(narrowed, { request: { ...request, op: "proofs" } })).toBe("op-mismatch");
    expect(await codeOf(narrowed, { request: { ...request, now: expires - 30n } })).toBe("expired");
  });

  it("should not widen: a later expiry or a second scope only adds a condition", async () => {
    const later = attenuateCapability({ token, caveats: [{ key: "expires", value: expires + 3600n }] });
    expect(await codeOf(later, { request: { ...request, now: expires + 60n } })).toBe("expired");
    const otherScope = attenuateCapability({ token, caveats: [{ key: "scope", value: `0x${"00".repeat(32)}` }] });
    expect(await codeOf(otherScope)).toBe("scope-mismatch");
    expect(await codeOf(otherScope, { request: { ...request, scopeHash: `0x${"00".repeat(32)}` } })).toBe(
      "scope-mismatch",
    );
  });

  it("should make removing or editing a caveat break the signature", async () => {
    const conditions = [...baseCaveats.map(stringify), "op=upload"];
    const signature = macaroonSignature(rootKey, "key-1", conditions);
    const narrowed = attenuateCapability({ token, caveats: [{ key: "op", value: "upload" }] });
    expect(narrowed).toBe(base64url(encodeIndependently({ identifier: "key-1", caveats: conditions, signature })));

    const dropped = base64url(
      encodeIndependently({ identifier: "key-1", caveats: conditions.slice(0, -1), signature }),
    );
    expect(await codeOf(dropped)).toBe("bad-signature");
    const edited = conditions.map((condition) =>
      condition.startsWith("expires=") ? `expires=${expires + 3600n}` : condition,
    );
    expect(await codeOf(base64url(encodeIndependently({ identifier: "key-1", caveats: edited, signature })))).toBe(
      "bad-signature",
    );
  });

  it("should refuse malformed caveats and malformed tokens", () => {
    expect(() => attenuateCapability({ token, caveats: [{ key: "lease", value: -1n }] })).toThrow(CapabilityError);
    expect(() => attenuateCapability({ token: "%%%", caveats: [] })).toThrow(
      expect.objectContaining({ code: "malformed" }),
    );
  });
});

describe("decodeCapability", () => {
  it("should read caveats without the root key", () => {
    const decoded = decodeCapability(token);
    expect(decoded.caveats).toEqual(baseCaveats);
    expect(decoded.location).toBeUndefined();
  });
});

function stringify(caveat: (typeof baseCaveats)[number]): string {
  return `${caveat.key}=${String(caveat.value)}`;
}
