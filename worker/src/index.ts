export * from "./audit/index.ts";
export * from "./bundles/index.ts";
export * from "./durable/index.ts";
export * from "./errors.ts";
export * from "./journal/index.ts";
export * from "./sandbox/index.ts";
export { isShredded, shred, ShredBin, shredMemory } from "./shred.ts";
export type * from "./types.ts";
