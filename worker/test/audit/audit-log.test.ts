import { writeFile } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import {
  AUDIT_FILE,
  AUDIT_LOG_MAGIC,
  AuditLog,
  canonicalJson,
  genesisHead,
  hashAuditEntry,
  verifyAuditLog,
  verifyChain,
} from "../../src/audit/index.ts";
import { AuditChainBrokenError, InvalidAuditEntryError } from "../../src/errors.ts";
import type { AuditEntry } from "../../src/types.ts";
import { useTempDirs } from "../fixtures/temp-dir.ts";

const tempDir = useTempDirs();

async function chainOf(count: number): Promise<{ dir: string; entries: AuditEntry[] }> {
  const dir = await tempDir();
  let now = 1_763_780_000_000;
  const log = await AuditLog.open({ dir, now: () => (now += 1000) });
  const entries: AuditEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    entries.push(await log.append("job.begin", { jobId: String(index + 1), attempt: 1 }));
  }
  await log.close();
  return { dir, entries };
}

/** Recomputes every hash from `from` on, as a forger who rewrites the rest of the chain would. */
function rehash(entries: AuditEntry[], from: number): AuditEntry[] {
  const out = entries.map((entry) => ({ ...entry }));
  for (let index = from; index < out.length; index += 1) {
    const entry = out[index]!;
    entry.prevHash = index === 0 ? zeroHash : out[index - 1]!.hash;
    entry.hash = hashAuditEntry(entry);
  }
  return out;
}

async function writeEntries(dir: string, entries: readonly unknown[]): Promise<void> {
  const frames = entries.map((entry) => {
    const payload = Buffer.from(JSON.stringify(entry));
    const header = Buffer.alloc(8);
    header.writeUInt32BE(payload.length, 0);
    header.writeUInt32BE(crc32(payload), 4);
    return Buffer.concat([header, payload]);
  });
  await writeFile(path.join(dir, AUDIT_FILE), Buffer.concat([Buffer.from(AUDIT_LOG_MAGIC), ...frames]));
}

describe("# AuditLog", () => {
  it("should chain entries by hash and keep the head across a restart", async () => {
    const { dir, entries } = await chainOf(3);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(zeroHash);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.hash).toBe(hashAuditEntry(entries[2]!));

    const log = await AuditLog.open({ dir });
    expect(log.head()).toEqual({ seq: 3, hash: entries[2]!.hash });
    const fourth = await log.append("batch.anchor", { root: zeroHash, receipts: 3, final: true, note: null });
    expect(fourth).toMatchObject({ seq: 4, prevHash: entries[2]!.hash });
    await log.close();
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: true, head: { seq: 4, hash: fourth.hash } });
  });

  it("should hash the canonical JSON of an entry's fields", () => {
    const entry = { seq: 1, time: 5, action: "job.begin", details: { b: 1, a: "x" }, prevHash: zeroHash };
    expect(canonicalJson(entry)).toBe(
      `{"action":"job.begin","details":{"a":"x","b":1},"prevHash":"${zeroHash}","seq":1,"time":5}`,
    );
    expect(hashAuditEntry(entry)).toBe(hashAuditEntry({ ...entry, details: { a: "x", b: 1 } }));
    expect(() => canonicalJson({ amount: 1.5 })).toThrow(TypeError);
  });

  it("should take only flat, short, scalar details and dotted actions", async () => {
    const log = await AuditLog.open({ dir: await tempDir() });
    for (const [action, details] of [
      ["Job Begin", {}],
      ["job.begin", { context: { nested: "no" } }],
      ["job.begin", { note: "x".repeat(257) }],
      ["job.begin", { amount: 1.5 }],
      ["job.begin", Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`k${index}`, index]))],
    ] as const) {
      await expect(log.append(action, details as never)).rejects.toBeInstanceOf(InvalidAuditEntryError);
    }
    expect(log.head()).toEqual(genesisHead);
    await log.close();
  });
});

describe("# verifyChain", () => {
  it("should accept an untouched chain, from the genesis or from any head inside it", async () => {
    const { entries } = await chainOf(5);
    expect(verifyChain(entries)).toEqual({ ok: true, head: { seq: 5, hash: entries[4]!.hash } });
    expect(verifyChain(entries.slice(2), { from: { seq: 2, hash: entries[1]!.hash } }).ok).toBe(true);
  });

  it("should detect an edited entry", async () => {
    const { entries } = await chainOf(5);
    const edited = entries.map((entry, index) =>
      index === 2 ? { ...entry, details: { jobId: "666", attempt: 1 } } : entry,
    );
    expect(verifyChain(edited)).toEqual({ ok: false, problem: "hash-mismatch", index: 2 });
  });

  it("should detect an edited entry whose own hash was recomputed", async () => {
    const { entries } = await chainOf(5);
    const edited = entries.map((entry) => ({ ...entry }));
    edited[2]!.details = { jobId: "666", attempt: 1 };
    edited[2]!.hash = hashAuditEntry(edited[2]!);
    expect(verifyChain(edited)).toEqual({ ok: false, problem: "prev-hash-mismatch", index: 3 });
  });

  it("should detect a rewritten suffix against an anchored head", async () => {
    const { entries } = await chainOf(5);
    const forged = rehash(
      entries.map((entry, index) => (index === 1 ? { ...entry, time: entry.time + 1 } : entry)),
      1,
    );
    expect(verifyChain(forged).ok).toBe(true);
    const anchored = { seq: 4, hash: entries[3]!.hash };
    expect(verifyChain(forged, { anchors: [anchored] })).toEqual({ ok: false, problem: "anchor-mismatch", index: 3 });
    expect(verifyChain(entries, { anchors: [anchored] }).ok).toBe(true);
  });

  it("should detect a deleted entry", async () => {
    const { entries } = await chainOf(5);
    expect(verifyChain([...entries.slice(0, 2), ...entries.slice(3)])).toEqual({
      ok: false,
      problem: "seq-gap",
      index: 2,
    });
  });

  it("should detect a deleted entry even when the sequence numbers were rewritten", async () => {
    const { entries } = await chainOf(5);
    const renumbered = [...entries.slice(0, 2), ...entries.slice(3)].map((entry, index) => ({
      ...entry,
      seq: index + 1,
    }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, index: 2 });
  });

  it("should detect reordered entries", async () => {
    const { entries } = await chainOf(5);
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
    expect(verifyChain(swapped)).toEqual({ ok: false, problem: "seq-gap", index: 1 });
  });

  it("should detect entries cut out of the middle", async () => {
    const { entries } = await chainOf(6);
    expect(verifyChain([entries[0]!, entries[4]!, entries[5]!])).toEqual({ ok: false, problem: "seq-gap", index: 1 });
  });

  it("should detect entries cut off the end once a later head was anchored", async () => {
    const { entries } = await chainOf(5);
    const anchors = [{ seq: 5, hash: entries[4]!.hash }];
    expect(verifyChain(entries.slice(0, 3), { anchors })).toEqual({ ok: false, problem: "anchor-missing", index: 3 });
  });

  it("should report an entry that is not an entry", async () => {
    const { entries } = await chainOf(2);
    expect(verifyChain([entries[0], { ...entries[1], extra: 1 }])).toEqual({
      ok: false,
      problem: "malformed",
      index: 1,
    });
  });
});

describe("# tampering on disk", () => {
  it("should refuse to open, and report, a chain whose file was rewritten with valid frames", async () => {
    const { dir, entries } = await chainOf(4);
    const edited = entries.map((entry, index) => (index === 1 ? { ...entry, action: "job.receipt" } : entry));
    await writeEntries(dir, edited);
    expect(await verifyAuditLog(dir)).toMatchObject({ ok: false, problem: "hash-mismatch", index: 1 });
    await expect(AuditLog.open({ dir })).rejects.toBeInstanceOf(AuditChainBrokenError);
  });

  it("should open a chain rewritten consistently, which only an anchor can catch", async () => {
    const { dir, entries } = await chainOf(4);
    await writeEntries(
      dir,
      rehash(
        entries.map((entry) => ({ ...entry, time: entry.time + 1 })),
        0,
      ),
    );
    const log = await AuditLog.open({ dir });
    await log.close();
    expect(await verifyAuditLog(dir, { anchors: [{ seq: 2, hash: entries[1]!.hash }] })).toMatchObject({
      ok: false,
      problem: "anchor-mismatch",
    });
  });
});
