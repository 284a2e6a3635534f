"use client";
import { agentRegistryAbi, devStakeTokenAbi, stakeManagerAbi } from "@leasehold/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { erc20Abi, type Address } from "viem";
import { useBalance, useBlockNumber, useReadContract } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

export interface StakeBuckets {
  free: bigint;
  locked: bigint;
  unbonding: bigint;
  unlockAt: bigint;
}

/** Everything the staker page reads from the chain for one account, kept fresh block by block. */
export function useStakerReads(account: Address | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const enabled = Boolean(account && deployment);
  const stakeManager = deployment?.contracts.StakeManager.address;
  const registry = deployment?.contracts.AgentRegistry.address;
  const devToken = deployment?.contracts.DevStakeToken?.address;
  const token = deployment?.stakeToken;
  const perAccount = { enabled };
  const constant = { enabled: Boolean(deployment), staleTime: 60_000 };
  const args = account ? ([account] as const) : undefined;

  const balance = useReadContract({
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
    args: account && stakeManager ? ([account, stakeManager] as const) : undefined,
    chainId,
    query: perAccount,
  });
  const stake = useReadContract({
    address: stakeManager,
    abi: stakeManagerAbi,
    functionName: "stakeOf",
    args,
    chainId,
    query: perAccount,
  });
  const minimumStake = useReadContract({
    address: stakeManager,
    abi: stakeManagerAbi,
    functionName: "minimumStake",
    chainId,
    query: constant,
  });
  const unbondingDelay = useReadContract({
    address: stakeManager,
    abi: stakeManagerAbi,
    functionName: "unbondingDelay",
    chainId,
    query: constant,
  });
  const maxMetadataLength = useReadContract({
    address: registry,
    abi: agentRegistryAbi,
    functionName: "MAX_METADATA_URI_LENGTH",
    chainId,
    query: constant,
  });
  const faucetAvailableAt = useReadContract({
    address: devToken,
    abi: devStakeTokenAbi,
    functionName: "faucetAvailableAt",
    args,
    chainId,
    query: { enabled: enabled && Boolean(devToken) },
  });
  const faucetAmount = useReadContract({
    address: devToken,
    abi: devStakeTokenAbi,
    functionName: "FAUCET_AMOUNT",
    chainId,
    query: { enabled: Boolean(devToken), staleTime: Infinity },
  });
  const eth = useBalance({ address: account, chainId, query: perAccount });

  // Someone else's transaction (another tab, a slash) changes our numbers too: refetch per block.
  const { data: blockNumber } = useBlockNumber({ chainId, watch: true, query: { enabled } });
  useEffect(() => {
    if (blockNumber === undefined) return;
    void queryClient.invalidateQueries({
      predicate: (query) =>
        ["readContract", "balance"].includes(String(query.queryKey[0])) && query.state.data !== undefined,
    });
  }, [blockNumber, queryClient]);

  const s = stake.data;
  return {
    loading: balance.isPending || stake.isPending,
    error: balance.error ?? stake.error ?? null,
    tokenBalance: balance.data,
    allowance: allowance.data,
    stake: s
      ? ({
          free: s.free,
          locked: s.locked,
          unbonding: s.unbonding,
          unlockAt: BigInt(s.unlockAt),
        } satisfies StakeBuckets)
      : undefined,
    minimumStake: minimumStake.data,
    unbondingDelay: unbondingDelay.data === undefined ? undefined : BigInt(unbondingDelay.data),
    maxMetadataLength: maxMetadataLength.data,
    faucetAvailableAt: faucetAvailableAt.data,
    faucetAmount: faucetAmount.data,
    ethBalance: eth.data?.value,
  };
}

export type StakerReads = ReturnType<typeof useStakerReads>;
