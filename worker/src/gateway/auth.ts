/**
 * Bearer capability tokens at the gateway. The request a token is checked against is established
 * from the chain, never from the token: the lease from the path (or the job's lease for a job
 * route), its scope and agent, and the gateway's clock. Order, cheapest first: header shape,
 * token encoding (no chain read for garbage), chain reads, then sdk verifyCapability (HMAC chain,
 * caveats, liveness for uploads). Every refusal is a 401 whose code names the capability error,
 * except an unknown lease or job (404) and an unreadable chain (503).
 */
import {
  CapabilityError,
  CapabilityStateUnavailableError,
  decodeCapability,
  verifyCapability,
  type CapabilityOperation,
  type LeaseStateReader,
} from "@leasehold/sdk";
import { capabilityErrorGatewayCode } from "@leasehold/sdk/gateway";
import type { Hex } from "viem";
import { ContractRevertError, JobStatus, type ChainJob, type ChainLease } from "../chain/index.ts";
import { GatewayHttpError } from "./http-error.ts";
import type { GatewayContext } from "./context.ts";

export type AuthTarget = { leaseId: bigint; jobId?: undefined } | { jobId: bigint; leaseId?: undefined };
export type Authorized = { lease: ChainLease; job: ChainJob | undefined };

// RFC 6750's b64token: the sdk then decides which base64 spellings of a macaroon it accepts.
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

export async function authorize(
  context: GatewayContext,
  authorization: string | undefined,
  op: CapabilityOperation,
  target: AuthTarget,
): Promise<Authorized> {
  if (authorization === undefined || authorization === "") {
    throw new GatewayHttpError("token_missing", "Authorization: Bearer <capability token> is required", { auth: true });
  }
  const match = BEARER.exec(authorization);
  if (match === null) {
    throw new GatewayHttpError("token_malformed", "Authorization must be Bearer and one capability token", {
      auth: true,
    });
  }
  const token = match[1]!;
  try {
    decodeCapability(token);
  } catch (error) {
    throw capabilityRefusal(error);
  }

  const job = target.jobId === undefined ? undefined : await readJob(context, target.jobId);
  const lease = await readLease(context, job?.leaseId ?? target.leaseId!);
  try {
    await verifyCapability({
      token,
      rootKey: context.rootKey,
      request: {
        now: context.nowSeconds(),
        scopeHash: lease.scopeHash,
        leaseId: lease.leaseId,
        op,
        agentId: lease.agentId,
        ...(job === undefined ? {} : { jobId: job.jobId }),
      },
      reader: snapshotReader(lease, job),
    });
  } catch (error) {
    throw capabilityRefusal(error);
  }
  return { lease, job };
}

export async function readLease(context: GatewayContext, leaseId: bigint): Promise<ChainLease> {
  try {
    return await context.chain.getLease(leaseId);
  } catch (error) {
    throw chainRefusal(error, "LeaseRegistryUnknownLease", "lease_not_found", `No lease ${leaseId}`);
  }
}

async function readJob(context: GatewayContext, jobId: bigint): Promise<ChainJob> {
  try {
    return await context.chain.getJob(jobId);
  } catch (error) {
    throw chainRefusal(error, "JobEscrowUnknownJob", "job_not_found", `No job ${jobId}`);
  }
}

function chainRefusal(
  error: unknown,
  unknownError: string,
  code: "lease_not_found" | "job_not_found",
  message: string,
): GatewayHttpError {
  if (error instanceof ContractRevertError && error.errorName === unknownError) {
    return new GatewayHttpError(code, message);
  }
  // Unreachable node, refused call, any other revert: the state cannot be known now.
  return new GatewayHttpError("chain_unavailable", "The chain cannot be read now", { retryAfter: 1, cause: error });
}

function capabilityRefusal(error: unknown): GatewayHttpError {
  if (error instanceof CapabilityError) {
    return new GatewayHttpError(capabilityErrorGatewayCode[error.code], error.message, { auth: true, cause: error });
  }
  if (error instanceof CapabilityStateUnavailableError) {
    return new GatewayHttpError("chain_unavailable", "The chain cannot be read now", { retryAfter: 1, cause: error });
  }
  throw error;
}

/** Answers verifyCapability from the lease and job already read for this request: one chain read each. */
function snapshotReader(lease: ChainLease, job: ChainJob | undefined): LeaseStateReader {
  const sameScope = (scopeHash: Hex) => scopeHash.toLowerCase() === lease.scopeHash.toLowerCase();
  const ofLease = (jobId: bigint, leaseId: bigint) =>
    job !== undefined && job.jobId === jobId && job.leaseId === leaseId;
  return {
    isLeaseLive: async (leaseId, scopeHash) => leaseId === lease.leaseId && lease.live && sameScope(scopeHash),
    isJobLive: async (jobId, leaseId) => ofLease(jobId, leaseId) && job!.status === JobStatus.Accepted,
    leaseExists: async (leaseId, scopeHash) => leaseId === lease.leaseId && sameScope(scopeHash),
    isJobOfLease: async (jobId, leaseId) => ofLease(jobId, leaseId),
  };
}
