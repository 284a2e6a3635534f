import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    // The integration test starts a chain and Ponder processes; everything else is instant.
    hookTimeout: 120_000,
    testTimeout: 30_000,
  },
});
