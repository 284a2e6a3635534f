export * from "./errors.ts";
export * from "./capability-request.ts";
export * from "./job-certificate.ts";
export * from "./schemas.ts";
export * from "./client.ts";
