import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    // Compiling a circuit (a few seconds on two shared cores) happens in beforeAll hooks.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
