export * from "./identity-proof-command.ts";
