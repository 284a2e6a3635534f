"use client";
/**
 * This browser's access to the worker gateway. The gateway is reached through this app's proxy
 * (/api/worker, see app/api/worker/[...path]/route.ts). Capability tokens are minted by the
 * gateway for the lease's owner, who proves ownership by signing an EIP-712 CapabilityRequest
 * with the wallet; they last at most an hour and are kept in sessionStorage (this tab only), so
 * one signature serves every job of a lease for that hour.
 */
import type { Deployment } from "@leasehold/sdk";
import type { CapabilityOperation } from "@leasehold/sdk/capabilities";
import {
  createGatewayClient,
  gatewayDomain,
  GatewayError,
  MAX_CAPABILITY_REQUEST_TTL_SECONDS,
  signCapabilityRequest,
  type GatewayClient,
} from "@leasehold/sdk/gateway";
import type { Hex } from "viem";
import { notYetFetch } from "./gateway-not-yet";
import type { Config } from "wagmi";
import { getBlock, getWalletClient } from "wagmi/actions";

export const GATEWAY_PROXY_PATH = "/api/worker";
const OPERATIONS: CapabilityOperation[] = ["upload", "receipts", "proofs"];
/** Tokens this close to expiry are renewed rather than used. */
const EXPIRY_MARGIN_SECONDS = 60;

export type LeaseTokens = Record<CapabilityOperation, string> & { expiresAt: number };

let client: GatewayClient | null = null;

export function gatewayClient(): GatewayClient {
  client ??= createGatewayClient({ baseUrl: `${window.location.origin}${GATEWAY_PROXY_PATH}`, fetch: notYetFetch });
  return client;
}

function storageKey(chainId: number, leaseRegistry: string, leaseId: bigint): string {
  return `leasehold.gateway-tokens.${chainId}.${leaseRegistry.toLowerCase()}.${leaseId}`;
}

/** Tokens for the lease from earlier in this tab, unless they are (nearly) expired. */
export function cachedLeaseTokens(chainId: number, deployment: Deployment, leaseId: bigint): LeaseTokens | null {
  try {
    const raw = sessionStorage.getItem(storageKey(chainId, deployment.contracts.LeaseRegistry.address, leaseId));
    if (!raw) return null;
    const tokens = JSON.parse(raw) as LeaseTokens;
    if (tokens.expiresAt - EXPIRY_MARGIN_SECONDS <= Date.now() / 1000) return null;
    return OPERATIONS.every((op) => typeof tokens[op] === "string") ? tokens : null;
  } catch {
    return null;
  }
}

export function forgetLeaseTokens(chainId: number, deployment: Deployment, leaseId: bigint): void {
  sessionStorage.removeItem(storageKey(chainId, deployment.contracts.LeaseRegistry.address, leaseId));
}

/** Whether the gateway refused a token because it expired or no longer matches: worth signing again. */
export function needsNewTokens(error: unknown): boolean {
  return (
    error instanceof GatewayError &&
    (error.code === "token_expired" ||
      error.code === "token_missing" ||
      error.code === "token_malformed" ||
      error.code === "token_bad_signature")
  );
}

export interface AuthorizeLeaseParameters {
  wagmiConfig: Config;
  chainId: number;
  deployment: Deployment;
  leaseId: bigint;
}

/** Signs a CapabilityRequest for the lease with the connected wallet and trades it for tokens. */
export async function authorizeLease({
  wagmiConfig,
  chainId,
  deployment,
  leaseId,
}: AuthorizeLeaseParameters): Promise<LeaseTokens> {
  const walletClient = await getWalletClient(wagmiConfig, { chainId });
  // The gateway bounds expiresAt by its own clock, which may be wall time or chain time; a devnet's
  // chain can run ahead. Ask for a little under an hour from the earlier of the two.
  const block = await getBlock(wagmiConfig, { chainId });
  const earliest = BigInt(Math.min(Math.floor(Date.now() / 1000), Number(block.timestamp)));
  const expiresAt = earliest + MAX_CAPABILITY_REQUEST_TTL_SECONDS - 120n;
  const request = { leaseId, operations: OPERATIONS, expiresAt };
  const signature: Hex = await signCapabilityRequest({
    domain: gatewayDomain({ chainId, leaseRegistry: deployment.contracts.LeaseRegistry.address }),
    request,
    signer: walletClient,
  });
  const granted = await gatewayClient().requestCapabilities({ ...request, signature });
  const missing = OPERATIONS.filter((op) => !granted.tokens[op]);
  if (missing.length > 0) {
    throw new GatewayError({
      status: 200,
      code: "unexpected_response",
      message: `The gateway granted no token for ${missing.join(", ")}`,
    });
  }
  // Stored against this computer's clock: the margin keeps a slow clock from using a dead token.
  const lifetime = Number(granted.expiresAt - earliest);
  const tokens = {
    ...(granted.tokens as Record<CapabilityOperation, string>),
    expiresAt: Math.floor(Date.now() / 1000) + Math.max(0, lifetime),
  };
  sessionStorage.setItem(
    storageKey(chainId, deployment.contracts.LeaseRegistry.address, leaseId),
    JSON.stringify(tokens),
  );
  return tokens;
}

export async function uploadContext(parameters: { leaseId: bigint; envelope: Uint8Array; token: string }) {
  return gatewayClient().uploadContext(parameters);
}
