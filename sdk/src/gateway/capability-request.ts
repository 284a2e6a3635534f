/**
 * How a data owner asks a worker gateway for capability tokens (POST /v1/capabilities): an
 * EIP-712 signature by the lease's owner of
 *
 *   CapabilityRequest(uint256 leaseId,string operations,uint64 expiresAt)
 *
 * under the domain { name: "Leasehold Gateway", version: "1", chainId, verifyingContract:
 * LeaseRegistry }. `operations` is the list joined with "," in the order given. The domain names
 * the LeaseRegistry, whose owner record the gateway checks, so a signature for one chain or
 * deployment is worthless on another; the gateway bounds `expiresAt` to one hour ahead, which
 * bounds how long a leaked signature can mint tokens. Browser-safe: no Node modules.
 */
import {
  getAddress,
  isAddress,
  recoverTypedDataAddress,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type Transport,
  type WalletClient,
} from "viem";
import { InvalidInputError } from "../errors.ts";
import { capabilityOperations, type CapabilityOperation } from "../capabilities/types.ts";
import { isCanonicalSignature } from "../receipts/signature.ts";

export const GATEWAY_DOMAIN_NAME = "Leasehold Gateway";
export const GATEWAY_DOMAIN_VERSION = "1";
/** The gateway refuses a request whose expiresAt is further ahead than this. */
export const MAX_CAPABILITY_REQUEST_TTL_SECONDS = 3600n;

export const capabilityRequestTypes = {
  CapabilityRequest: [
    { name: "leaseId", type: "uint256" },
    { name: "operations", type: "string" },
    { name: "expiresAt", type: "uint64" },
  ],
} as const;

export type GatewayDomain = {
  name: typeof GATEWAY_DOMAIN_NAME;
  version: typeof GATEWAY_DOMAIN_VERSION;
  chainId: number;
  verifyingContract: Address;
};

export type GatewayDomainParameters = {
  chainId: number;
  /** Address of the LeaseRegistry contract on that chain (from the deployment record). */
  leaseRegistry: Address;
};
export type GatewayDomainErrorType = InvalidInputError;

export function gatewayDomain({ chainId, leaseRegistry }: GatewayDomainParameters): GatewayDomain {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new InvalidInputError(`Invalid chain id: ${String(chainId)}`);
  }
  if (typeof leaseRegistry !== "string" || !isAddress(leaseRegistry, { strict: false })) {
    throw new InvalidInputError(`Invalid LeaseRegistry address: ${String(leaseRegistry)}`);
  }
  return {
    name: GATEWAY_DOMAIN_NAME,
    version: GATEWAY_DOMAIN_VERSION,
    chainId,
    verifyingContract: getAddress(leaseRegistry),
  };
}

/** What the owner asks for: tokens for these operations on this lease, valid until `expiresAt` (unix seconds). */
export type CapabilityGrantRequest = {
  leaseId: bigint;
  operations: readonly CapabilityOperation[];
  expiresAt: bigint;
};

/** The EIP-712 message of a request. Throws InvalidInputError for an empty, repeated or unknown operation. */
export function capabilityRequestMessage({ leaseId, operations, expiresAt }: CapabilityGrantRequest) {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new InvalidInputError("A capability request names at least one operation");
  }
  for (const op of operations) {
    if (!capabilityOperations.includes(op)) throw new InvalidInputError(`Unknown operation: ${String(op)}`);
  }
  if (new Set(operations).size !== operations.length) {
    throw new InvalidInputError("A capability request names an operation twice");
  }
  return { leaseId, operations: operations.join(","), expiresAt };
}

export type SignCapabilityRequestParameters = {
  domain: GatewayDomain;
  request: CapabilityGrantRequest;
  /** The lease owner: a local account (scripts, tests) or a wallet client with its account (the browser). */
  signer: LocalAccount | WalletClient<Transport, Chain | undefined, Account>;
};
export type SignCapabilityRequestReturnType = Hex;
export type SignCapabilityRequestErrorType = InvalidInputError;

export async function signCapabilityRequest({
  domain,
  request,
  signer,
}: SignCapabilityRequestParameters): Promise<SignCapabilityRequestReturnType> {
  const typedData = {
    domain,
    types: capabilityRequestTypes,
    primaryType: "CapabilityRequest",
    message: capabilityRequestMessage(request),
  } as const;
  if (signer.type === "local") return (signer as LocalAccount).signTypedData(typedData);
  const wallet = signer as WalletClient<Transport, Chain | undefined, Account>;
  return wallet.signTypedData({ ...typedData, account: wallet.account });
}

export type RecoverCapabilityRequestSignerParameters = {
  domain: GatewayDomain;
  request: CapabilityGrantRequest;
  signature: Hex;
};
export type RecoverCapabilityRequestSignerErrorType = InvalidInputError;

/**
 * The address that signed the request. Only canonical signatures (65 bytes, low s, v 27/28) are
 * accepted, so one request has one signature. Smart-contract wallets (ERC-1271) are not supported.
 */
export async function recoverCapabilityRequestSigner({
  domain,
  request,
  signature,
}: RecoverCapabilityRequestSignerParameters): Promise<Address> {
  if (!isCanonicalSignature(signature)) throw new InvalidInputError("Signature is not a canonical 65-byte signature");
  try {
    return await recoverTypedDataAddress({
      domain,
      types: capabilityRequestTypes,
      primaryType: "CapabilityRequest",
      message: capabilityRequestMessage(request),
      signature,
    });
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError("Signature does not recover an address", { cause: error });
  }
}
