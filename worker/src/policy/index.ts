export * from "./policy-engine.ts";
