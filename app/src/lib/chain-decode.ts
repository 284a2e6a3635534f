/**
 * Transactions and logs read back through Leasehold's ABIs: which contract, which function or
 * event, and every argument by name. Anything sent to or emitted by another address stays raw.
 */
import type { ContractName, Deployment } from "@leasehold/sdk";
import {
  decodeEventLog,
  decodeFunctionData,
  type AbiFunction,
  type AbiParameter,
  type Address,
  type Hex,
  type Log,
} from "viem";
import { contractAt } from "./contract-abis";

export interface DecodedArgument {
  name: string;
  type: string;
  value: unknown;
}

export interface DecodedCall {
  contract: ContractName;
  functionName: string;
  args: DecodedArgument[];
}

export interface DecodedEvent {
  contract: ContractName;
  eventName: string;
  args: DecodedArgument[];
}

function named(parameters: readonly AbiParameter[], values: unknown): DecodedArgument[] {
  const list = Array.isArray(values)
    ? values
    : parameters.map((parameter) => (values as Record<string, unknown> | undefined)?.[parameter.name ?? ""]);
  return parameters.map((parameter, i) => ({
    name: parameter.name || `#${i}`,
    type: parameter.type,
    value: list[i],
  }));
}

export function decodeCall(deployment: Deployment | null, to: Address | null, input: Hex): DecodedCall | null {
  const contract = contractAt(deployment, to);
  if (!contract || input.length < 10) return null;
  try {
    const { functionName, args } = decodeFunctionData({ abi: contract.abi, data: input });
    const fn = contract.abi.find(
      (item): item is AbiFunction =>
        item.type === "function" && item.name === functionName && item.inputs.length === (args?.length ?? 0),
    );
    return { contract: contract.name, functionName, args: fn ? named(fn.inputs, args ?? []) : [] };
  } catch {
    return null;
  }
}

export function decodeLog(deployment: Deployment | null, log: Log): DecodedEvent | null {
  const contract = contractAt(deployment, log.address);
  if (!contract) return null;
  try {
    const { eventName, args } = decodeEventLog({ abi: contract.abi, data: log.data, topics: log.topics });
    const event = contract.abi.find((item) => item.type === "event" && item.name === eventName);
    return {
      contract: contract.name,
      eventName: eventName ?? "(anonymous)",
      args: event && event.type === "event" ? named(event.inputs, args) : [],
    };
  } catch {
    return null;
  }
}
