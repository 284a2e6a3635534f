export * from "./generated/abis.ts";
export * from "./deployment.ts";
export * from "./errors.ts";
export * from "./chains.ts";
export * from "./dev-accounts.ts";
