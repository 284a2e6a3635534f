import { bytesToBase64, importMacaroon, newMacaroon, type Macaroon } from "macaroon";
import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import {
  attenuateCapability,
  canonicalCapability,
  decodeCapability,
  formatCaveat,
  mintCapability,
  parseCaveat,
  verifyCapability,
} from "../../src/capabilities/index.ts";
import { encodeMacaroonV2 as encodeWithSdk } from "../../src/capabilities/macaroon-v2.ts";
import {
  base64url,
  baseCaveats,
  encodeMacaroonV1,
  encodeMacaroonV2,
  liveReader,
  macaroonSignature,
  request,
  rootKey,
} from "./fixtures.ts";

describe("libmacaroons compatibility", () => {
  it("should reproduce the published libmacaroons signatures", () => {
    // Vectors from the libmacaroons README, also used by pymacaroons' tests.
    const key = "this is our super secret key; only we should know it";
    const macaroon = newMacaroon({ rootKey: key, identifier: "we used our secret key", location: "http://mybank/" });
    expect(bytesToHex(macaroon.signature)).toBe("0xe3d9e02908526c4c0039ae15114115d97fdd68bf2ba379b342aaf0f617d0552f");
    expect(bytesToHex(macaroonSignature(key, "we used our secret key", []))).toBe(bytesToHex(macaroon.signature));
    macaroon.addFirstPartyCaveat("test = caveat");
    expect(bytesToHex(macaroon.signature)).toBe("0x197bac7a044af33332865b9266e26d493bdd668a660e44d88ce1a998c23dbd67");
    expect(bytesToHex(macaroonSignature(key, "we used our secret key", ["test = caveat"]))).toBe(
      bytesToHex(macaroon.signature),
    );
  });

  it("should mint exactly the v2 binary a from-scratch encoder produces", () => {
    const conditions = baseCaveats.map(formatCaveat);
    const token = mintCapability({
      rootKey,
      caveats: baseCaveats,
      identifier: "key-1",
      location: "https://worker.example",
    });
    const expected = encodeMacaroonV2({
      location: "https://worker.example",
      identifier: "key-1",
      caveats: conditions,
      signature: macaroonSignature(rootKey, "key-1", conditions),
    });
    expect(token).toBe(base64url(expected));
  });

  it("should mint tokens the macaroon package verifies directly", () => {
    const token = mintCapability({ rootKey, caveats: baseCaveats });
    const seen: string[] = [];
    importMacaroon(token).verify(rootKey, (condition) => {
      seen.push(condition);
      return parseCaveat(condition) ? null : "unknown";
    });
    expect(seen).toEqual(baseCaveats.map(formatCaveat));
    expect(() => importMacaroon(token).verify(new Uint8Array(32), () => null)).toThrow();
  });

  it("should verify tokens minted by the macaroon package directly", async () => {
    const macaroon = newMacaroon({ rootKey, identifier: "issued elsewhere", location: "https://worker.example" });
    for (const caveat of baseCaveats) macaroon.addFirstPartyCaveat(formatCaveat(caveat));
    // Serialized by the test's own encoder: the package's exportBinary is broken (see below).
    const token = base64url(
      encodeMacaroonV2({
        location: macaroon.location,
        identifier: "issued elsewhere",
        caveats: baseCaveats.map(formatCaveat),
        signature: macaroon.signature,
      }),
    );
    const result = await verifyCapability({ token, rootKey, request, reader: liveReader });
    expect(result.caveats).toEqual(baseCaveats);
  });

  it("should verify a token minted and attenuated with the macaroon package alone, as its v2 JSON", async () => {
    const macaroon = newMacaroon({ rootKey, identifier: "issued elsewhere" });
    for (const caveat of [...baseCaveats, { key: "agent", value: 56n } as const]) {
      macaroon.addFirstPartyCaveat(formatCaveat(caveat));
    }
    const minted = jsonToken(macaroon);
    const withAgent = { ...request, agentId: 56n };
    await expect(verifyCapability({ token: minted, rootKey, request: withAgent, reader: liveReader })).resolves.toEqual(
      expect.objectContaining({ expiresAt: baseCaveats[2]!.value }),
    );

    const attenuated = importMacaroon(JSON.parse(new TextDecoder().decode(Buffer.from(minted, "base64url"))));
    attenuated.addFirstPartyCaveat("op=receipts");
    const narrowed = jsonToken(attenuated);
    const verified = await verifyCapability({
      token: narrowed,
      rootKey,
      request: { ...withAgent, op: "receipts" },
      reader: liveReader,
    });
    expect(verified.caveats.at(-1)).toEqual({ key: "op", value: "receipts" });
    await expect(
      verifyCapability({ token: narrowed, rootKey, request: withAgent, reader: liveReader }),
    ).rejects.toThrow(expect.objectContaining({ code: "op-mismatch" }));
    expect(canonicalCapability(narrowed)).toBe(base64url(encodeWithSdk(attenuated)));
  });

  it("should verify our token attenuated by the macaroon package, and the package's token attenuated by us", async () => {
    const token = mintCapability({ rootKey, caveats: baseCaveats, location: "https://worker.example" });
    const theirs = importMacaroon(token);
    theirs.addFirstPartyCaveat("op=upload");
    const narrowedByThem = jsonToken(theirs);
    await expect(verifyCapability({ token: narrowedByThem, rootKey, request, reader: liveReader })).resolves.toEqual(
      expect.objectContaining({ caveats: [...baseCaveats, { key: "op", value: "upload" }] }),
    );
    const narrowedByUs = attenuateCapability({ token: narrowedByThem, caveats: [{ key: "job", value: 34n }] });
    expect(narrowedByUs).toBe(canonicalCapability(narrowedByUs));
    expect(decodeCapability(narrowedByUs).location).toBe("https://worker.example");
    await expect(
      verifyCapability({ token: narrowedByUs, rootKey, request: { ...request, jobId: 34n }, reader: liveReader }),
    ).resolves.toBeDefined();
  });

  it("should verify tokens from an independent libmacaroons v2 implementation", async () => {
    const conditions = baseCaveats.map(formatCaveat);
    const token = base64url(
      encodeMacaroonV2({
        identifier: "go-issuer",
        caveats: conditions,
        signature: macaroonSignature(rootKey, "go-issuer", conditions),
      }),
    );
    await expect(verifyCapability({ token, rootKey, request, reader: liveReader })).resolves.toBeDefined();
  });
});

describe("token encodings", () => {
  const token = mintCapability({ rootKey, caveats: baseCaveats, identifier: "pymacaroons-1" });
  const json = importMacaroon(token).exportJSON();

  // pymacaroons' v2 re-encoding of `token`: a location field (empty) before the identifier and
  // before every caveat, padded URL-safe base64. Pinned as text so neither side can drift.
  const PYMACAROONS_VECTOR =
    "AgEAAg1weW1hY2Fyb29ucy0xAAEAAkhzY29wZT0weGJlMGFmZTJmZDJiMjI3YmUwZWU3MmIzOGQzNWRlNWQ2YWMwZGIwZDJjYjA2MGEwOGNjNjBhMmExMjg1OWM5YjUAAQACCGxlYXNlPTEyAAEAAhJleHBpcmVzPTE5MDAwMDAwMDAAAAYgrSkiazyo3VtdPiZXMyxFeFXuvGVD8Zan-jKBwgkVxJM=";

  it("should match the pinned pymacaroons vector with a from-scratch encoder", () => {
    const conditions = baseCaveats.map(formatCaveat);
    const rebuilt = encodeMacaroonV2({
      location: "",
      caveatLocation: "",
      identifier: "pymacaroons-1",
      caveats: conditions,
      signature: macaroonSignature(rootKey, "pymacaroons-1", conditions),
    });
    expect(Buffer.from(rebuilt).toString("base64").replace(/\+/g, "-").replace(/\//g, "_")).toBe(PYMACAROONS_VECTOR);
  });

  it("should accept every spelling of the same macaroon and give them one canonical form", async () => {
    const bytes = Buffer.from(token, "base64url");
    const jsonBytes = Buffer.from(JSON.stringify(json));
    const spellings = {
      canonical: token,
      "base64url, padded": bytes.toString("base64url").padEnd(Math.ceil(bytes.length / 3) * 4, "="),
      "standard base64, unpadded": bytes.toString("base64").replace(/=+$/, ""),
      "standard base64, padded": bytes.toString("base64"),
      "pymacaroons (empty locations, padded)": PYMACAROONS_VECTOR,
      "v2 JSON, base64url": jsonBytes.toString("base64url"),
      "v2 JSON, standard base64 padded": jsonBytes.toString("base64"),
      "v2 JSON without v, base64 fields (Go)": Buffer.from(
        JSON.stringify({
          i64: Buffer.from("pymacaroons-1").toString("base64url"),
          c: baseCaveats.map((caveat) => ({ i: formatCaveat(caveat) })),
          s64: Buffer.from(importMacaroon(token).signature).toString("base64"),
        }),
      ).toString("base64url"),
      "v2 JSON with an empty location": Buffer.from(JSON.stringify({ ...json, l: "" })).toString("base64url"),
      "v1 binary (pymacaroons' default), padded": Buffer.from(
        encodeMacaroonV1({
          location: "",
          identifier: "pymacaroons-1",
          caveats: baseCaveats.map(formatCaveat),
          signature: importMacaroon(token).signature,
        }),
      ).toString("base64"),
      "v1 JSON": Buffer.from(
        JSON.stringify({
          identifier: "pymacaroons-1",
          caveats: baseCaveats.map((caveat) => ({ cid: formatCaveat(caveat) })),
          signature: bytesToHex(importMacaroon(token).signature).slice(2),
        }),
      ).toString("base64url"),
    };
    for (const [name, spelling] of Object.entries(spellings)) {
      expect(canonicalCapability(spelling), name).toBe(token);
      expect(decodeCapability(spelling), name).toEqual(decodeCapability(token));
      const verified = await verifyCapability({ token: spelling, rootKey, request, reader: liveReader });
      expect(verified.caveats, name).toEqual(baseCaveats);
    }
  });

  it("should still refuse a re-encoded token whose signed content was changed", async () => {
    const forged = Buffer.from(JSON.stringify({ ...json, c: [...(json.c as object[]), { i: "op=upload" }] }));
    await expect(
      verifyCapability({ token: forged.toString("base64url"), rootKey, request, reader: liveReader }),
    ).rejects.toThrow(expect.objectContaining({ code: "bad-signature" }));
  });
});

describe("encodeMacaroonV2", () => {
  it("should produce bytes the macaroon package parses back to the same macaroon, long fields included", () => {
    const macaroon = newMacaroon({ rootKey, identifier: "i".repeat(300), location: "https://worker.example" });
    macaroon.addFirstPartyCaveat(`scope=0x${"ab".repeat(32)}`);
    macaroon.addThirdPartyCaveat(new Uint8Array(32).fill(1), "c".repeat(200), "https://discharger.example");
    macaroon.addFirstPartyCaveat("op=upload");
    const encoded = encodeWithSdk(macaroon);
    const parsed = importMacaroon(encoded);
    expect(parsed.identifier).toEqual(macaroon.identifier);
    expect(parsed.location).toBe(macaroon.location);
    expect(parsed.signature).toEqual(macaroon.signature);
    expect(parsed.caveats).toEqual(macaroon.caveats);
    expect(encodeWithSdk(parsed)).toEqual(encoded);
  });

  it("should stand in for the package's exportBinary, which doubles its buffer on every append", () => {
    // If this starts failing, upstream fixed ByteBuffer._grow and src/capabilities/macaroon-v2.ts can go.
    const macaroon = newMacaroon({ rootKey, identifier: "id" });
    macaroon.addFirstPartyCaveat("op=upload");
    const exported = macaroon.exportBinary();
    expect(exported).toEqual(encodeWithSdk(macaroon));
    expect(exported.buffer.byteLength).toBeGreaterThan(1_000_000);
  });
});

/** What a client of the macaroon package can send today: base64 of its v2 JSON export. */
function jsonToken(macaroon: Macaroon): string {
  return bytesToBase64(new TextEncoder().encode(JSON.stringify(macaroon.exportJSON())));
}
