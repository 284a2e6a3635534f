/**
 * Rate-limiting shares (RLN with one message per scope). For an identity and a scope the circuit
 * fixes a line y = secret + a1 * x with slope a1 = Poseidon(secret, scope), reveals one point of
 * it, (x = message, y), and the nullifier Poseidon(a1), which is the same for every proof of that
 * identity in that scope and differs across scopes.
 *
 * One proof per scope reveals nothing: a1 is unknown, so y is a one-time pad on the secret. Two
 * proofs in one scope with different messages are two points on the same line, and anyone can
 * solve for the secret, then slash the stake behind Poseidon(secret). Two proofs with the same
 * message are the same point, i.e. a replay: reject the second by its nullifier, it leaks nothing.
 * A message of 0 would reveal y = secret at once, so the library refuses to prove one.
 */
import { poseidon1, poseidon2 } from "poseidon-lite";
import { ShareRecoveryError } from "./errors.ts";
import { fieldAdd, fieldInverse, fieldMul, fieldSub, requireField } from "./field.ts";
import { requireIdentitySecret } from "./identity.ts";
import type { Field, IdentitySecret, RlnShare } from "./types.ts";

export interface RlnShareParameters {
  secret: IdentitySecret;
  scope: Field;
  message: Field;
}

export interface RlnShareReturnType {
  share: RlnShare;
  nullifier: Field;
}

/** The share and nullifier the circuit outputs for these inputs. */
export function rlnShare({ secret, scope, message }: RlnShareParameters): RlnShareReturnType {
  requireIdentitySecret(secret);
  requireField(scope, "scope");
  requireField(message, "message");
  const a1 = poseidon2([secret, scope]);
  return { share: { x: message, y: fieldAdd(secret, fieldMul(a1, message)) }, nullifier: poseidon1([a1]) };
}

/** The nullifier of an identity in a scope, without a message. */
export function scopeNullifier(secret: IdentitySecret, scope: Field): Field {
  requireIdentitySecret(secret);
  return poseidon1([poseidon2([secret, requireField(scope, "scope")])]);
}

/**
 * The secret behind two shares of the same line (same identity, same scope, i.e. equal
 * nullifiers: the caller checks that, the shares alone cannot). Compare Poseidon(result) with
 * the identity commitments to find whose stake to slash.
 */
export function recoverSecret(first: RlnShare, second: RlnShare): IdentitySecret {
  for (const [name, value] of Object.entries({ x1: first.x, y1: first.y, x2: second.x, y2: second.y })) {
    requireField(value, name);
  }
  if (first.x === second.x) {
    throw new ShareRecoveryError(
      first.y === second.y
        ? "Both shares are the same point: a replay, not a double signal"
        : "Shares with the same x but different y are not on one line",
    );
  }
  const slope = fieldMul(fieldSub(first.y, second.y), fieldInverse(fieldSub(first.x, second.x)));
  return fieldSub(first.y, fieldMul(slope, first.x));
}
