/**
 * A Groth16 verification key over BN254 as snarkjs writes it (`zkey export verificationkey`:
 * points in Jacobian form with z = 1, G2 coordinates as [real, imaginary]), parsed into affine
 * bigints and checked, so the Solidity verifier generator only ever embeds points on the curve.
 *
 * G1 has cofactor 1, so on the curve means in the group. For G2 only the twist equation is
 * checked here; the subgroup is checked by ecPairing itself, which rejects beta, gamma or delta
 * outside it on every call, so a bad key could never accept a proof (and the real-proof tests
 * would fail).
 */
import { InvalidVerificationKeyError } from "../../src/errors.ts";

/** BN254's base field order q: every coordinate is below it. */
export const BN254_BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** An element c0 + c1·u of Fq2 = Fq[u] / (u² + 1). */
export interface Fq2 {
  re: bigint;
  im: bigint;
}

export interface G1Point {
  x: bigint;
  y: bigint;
}

export interface G2Point {
  x: Fq2;
  y: Fq2;
}

export interface Groth16VerificationKey {
  alpha: G1Point;
  beta: G2Point;
  gamma: G2Point;
  delta: G2Point;
  /** IC_0 and one point per public signal, in the circuit's order. */
  ic: G1Point[];
}

const q = BN254_BASE_FIELD;
const mod = (a: bigint) => ((a % q) + q) % q;

function inverse(a: bigint): bigint {
  let result = 1n;
  let base = mod(a);
  for (let exponent = q - 2n; exponent > 0n; exponent >>= 1n) {
    if (exponent & 1n) result = (result * base) % q;
    base = (base * base) % q;
  }
  return result;
}

const fq2 = {
  add: (a: Fq2, b: Fq2): Fq2 => ({ re: mod(a.re + b.re), im: mod(a.im + b.im) }),
  mul: (a: Fq2, b: Fq2): Fq2 => ({ re: mod(a.re * b.re - a.im * b.im), im: mod(a.re * b.im + a.im * b.re) }),
  equal: (a: Fq2, b: Fq2) => a.re === b.re && a.im === b.im,
};

/** The twist's constant b' = 3 / (9 + u) = 3 · (9 - u) / 82. */
const twistB: Fq2 = { re: mod(27n * inverse(82n)), im: mod(-3n * inverse(82n)) };

/** y² = x³ + 3, or the point at infinity (0, 0) as the precompiles encode it. */
export function isOnG1(point: G1Point): boolean {
  const { x, y } = point;
  if (x === 0n && y === 0n) return true;
  return mod(y * y) === mod(x * x * x + 3n);
}

/** y² = x³ + 3 / (9 + u) over Fq2, or the point at infinity. */
export function isOnTwist(point: G2Point): boolean {
  const { x, y } = point;
  if (x.re === 0n && x.im === 0n && y.re === 0n && y.im === 0n) return true;
  return fq2.equal(fq2.mul(y, y), fq2.add(fq2.mul(fq2.mul(x, x), x), twistB));
}

function coordinate(value: unknown, where: string): bigint {
  if (typeof value !== "string" || !/^(0|[1-9][0-9]*)$/.test(value)) {
    throw new InvalidVerificationKeyError(`${where} is not a decimal string`);
  }
  const parsed = BigInt(value);
  if (parsed >= q) throw new InvalidVerificationKeyError(`${where} is not below the base field order`);
  return parsed;
}

function tuple(value: unknown, length: number, where: string): unknown[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new InvalidVerificationKeyError(`${where} is not a list of ${length}`);
  }
  return value;
}

function g1(value: unknown, where: string): G1Point {
  const [x, y, z] = tuple(value, 3, where);
  if (z !== "1") throw new InvalidVerificationKeyError(`${where} is not affine (z = 1)`);
  const point = { x: coordinate(x, `${where}.x`), y: coordinate(y, `${where}.y`) };
  if (!isOnG1(point)) throw new InvalidVerificationKeyError(`${where} is not on BN254's G1`);
  return point;
}

function g2(value: unknown, where: string): G2Point {
  const element = (pair: unknown, name: string): Fq2 => {
    const [re, im] = tuple(pair, 2, `${where}.${name}`);
    return { re: coordinate(re, `${where}.${name}[0]`), im: coordinate(im, `${where}.${name}[1]`) };
  };
  const [x, y, z] = tuple(value, 3, where);
  const [zRe, zIm] = tuple(z, 2, `${where}.z`);
  if (zRe !== "1" || zIm !== "0") throw new InvalidVerificationKeyError(`${where} is not affine (z = 1)`);
  const point = { x: element(x, "x"), y: element(y, "y") };
  if (!isOnTwist(point)) throw new InvalidVerificationKeyError(`${where} is not on BN254's twist`);
  return point;
}

const knownFields = new Set([
  "protocol",
  "curve",
  "nPublic",
  "vk_alpha_1",
  "vk_beta_2",
  "vk_gamma_2",
  "vk_delta_2",
  "vk_alphabeta_12",
  "IC",
]);

/**
 * Parses snarkjs's verification key JSON (already JSON.parse'd). Rejects another protocol or
 * curve, unknown fields, coordinates out of range, points off the curve, and an IC list that does
 * not hold one point per public signal plus one. `vk_alphabeta_12` (e(alpha, beta), which
 * snarkjs precomputes for its own verifier) is not used: the pairing check recomputes it.
 */
export function parseVerificationKey(json: unknown): Groth16VerificationKey {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InvalidVerificationKeyError("The verification key is not a JSON object");
  }
  const key = json as Record<string, unknown>;
  const unknown = Object.keys(key).filter((field) => !knownFields.has(field));
  if (unknown.length) throw new InvalidVerificationKeyError(`Unknown verification key fields: ${unknown.join(", ")}`);
  if (key.protocol !== "groth16") throw new InvalidVerificationKeyError(`Not a Groth16 key: ${String(key.protocol)}`);
  if (key.curve !== "bn128") throw new InvalidVerificationKeyError(`Not a BN254 (bn128) key: ${String(key.curve)}`);
  const publicSignals = key.nPublic;
  if (typeof publicSignals !== "number" || !Number.isSafeInteger(publicSignals) || publicSignals < 1) {
    throw new InvalidVerificationKeyError(`nPublic is not a positive integer: ${String(publicSignals)}`);
  }
  const ic = tuple(key.IC, publicSignals + 1, "IC").map((point, index) => g1(point, `IC[${index}]`));
  return {
    alpha: g1(key.vk_alpha_1, "vk_alpha_1"),
    beta: g2(key.vk_beta_2, "vk_beta_2"),
    gamma: g2(key.vk_gamma_2, "vk_gamma_2"),
    delta: g2(key.vk_delta_2, "vk_delta_2"),
    ic,
  };
}
