export * from "./batch-tree.ts";
export * from "./anchor-batch.ts";
