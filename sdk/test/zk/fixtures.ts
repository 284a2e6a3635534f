import { keccak_256 } from "@noble/hashes/sha3.js";
import type { RandomBytes } from "../../src/zk/index.ts";

/** A reproducible byte stream: keccak256(seed || counter) blocks. */
export function seededRandomBytes(seed: string): RandomBytes {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 32) {
      const block = keccak_256(new TextEncoder().encode(`${seed}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    }
    return out;
  };
}
