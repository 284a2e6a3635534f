/** Validating GET /operators/:address's path and query, apart from the database so it can be unit tested. */
import { InvalidInputError } from "@leasehold/sdk";
import { getAddress, isAddress, type Hex } from "viem";

export const DEFAULT_HISTORY_LIMIT = 20;
export const MAX_HISTORY_LIMIT = 100;

/** The request is malformed: answered with 400. */
export class GetOperatorParameterError extends InvalidInputError {}

export interface GetOperatorParameters {
  address: Hex;
  limit: number;
}

/** Validate the request's raw path and query values. */
export function parseGetOperatorParameters(address: string, limit: string | undefined): GetOperatorParameters {
  if (!isAddress(address, { strict: false })) throw new GetOperatorParameterError(`Not an address: ${address}`);
  const parsedLimit = limit === undefined ? DEFAULT_HISTORY_LIMIT : Number(limit);
  if (!Number.isInteger(parsedLimit) || parsedLimit < 1 || parsedLimit > MAX_HISTORY_LIMIT) {
    throw new GetOperatorParameterError(`limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`);
  }
  return { address: getAddress(address).toLowerCase() as Hex, limit: parsedLimit };
}
