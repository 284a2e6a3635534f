import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    // The crash test spawns and kills child processes; the sandbox tests start worker threads.
    testTimeout: 20_000,
  },
});
