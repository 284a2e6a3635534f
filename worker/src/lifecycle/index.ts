// The published job certificate moved to the sdk (the browser app reads it); kept here for importers of this module.
export {
  parseJobCertificate,
  serializeJobCertificate,
  verifyJobCertificate,
  type PublishedCertificate,
  type VerifyJobCertificateParameters,
} from "@leasehold/sdk/gateway";
export * from "./process-job.ts";
