"use client";
import { anonymousStakeGroupAbi } from "@leasehold/sdk";
import { erc20Abi, type Address } from "viem";
import { useReadContract } from "wagmi";
import { useRefreshOnBlock } from "@/components/court/use-refresh-on-block";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** IAnonymousStakeGroup.IdentityStatus. */
export const IdentityStatus = { None: 0, Active: 1, Withdrawing: 2, Withdrawn: 3, Slashed: 4 } as const;

/**
 * The stake group and this browser's place in it, from the chain: the minimum deposit, the
 * identity's status, leaf and amount (by its public commitment only), and the connected
 * account's token balance and allowance. Refreshed at every block, since anyone's deposit moves
 * the tree.
 */
export function useGroupReads(commitment: bigint | undefined, account: Address | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const group = deployment?.contracts.AnonymousStakeGroup?.address;
  const token = deployment?.stakeToken;
  const enabled = Boolean(group);
  const read = { address: group, abi: anonymousStakeGroupAbi, chainId } as const;
  useRefreshOnBlock(enabled);

  const minimumDeposit = useReadContract({ ...read, functionName: "minimumDeposit", query: { enabled } });
  const size = useReadContract({ ...read, functionName: "size", query: { enabled } });
  const totalLive = useReadContract({ ...read, functionName: "totalLive", query: { enabled } });
  const identity = useReadContract({
    ...read,
    functionName: "identityOf",
    args: commitment === undefined ? undefined : [commitment],
    query: { enabled: enabled && commitment !== undefined },
  });
  const perAccount = { enabled: Boolean(token && account) };
  const balance = useReadContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: account ? [account] : undefined,
    chainId,
    query: perAccount,
  });
  const allowance = useReadContract({
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: account && group ? [account, group] : undefined,
    chainId,
    query: perAccount,
  });
  return {
    group,
    error: minimumDeposit.error ?? identity.error ?? null,
    minimumDeposit: minimumDeposit.data,
    size: size.data,
    totalLive: totalLive.data,
    identity: identity.data,
    identityLoading: identity.isPending && commitment !== undefined,
    balance: balance.data,
    allowance: allowance.data,
  };
}

export type GroupReads = ReturnType<typeof useGroupReads>;
