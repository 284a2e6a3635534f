export * from "./chain-client.ts";
export * from "./errors.ts";
