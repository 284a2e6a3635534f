/**
 * A data owner driven from a script: the devnet's demo job and the end-to-end tests lend data and
 * pay for jobs through exactly the parts a person uses from the app: the contracts, the worker
 * gateway (capability tokens, uploads) and the sdk's sealing and verification. Nothing here
 * reaches into the worker's files.
 */
import {
  devStakeTokenAbi,
  encryptContext,
  jobEscrowAbi,
  leaseRegistryAbi,
  openJobOutput,
  receiptAnchorAbi,
  receiptDomain,
  sealContentKey,
  sealingKeyFromHex,
  sealJobInput,
  verifySignedReceipt,
  type Deployment,
} from "../../sdk/src/index.ts";
import {
  createGatewayClient,
  GatewayError,
  gatewayDomain,
  signCapabilityRequest,
  verifyJobCertificate,
  type GatewayClient,
} from "../../sdk/src/gateway/index.ts";
import type { CapabilityOperation } from "../../sdk/src/capabilities/index.ts";
import { agentRegistryAbi } from "../../sdk/src/generated/abis.ts";
import { isHex, keccak256, stringToHex, type Hex } from "viem";
import { localClients, simulatingSender } from "./local-deploy.ts";

/** IJobEscrow.JobStatus by name. */
export const JobStatus = {
  Open: 1,
  Accepted: 2,
  Submitted: 3,
  Frozen: 4,
  Paid: 5,
  Cancelled: 6,
  Expired: 7,
  Refused: 8,
  Voided: 9,
  Rejected: 10,
} as const;

/** keccak256 of a scope or policy name, or the hash itself when given as 32 bytes of hex. */
export function nameHash(name: string): Hex {
  return isHex(name) && name.length === 66 ? name : keccak256(stringToHex(name));
}

export type Lent = {
  leaseId: bigint;
  contentId: Hex;
  /** The owner's key to the context: kept by the owner, sealed to each job's certificate. */
  contentKey: Uint8Array;
  tokens: Partial<Record<CapabilityOperation, string>>;
};

export type DataOwner = ReturnType<typeof createDataOwner>;

export function createDataOwner({
  rpcUrl,
  deployment,
  accountIndex,
  gatewayUrl,
}: {
  rpcUrl: string;
  deployment: Deployment;
  accountIndex: number;
  gatewayUrl: string;
}) {
  const { publicClient, walletClient } = localClients(rpcUrl, accountIndex);
  const gateway: GatewayClient = createGatewayClient({ baseUrl: gatewayUrl });
  const { LeaseRegistry, JobEscrow, ReceiptAnchor, AgentRegistry, DevStakeToken } = deployment.contracts;
  const chainId = deployment.chainId;
  const address = walletClient.account.address;

  const send = simulatingSender({ publicClient, walletClient });

  const chainNow = async () => (await publicClient.getBlock()).timestamp;

  const isAgentIdentity = async (agentId: bigint, identity: Hex): Promise<boolean> =>
    (await publicClient.readContract({
      address: AgentRegistry.address,
      abi: agentRegistryAbi,
      functionName: "agentOfIdentity",
      args: [identity],
    })) === agentId;

  async function getJob(jobId: bigint) {
    return publicClient.readContract({
      address: JobEscrow.address,
      abi: jobEscrowAbi,
      functionName: "getJob",
      args: [jobId],
    });
  }

  /** Polls until the job's status is one of `statuses`; throws after `timeoutMs`. */
  async function waitForStatus(jobId: bigint, statuses: readonly number[], timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { status } = await getJob(jobId);
      if (statuses.includes(status)) return status;
      if (Date.now() > deadline) throw new Error(`job ${jobId} stayed in status ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function tokensFor(leaseId: bigint): Promise<Lent["tokens"]> {
    // The gateway checks expiry against its own clock, which is wall time.
    const expiresAt = BigInt(Math.floor(Date.now() / 1000)) + 3_000n;
    const operations: CapabilityOperation[] = ["upload", "receipts", "proofs"];
    const signature = await signCapabilityRequest({
      domain: gatewayDomain({ chainId, leaseRegistry: LeaseRegistry.address }),
      request: { leaseId, operations, expiresAt },
      signer: walletClient.account,
    });
    return (await gateway.requestCapabilities({ leaseId, operations, expiresAt, signature })).tokens;
  }

  return {
    address,
    gateway,
    getJob,
    waitForStatus,
    chainNow,

    /** Encrypts the context, grants the lease, gets gateway tokens and uploads the envelope. */
    async lend({
      agentId,
      scope,
      context,
      leaseFor = 3_600n,
      feeCap = 10n ** 19n,
      upload = true,
    }: {
      agentId: bigint;
      scope: string;
      context: Uint8Array;
      leaseFor?: bigint;
      feeCap?: bigint;
      /** False: grant only, without tokens or upload (the worker need not be running). */
      upload?: boolean;
    }): Promise<Lent> {
      const { envelope, contentKey, contentId } = encryptContext(context, { chainId, owner: address });
      const leaseId = (await send({
        address: LeaseRegistry.address,
        abi: leaseRegistryAbi,
        functionName: "grant",
        args: [agentId, nameHash(scope), contentId, (await chainNow()) + leaseFor, feeCap],
      })) as bigint;
      if (!upload) return { leaseId, contentId, contentKey, tokens: {} };
      const tokens = await tokensFor(leaseId);
      await gateway.uploadContext({ token: tokens.upload!, leaseId, envelope });
      return { leaseId, contentId, contentKey, tokens };
    },

    async revoke(leaseId: bigint): Promise<void> {
      await send({ address: LeaseRegistry.address, abi: leaseRegistryAbi, functionName: "revoke", args: [leaseId] });
    },

    /** Opens a job under the lease, funding and approving the payment first if needed. */
    async openJob({
      leaseId,
      payment,
      policy,
      deadlineIn = 1_800n,
      budget = 50_000_000n,
    }: {
      leaseId: bigint;
      payment: bigint;
      policy: string;
      deadlineIn?: bigint;
      budget?: bigint;
    }): Promise<bigint> {
      if (DevStakeToken) {
        const token = DevStakeToken.address;
        const balance = await publicClient.readContract({
          address: token,
          abi: devStakeTokenAbi,
          functionName: "balanceOf",
          args: [address],
        });
        if (balance < payment) await send({ address: token, abi: devStakeTokenAbi, functionName: "faucet", args: [] });
        await send({
          address: token,
          abi: devStakeTokenAbi,
          functionName: "approve",
          args: [JobEscrow.address, payment],
        });
      }
      return (await send({
        address: JobEscrow.address,
        abi: jobEscrowAbi,
        functionName: "openJob",
        args: [leaseId, payment, nameHash(policy), budget, (await chainNow()) + deadlineIn],
      })) as bigint;
    },

    /**
     * Plays the owner's part of a job until it no longer waits for the worker: whenever the worker
     * publishes a certificate for it (again, after a restart), verifies the certificate against
     * the chain and uploads the job's input sealed for it (if any) and then the content key sealed
     * to the certificate; the worker reads the input once it has the key. Tokens a restarted
     * worker no longer knows are requested again. Resolves with the job's status once it is past
     * Accepted; throws after `timeoutMs`.
     */
    async answerJob({
      jobId,
      lent,
      input,
      timeoutMs = 60_000,
    }: {
      jobId: bigint;
      lent: Lent;
      input?: unknown;
      timeoutMs?: number;
    }): Promise<number> {
      const domain = receiptDomain({ chainId, receiptAnchor: ReceiptAnchor.address });
      const deadline = Date.now() + timeoutMs;
      let sealedTo: Hex | undefined;
      for (;;) {
        const { status, agentId } = await getJob(jobId);
        if (status !== JobStatus.Open && status !== JobStatus.Accepted) return status;
        if (Date.now() > deadline) throw new Error(`job ${jobId} stayed in status ${status}`);
        if (status === JobStatus.Accepted) {
          try {
            const published = await gateway.getCertificate({ token: lent.tokens.upload!, jobId });
            if (published.certificate.sealingKey !== sealedTo) {
              await verifyJobCertificate({ published, domain, jobId, agentId, isAgentIdentity });
              if (input !== undefined) {
                const bytes = new TextEncoder().encode(JSON.stringify(input));
                const sealedInput = sealJobInput(bytes, lent.contentKey, { chainId, jobId });
                await gateway.uploadInput({ token: lent.tokens.upload!, jobId, sealedInput });
              }
              const recipient = sealingKeyFromHex(published.certificate.sealingKey);
              const sealedKey = sealContentKey(lent.contentKey, recipient, { chainId, jobId });
              await gateway.uploadSealedKey({ token: lent.tokens.upload!, jobId, sealedKey });
              sealedTo = published.certificate.sealingKey;
            }
          } catch (error) {
            if (!(error instanceof GatewayError)) throw error;
            // A token a restarted worker no longer knows: ask for new ones. Not found yet, or the
            // job moved on meanwhile (job_not_live): the next turn of the loop tells.
            if (error.status === 401 && error.code.startsWith("token_")) lent.tokens = await tokensFor(lent.leaseId);
            else if (!error.retryable && error.code !== "certificate_not_found" && error.code !== "job_not_live") {
              throw error;
            }
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    /**
     * Fetches the job's receipt and proof from the gateway and checks them against the chain:
     * signature and certificate (sdk), inclusion (ReceiptAnchor.verifyInclusion), and that the
     * escrow recorded this digest. Opens the output with the content key.
     */
    async collect({ jobId, lent }: { jobId: bigint; lent: Lent }) {
      const { signedReceipt, digest } = await gateway.getReceipt({ token: lent.tokens.receipts!, jobId });
      const domain = receiptDomain({ chainId, receiptAnchor: ReceiptAnchor.address });
      const verified = await verifySignedReceipt({ signedReceipt, domain, isAgentIdentity });
      const proof = await gateway.getProof({ token: lent.tokens.proofs!, jobId });
      const included = await publicClient.readContract({
        address: ReceiptAnchor.address,
        abi: receiptAnchorAbi,
        functionName: "verifyInclusion",
        args: [proof.batchId as Hex, verified.digest, proof.proof as Hex[]],
      });
      const output = openJobOutput(await gateway.getOutput({ token: lent.tokens.receipts!, jobId }), lent.contentKey, {
        chainId,
        jobId,
      });
      return {
        signedReceipt,
        digest,
        verified,
        proof,
        included,
        output,
        onChainDigest: (await getJob(jobId)).receiptDigest,
      };
    },

    /** Finalizes once the challenge window has passed on chain time. */
    async finalize(jobId: bigint): Promise<void> {
      await send({ address: JobEscrow.address, abi: jobEscrowAbi, functionName: "finalize", args: [jobId] });
    },

    async refundExpired(jobId: bigint): Promise<void> {
      await send({ address: JobEscrow.address, abi: jobEscrowAbi, functionName: "refundExpired", args: [jobId] });
    },
  };
}
