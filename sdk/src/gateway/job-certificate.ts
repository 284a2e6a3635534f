/**
 * The job certificate as the worker publishes it for the data owner (GET
 * /v1/jobs/:jobId/certificate): the EIP-712 fields of docs/RECEIPTS.md's JobKeyCertificate and the
 * identity's signature, uint fields as decimal strings. The owner checks it with
 * `verifyJobCertificate` (for this job and agent, signed by an identity of the agent) before
 * sealing the content key to `sealingKey`. Browser-safe: no Node modules.
 */
import { getAddress, isAddress, recoverAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { isCanonicalSignature } from "../receipts/signature.ts";
import { hashCertificate } from "../receipts/typed-data.ts";
import type { JobKeyCertificate, ReceiptDomain } from "../receipts/types.ts";
import { InvalidJobCertificateError } from "./errors.ts";

export type PublishedCertificate = { certificate: JobKeyCertificate; signature: Hex };

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`));
const uint = z.string().regex(/^(0|[1-9][0-9]{0,77})$/);

/** The certificate's JSON form, strict: unknown fields are refused. */
export const jobCertificateJsonSchema = z.strictObject({
  jobId: uint,
  agentId: uint,
  ephemeralKey: z.string().refine((value) => isAddress(value, { strict: false })),
  sealingKey: hex(32),
  notAfter: uint,
  signature: hex(65),
});
export type JobCertificateJson = z.infer<typeof jobCertificateJsonSchema>;

export function jobCertificateToJson({ certificate, signature }: PublishedCertificate): JobCertificateJson {
  return {
    jobId: certificate.jobId.toString(),
    agentId: certificate.agentId.toString(),
    ephemeralKey: certificate.ephemeralKey,
    sealingKey: certificate.sealingKey,
    notAfter: certificate.notAfter.toString(),
    signature,
  };
}

/** Validates an already JSON-decoded certificate, or throws InvalidJobCertificateError. */
export function jobCertificateFromJson(value: unknown): PublishedCertificate {
  const result = jobCertificateJsonSchema.safeParse(value);
  if (!result.success) throw new InvalidJobCertificateError("Malformed job certificate", { cause: result.error });
  const parsed = result.data;
  return {
    certificate: {
      jobId: BigInt(parsed.jobId),
      agentId: BigInt(parsed.agentId),
      ephemeralKey: getAddress(parsed.ephemeralKey),
      sealingKey: parsed.sealingKey as Hex,
      notAfter: BigInt(parsed.notAfter),
    },
    signature: parsed.signature as Hex,
  };
}

export function serializeJobCertificate(published: PublishedCertificate): string {
  return JSON.stringify(jobCertificateToJson(published));
}

export function parseJobCertificate(text: string): PublishedCertificate {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InvalidJobCertificateError("Malformed job certificate", { cause });
  }
  return jobCertificateFromJson(value);
}

export type VerifyJobCertificateParameters = {
  published: PublishedCertificate;
  domain: ReceiptDomain;
  jobId: bigint;
  agentId: bigint;
  /** Whether `address` is an identity of the agent (the chain's agentOfIdentity). */
  isAgentIdentity: (agentId: bigint, address: Address) => Promise<boolean>;
};
export type VerifyJobCertificateErrorType = InvalidJobCertificateError;

/** Throws InvalidJobCertificateError unless the certificate is for this job and agent and signed by its identity. */
export async function verifyJobCertificate({
  published: { certificate, signature },
  domain,
  jobId,
  agentId,
  isAgentIdentity,
}: VerifyJobCertificateParameters): Promise<void> {
  if (certificate.jobId !== jobId || certificate.agentId !== agentId) {
    throw new InvalidJobCertificateError("Certificate is for another job or agent");
  }
  // The contracts' ECDSA accepts only canonical signatures; so does the data owner.
  if (!isCanonicalSignature(signature)) throw new InvalidJobCertificateError("Certificate signature is not canonical");
  const signer = await recoverAddress({ hash: hashCertificate({ certificate, domain }), signature });
  if (!(await isAgentIdentity(agentId, signer))) {
    throw new InvalidJobCertificateError("Certificate is not signed by an identity of the agent");
  }
}
