import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const IMPORT = /(?:import|export)[^"']*?from\s+["']([^"']+)["']/g;
const BROWSER_PACKAGES = /^(viem|zod|@noble\/[a-z]+)(\/|$)/;

/** Every module @leasehold/sdk/gateway loads, by following its relative imports. */
async function moduleGraph(entry: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const text = await readFile(file, "utf8");
    seen.set(file, text);
    for (const [, specifier] of text.matchAll(IMPORT)) {
      if (specifier!.startsWith(".")) queue.push(path.resolve(path.dirname(file), specifier!));
    }
  }
  return seen;
}

describe("@leasehold/sdk/gateway", () => {
  it("should load only browser-safe modules: no node: imports, no Buffer or process, only viem, zod and noble", async () => {
    const graph = await moduleGraph(path.join(import.meta.dirname, "../../src/gateway/index.ts"));
    expect(graph.size).toBeGreaterThan(5);
    for (const [file, text] of graph) {
      const where = path.relative(process.cwd(), file);
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const [, specifier] of code.matchAll(IMPORT)) {
        if (!specifier!.startsWith(".")) expect(specifier, where).toMatch(BROWSER_PACKAGES);
      }
      expect(code, where).not.toMatch(/\bBuffer\b|\bprocess\./);
    }
  });
});
