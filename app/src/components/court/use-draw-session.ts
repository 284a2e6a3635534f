"use client";
import { arbitratorRegistryAbi, blockhashRandomnessAbi } from "@leasehold/sdk/abis";
import { DrawPhase, readDrawSession, type DrawSessionState } from "@leasehold/sdk/court";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Address, PublicClient } from "viem";
import { useBlockNumber, usePublicClient } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** Where the session's randomness comes from, as far as the page can say it in words. */
export type RandomnessSourceKind =
  /** A future block's hash: `targetBlock` must be mined (and read within 256 blocks of it). */
  | { kind: "blockhash"; targetBlock: bigint | null }
  /** Chainlink VRF v2.5: the oracle answers on its own. */
  | { kind: "vrf" }
  | { kind: "other"; address: Address };

export interface DrawSessionReads {
  state: DrawSessionState;
  source: RandomnessSourceKind;
  /** The ticket asked about (a dispute round's): the first session whose randomness may draw it. */
  ticket: { ticket: bigint; session: bigint; open: boolean } | null;
  /** The block the state was read at: a call made now lands in the next one. */
  blockNumber: bigint;
}

/**
 * The registry's draw line as the chain has it at the latest block (the sdk's readDrawSession),
 * with what the page needs to say it in words: which randomness source answers, the block a
 * block-hash source waits for, and where `ticket` (a dispute round's) stands. Read again at every
 * new block and after every write.
 */
export function useDrawSession(ticket?: bigint) {
  const { deployment, chainId } = useRuntimeConfig();
  const publicClient = usePublicClient({ chainId });
  const enabled = Boolean(deployment && publicClient);
  const { data: blockNumber } = useBlockNumber({ chainId, watch: true, query: { enabled } });
  const query = useQuery({
    // "readContract" first: the court pages refresh those at every block, and writes refetch them.
    queryKey: ["readContract", "draw-session", chainId, blockNumber?.toString() ?? null, ticket?.toString() ?? null],
    enabled: enabled && blockNumber !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async (): Promise<DrawSessionReads> => {
      const client = publicClient as PublicClient;
      const contracts = deployment!.contracts;
      const registry = { address: contracts.ArbitratorRegistry.address, abi: arbitratorRegistryAbi } as const;
      const [state, sourceAddress, ticketRecord] = await Promise.all([
        readDrawSession(client, contracts),
        client.readContract({ ...registry, functionName: "randomnessSource" }),
        ticket === undefined || ticket === 0n
          ? null
          : client.readContract({ ...registry, functionName: "ticketOf", args: [ticket] }),
      ]);
      const same = (candidate: { address: Address } | undefined) =>
        candidate !== undefined && candidate.address.toLowerCase() === sourceAddress.toLowerCase();
      let source: RandomnessSourceKind;
      if (same(contracts.BlockhashRandomness)) {
        const targetBlock =
          state.phase === DrawPhase.Generating
            ? await client.readContract({
                address: sourceAddress,
                abi: blockhashRandomnessAbi,
                functionName: "targetBlockOf",
                args: [state.requestId],
              })
            : null;
        source = { kind: "blockhash", targetBlock: targetBlock === null ? null : BigInt(targetBlock) };
      } else if (same(contracts.ChainlinkVrfRandomness)) {
        source = { kind: "vrf" };
      } else {
        source = { kind: "other", address: sourceAddress };
      }
      return {
        state,
        source,
        ticket:
          ticketRecord && ticket !== undefined
            ? { ticket, session: BigInt(ticketRecord.session), open: ticketRecord.open }
            : null,
        blockNumber: blockNumber!,
      };
    },
  });
  return { data: query.data, error: query.error, loading: query.isPending && enabled };
}
