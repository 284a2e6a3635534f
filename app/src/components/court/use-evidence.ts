"use client";
import { agentRegistryAbi, disputeCourtAbi, receiptAnchorAbi } from "@leasehold/sdk/abis";
import {
  decodeEvidenceUri,
  isEvidenceBundleUri,
  verifyEvidence,
  type EvidenceBundle,
  type VerifiedEvidenceReceipt,
} from "@leasehold/sdk/court";
import { receiptDomain } from "@leasehold/sdk/receipts";
import { useQuery } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { readContract } from "wagmi/actions";
import { useRuntimeConfig } from "@/lib/runtime-config-context";

/** One EvidenceSubmitted event: what the court checked on chain and the URI it logged. */
export interface EvidenceSubmission {
  id: string;
  party: Address;
  cited: { batchId: Hex; receiptDigest: Hex }[];
  uri: string;
  blockNumber: bigint;
  transactionHash: Hex;
}

/**
 * The dispute's evidence, read from the chain's logs (not from the indexer: what an arbitrator
 * weighs should rest on nothing but the chain), refreshed while parties may still add to it.
 */
export function useEvidenceSubmissions(disputeId: bigint) {
  const { deployment, chainId } = useRuntimeConfig();
  const client = usePublicClient({ chainId });
  const court = deployment?.contracts.DisputeCourt;
  return useQuery({
    queryKey: ["court-evidence", chainId, court?.address, disputeId.toString()],
    enabled: Boolean(client && court),
    refetchInterval: 5_000,
    queryFn: async (): Promise<EvidenceSubmission[]> => {
      const logs = await client!.getContractEvents({
        address: court!.address,
        abi: disputeCourtAbi,
        eventName: "EvidenceSubmitted",
        args: { disputeId },
        fromBlock: BigInt(court!.startBlock),
        toBlock: "latest",
      });
      return logs.map((log) => ({
        id: `${log.transactionHash}-${log.logIndex}`,
        party: log.args.party!,
        cited: (log.args.batchIds ?? []).map((batchId, i) => ({
          batchId,
          receiptDigest: log.args.receiptDigests![i]!,
        })),
        uri: log.args.uri ?? "",
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
      }));
    },
  });
}

export type VerifiedSubmission =
  | { kind: "bundle"; bundle: EvidenceBundle; receipts: VerifiedEvidenceReceipt[] }
  | { kind: "invalid"; reason: string }
  | { kind: "external" };

/**
 * Decodes a `data:` bundle and verifies each receipt in this browser: signatures and certificate
 * (sdk), that the court logged the same (batch, digest) pair in this submission, and inclusion
 * against the anchored root (ReceiptAnchor.verifyInclusion on chain). Other URIs are links
 * nobody verified.
 */
export function useVerifiedSubmission(submission: EvidenceSubmission) {
  const { deployment, chainId } = useRuntimeConfig();
  const wagmiConfig = useConfig();
  return useQuery({
    queryKey: ["court-evidence-verified", chainId, submission.id],
    enabled: Boolean(deployment),
    staleTime: Infinity,
    retry: false,
    queryFn: async (): Promise<VerifiedSubmission> => {
      if (!isEvidenceBundleUri(submission.uri)) return { kind: "external" };
      let bundle: EvidenceBundle;
      try {
        bundle = decodeEvidenceUri(submission.uri);
      } catch (error) {
        return { kind: "invalid", reason: error instanceof Error ? error.message : String(error) };
      }
      const contracts = deployment!.contracts;
      const receipts = await verifyEvidence({
        bundle,
        cited: submission.cited,
        domain: receiptDomain({ chainId, receiptAnchor: contracts.ReceiptAnchor.address }),
        isAgentIdentity: async (agentId, address) =>
          (await readContract(wagmiConfig, {
            address: contracts.AgentRegistry.address,
            abi: agentRegistryAbi,
            functionName: "agentOfIdentity",
            args: [address],
            chainId,
          })) === agentId,
        verifyInclusion: (batchId, digest, proof) =>
          readContract(wagmiConfig, {
            address: contracts.ReceiptAnchor.address,
            abi: receiptAnchorAbi,
            functionName: "verifyInclusion",
            args: [batchId, digest, [...proof]],
            chainId,
          }),
      });
      return { kind: "bundle", bundle, receipts };
    },
  });
}
