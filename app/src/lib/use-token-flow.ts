"use client";
import { RelayerError } from "@leasehold/sdk/relayer";
import { useCallback } from "react";
import { describeRelayerError } from "./relayer-messages";
import { describeError, type DescribeContext } from "./revert-messages";
import { useStakeToken } from "./use-stake-token";
import { useTransactionFlow } from "./use-transaction-flow";

/**
 * A transaction flow whose failures are explained with stake-token amounts, including the
 * relayer's refusals for relayed steps.
 */
export function useTokenFlow() {
  const token = useStakeToken();
  const format = token?.format;
  const describe = useCallback(
    (error: unknown) => {
      const context: DescribeContext = { amount: (value) => (format ? format(value) : value.toString()) };
      return error instanceof RelayerError ? describeRelayerError(error, context) : describeError(error, context);
    },
    [format],
  );
  return useTransactionFlow(describe);
}
