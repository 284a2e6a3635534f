/**
 * Turns whatever a write threw into one sentence a person can act on. Contract reverts are
 * decoded against every Leasehold ABI (a deposit can revert inside the token, whose errors the
 * stake manager's ABI does not list) and mapped by custom error name; wallet and transport
 * failures get their own sentences; anything else falls back to viem's short message.
 */
import { agentRegistryAbi, devStakeTokenAbi, stakeManagerAbi } from "@leasehold/sdk";
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  UserRejectedRequestError,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { formatTimestamp, shortAddress } from "./format";

export interface DescribeContext {
  /** Formats a raw token amount with the stake token's decimals and symbol. */
  amount: (value: bigint) => string;
}

type Args = readonly unknown[];
type Describe = (args: Args, context: DescribeContext) => string;

const big = (args: Args, i: number) => args[i] as bigint;
const addr = (args: Args, i: number) => shortAddress(args[i] as Address);

/** One sentence per custom error of the contracts the app writes to. */
export const revertMessages: Record<string, Describe> = {
  // StakeManager
  StakeManagerZeroAmount: () => "The amount must be more than zero.",
  StakeManagerInsufficientFreeStake: (a, c) =>
    `You have ${c.amount(big(a, 1))} free stake but asked for ${c.amount(big(a, 2))}.`,
  StakeManagerNothingUnbonding: () => "You have no stake unbonding.",
  StakeManagerStillUnbonding: (a) =>
    `Your stake is still unbonding: it can be withdrawn from ${formatTimestamp(big(a, 1))} (chain time).`,
  StakeManagerInsufficientLocked: (a, c) =>
    `Only ${c.amount(big(a, 2))} is locked for this operator, less than the ${c.amount(big(a, 3))} asked for.`,
  StakeManagerInvalidRecipient: (a) =>
    `Withdrawn or slashed stake must leave the stake manager: ${addr(a, 0)} cannot receive it.`,
  StakeManagerZeroMinimumStake: () => "The minimum stake cannot be zero.",
  StakeManagerEmptyReason: () => "A slash must give a reason.",
  StakeManagerUnbondingDelayTooLong: (a) =>
    `An unbonding delay of ${big(a, 0)} s is above the protocol cap of ${big(a, 1)} s.`,
  // AgentRegistry
  AgentRegistryUnknownAgent: (a) => `There is no agent #${big(a, 0)}.`,
  AgentRegistryNotOperator: (a) => `Only the operator of agent #${big(a, 0)} can do this, not ${addr(a, 1)}.`,
  AgentRegistryAgentRetired: (a) => `Agent #${big(a, 0)} is retired, and retirement is final.`,
  AgentRegistryZeroIdentity: () => "The identity cannot be the zero address.",
  AgentRegistryIdentityTaken: (a) =>
    `The identity ${addr(a, 0)} is already used by agent #${big(a, 1)}: every agent needs a key of its own.`,
  AgentRegistryZeroCodeHash: () => "The code hash cannot be zero.",
  AgentRegistryMetadataTooLong: (a) => `The metadata URI is ${big(a, 0)} bytes long; at most ${big(a, 1)} are allowed.`,
  AgentRegistryInsufficientStake: (a, c) =>
    `Registering an agent needs at least ${c.amount(big(a, 2))} free stake; you have ${c.amount(big(a, 1))}.`,
  // Stake token (DevStakeToken and any OpenZeppelin ERC-20)
  DevStakeTokenFaucetCoolingDown: (a) =>
    `The faucet is cooling down: you can draw again from ${formatTimestamp(big(a, 1))}.`,
  ERC20InsufficientBalance: (a, c) =>
    `Your token balance is ${c.amount(big(a, 1))} but ${c.amount(big(a, 2))} is needed.`,
  ERC20InsufficientAllowance: (a, c) =>
    `The stake manager may spend ${c.amount(big(a, 1))} of your tokens but needs ${c.amount(big(a, 2))}: approve it first.`,
  SafeERC20FailedOperation: () => "The stake token refused the transfer.",
  // Shared
  AccessControlUnauthorizedAccount: (a) => `The account ${addr(a, 0)} lacks the role this action needs.`,
  ReentrancyGuardReentrantCall: () => "The contract refused a re-entrant call.",
};

const allErrors = [...stakeManagerAbi, ...agentRegistryAbi, ...devStakeTokenAbi].filter(
  (item) => item.type === "error",
) as Abi;

export interface DecodedRevert {
  errorName: string;
  args: Args;
}

/** The custom error inside `error`, when it is (or wraps) a contract revert we can decode. */
export function decodeRevert(error: unknown): DecodedRevert | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return null;
  if (reverted.data?.errorName && reverted.data.errorName in revertMessages) {
    return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  }
  const raw = (reverted as { raw?: Hex }).raw;
  if (raw && raw !== "0x") {
    try {
      const decoded = decodeErrorResult({ abi: allErrors, data: raw });
      return { errorName: decoded.errorName, args: decoded.args ?? [] };
    } catch {
      // Not one of ours; fall through to the generic message.
    }
  }
  if (reverted.data?.errorName) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  return null;
}

export function describeError(error: unknown, context: DescribeContext): string {
  const decoded = decodeRevert(error);
  if (decoded) {
    const describe = revertMessages[decoded.errorName];
    if (describe) return describe(decoded.args, context);
    return `The contract refused with ${decoded.errorName}.`;
  }
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return "You rejected the request in your wallet.";
    if (error.walk((e) => e instanceof InsufficientFundsError))
      return "Your account has too little ETH to pay for gas.";
    const http = error.walk((e) => e instanceof HttpRequestError);
    if (http instanceof HttpRequestError) return `The chain's RPC endpoint (${http.url}) did not answer.`;
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.reason) {
      return `The contract refused: ${reverted.reason}.`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
