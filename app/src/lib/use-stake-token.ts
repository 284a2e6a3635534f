"use client";
import { useCallback } from "react";
import { erc20Abi, type Address } from "viem";
import { useReadContract } from "wagmi";
import { formatAmount } from "./format";
import { useRuntimeConfig } from "./runtime-config-context";

export interface StakeToken {
  address: Address;
  decimals: number;
  symbol: string;
  /** "1,250.5 dLEASE" */
  format: (value: bigint) => string;
  /** "1,250.5" */
  formatPlain: (value: bigint) => string;
}

/** The stake token named by the deployment record (the dev token locally, a real ERC-20 elsewhere). */
export function useStakeToken(): StakeToken | null {
  const { deployment, chainId } = useRuntimeConfig();
  const address = deployment?.stakeToken;
  const query = { enabled: Boolean(address), staleTime: Infinity };
  const decimals = useReadContract({ address, abi: erc20Abi, functionName: "decimals", chainId, query });
  const symbol = useReadContract({ address, abi: erc20Abi, functionName: "symbol", chainId, query });
  const tokenDecimals = decimals.data ?? 18;
  const tokenSymbol = symbol.data ?? "";
  const formatPlain = useCallback((value: bigint) => formatAmount(value, tokenDecimals), [tokenDecimals]);
  const format = useCallback(
    (value: bigint) => `${formatAmount(value, tokenDecimals)}${tokenSymbol ? ` ${tokenSymbol}` : ""}`,
    [tokenDecimals, tokenSymbol],
  );
  if (!address) return null;
  return { address, decimals: tokenDecimals, symbol: tokenSymbol, format, formatPlain };
}
