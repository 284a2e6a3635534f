/**
 * The job certificate as the worker publishes it for the data owner: the EIP-712 fields and the
 * identity's signature. The owner checks it with `verifyJobCertificate` (signer is an identity of
 * the job's agent, for this job, not expired) before sealing the content key to `sealingKey`.
 */
import { hashCertificate, type JobKeyCertificate, type ReceiptDomain } from "@leasehold/sdk";
import { getAddress, isAddress, recoverAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { InvalidJobCertificateError } from "../errors.ts";

export type PublishedCertificate = { certificate: JobKeyCertificate; signature: Hex };

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`));
const uint = z.string().regex(/^(0|[1-9][0-9]{0,77})$/);
const schema = z.strictObject({
  jobId: uint,
  agentId: uint,
  ephemeralKey: z.string().refine((value) => isAddress(value, { strict: false })),
  sealingKey: hex(32),
  notAfter: uint,
  signature: hex(65),
});

export function serializeJobCertificate({ certificate, signature }: PublishedCertificate): string {
  return JSON.stringify({
    jobId: certificate.jobId.toString(),
    agentId: certificate.agentId.toString(),
    ephemeralKey: certificate.ephemeralKey,
    sealingKey: certificate.sealingKey,
    notAfter: certificate.notAfter.toString(),
    signature,
  });
}

export function parseJobCertificate(text: string): PublishedCertificate {
  let parsed: z.infer<typeof schema>;
  try {
    parsed = schema.parse(JSON.parse(text));
  } catch (cause) {
    throw new InvalidJobCertificateError("Malformed job certificate", { cause });
  }
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

export type VerifyJobCertificateParameters = {
  published: PublishedCertificate;
  domain: ReceiptDomain;
  jobId: bigint;
  agentId: bigint;
  /** Whether `address` is an identity of the agent (the chain's agentOfIdentity). */
  isAgentIdentity: (agentId: bigint, address: Address) => Promise<boolean>;
};

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
  const signer = await recoverAddress({ hash: hashCertificate({ certificate, domain }), signature });
  if (!(await isAgentIdentity(agentId, signer))) {
    throw new InvalidJobCertificateError("Certificate is not signed by an identity of the agent");
  }
}
