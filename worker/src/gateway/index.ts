export * from "./types.ts";
export * from "./limits.ts";
export * from "./create-gateway.ts";
export * from "./receipt-lookup.ts";
export * from "./readiness.ts";
