/**
 * A staked identity's life outside the chain: created in the browser, backed up as a small JSON
 * document the holder keeps (a file, a password manager), restored on another device. The backup
 * names the chain and the group it was made for, so importing it into the wrong deployment
 * fails loudly instead of producing proofs no contract accepts, and it carries the commitment so
 * a damaged secret is caught on import, not at the first proof.
 *
 *   {"kind":"leasehold-stake-identity","version":1,"chainId":31337,"group":"0x…",
 *    "commitment":"0x…","secret":"0x…"}
 *
 * The secret is the identity: whoever reads the backup can signal for it, withdraw it and slash
 * it. Keep it like a private key.
 */
import { getAddress, isAddress, numberToHex, type Address, type Hex } from "viem";
import { z } from "zod";
import { InvalidStakeIdentityError } from "./errors.ts";
import { isField } from "./field.ts";
import { generateIdentitySecret, identityCommitment, type RandomBytes } from "./identity.ts";
import type { StakeIdentity } from "./types.ts";

export const STAKE_IDENTITY_KIND = "leasehold-stake-identity";
export const STAKE_IDENTITY_VERSION = 1;

/** A new identity from the platform's cryptographic RNG (`randomBytes` only for reproducible tests). */
export function createStakeIdentity(randomBytes?: RandomBytes): StakeIdentity {
  const secret = generateIdentitySecret(randomBytes);
  return { secret, commitment: identityCommitment(secret) };
}

export interface StakeIdentityBackupScope {
  chainId: number;
  /** The AnonymousStakeGroup contract the identity deposits into. */
  group: Address;
}

const word = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "not 32 bytes of hex")
  .transform((value) => BigInt(value));

const backupSchema = z.strictObject({
  kind: z.literal(STAKE_IDENTITY_KIND),
  version: z.literal(STAKE_IDENTITY_VERSION),
  chainId: z.number().int().positive(),
  group: z.string().refine((value) => isAddress(value, { strict: false }), "not an address"),
  commitment: word,
  secret: word,
});

/** The backup document (JSON text) of `identity` for one chain and group. */
export function exportStakeIdentity(identity: StakeIdentity, { chainId, group }: StakeIdentityBackupScope): string {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new InvalidStakeIdentityError(`chainId must be a positive integer, got ${String(chainId)}`);
  }
  if (!isAddress(group, { strict: false })) throw new InvalidStakeIdentityError(`Not an address: ${String(group)}`);
  requireIdentity(identity);
  return JSON.stringify({
    kind: STAKE_IDENTITY_KIND,
    version: STAKE_IDENTITY_VERSION,
    chainId,
    group: getAddress(group),
    commitment: wordHex(identity.commitment),
    secret: wordHex(identity.secret),
  });
}

/**
 * Reads a backup. Refuses another kind or version, unknown fields, a chain or group other than
 * the ones given (when given), a secret outside [1, p) and a commitment that is not Poseidon(secret).
 */
export function importStakeIdentity(text: string, expected: Partial<StakeIdentityBackupScope> = {}): StakeIdentity {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidStakeIdentityError("The identity backup is not JSON", { cause: error });
  }
  const parsed = backupSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidStakeIdentityError(`Not a Leasehold stake identity backup: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const backup = parsed.data;
  if (expected.chainId !== undefined && backup.chainId !== expected.chainId) {
    throw new InvalidStakeIdentityError(
      `The identity backup is for chain ${backup.chainId}, not chain ${expected.chainId}`,
    );
  }
  if (expected.group !== undefined && backup.group.toLowerCase() !== expected.group.toLowerCase()) {
    throw new InvalidStakeIdentityError(`The identity backup is for group ${backup.group}, not ${expected.group}`);
  }
  const identity = { secret: backup.secret, commitment: backup.commitment };
  requireIdentity(identity);
  return identity;
}

function requireIdentity({ secret, commitment }: StakeIdentity): void {
  if (typeof secret !== "bigint" || secret === 0n || !isField(secret)) {
    throw new InvalidStakeIdentityError("The identity's secret must be a field element in [1, p)");
  }
  if (commitment !== identityCommitment(secret)) {
    throw new InvalidStakeIdentityError("The identity's commitment is not Poseidon(secret)");
  }
}

const wordHex = (value: bigint): Hex => numberToHex(value, { size: 32 });
