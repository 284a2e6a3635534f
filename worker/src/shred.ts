/*
 * shred(): zero the bytes that held keys and plaintext once a job is done with them.
 *
 * What it can and cannot do in JavaScript:
 * - Bytes (Uint8Array, Buffer, any ArrayBuffer view, WebAssembly memory) can be overwritten in
 *   place, so keys and plaintext are kept as bytes from the moment they are decrypted.
 * - Strings are immutable and interned at the engine's will: a plaintext that became a string
 *   cannot be erased, only dropped and left to the garbage collector. The sandbox's
 *   readContext() API is the one place where that is unavoidable (QuickJS works on strings); it
 *   happens in a thread whose whole heap is torn down after the job (sandbox/sandbox.ts).
 * - A view is zeroed, not the rest of its buffer: a small Buffer may share a pooled slab with
 *   unrelated data, which must not be destroyed. Allocate secrets with Buffer.alloc or
 *   new Uint8Array (never Buffer.allocUnsafe or Buffer.from(string)) so they own their memory.
 * - Copies made by the engine (a resized buffer's old store, a message serialized between
 *   threads, a string the garbage collector moved) are out of reach. The sandbox transfers
 *   buffers between threads instead of copying them for that reason.
 * - Nothing here stops the operating system from paging memory to disk; disable swap or encrypt
 *   it on worker hosts.
 */

import type { Shreddable } from "./types.ts";
import type { WasmMemory } from "./webassembly.d.ts";

const PAGE_BYTES = 65_536;
const zeroPage = new Uint8Array(PAGE_BYTES);

/** Overwrites every byte of each buffer or view with zero. Detached buffers and nullish values are skipped. */
export function shred(...buffers: Shreddable[]): void {
  for (const buffer of buffers) {
    // A transferred (detached) buffer has no bytes left here, and cannot even be viewed.
    if (buffer == null || buffer.byteLength === 0) continue;
    bytesOf(buffer).fill(0);
  }
}

/** Whether every byte is zero (for tests and for checks before a buffer is released). */
export function isShredded(buffer: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): boolean {
  if (buffer.byteLength === 0) return true;
  const bytes = bytesOf(buffer);
  for (let offset = 0; offset < bytes.length; offset += PAGE_BYTES) {
    const page = bytes.subarray(offset, offset + PAGE_BYTES);
    if (!Buffer.from(page.buffer, page.byteOffset, page.length).equals(zeroPage.subarray(0, page.length))) return false;
  }
  return true;
}

function bytesOf(buffer: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): Uint8Array {
  return ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer);
}

/**
 * Zeroes a WebAssembly memory page by page, writing only pages that are not already zero: most
 * of a fresh instance's 16 MiB was never touched, and writing it would fault every page in.
 * Returns how many pages were written.
 */
export function shredMemory(memory: WasmMemory): number {
  const bytes = new Uint8Array(memory.buffer);
  let written = 0;
  for (let offset = 0; offset < bytes.length; offset += PAGE_BYTES) {
    const page = bytes.subarray(offset, offset + PAGE_BYTES);
    if (!isShredded(page)) {
      page.fill(0);
      written += 1;
    }
  }
  return written;
}

/**
 * Collects the buffers a job creates so one call zeroes them all, whatever path the job took:
 * `const bin = new ShredBin(); const key = bin.track(newKey()); try { ... } finally { bin.shred(); }`.
 */
export class ShredBin {
  readonly #buffers = new Set<Exclude<Shreddable, null | undefined>>();

  track<T extends Exclude<Shreddable, null | undefined>>(buffer: T): T {
    this.#buffers.add(buffer);
    return buffer;
  }

  get size(): number {
    return this.#buffers.size;
  }

  /** Zeroes and forgets everything tracked; safe to call more than once. */
  shred(): void {
    shred(...this.#buffers);
    this.#buffers.clear();
  }
}
