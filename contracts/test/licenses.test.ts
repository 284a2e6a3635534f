import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * SPDX license identifiers a Solidity file of the project may carry, each with the reason it is
 * allowed. Leasehold is MIT (package.json); anything else needs a line here saying why.
 */
const ALLOWED: Record<string, string> = {
  MIT: "Leasehold's own license",
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Not the project's sources: dependencies, git, and what tools build or cache (gitignored). */
const SKIPPED_DIRECTORIES = new Set([
  ".git",
  "node_modules",
  "contracts/artifacts",
  "contracts/cache",
  // The circuits bench writes Semaphore's snarkjs-generated verifier here.
  "circuits/.cache",
  "circuits/.build",
  "app/.next",
  "indexer/.ponder",
  ".devnet",
  "coverage",
  "test-results",
]);

async function solidityFiles(directory = repoRoot): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const relative = path.relative(repoRoot, path.join(directory, entry.name));
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(relative) || entry.name === "node_modules") continue;
      files.push(...(await solidityFiles(path.join(directory, entry.name))));
    } else if (entry.isFile() && entry.name.endsWith(".sol")) {
      files.push(relative);
    }
  }
  return files.sort();
}

/** The expression of the first `// SPDX-License-Identifier:` line, or undefined. */
function spdxIdentifier(source: string): string | undefined {
  return /^\/\/\s*SPDX-License-Identifier:\s*(.+?)\s*$/m.exec(source)?.[1];
}

describe("licenses", () => {
  describe("# SPDX identifiers", () => {
    it("should give every Solidity file of the project an allowed SPDX license identifier", async () => {
      const files = await solidityFiles();
      assert.ok(files.includes(path.join("contracts", "src", "zk", "StakeMembershipVerifier.sol")));
      assert.ok(files.some((file) => file.startsWith(path.join("contracts", "test") + path.sep)));
      const offenders: string[] = [];
      for (const file of files) {
        const identifier = spdxIdentifier(await readFile(path.join(repoRoot, file), "utf8"));
        if (identifier === undefined || !Object.hasOwn(ALLOWED, identifier)) {
          offenders.push(`${file}: ${identifier ?? "no SPDX-License-Identifier"}`);
        }
      }
      assert.deepEqual(
        offenders,
        [],
        `Solidity files without an allowed license (${Object.keys(ALLOWED).join(", ")}):\n  ${offenders.join("\n  ")}`,
      );
    });

    it("should read the identifier of the first SPDX line only", () => {
      assert.equal(spdxIdentifier("// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\n"), "MIT");
      assert.equal(spdxIdentifier("// SPDX-License-Identifier: GPL-3.0\n// SPDX-License-Identifier: MIT\n"), "GPL-3.0");
      assert.equal(spdxIdentifier("/* no identifier */\ncontract C {}\n"), undefined);
    });
  });
});
