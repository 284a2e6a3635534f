"use client";
import { arbitratorRegistryAbi, devStakeTokenAbi, disputeCourtAbi } from "@leasehold/sdk/abis";
import { erc20Abi, type Address } from "viem";
import { useReadContract } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useRefreshOnBlock } from "./use-refresh-on-block";

/** An arbitrator's bench: stake buckets, drawing weight against the whole bench, court balance, wallet. */
export function useCourtReads(account: Address | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const enabled = Boolean(account && deployment);
  const registry = deployment?.contracts.ArbitratorRegistry.address;
  const court = deployment?.contracts.DisputeCourt.address;
  const token = deployment?.stakeToken;
  const devToken = deployment?.contracts.DevStakeToken?.address;
  const perAccount = { enabled };
  const shared = { enabled: Boolean(deployment) };
  const args = account ? ([account] as const) : undefined;
  useRefreshOnBlock(Boolean(deployment));

  const arbitrator = useReadContract({
    address: registry,
    abi: arbitratorRegistryAbi,
    functionName: "arbitratorOf",
    args,
    chainId,
    query: perAccount,
  });
  const weight = useReadContract({
    address: registry,
    abi: arbitratorRegistryAbi,
    functionName: "weightOf",
    args,
    chainId,
    query: perAccount,
  });
  const totalWeight = useReadContract({
    address: registry,
    abi: arbitratorRegistryAbi,
    functionName: "totalWeight",
    chainId,
    query: shared,
  });
  const drawableCount = useReadContract({
    address: registry,
    abi: arbitratorRegistryAbi,
    functionName: "drawableCount",
    chainId,
    query: shared,
  });
  const minimumStake = useReadContract({
    address: registry,
    abi: arbitratorRegistryAbi,
    functionName: "minimumStake",
    chainId,
    query: shared,
  });
  const leaveDelay = useReadContract({
    address: registry,
    abi: arbitratorRegistryAbi,
    functionName: "leaveDelay",
    chainId,
    query: shared,
  });
  const courtBalance = useReadContract({
    address: court,
    abi: disputeCourtAbi,
    functionName: "balanceOf",
    args,
    chainId,
    query: perAccount,
  });
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
    args: account && registry ? ([account, registry] as const) : undefined,
    chainId,
    query: perAccount,
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

  return {
    error: arbitrator.error ?? courtBalance.error ?? null,
    arbitrator: arbitrator.data,
    weight: weight.data,
    totalWeight: totalWeight.data,
    drawableCount: drawableCount.data,
    minimumStake: minimumStake.data,
    leaveDelay: leaveDelay.data === undefined ? undefined : BigInt(leaveDelay.data),
    courtBalance: courtBalance.data,
    tokenBalance: tokenBalance.data,
    allowance: allowance.data,
    faucetAvailableAt: faucetAvailableAt.data,
    faucetAmount: faucetAmount.data,
  };
}

export type CourtReads = ReturnType<typeof useCourtReads>;
