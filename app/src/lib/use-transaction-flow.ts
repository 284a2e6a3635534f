"use client";
/**
 * Runs one user action as a sequence of contract writes (e.g. approve, then deposit) and
 * reports each step: simulated first, so a revert is explained before anything is signed;
 * then signed, sent, confirmed; then chain reads are refetched and the indexer is awaited. A
 * step may instead be relayed (sent by a relayer, never by the connected wallet): the flow then
 * only waits for the relayer's transaction.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { Abi, Address, Hash, TransactionReceipt } from "viem";
import { useConfig, useConnection } from "wagmi";
import {
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
  type SimulateContractParameters,
} from "wagmi/actions";
import { useIndexing } from "./indexing";
import { useRuntimeConfig } from "./runtime-config-context";
import { nextBlockOverrides } from "./use-chain-time";

export interface ContractCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  /** Ether sent with the call (payable functions only). */
  value?: bigint;
  /**
   * Simulates the call in the block it will land in (the next one, at the earliest time it can
   * have: use-chain-time's `nextBlockOverrides`) instead of the latest, for a call whose time or
   * block has just come: the latest block can be seconds older than the one the transaction lands
   * in, and the page's countdowns count to the same time.
   */
  atNextBlock?: boolean;
}

export type TransactionStep =
  | {
      label: string;
      /** The write to make, or null when the step turns out to be unnecessary (e.g. allowance suffices). */
      prepare: () => ContractCall | null | Promise<ContractCall | null>;
    }
  | {
      label: string;
      /**
       * A transaction someone else sends (a relayer): hand it over and return its hash. The
       * connected wallet signs nothing and pays nothing; the flow waits for the receipt as for
       * its own writes.
       */
      relay: () => Promise<Hash>;
    };

export type StepStatus =
  "queued" | "simulating" | "signing" | "relaying" | "confirming" | "confirmed" | "skipped" | "failed";

export interface StepState {
  label: string;
  status: StepStatus;
  hash?: Hash;
}

export type FlowPhase = "idle" | "running" | "indexing" | "done" | "failed";

export interface FlowState {
  phase: FlowPhase;
  steps: StepState[];
  /** A readable sentence when the flow failed. */
  error?: string;
  success?: string;
  /** The indexer had not caught up when we stopped waiting. */
  indexLagging?: boolean;
}

export interface RunOptions {
  success: string | ((receipts: TransactionReceipt[]) => string);
}

const idle: FlowState = { phase: "idle", steps: [] };

export function useTransactionFlow(describe: (error: unknown) => string) {
  const config = useConfig();
  const { address } = useConnection();
  const { chainId, isLocalChain } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const { waitForBlock } = useIndexing();
  const [state, setState] = useState<FlowState>(idle);
  const busy = useRef(false);
  const runs = useRef(0);

  const run = useCallback(
    async (steps: TransactionStep[], options: RunOptions): Promise<boolean> => {
      if (busy.current) return false;
      busy.current = true;
      const runId = ++runs.current;
      const current: StepState[] = steps.map((step) => ({ label: step.label, status: "queued" }));
      // A later run owns the state: an earlier run's indexing wait must not overwrite it.
      const publish = (patch: Partial<FlowState> = {}) => {
        if (runId !== runs.current) return;
        setState((previous) => ({ ...previous, steps: current.map((step) => ({ ...step })), ...patch }));
      };
      setState({ phase: "running", steps: current.map((step) => ({ ...step })) });
      const receipts: TransactionReceipt[] = [];
      try {
        for (const [i, step] of steps.entries()) {
          const state = current[i]!;
          let hash: Hash;
          if ("relay" in step) {
            state.status = "relaying";
            publish();
            hash = await step.relay();
          } else {
            state.status = "simulating";
            publish();
            const call = await step.prepare();
            if (!call) {
              state.status = "skipped";
              publish();
              continue;
            }
            const { atNextBlock, ...parameters } = call;
            const { request } = await simulateContract(config, {
              ...parameters,
              ...(atNextBlock
                ? { blockOverrides: await nextBlockOverrides(config, { chainId, localClock: isLocalChain }) }
                : {}),
              account: address,
              chainId,
            } as SimulateContractParameters);
            state.status = "signing";
            publish();
            // The block the simulation used is no part of the transaction.
            const toSend = { ...request };
            delete (toSend as { blockOverrides?: unknown }).blockOverrides;
            hash = await writeContract(config, toSend);
          }
          state.status = "confirming";
          state.hash = hash;
          publish();
          const receipt = await waitForTransactionReceipt(config, { hash, chainId });
          if (receipt.status !== "success") {
            state.status = "failed";
            publish({ phase: "failed", error: "The transaction was mined but reverted." });
            return false;
          }
          receipts.push(receipt);
          state.status = "confirmed";
          publish();
        }
      } catch (error) {
        const failed = current.find((step) => step.status !== "confirmed" && step.status !== "skipped");
        if (failed) failed.status = "failed";
        publish({ phase: "failed", error: describe(error) });
        return false;
      } finally {
        busy.current = false;
      }
      const success = typeof options.success === "string" ? options.success : options.success(receipts);
      // Chain reads first: they are the source of truth and answer at once.
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== "indexer" });
      const last = receipts.at(-1);
      if (!last) {
        publish({ phase: "done", success });
        return true;
      }
      publish({ phase: "indexing", success });
      // Resolve as soon as the chain confirmed; the indexing phase finishes on its own.
      void waitForBlock(last.blockNumber).then((indexed) =>
        publish({ phase: "done", success, indexLagging: !indexed }),
      );
      return true;
    },
    [address, chainId, config, describe, isLocalChain, queryClient, waitForBlock],
  );

  const reset = useCallback(() => {
    if (busy.current) return;
    runs.current++;
    setState(idle);
  }, []);

  return { state, run, reset, busy: state.phase === "running" };
}
