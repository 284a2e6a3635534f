export * from "./types.ts";
export * from "./errors.ts";
export * from "./typed-data.ts";
export * from "./signature.ts";
export * from "./sign-receipt.ts";
export * from "./verify-signed-receipt.ts";
export * from "./signed-receipt-json.ts";
export * from "./merkle.ts";
