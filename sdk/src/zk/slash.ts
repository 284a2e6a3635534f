/**
 * From a double signal to a slash. Endorsements stores both shares of a nullifier that signalled
 * two messages in one scope (DoubleSignalled, `sharesOf`); they are two points on the identity's
 * line, so anyone recovers its secret and commitment, then slashes through the group's
 * commit-reveal: `commitSlash(slashCommitmentOf(…))`, and `slash(secret, salt, siblings)` from the
 * same account at least one block later.
 */
import { encodeAbiParameters, isAddress, isHex, keccak256, type Address, type Hex } from "viem";
import { InvalidStakeProofInputError } from "./errors.ts";
import { identityCommitment, requireIdentitySecret } from "./identity.ts";
import { recoverSecret } from "./shares.ts";
import type { RlnShare, StakeIdentity } from "./types.ts";

/**
 * The identity behind two shares of one nullifier (IEndorsements.Share, or DoubleSignalled's
 * x1, y1, x2, y2). The caller checks the shares came from one nullifier; the shares alone cannot.
 */
export function recoverStakeSecret(first: RlnShare, second: RlnShare): StakeIdentity {
  const secret = recoverSecret(first, second);
  return { secret, commitment: identityCommitment(requireIdentitySecret(secret)) };
}

export interface SlashCommitmentParameters {
  chainId: number | bigint;
  /** The AnonymousStakeGroup contract. */
  group: Address;
  /** The account that will send both commitSlash and slash: it gets the reward. */
  slasher: Address;
  secret: bigint;
  /** 32 random bytes, kept until the reveal. */
  salt: Hex;
}

/** keccak256(abi.encode(chainid, group, slasher, secret, salt)), as AnonymousStakeGroup.slashCommitment. */
export function slashCommitmentOf({ chainId, group, slasher, secret, salt }: SlashCommitmentParameters): Hex {
  if (!isAddress(group, { strict: false })) throw new InvalidStakeProofInputError(`Not an address: ${String(group)}`);
  if (!isAddress(slasher, { strict: false }))
    throw new InvalidStakeProofInputError(`Not an address: ${String(slasher)}`);
  if (!isHex(salt) || salt.length !== 66) throw new InvalidStakeProofInputError("salt must be 32 bytes of hex");
  requireIdentitySecret(secret);
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "address" }, { type: "address" }, { type: "uint256" }, { type: "bytes32" }],
      [BigInt(chainId), group, slasher, secret, salt],
    ),
  );
}
