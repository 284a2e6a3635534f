export * from "./job-certificate.ts";
export * from "./process-job.ts";
