"use client";
/**
 * What the data owner's browser does for a running job, by itself, as the job moves on chain:
 *
 *   accepted  fetch the job certificate from the gateway, verify it against the chain (signed by
 *             an identity of the job's agent, for this job), seal the content key to its X25519
 *             key and upload it;
 *   receipt   fetch the signed receipt, verify both signatures (the identity read from chain) and
 *             that it names this job, agent and policy;
 *   anchored  fetch the inclusion proof, check it here and with ReceiptAnchor.verifyInclusion;
 *   output    fetch the sealed output, open it with the content key, check its hash against the
 *             receipt's outputHash.
 *
 * Nothing is trusted because the gateway said so: every artefact is checked before it is used or
 * shown, and the content key leaves this browser only sealed to the certified job key.
 */
import { agentRegistryAbi, receiptAnchorAbi } from "@leasehold/sdk/abis";
import { GatewayError, verifyJobCertificate, type PublishedCertificate } from "@leasehold/sdk/gateway";
import {
  receiptDomain,
  ReceiptOutcome,
  verifyInclusion,
  verifySignedReceipt,
  type SignedReceipt,
} from "@leasehold/sdk/receipts";
import { openJobOutput, sealContentKey, sealingKeyFromHex, sealJobInput, wipe } from "@leasehold/sdk/sealing";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { keccak256, type Address, type Hex } from "viem";
import { useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { contentKeyBytes, getContentKey } from "@/lib/content-keys";
import { describeGatewayError } from "@/lib/gateway-messages";
import {
  authorizeLease,
  cachedLeaseTokens,
  forgetLeaseTokens,
  gatewayClient,
  needsNewTokens,
  type LeaseTokens,
} from "@/lib/gateway-session";
import { forgetJobInput, pendingJobInput } from "@/lib/job-inputs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { ChainJob, ChainLease } from "./use-job-chain";

const POLL_MS = 1_000;
/** Codes that mean "not there yet": keep polling. */
const NOT_YET = new Set([
  "not_found",
  "certificate_not_found",
  "receipt_not_found",
  "proof_not_found",
  "output_not_found",
  "job_not_found",
  "rate_limited",
  "overloaded",
  "request_timeout",
  "chain_unavailable",
]);

export class JobCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobCheckError";
  }
}

function notYet(error: unknown): boolean {
  return error instanceof GatewayError && NOT_YET.has(error.code);
}

export interface VerifiedReceipt {
  signedReceipt: SignedReceipt;
  digest: Hex;
  identity: Address;
}

export interface VerifiedProof {
  batchId: Hex;
  root: Hex;
  leafCount: number;
  index: number;
  proof: Hex[];
  local: boolean;
  onChain: boolean;
}

export interface OpenedOutput {
  bytes: number;
  text: string;
  json: unknown | undefined;
  hashMatches: boolean;
}

export type SealState =
  { phase: "waiting" } | { phase: "sealing" } | { phase: "done"; note?: string } | { phase: "failed"; message: string };

const sealedFlag = (chainId: number, jobId: bigint) => `leasehold.sealed-key.${chainId}.${jobId}`;

export function useJobPipeline({
  jobId,
  job,
  lease,
  isOwner,
}: {
  jobId: bigint;
  job: ChainJob | undefined;
  lease: ChainLease | undefined;
  isOwner: boolean;
}) {
  const { chainId, deployment } = useRuntimeConfig();
  const wagmiConfig = useConfig();
  const leaseId = job?.leaseId;
  const [tokenState, setTokenState] = useState<{ leaseId: bigint | null; tokens: LeaseTokens | null }>({
    leaseId: null,
    tokens: null,
  });
  const [tokenProblem, setTokenProblem] = useState<string | null>(null);
  const [authorizing, setAuthorizing] = useState(false);
  // Tokens from earlier in this tab (the grant signs once for the hour), picked up once the lease is known.
  if (leaseId !== undefined && deployment && isOwner && tokenState.leaseId !== leaseId) {
    setTokenState({ leaseId, tokens: cachedLeaseTokens(chainId, deployment, leaseId) });
  }
  const tokens = tokenState.leaseId === leaseId ? tokenState.tokens : null;
  const setTokens = useCallback(
    (next: LeaseTokens | null) => setTokenState({ leaseId: leaseId ?? null, tokens: next }),
    [leaseId],
  );

  const authorize = useCallback(async () => {
    if (leaseId === undefined || !deployment) return;
    setAuthorizing(true);
    setTokenProblem(null);
    try {
      setTokens(await authorizeLease({ wagmiConfig, chainId, deployment, leaseId }));
    } catch (error) {
      setTokenProblem(describeGatewayError(error));
    } finally {
      setAuthorizing(false);
    }
  }, [chainId, deployment, leaseId, wagmiConfig, setTokens]);

  /** A refused token: forget it and ask for a new signature. */
  const onTokenError = useCallback(
    (error: unknown) => {
      if (!needsNewTokens(error) || leaseId === undefined || !deployment) return false;
      forgetLeaseTokens(chainId, deployment, leaseId);
      setTokens(null);
      setTokenProblem(describeGatewayError(error));
      return true;
    },
    [chainId, deployment, leaseId, setTokens],
  );

  const isAgentIdentity = useCallback(
    async (agentId: bigint, address: Address) =>
      (await readContract(wagmiConfig, {
        address: deployment!.contracts.AgentRegistry.address,
        abi: agentRegistryAbi,
        functionName: "agentOfIdentity",
        args: [address],
        chainId,
      })) === agentId,
    [wagmiConfig, deployment, chainId],
  );
  const domain = deployment
    ? receiptDomain({ chainId, receiptAnchor: deployment.contracts.ReceiptAnchor.address })
    : null;

  const status = job?.statusName ?? null;
  const active = Boolean(isOwner && tokens && job && lease && domain);

  // Sealed earlier in this tab: the job has its key, do not seal again.
  const [sealedBefore] = useState(
    () => typeof window !== "undefined" && sessionStorage.getItem(sealedFlag(chainId, jobId)) !== null,
  );

  const certificate = useQuery({
    queryKey: ["gateway", chainId, "certificate", jobId.toString()],
    enabled: active && status === "accepted" && !sealedBefore,
    retry: false,
    refetchInterval: (query) => (query.state.data ? false : POLL_MS),
    queryFn: async (): Promise<{ published: PublishedCertificate; identity: Address } | null> => {
      let published: PublishedCertificate;
      try {
        published = await gatewayClient().getCertificate({ token: tokens!.upload, jobId });
      } catch (error) {
        if (notYet(error)) return null;
        onTokenError(error);
        throw error;
      }
      await verifyJobCertificate({ published, domain: domain!, jobId, agentId: job!.agentId, isAgentIdentity });
      if (published.certificate.notAfter !== job!.deadline) {
        throw new JobCheckError("The job certificate's expiry is not the job's deadline.");
      }
      return { published, identity: published.certificate.ephemeralKey };
    },
  });

  // Seal once per job: the certificate verified, the key is here, the job still accepted.
  const published = certificate.data?.published;
  const sealQuery = useQuery({
    queryKey: ["gateway", chainId, "seal", jobId.toString(), published?.certificate.sealingKey],
    enabled: active && Boolean(published) && status === "accepted" && !sealedBefore,
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    queryFn: async (): Promise<{ note?: string }> => {
      const record = await getContentKey(lease!.contextId);
      if (!record) {
        throw new JobCheckError(
          "This browser does not hold the content key of the lease's context; import your key backup to hand it to the job.",
        );
      }
      const key = contentKeyBytes(record);
      const input = pendingJobInput(chainId, jobId);
      try {
        if (input !== null) {
          // The input first: the worker reads it as soon as it has the key.
          const sealedInput = sealJobInput(new TextEncoder().encode(input), key, { chainId, jobId });
          try {
            await gatewayClient().uploadInput({ token: tokens!.upload, jobId, sealedInput });
          } catch (error) {
            // The key is already there (from another tab): the job has what it will get.
            if (!(error instanceof GatewayError && error.code === "input_too_late")) throw error;
          }
        }
        const sealed = sealContentKey(key, sealingKeyFromHex(published!.certificate.sealingKey), { chainId, jobId });
        await gatewayClient().uploadSealedKey({ token: tokens!.upload, jobId, sealedKey: sealed });
      } catch (error) {
        if (error instanceof GatewayError && error.code === "sealed_key_conflict") {
          // Sealed already, by another tab or browser of the owner: the job has its key.
          sessionStorage.setItem(sealedFlag(chainId, jobId), "1");
          return { note: "sealed earlier, from another tab or browser" };
        }
        onTokenError(error);
        throw error;
      } finally {
        wipe(key);
      }
      sessionStorage.setItem(sealedFlag(chainId, jobId), "1");
      forgetJobInput(chainId, jobId);
      return input === null ? {} : { note: "with your input for the agent" };
    },
  });
  const seal: SealState = sealedBefore
    ? { phase: "done" }
    : sealQuery.data
      ? { phase: "done", ...sealQuery.data }
      : sealQuery.error
        ? { phase: "failed", message: describeGatewayError(sealQuery.error) }
        : sealQuery.isFetching
          ? { phase: "sealing" }
          : { phase: "waiting" };

  const afterAcceptance = status !== null && status !== "open" && status !== "cancelled" && status !== "expired";
  const receipt = useQuery({
    queryKey: ["gateway", chainId, "receipt", jobId.toString()],
    enabled: active && afterAcceptance,
    retry: false,
    refetchInterval: (query) => (query.state.data ? false : POLL_MS),
    queryFn: async (): Promise<VerifiedReceipt | null> => {
      let response;
      try {
        response = await gatewayClient().getReceipt({ token: tokens!.receipts, jobId });
      } catch (error) {
        if (notYet(error)) return null;
        onTokenError(error);
        throw error;
      }
      const { signedReceipt } = response;
      const verified = await verifySignedReceipt({ signedReceipt, domain: domain!, isAgentIdentity });
      const { receipt: r } = signedReceipt;
      if (verified.digest !== response.digest.toLowerCase()) {
        throw new JobCheckError("The receipt's digest is not the one the gateway reported.");
      }
      if (r.jobId !== jobId || r.agentId !== job!.agentId) {
        throw new JobCheckError(`The receipt is for job #${r.jobId} of agent #${r.agentId}, not this job.`);
      }
      return { signedReceipt, digest: verified.digest, identity: verified.identity };
    },
  });

  const digest = receipt.data?.digest;
  const proof = useQuery({
    queryKey: ["gateway", chainId, "proof", jobId.toString(), digest],
    enabled: active && Boolean(digest),
    retry: false,
    refetchInterval: (query) => (query.state.data ? false : POLL_MS),
    queryFn: async (): Promise<VerifiedProof | null> => {
      let response;
      try {
        response = await gatewayClient().getProof({ token: tokens!.proofs, jobId });
      } catch (error) {
        if (notYet(error)) return null;
        onTokenError(error);
        throw error;
      }
      const proofHex = response.proof as Hex[];
      if (response.digest.toLowerCase() !== digest) {
        throw new JobCheckError("The inclusion proof is for another receipt.");
      }
      const local = verifyInclusion(response.root as Hex, digest!, proofHex);
      const onChain = await readContract(wagmiConfig, {
        address: deployment!.contracts.ReceiptAnchor.address,
        abi: receiptAnchorAbi,
        functionName: "verifyInclusion",
        args: [response.batchId as Hex, digest!, proofHex],
        chainId,
      });
      return {
        batchId: response.batchId as Hex,
        root: response.root as Hex,
        leafCount: response.leafCount,
        index: response.index,
        proof: proofHex,
        local,
        onChain,
      };
    },
  });

  const signed = receipt.data?.signedReceipt;
  const producedOutput = signed !== undefined && signed.receipt.outcome !== ReceiptOutcome.Refused;
  const output = useQuery({
    queryKey: ["gateway", chainId, "output", jobId.toString(), digest],
    enabled: active && producedOutput,
    retry: false,
    refetchInterval: (query) => (query.state.data ? false : POLL_MS),
    queryFn: async (): Promise<OpenedOutput | null> => {
      let sealed: Uint8Array;
      try {
        sealed = await gatewayClient().getOutput({ token: tokens!.receipts, jobId });
      } catch (error) {
        if (notYet(error)) return null;
        onTokenError(error);
        throw error;
      }
      const record = await getContentKey(lease!.contextId);
      if (!record) throw new JobCheckError("This browser does not hold the content key that opens the output.");
      const key = contentKeyBytes(record);
      let bytes: Uint8Array;
      try {
        bytes = openJobOutput(sealed, key, { chainId, jobId });
      } finally {
        wipe(key);
      }
      const text = new TextDecoder().decode(bytes);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { bytes: bytes.length, text, json, hashMatches: keccak256(bytes) === signed!.receipt.outputHash };
    },
  });

  return {
    tokens,
    tokenProblem,
    authorizing,
    authorize,
    certificate: { data: certificate.data ?? null, error: certificate.error },
    seal,
    retrySeal: () => void sealQuery.refetch(),
    receipt: { data: receipt.data ?? null, error: receipt.error },
    proof: { data: proof.data ?? null, error: proof.error },
    output: { data: output.data ?? null, error: output.error },
  };
}

export type JobPipeline = ReturnType<typeof useJobPipeline>;
