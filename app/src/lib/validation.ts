/** Client-side checks with messages a person can act on; the contracts still have the last word. */
import { isAddress, isHex, parseUnits, zeroAddress, zeroHash, type Address, type Hex } from "viem";

export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

export interface AmountLimit {
  max: bigint;
  /** Says what the limit is, e.g. "your token balance (1,000 dLEASE)". */
  describe: string;
}

export function parseAmount(input: string, decimals: number, limit?: AmountLimit): Validated<bigint> {
  const text = input.trim().replace(/,/g, "");
  if (text === "") return { ok: false, message: "Enter an amount." };
  if (!/^\d*\.?\d*$/.test(text) || text === ".") return { ok: false, message: "Enter a number, like 150 or 12.5." };
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > decimals) return { ok: false, message: `At most ${decimals} decimal places.` };
  const value = parseUnits(text, decimals);
  if (value <= 0n) return { ok: false, message: "The amount must be more than zero." };
  if (limit && value > limit.max) return { ok: false, message: `That is more than ${limit.describe}.` };
  return { ok: true, value };
}

export function parseIdentity(input: string): Validated<Address> {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter the agent's identity address, or generate a new key." };
  if (!isAddress(text, { strict: false })) {
    return { ok: false, message: "An identity is an address: 0x followed by 40 hexadecimal characters." };
  }
  if (text.toLowerCase() === zeroAddress) return { ok: false, message: "The identity cannot be the zero address." };
  return { ok: true, value: text as Address };
}

export function parseCodeHash(input: string): Validated<Hex> {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter the code hash, or hash the agent's code below." };
  if (!isHex(text, { strict: true }) || text.length !== 66) {
    return { ok: false, message: "A code hash is 0x followed by 64 hexadecimal characters (32 bytes)." };
  }
  if (text.toLowerCase() === zeroHash) return { ok: false, message: "The code hash cannot be zero." };
  return { ok: true, value: text.toLowerCase() as Hex };
}

export function parseMetadataUri(input: string, maxBytes: bigint | undefined): Validated<string> {
  const text = input.trim();
  const bytes = new TextEncoder().encode(text).length;
  if (maxBytes !== undefined && BigInt(bytes) > maxBytes) {
    return { ok: false, message: `The metadata URI is ${bytes} bytes long; at most ${maxBytes} are allowed.` };
  }
  if (text !== "" && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(text)) {
    return { ok: false, message: "Enter a URI such as ipfs://… or https://…, or leave it empty." };
  }
  return { ok: true, value: text };
}

export type DurationUnit = "minutes" | "hours" | "days";
export const durationUnitSeconds: Record<DurationUnit, number> = { minutes: 60, hours: 3_600, days: 86_400 };

/** "1 day", "90 minutes": a whole number of seconds in the largest unit that divides it. */
export function describeSeconds(seconds: number): string {
  const plural = (n: number, unit: string) => `${n.toLocaleString("en-US")} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, "day");
  if (seconds % 3_600 === 0) return plural(seconds / 3_600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

/**
 * A duration typed as a number of minutes, hours or days, in whole seconds. `max` is the longest
 * allowed (e.g. the registry's maxTtl), `what` names the thing that lasts ("The lease").
 */
export function parseDuration(
  input: string,
  unit: DurationUnit,
  options: { what: string; max?: { seconds: number; why: string } },
): Validated<number> {
  const text = input.trim();
  if (text === "") return { ok: false, message: `Say how long ${options.what.toLowerCase()} should last.` };
  if (!/^\d*\.?\d*$/.test(text) || text === ".") return { ok: false, message: "Enter a number, like 12 or 1.5." };
  const seconds = Math.round(Number(text) * durationUnitSeconds[unit]);
  if (!Number.isFinite(seconds) || seconds < 60) {
    return { ok: false, message: `${options.what} must last at least a minute.` };
  }
  if (options.max && seconds > options.max.seconds) {
    return {
      ok: false,
      message: `${options.what} may last at most ${describeSeconds(options.max.seconds)} (${options.max.why}); ${describeSeconds(seconds)} is too long.`,
    };
  }
  return { ok: true, value: seconds };
}

/** A whole number from 1 to `max` (fuel budgets and the like). */
export function parseWholeNumber(input: string, what: string, max: bigint): Validated<bigint> {
  const text = input.trim().replace(/[,_\s]/g, "");
  if (text === "") return { ok: false, message: `Enter ${what}.` };
  if (!/^\d+$/.test(text)) return { ok: false, message: `${capitalize(what)} is a whole number, like 50000000.` };
  const value = BigInt(text);
  if (value <= 0n) return { ok: false, message: `${capitalize(what)} must be more than zero.` };
  if (value > max) return { ok: false, message: `${capitalize(what)} can be at most ${max.toLocaleString("en-US")}.` };
  return { ok: true, value };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
