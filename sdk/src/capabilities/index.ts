export * from "./types.ts";
export * from "./errors.ts";
export * from "./caveats.ts";
export * from "./capability-token.ts";
