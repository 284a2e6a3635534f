export * from "./types.ts";
export * from "./errors.ts";
export { wipe } from "./bytes.ts";
export * from "./context-envelope.ts";
export * from "./sealed-key.ts";
export * from "./job-output.ts";
