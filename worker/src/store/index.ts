export * from "./content-store.ts";
