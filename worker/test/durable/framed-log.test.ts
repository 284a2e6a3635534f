import { appendFile, readdir, readFile, stat, truncate, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FramedLog, readFramedLog } from "../../src/durable/index.ts";
import { DataDirLockedError, LogCorruptError, LogUnavailableError } from "../../src/errors.ts";
import { useTempDirs } from "../fixtures/temp-dir.ts";

const MAGIC = "TESTLOG1";
const tempDir = useTempDirs();
const record = (text: string) => new TextEncoder().encode(text);
const texts = (records: Uint8Array[]) => records.map((payload) => new TextDecoder().decode(payload));

async function logWith(items: string[]): Promise<string> {
  const file = path.join(await tempDir(), "data", "test.log");
  const { log } = await FramedLog.open({ file, magic: MAGIC });
  for (const item of items) await log.append(record(item));
  await log.close();
  return file;
}

describe("# FramedLog", () => {
  it("should read back every appended record, in order, after a reopen", async () => {
    const file = await logWith(["one", "two", "three"]);
    const { log, records, recovery } = await FramedLog.open({ file, magic: MAGIC });
    expect(texts(records)).toEqual(["one", "two", "three"]);
    expect(recovery).toEqual({ records: 3, truncatedBytes: 0 });
    await log.append(record("four"));
    await log.close();
    expect(texts(await readFramedLog({ file, magic: MAGIC }))).toEqual(["one", "two", "three", "four"]);
  });

  it("should keep concurrent appends whole and in call order", async () => {
    const file = path.join(await tempDir(), "test.log");
    const { log } = await FramedLog.open({ file, magic: MAGIC });
    await Promise.all(Array.from({ length: 50 }, (_, index) => log.append(record(`r${index}`))));
    await log.close();
    expect(texts(await readFramedLog({ file, magic: MAGIC }))).toEqual(
      Array.from({ length: 50 }, (_, index) => `r${index}`),
    );
  });

  it("should cut a torn last record at every possible tear, keep the bytes aside, and go on appending", async () => {
    const file = await logWith(["first", "second", "the last one"]);
    const full = (await stat(file)).size;
    const lastFrame = 8 + "the last one".length;
    for (let keep = 1; keep < lastFrame; keep += 1) {
      await truncate(file, full - lastFrame + keep);
      const { log, records, recovery } = await FramedLog.open({ file, magic: MAGIC });
      expect(texts(records)).toEqual(["first", "second"]);
      expect(recovery.truncatedBytes).toBe(keep);
      await log.append(record("the last one"));
      await log.close();
    }
    const kept = (await readdir(path.dirname(file))).filter((name) => name.includes(".torn-"));
    expect(kept).toEqual([`test.log.torn-${full - lastFrame}`]);
  });

  it("should cut a tail of zeros, as a filesystem may leave after a crash", async () => {
    const file = await logWith(["a", "b"]);
    await appendFile(file, new Uint8Array(100));
    const { log, records, recovery } = await FramedLog.open({ file, magic: MAGIC });
    await log.close();
    expect(texts(records)).toEqual(["a", "b"]);
    expect(recovery.truncatedBytes).toBe(100);
  });

  it("should refuse to open a log damaged before its last record, and cut nothing", async () => {
    const file = await logWith(["alpha", "beta", "gamma"]);
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(17) ^ 0xff, 17); // inside "alpha"
    await writeFile(file, bytes);
    await expect(FramedLog.open({ file, magic: MAGIC })).rejects.toBeInstanceOf(LogCorruptError);
    expect((await stat(file)).size).toBe(bytes.length);
    await expect(readFramedLog({ file, magic: MAGIC })).rejects.toBeInstanceOf(LogCorruptError);
  });

  it("should treat a damaged last record like a torn one", async () => {
    const file = await logWith(["alpha", "beta"]);
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(file, bytes);
    const { log, records } = await FramedLog.open({ file, magic: MAGIC });
    await log.close();
    expect(texts(records)).toEqual(["alpha"]);
  });

  it("should refuse a file of another kind", async () => {
    const file = await logWith(["x"]);
    await expect(FramedLog.open({ file, magic: "OTHERLOG" })).rejects.toBeInstanceOf(LogCorruptError);
  });

  it("should let one writer at a time hold a log, and take over the lock of a dead one", async () => {
    const file = path.join(await tempDir(), "test.log");
    const { log } = await FramedLog.open({ file, magic: MAGIC });
    const error = await FramedLog.open({ file, magic: MAGIC }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).retryable).toBe(true);
    await log.close();

    await writeFile(`${file}.lock`, "2147483646\n"); // no such process
    const reopened = await FramedLog.open({ file, magic: MAGIC });
    await reopened.log.close();
  });

  it("should wait for a lock whose owner has not written its pid yet, and take one left empty", async () => {
    const file = path.join(await tempDir(), "test.log");
    await writeFile(`${file}.lock`, "");
    await expect(FramedLog.open({ file, magic: MAGIC })).rejects.toBeInstanceOf(DataDirLockedError);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, minuteAgo, minuteAgo);
    const { log } = await FramedLog.open({ file, magic: MAGIC });
    await log.close();
  });

  it("should refuse appends after close", async () => {
    const file = path.join(await tempDir(), "test.log");
    const { log } = await FramedLog.open({ file, magic: MAGIC });
    await log.close();
    await expect(log.append(record("late"))).rejects.toBeInstanceOf(LogUnavailableError);
  });
});
