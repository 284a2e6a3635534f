/**
 * The portable form of a signed identity proof: what the worker's `identity-proof` command prints
 * and what an operator pastes into the app's register and rotate forms. Parsing is the trust
 * boundary: unknown fields, out-of-range values and oversized text are refused before anything
 * is hashed. It does not check the signature: verifyIdentityProof does.
 */
import { z } from "zod";
import { IdentityProofError } from "./errors.ts";
import type { SignedIdentityProof } from "./identity-proof.ts";
import { addressField, hexBytes, uintString } from "./json-fields.ts";

/** A proof is about 450 characters; anything much longer is not one. */
export const MAX_IDENTITY_PROOF_JSON_LENGTH = 2_048;

export const identityProofJsonSchema = z.strictObject({
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  agentRegistry: addressField,
  identity: addressField,
  operator: addressField,
  agentId: uintString(256),
  nonce: uintString(256),
  deadline: uintString(64),
  signature: hexBytes(65),
});

/** A signed identity proof as plain JSON values. */
export type IdentityProofJson = z.input<typeof identityProofJsonSchema>;

export function identityProofToJson(proof: SignedIdentityProof): IdentityProofJson {
  return {
    chainId: proof.chainId,
    agentRegistry: proof.agentRegistry,
    identity: proof.identity,
    operator: proof.operator,
    agentId: proof.agentId.toString(),
    nonce: proof.nonce.toString(),
    deadline: proof.deadline.toString(),
    signature: proof.signature.toLowerCase(),
  };
}

/** Validate an untrusted, already JSON-decoded value, or throw IdentityProofError("malformed"). */
export function identityProofFromJson(value: unknown): SignedIdentityProof {
  const result = identityProofJsonSchema.safeParse(value);
  if (!result.success) {
    throw new IdentityProofError("malformed", `Not an identity proof: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

export function serializeIdentityProof(proof: SignedIdentityProof): string {
  return JSON.stringify(identityProofToJson(proof));
}

/** Parse the text of a proof (a pasted one, a file), or throw IdentityProofError("malformed"). */
export function parseIdentityProof(text: string): SignedIdentityProof {
  if (typeof text !== "string") throw new IdentityProofError("malformed", "An identity proof is JSON text");
  if (text.length > MAX_IDENTITY_PROOF_JSON_LENGTH) {
    throw new IdentityProofError(
      "malformed",
      `The text is ${text.length} characters, more than an identity proof's ${MAX_IDENTITY_PROOF_JSON_LENGTH}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IdentityProofError("malformed", "An identity proof is JSON, and this text is not", { cause: error });
  }
  return identityProofFromJson(value);
}
