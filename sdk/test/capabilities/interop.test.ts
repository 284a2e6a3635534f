import { importMacaroon, newMacaroon } from "macaroon";
import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import { formatCaveat, mintCapability, parseCaveat, verifyCapability } from "../../src/capabilities/index.ts";
import { encodeMacaroonV2 as encodeWithSdk } from "../../src/capabilities/macaroon-v2.ts";
import {
  base64url,
  baseCaveats,
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
