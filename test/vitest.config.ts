/**
 * Cross-part tests (test/): real chains, the indexer, the app and a browser, started as child
 * processes. They are slow by nature, so timeouts are generous and files run one at a time
 * (two cores: parallel builds and browsers would only fight each other).
 *
 *   npx vitest run --config test/vitest.config.ts
 */
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, ".."),
    include: ["test/**/*.test.ts"],
    // Building the app (once) and starting chain, indexer and app happen in beforeAll.
    hookTimeout: 600_000,
    testTimeout: 180_000,
    fileParallelism: false,
    pool: "forks",
  },
});
