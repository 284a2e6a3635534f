"use client";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { parseEther, toFunctionSignature, type AbiFunction, type Address } from "viem";
import { useConfig, useConnection } from "wagmi";
import { readContract } from "wagmi/actions";
import { TxStatus } from "@/components/ui/tx-status";
import { AbiInputError, emptyDraft, formatAbiValue, parseDraft, type Draft } from "@/lib/abi-value";
import { describeError } from "@/lib/revert-messages";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useTokenFlow } from "@/lib/use-token-flow";
import { AbiInput } from "./abi-input";

interface FunctionFormProps {
  address: Address;
  abi: readonly AbiFunction[];
  fn: AbiFunction;
  /** Stable id for tests: the function's name, with its position among overloads when there are several. */
  id: string;
}

function useDrafts(fn: AbiFunction) {
  const [drafts, setDrafts] = useState<Draft[]>(() => fn.inputs.map(emptyDraft));
  const [problem, setProblem] = useState<string | null>(null);
  const parse = (): unknown[] | null => {
    try {
      const args = fn.inputs.map((input, i) => parseDraft(input, drafts[i] ?? ""));
      setProblem(null);
      return args;
    } catch (error) {
      if (!(error instanceof AbiInputError)) throw error;
      setProblem(error.message);
      return null;
    }
  };
  const set = (i: number, value: Draft) => setDrafts((old) => old.map((draft, j) => (j === i ? value : draft)));
  return { drafts, set, parse, problem };
}

function Inputs({
  fn,
  id,
  drafts,
  set,
}: {
  fn: AbiFunction;
  id: string;
  drafts: Draft[];
  set: (i: number, d: Draft) => void;
}) {
  return fn.inputs.map((input, i) => (
    <AbiInput
      key={i}
      parameter={input}
      draft={drafts[i] ?? ""}
      onChange={(value) => set(i, value)}
      testId={`debug-input-${id}-${input.name || i}`}
    />
  ));
}

/** A view or pure function: read at once when it takes no arguments, else on request; refreshed after writes. */
export function ReadFunction({ address, abi, fn, id }: FunctionFormProps) {
  const config = useConfig();
  const { chainId } = useRuntimeConfig();
  const { drafts, set, parse, problem } = useDrafts(fn);
  // The arguments of the last request, as parsed; none yet for a function that needs some.
  const [request, setRequest] = useState<{ args: unknown[]; key: string } | null>(
    fn.inputs.length === 0 ? { args: [], key: "[]" } : null,
  );
  const result = useQuery({
    queryKey: ["debug-read", address, toFunctionSignature(fn), request?.key],
    queryFn: async (): Promise<unknown> =>
      readContract(config, { address, abi, functionName: fn.name, args: request!.args, chainId }),
    enabled: request !== null,
    retry: false,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const args = parse();
    if (args) setRequest({ args, key: formatAbiValue(args) });
  };
  const outputs = fn.outputs.map((output) => `${output.type}${output.name ? ` ${output.name}` : ""}`).join(", ");
  return (
    <form className="debug-fn" onSubmit={submit} data-testid={`debug-read-${id}`}>
      <h4 className="mono">
        {fn.name}
        <span className="muted"> → {outputs || "nothing"}</span>
      </h4>
      <Inputs fn={fn} id={id} drafts={drafts} set={set} />
      <div className="debug-fn__actions">
        <button type="submit" className="button button--small" disabled={result.isFetching}>
          {result.isFetching ? "Reading…" : "Read"}
        </button>
      </div>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
      {result.error ? (
        <p className="field__error" role="alert" data-testid={`debug-error-${id}`}>
          {describeError(result.error, { amount: (value) => value.toString() })}
        </p>
      ) : result.data !== undefined ? (
        <pre className="debug-fn__result mono" data-testid={`debug-result-${id}`}>
          {formatAbiValue(result.data)}
        </pre>
      ) : null}
    </form>
  );
}

/** A state-changing function, sent from the connected wallet through the app's transaction flow. */
export function WriteFunction({ address, abi, fn, id }: FunctionFormProps) {
  const { isLocalChain } = useRuntimeConfig();
  const { status } = useConnection();
  const { drafts, set, parse, problem } = useDrafts(fn);
  const [value, setValue] = useState("");
  const [valueProblem, setValueProblem] = useState<string | null>(null);
  const flow = useTokenFlow();
  const payable = fn.stateMutability === "payable";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const args = parse();
    let wei: bigint | undefined;
    if (payable && value.trim()) {
      try {
        wei = parseEther(value.trim());
        setValueProblem(null);
      } catch {
        setValueProblem("value: an ether amount, e.g. 0.5");
        return;
      }
    }
    if (!args) return;
    void flow.run(
      [{ label: `${fn.name}(…)`, prepare: () => ({ address, abi, functionName: fn.name, args, value: wei }) }],
      {
        success: `${fn.name} confirmed.`,
      },
    );
  };
  const writable = isLocalChain && status === "connected";
  return (
    <form className="debug-fn" onSubmit={submit} data-testid={`debug-write-${id}`}>
      <h4 className="mono">
        {fn.name}
        {payable ? <span className="badge">payable</span> : null}
      </h4>
      <Inputs fn={fn} id={id} drafts={drafts} set={set} />
      {payable ? (
        <label className="debug-input">
          <span className="debug-input__label">
            value <span className="muted mono">ETH</span>
          </span>
          <input className="mono" value={value} placeholder="0.0" onChange={(event) => setValue(event.target.value)} />
        </label>
      ) : null}
      <div className="debug-fn__actions">
        <button type="submit" className="button button--small button--primary" disabled={!writable || flow.busy}>
          {flow.busy ? "Sending…" : "Send"}
        </button>
        {!writable ? (
          <span className="muted small">
            {isLocalChain ? "Connect a wallet to send." : "Writes are local-chain only."}
          </span>
        ) : null}
      </div>
      {problem || valueProblem ? (
        <p className="field__error" role="alert">
          {problem ?? valueProblem}
        </p>
      ) : null}
      <TxStatus state={flow.state} testId={`debug-tx-${id}`} onDismiss={flow.reset} />
    </form>
  );
}
