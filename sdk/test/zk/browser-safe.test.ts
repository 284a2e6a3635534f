import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const IMPORT = /(?:import|export)[^"']*?from\s+["']([^"']+)["']|import\s+["']([^"']+)["']/g;
const BROWSER_PACKAGES = /^(viem|zod|@noble\/[a-z]+|snarkjs|poseidon-lite|@zk-kit\/imt)(\/|$)/;

/** Every module an entry loads, by following its relative imports. */
async function moduleGraph(entry: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const text = await readFile(file, "utf8");
    seen.set(file, text);
    for (const [, from, bare] of text.matchAll(IMPORT)) {
      const specifier = from ?? bare!;
      if (specifier.startsWith(".")) queue.push(path.resolve(path.dirname(file), specifier));
    }
  }
  return seen;
}

describe("@leasehold/sdk/zk", () => {
  it.each(["index.ts", "prover-worker.ts"])(
    "should load only browser-safe modules from %s: no node: imports, no Buffer or process.",
    async (entry) => {
      const graph = await moduleGraph(path.join(import.meta.dirname, "../../src/zk", entry));
      expect(graph.size).toBeGreaterThan(3);
      for (const [file, text] of graph) {
        const where = path.relative(process.cwd(), file);
        const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
        for (const [, from, bare] of code.matchAll(IMPORT)) {
          const specifier = from ?? bare!;
          if (!specifier.startsWith(".")) expect(specifier, where).toMatch(BROWSER_PACKAGES);
        }
        expect(code, where).not.toMatch(/\bBuffer\b|\bprocess\./);
      }
    },
  );
});
