/**
 * A typed client of one relayer service (worker/src/relayer), for the browser app, scripts and
 * tests: it hands a proof to a relayer, which sends the transaction from its own account, so the
 * member's address appears in none. Every response body is validated with the shared schemas;
 * every refusal becomes a RelayerError with the service's code. Browser-safe: only `fetch`.
 */
import type { Address, Hex } from "viem";
import type { SolidityGroth16Proof } from "../zk/types.ts";
import { isRelayerErrorCode, RelayerError } from "./errors.ts";
import {
  endorsementRelayResponseSchema,
  relayerErrorResponseSchema,
  relayerHealthSchema,
  relayerInfoSchema,
  withdrawalRelayResponseSchema,
  type RelayProof,
} from "./schemas.ts";

export type CreateRelayerClientParameters = {
  /** The relayer's origin, e.g. "http://127.0.0.1:8790" (a path prefix is kept). */
  url: string;
  /** Default: globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
};

export type GetRelayerInfoReturnType = {
  relayer: Address;
  chainId: number;
  contracts: { endorsements: Address; anonymousStakeGroup: Address };
  fees: {
    endorsements: {
      acceptUnpaid: boolean;
      estimatedGasCost: bigint;
      relayBudget: bigint;
      relaySpendLeftThisEpoch: bigint;
    };
    withdrawals: { minimumRelayerFee: bigint };
  };
  pendingWithdrawals: number;
};

/** Endorsements.endorse's arguments, as `prepareEndorsement` and `proveStakeMembership` give them. */
export type RelayEndorsementParameters = {
  agentId: bigint;
  epoch: bigint;
  signal: Hex;
  root: bigint;
  y: bigint;
  nullifier: bigint;
  proof: SolidityGroth16Proof;
};
export type RelayEndorsementReturnType = { txHash: Hex };

/** AnonymousStakeGroup.requestWithdrawal's arguments, as `prepareWithdrawal` and the prover give them. */
export type RelayWithdrawalParameters = {
  commitment: bigint;
  recipient: Address;
  relayerFee: bigint;
  y: bigint;
  nullifier: bigint;
  proof: SolidityGroth16Proof;
};
export type RelayWithdrawalReturnType = {
  txHash: Hex;
  /** Chain time from which the relayer sends `withdraw` (and the recipient is paid). */
  unlockAt: bigint;
};

export type RelayerClient = {
  info(): Promise<GetRelayerInfoReturnType>;
  health(): Promise<{ status: "ok" }>;
  /** Resolves once the relayer has sent the endorsement (202), with its transaction hash. */
  relayEndorsement(parameters: RelayEndorsementParameters): Promise<RelayEndorsementReturnType>;
  /** Resolves once the request is on chain; the relayer withdraws itself after `unlockAt`. */
  relayWithdrawal(parameters: RelayWithdrawalParameters): Promise<RelayWithdrawalReturnType>;
};
export type RelayerClientErrorType = RelayerError;

export function createRelayerClient({ url, fetch: fetchFn }: CreateRelayerClientParameters): RelayerClient {
  const doFetch = fetchFn ?? globalThis.fetch.bind(globalThis);
  const base = url.replace(/\/+$/, "");

  async function call<T>(
    method: "GET" | "POST",
    path: string,
    schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } },
    json?: unknown,
  ): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        ...(json === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(json) }),
      });
    } catch (cause) {
      throw new RelayerError({ status: 0, code: "unreachable", message: `${method} ${path}: no answer` }, { cause });
    }
    if (response.status < 200 || response.status >= 300) throw await errorOf(response, `${method} ${path}`);
    let value: unknown;
    try {
      value = await response.json();
    } catch (cause) {
      throw unexpected(response, `${method} ${path}: the response is not JSON`, cause);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw unexpected(response, `${method} ${path}: the response does not match the relayer's schema`, parsed.error);
    }
    return parsed.data;
  }

  return {
    async info() {
      const body = await call("GET", "/v1/info", relayerInfoSchema);
      const { endorsements, withdrawals } = body.fees;
      return {
        relayer: body.relayer,
        chainId: body.chainId,
        contracts: body.contracts,
        fees: {
          endorsements: {
            acceptUnpaid: endorsements.acceptUnpaid,
            estimatedGasCost: BigInt(endorsements.estimatedGasCost),
            relayBudget: BigInt(endorsements.relayBudget),
            relaySpendLeftThisEpoch: BigInt(endorsements.relaySpendLeftThisEpoch),
          },
          withdrawals: { minimumRelayerFee: BigInt(withdrawals.minimumRelayerFee) },
        },
        pendingWithdrawals: body.pendingWithdrawals,
      };
    },
    health: () => call("GET", "/health", relayerHealthSchema),
    async relayEndorsement(parameters) {
      return call("POST", "/v1/endorsements", endorsementRelayResponseSchema, {
        agentId: parameters.agentId.toString(),
        epoch: parameters.epoch.toString(),
        signal: parameters.signal,
        root: parameters.root.toString(),
        y: parameters.y.toString(),
        nullifier: parameters.nullifier.toString(),
        proof: proofToJson(parameters.proof),
      });
    },
    async relayWithdrawal(parameters) {
      const body = await call("POST", "/v1/withdrawals", withdrawalRelayResponseSchema, {
        commitment: parameters.commitment.toString(),
        recipient: parameters.recipient,
        relayerFee: parameters.relayerFee.toString(),
        y: parameters.y.toString(),
        nullifier: parameters.nullifier.toString(),
        proof: proofToJson(parameters.proof),
      });
      return { txHash: body.txHash, unlockAt: BigInt(body.unlockAt) };
    },
  };
}

/** A Solidity-ordered proof as the relayer's JSON takes it. */
export function proofToJson({ a, b, c }: SolidityGroth16Proof): RelayProof {
  const pair = ([x, y]: readonly [bigint, bigint]): [string, string] => [x.toString(), y.toString()];
  return { a: pair(a), b: [pair(b[0]), pair(b[1])], c: pair(c) };
}

/** The relayer's JSON proof back in the verifier's order. */
export function proofFromJson({ a, b, c }: RelayProof): SolidityGroth16Proof {
  const pair = ([x, y]: readonly [string, string]): [bigint, bigint] => [BigInt(x), BigInt(y)];
  return { a: pair(a), b: [pair(b[0]), pair(b[1])], c: pair(c) };
}

async function errorOf(response: Response, what: string): Promise<RelayerError> {
  const retryAfterHeader = response.headers.get("retry-after");
  const retryAfter = retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  let value: unknown;
  try {
    value = await response.json();
  } catch {
    value = undefined;
  }
  const parsed = relayerErrorResponseSchema.safeParse(value);
  const code = parsed.success ? parsed.data.error.code : undefined;
  if (!parsed.success || code === undefined || !isRelayerErrorCode(code)) {
    return new RelayerError({
      status: response.status,
      code: "unexpected_response",
      message: `${what}: HTTP ${response.status} without a relayer error body`,
      retryAfter,
    });
  }
  const { message, revert } = parsed.data.error;
  return new RelayerError({ status: response.status, code, message: `${what}: ${message}`, revert, retryAfter });
}

function unexpected(response: Response, message: string, cause: unknown): RelayerError {
  return new RelayerError({ status: response.status, code: "unexpected_response", message }, { cause });
}
