export * from "./generated/abis.ts";
export * from "./deployment.ts";
export * from "./errors.ts";
export * from "./chains.ts";
export * from "./dev-accounts.ts";
export * from "./receipts/index.ts";
export * from "./capabilities/index.ts";
export * from "./sealing/index.ts";
