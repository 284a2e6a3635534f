export * from "./receipt-batcher.ts";
export * from "./worker-service.ts";
export * from "./config.ts";
