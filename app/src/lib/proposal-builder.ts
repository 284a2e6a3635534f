/**
 * The proposal builder's model: which contracts a proposal may call through the timelock (those
 * it administers, from the deployment record and the generated ABIs), their state-changing
 * functions, and typed arguments parsed from what a person types. Pure, so the form stays thin.
 */
import {
  agentRegistryAbi,
  arbitratorRegistryAbi,
  codeRegistryAbi,
  disputeCourtAbi,
  endorsementsAbi,
  insurancePoolAbi,
  jobEscrowAbi,
  leaseholdGovernorAbi,
  leaseRegistryAbi,
  stakeManagerAbi,
  timelockControllerAbi,
} from "@leasehold/sdk/abis";
import {
  decodeFunctionData,
  encodeFunctionData,
  isAddress,
  isHex,
  type Abi,
  type AbiFunction,
  type AbiParameter,
  type Address,
  type Hex,
} from "viem";

/** Contracts whose admin and parameter roles the timelock holds (docs/ARCHITECTURE.md, "Governance"). */
export const governedAbis = {
  StakeManager: stakeManagerAbi,
  AgentRegistry: agentRegistryAbi,
  LeaseRegistry: leaseRegistryAbi,
  JobEscrow: jobEscrowAbi,
  CodeRegistry: codeRegistryAbi,
  InsurancePool: insurancePoolAbi,
  ArbitratorRegistry: arbitratorRegistryAbi,
  DisputeCourt: disputeCourtAbi,
  Endorsements: endorsementsAbi,
  LeaseholdGovernor: leaseholdGovernorAbi,
  TimelockController: timelockControllerAbi,
} as const satisfies Record<string, Abi>;

export type GovernedContract = keyof typeof governedAbis;

/** State-changing functions of a contract, setters first, then by name. */
export function writableFunctions(contract: GovernedContract): AbiFunction[] {
  const abi = governedAbis[contract] as Abi;
  return abi
    .filter(
      (item): item is AbiFunction =>
        item.type === "function" && item.stateMutability !== "view" && item.stateMutability !== "pure",
    )
    .sort(
      (a, b) => Number(!a.name.startsWith("set")) - Number(!b.name.startsWith("set")) || a.name.localeCompare(b.name),
    )
    .filter((item, i, all) => all.findIndex((other) => signature(other) === signature(item)) === i);
}

export function signature(fn: AbiFunction): string {
  return `${fn.name}(${fn.inputs.map((input) => input.type).join(",")})`;
}

export class ArgumentError extends Error {}

/** One typed argument from its text: numbers as decimal integers, arrays and tuples as JSON. */
export function parseArgument(parameter: AbiParameter, text: string): unknown {
  const raw = text.trim();
  if (parameter.type.endsWith("]") || parameter.type === "tuple") {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ArgumentError(`${label(parameter)}: write a JSON ${parameter.type.endsWith("]") ? "array" : "object"}`);
    }
    return convert(parameter, json);
  }
  return convert(parameter, raw);
}

function label(parameter: AbiParameter): string {
  return parameter.name ? `${parameter.name} (${parameter.type})` : parameter.type;
}

function convert(parameter: AbiParameter, value: unknown): unknown {
  const { type } = parameter;
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) throw new ArgumentError(`${label(parameter)}: expected an array`);
    const inner = { ...parameter, type: array[1]! } as AbiParameter;
    return value.map((item) => convert(inner, item));
  }
  if (type === "tuple") {
    const components = (parameter as { components: readonly AbiParameter[] }).components;
    if (value === null || typeof value !== "object") throw new ArgumentError(`${label(parameter)}: expected an object`);
    return Object.fromEntries(
      components.map((component) => [
        component.name,
        convert(component, (value as Record<string, unknown>)[component.name ?? ""]),
      ]),
    );
  }
  const text = typeof value === "string" ? value.trim() : String(value);
  if (type === "address") {
    if (!isAddress(text)) throw new ArgumentError(`${label(parameter)}: not an address`);
    return text as Address;
  }
  if (type === "bool") {
    if (text !== "true" && text !== "false") throw new ArgumentError(`${label(parameter)}: true or false`);
    return text === "true";
  }
  if (type.startsWith("uint") || type.startsWith("int")) {
    if (!/^-?\d+$/.test(text)) throw new ArgumentError(`${label(parameter)}: a whole number`);
    const number = BigInt(text);
    if (type.startsWith("uint") && number < 0n) throw new ArgumentError(`${label(parameter)}: not negative`);
    // uint8 and friends under 48 bits are numbers in viem's types; the encoder takes either.
    return number;
  }
  if (type.startsWith("bytes")) {
    const size = Number(type.slice(5));
    if (!isHex(text) || (size > 0 && text.length !== 2 + 2 * size))
      throw new ArgumentError(`${label(parameter)}: ${size > 0 ? `${size} bytes of hex` : "hex"} (0x…)`);
    return text as Hex;
  }
  if (type === "string") return text;
  throw new ArgumentError(`${label(parameter)}: type ${type} is not supported here`);
}

export interface BuiltCall {
  contract: GovernedContract;
  target: Address;
  functionName: string;
  args: readonly unknown[];
  calldata: Hex;
}

/** Encodes a call, then decodes it back from its calldata: what is shown is what will be sent. */
export function buildCall(
  contract: GovernedContract,
  target: Address,
  fn: AbiFunction,
  texts: readonly string[],
): BuiltCall {
  const args = fn.inputs.map((input, i) => parseArgument(input, texts[i] ?? ""));
  const calldata = encodeFunctionData({ abi: [fn], functionName: fn.name, args });
  const decoded = decodeFunctionData({ abi: [fn], data: calldata });
  return { contract, target, functionName: decoded.functionName, args: decoded.args ?? [], calldata };
}

/** `Contract.fn(name: value, …)`, bigints in decimal. */
export function describeCall(call: BuiltCall, fn: AbiFunction): string {
  const args = call.args.map((value, i) => {
    const name = fn.inputs[i]?.name;
    const shown =
      typeof value === "string" || typeof value === "bigint" || typeof value === "boolean"
        ? String(value)
        : JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    return `${name ? `${name}: ` : ""}${shown}`;
  });
  return `${call.contract}.${call.functionName}(${args.join(", ")})`;
}
