/**
 * The zod fields shared by the receipts module's JSON forms. JSON has no bigint, so uints travel
 * as canonical decimal strings (no sign, no leading zeros); hex is checked for its exact byte
 * length and lower-cased; addresses are checked (checksum when mixed-case) and checksummed.
 */
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { z } from "zod";

export const uintString = (bits: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/, "not a canonical decimal integer")
    .max(78)
    .transform((value) => BigInt(value))
    .refine((value) => value < 1n << BigInt(bits), `does not fit in uint${bits}`);

export const hexBytes = (bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `not ${bytes} bytes of hex`)
    .transform((value) => value.toLowerCase() as Hex);

export const addressField = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "not an address")
  .refine((value) => isAddress(value), "bad address checksum")
  .transform((value): Address => getAddress(value));
