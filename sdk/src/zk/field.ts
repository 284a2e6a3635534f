import { InvalidStakeProofInputError } from "./errors.ts";
import type { Field } from "./types.ts";

/** Order of BN254's scalar field: every circuit signal and public input lives below it. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export function isField(value: bigint): boolean {
  return value >= 0n && value < SNARK_SCALAR_FIELD;
}

/**
 * Rejects values outside the field. Circom's witness calculator silently reduces inputs modulo the
 * field, so `p + 1` would prove the same statement as `1`; the on-chain verifier rejects such
 * public inputs, and so do we, before anything is computed.
 */
export function requireField(value: bigint, name: string): Field {
  if (typeof value !== "bigint" || !isField(value)) {
    throw new InvalidStakeProofInputError(`${name} must be a field element (0 <= ${name} < p), got ${String(value)}`);
  }
  return value;
}

export function fieldSub(a: Field, b: Field): Field {
  return (((a - b) % SNARK_SCALAR_FIELD) + SNARK_SCALAR_FIELD) % SNARK_SCALAR_FIELD;
}

export function fieldMul(a: Field, b: Field): Field {
  return (a * b) % SNARK_SCALAR_FIELD;
}

export function fieldAdd(a: Field, b: Field): Field {
  return (a + b) % SNARK_SCALAR_FIELD;
}

/** Multiplicative inverse by Fermat (p is prime); 0 has none. */
export function fieldInverse(a: Field): Field {
  if (a % SNARK_SCALAR_FIELD === 0n) throw new InvalidStakeProofInputError("0 has no inverse in the field");
  let result = 1n;
  let base = a % SNARK_SCALAR_FIELD;
  let exponent = SNARK_SCALAR_FIELD - 2n;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % SNARK_SCALAR_FIELD;
    base = (base * base) % SNARK_SCALAR_FIELD;
    exponent >>= 1n;
  }
  return result;
}
