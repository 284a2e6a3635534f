"use client";
import { insurancePoolAbi } from "@leasehold/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { erc20Abi, type Address } from "viem";
import { useBlockNumber, useReadContract } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";

export interface RedeemRequest {
  shares: bigint;
  unlockAt: bigint;
}

/**
 * The pool and one account's place in it, read from the chain (the source of truth for anything
 * a write depends on) and refreshed block by block: premiums, claims and other holders move it too.
 */
export function usePoolReads(account: Address | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const pool = deployment?.contracts.InsurancePool.address;
  const token = deployment?.stakeToken;
  const enabled = Boolean(pool);
  const perAccount = { enabled: Boolean(pool && account) };
  const args = account ? ([account] as const) : undefined;
  const read = { address: pool, abi: insurancePoolAbi, chainId } as const;

  const totalAssets = useReadContract({ ...read, functionName: "totalAssets", query: { enabled } });
  const totalReserved = useReadContract({ ...read, functionName: "totalReserved", query: { enabled } });
  const totalReleasable = useReadContract({ ...read, functionName: "totalReleasable", query: { enabled } });
  const totalSupply = useReadContract({ ...read, functionName: "totalSupply", query: { enabled } });
  const shareDecimals = useReadContract({
    ...read,
    functionName: "decimals",
    query: { enabled, staleTime: Infinity },
  });
  const cooldown = useReadContract({ ...read, functionName: "cooldown", query: { enabled, staleTime: 60_000 } });
  const claimCount = useReadContract({ ...read, functionName: "claimCount", query: { enabled } });
  const oneShare = shareDecimals.data === undefined ? undefined : 10n ** BigInt(shareDecimals.data);
  const sharePrice = useReadContract({
    ...read,
    functionName: "convertToAssets",
    args: oneShare === undefined ? undefined : [oneShare],
    query: { enabled: enabled && oneShare !== undefined },
  });

  const shares = useReadContract({ ...read, functionName: "balanceOf", args, query: perAccount });
  const sharesValue = useReadContract({
    ...read,
    functionName: "convertToAssets",
    args: shares.data === undefined ? undefined : [shares.data],
    query: { enabled: enabled && shares.data !== undefined },
  });
  const request = useReadContract({ ...read, functionName: "redeemRequestOf", args, query: perAccount });
  const maxRedeem = useReadContract({ ...read, functionName: "maxRedeem", args, query: perAccount });
  const maxWithdraw = useReadContract({ ...read, functionName: "maxWithdraw", args, query: perAccount });
  const tokenBalance = useReadContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args,
    chainId,
    query: perAccount,
  });
  const allowance = useReadContract({
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: account && pool ? ([account, pool] as const) : undefined,
    chainId,
    query: perAccount,
  });

  const { data: blockNumber } = useBlockNumber({ chainId, watch: true, query: { enabled } });
  useEffect(() => {
    if (blockNumber === undefined) return;
    // Single and batched reads alike: the claims and the account's releases are batched.
    void queryClient.invalidateQueries({
      predicate: (query) =>
        (query.queryKey[0] === "readContract" || query.queryKey[0] === "readContracts") &&
        query.state.data !== undefined,
    });
  }, [blockNumber, queryClient]);

  const r = request.data;
  return {
    pool,
    error: totalAssets.error ?? shares.error ?? null,
    totalAssets: totalAssets.data,
    totalReserved: totalReserved.data,
    /** Released by settled claims to the holders at their filing, not collected yet. */
    totalReleasable: totalReleasable.data,
    totalSupply: totalSupply.data,
    shareDecimals: shareDecimals.data,
    /** Assets one whole share redeems for now. */
    sharePrice: sharePrice.data,
    cooldown: cooldown.data === undefined ? undefined : BigInt(cooldown.data),
    claimCount: claimCount.data,
    shares: shares.data,
    sharesValue: sharesValue.data,
    request: r ? ({ shares: r.shares, unlockAt: BigInt(r.unlockAt) } satisfies RedeemRequest) : undefined,
    maxRedeem: maxRedeem.data,
    maxWithdraw: maxWithdraw.data,
    tokenBalance: tokenBalance.data,
    allowance: allowance.data,
  };
}

export type PoolReads = ReturnType<typeof usePoolReads>;

/** What the pool's account cards (deposit, redeem, releases) take: the reads for a connected account. */
export interface PoolAccountCardProps {
  reads: PoolReads;
  token: StakeToken;
  account: Address;
  /** Whether the wallet can send on this chain. */
  writable: boolean;
}
