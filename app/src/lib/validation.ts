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
