import { describe, expect, it } from "vitest";
import { isShredded, shred, ShredBin, shredMemory } from "../src/shred.ts";

const filled = (length: number, value = 0xab) => new Uint8Array(length).fill(value);

describe("# shred", () => {
  it("should zero byte arrays, Buffers, other views and whole buffers", () => {
    const bytes = filled(32);
    const buffer = Buffer.from(filled(16));
    const words = new Uint32Array([1, 2, 3]);
    const raw = filled(8).buffer;
    const shared = new SharedArrayBuffer(8);
    new Uint8Array(shared).fill(1);
    const view = new DataView(filled(4).buffer);
    shred(bytes, buffer, words, raw, shared, view, null, undefined);
    for (const item of [bytes, buffer, words, raw, view]) expect(isShredded(item)).toBe(true);
    expect(isShredded(new Uint8Array(shared))).toBe(true);
  });

  it("should zero only a view's own bytes, never the rest of a shared buffer", () => {
    const whole = filled(12);
    shred(whole.subarray(4, 8));
    expect([...whole]).toEqual([0xab, 0xab, 0xab, 0xab, 0, 0, 0, 0, 0xab, 0xab, 0xab, 0xab]);
  });

  it("should skip a buffer already transferred away", () => {
    const bytes = filled(8);
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    expect(() => shred(bytes)).not.toThrow();
    expect(bytes.length).toBe(0);
  });

  it("should zero everything a bin collected, once, whatever path the job took", () => {
    const bin = new ShredBin();
    const key = bin.track(filled(32));
    const plaintext = bin.track(Buffer.from("the decrypted context"));
    try {
      throw new Error("the job failed half-way");
    } catch {
      // the job's own error handling
    } finally {
      bin.shred();
    }
    expect(isShredded(key) && isShredded(plaintext)).toBe(true);
    expect(bin.size).toBe(0);
    bin.shred();
  });

  it("should zero a WebAssembly memory, writing only its dirty pages", () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    const bytes = new Uint8Array(memory.buffer);
    bytes[10] = 1;
    bytes[3 * 65536 + 5] = 2;
    expect(shredMemory(memory)).toBe(2);
    expect(isShredded(memory.buffer)).toBe(true);
    expect(shredMemory(memory)).toBe(0);
  });
});
