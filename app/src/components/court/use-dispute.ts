"use client";
import { disputeCourtAbi } from "@leasehold/sdk/abis";
import type { Address } from "viem";
import { useBlockNumber, useReadContract, useReadContracts } from "wagmi";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useRefreshOnBlock } from "./use-refresh-on-block";

/** A dispute as the chain has it now: the record, both rounds, their panels and every seat's vote. */
export function useDispute(disputeId: bigint | undefined) {
  const { deployment, chainId } = useRuntimeConfig();
  const court = deployment?.contracts.DisputeCourt.address;
  const enabled = Boolean(court && disputeId !== undefined && disputeId > 0n);
  useRefreshOnBlock(enabled);
  const { data: blockNumber } = useBlockNumber({ chainId, watch: true, query: { enabled } });
  const contract = { address: court, abi: disputeCourtAbi, chainId } as const;

  const dispute = useReadContract({
    ...contract,
    functionName: "getDispute",
    args: disputeId === undefined ? undefined : [disputeId],
    query: { enabled, retry: false },
  });
  const rounds = useReadContracts({
    contracts:
      disputeId === undefined
        ? []
        : ([0, 1] as const).flatMap((round) => [
            { ...contract, functionName: "getRound", args: [disputeId, round] } as const,
            { ...contract, functionName: "panelOf", args: [disputeId, round] } as const,
          ]),
    allowFailure: false,
    query: { enabled: enabled && dispute.data !== undefined },
  });
  const roundList = rounds.data
    ? [0, 1].map((round) => {
        const data = rounds.data as unknown as readonly unknown[];
        return {
          round,
          ...(data[round * 2] as RoundRecord),
          panel: data[round * 2 + 1] as readonly Address[],
        };
      })
    : undefined;
  const started = roundList?.filter((round) => round.round <= (dispute.data?.round ?? 0));

  const seats = (started ?? []).flatMap((round) =>
    round.panel.map((arbitrator) => ({ round: round.round, arbitrator })),
  );
  const votes = useReadContracts({
    contracts: seats.map(
      (seat) => ({ ...contract, functionName: "voteOf", args: [disputeId!, seat.round, seat.arbitrator] }) as const,
    ),
    allowFailure: false,
    query: { enabled: enabled && seats.length > 0 },
  });
  const voteData = votes.data as unknown as readonly { commitment: `0x${string}`; revealed: number }[] | undefined;

  const params = useReadContracts({
    contracts: [{ ...contract, functionName: "APPEAL_BOND_MULTIPLIER" } as const],
    allowFailure: false,
    query: { enabled, staleTime: Infinity },
  });

  return {
    loading: dispute.isPending && enabled,
    error: dispute.error,
    dispute: dispute.data,
    rounds: started?.map((round) => ({
      ...round,
      votes: round.panel.map((arbitrator) => {
        const index = seats.findIndex((seat) => seat.round === round.round && seat.arbitrator === arbitrator);
        return { arbitrator, vote: voteData?.[index] };
      }),
    })),
    appealBondMultiplier: (params.data as unknown as readonly [bigint] | undefined)?.[0],
    blockNumber,
  };
}

export interface RoundRecord {
  bondPoster: Address;
  drawTicket: bigint;
  commits: number;
  reveals: number;
  bond: bigint;
  lockPerSeat: bigint;
  feePaid: bigint;
  drawDeadline: bigint;
  commitEndsAt: bigint;
  revealEndsAt: bigint;
  appealEndsAt: bigint;
  ruling: number;
  lapsed: boolean;
  votesForClient: number;
  votesForAgent: number;
}

export type DisputeReads = ReturnType<typeof useDispute>;
export type DisputeRecord = NonNullable<DisputeReads["dispute"]>;
export type DisputeRound = NonNullable<DisputeReads["rounds"]>[number];
