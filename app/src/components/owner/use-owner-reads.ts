"use client";
import { devStakeTokenAbi, jobEscrowAbi, leaseRegistryAbi } from "@leasehold/sdk/abis";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { erc20Abi, type Address } from "viem";
import { useBlockNumber, useReadContract } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** What the data owner's page reads from the chain: balance, escrow allowance and the protocol's limits. */
export function useOwnerReads(account: Address | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const enabled = Boolean(account && deployment);
  const escrow = deployment?.contracts.JobEscrow.address;
  const leases = deployment?.contracts.LeaseRegistry.address;
  const devToken = deployment?.contracts.DevStakeToken?.address;
  const perAccount = { enabled };
  const constant = { enabled: Boolean(deployment), staleTime: 60_000 };

  const balance = useReadContract({
    address: deployment?.stakeToken,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: account ? [account] : undefined,
    chainId,
    query: perAccount,
  });
  const allowance = useReadContract({
    address: deployment?.stakeToken,
    abi: erc20Abi,
    functionName: "allowance",
    args: account && escrow ? [account, escrow] : undefined,
    chainId,
    query: perAccount,
  });
  const maxTtl = useReadContract({
    address: leases,
    abi: leaseRegistryAbi,
    functionName: "maxTtl",
    chainId,
    query: constant,
  });
  const challengeWindow = useReadContract({
    address: escrow,
    abi: jobEscrowAbi,
    functionName: "challengeWindow",
    chainId,
    query: constant,
  });
  const faucetAvailableAt = useReadContract({
    address: devToken,
    abi: devStakeTokenAbi,
    functionName: "faucetAvailableAt",
    args: account ? [account] : undefined,
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

  const { data: blockNumber } = useBlockNumber({ chainId, watch: true, query: { enabled } });
  useEffect(() => {
    if (blockNumber === undefined) return;
    void queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[0] === "readContract" && query.state.data !== undefined,
    });
  }, [blockNumber, queryClient]);

  return {
    error: balance.error ?? maxTtl.error ?? null,
    tokenBalance: balance.data,
    allowance: allowance.data,
    maxTtl: maxTtl.data === undefined ? undefined : Number(maxTtl.data),
    challengeWindow: challengeWindow.data === undefined ? undefined : Number(challengeWindow.data),
    faucetAvailableAt: faucetAvailableAt.data,
    faucetAmount: faucetAmount.data,
  };
}

export type OwnerReads = ReturnType<typeof useOwnerReads>;
