"use client";
import { leaseholdGovernorAbi } from "@leasehold/sdk/abis";
import { useMemo, useState, type FormEvent } from "react";
import type { Address } from "viem";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import {
  ArgumentError,
  buildCall,
  describeCall,
  governedAbis,
  signature,
  writableFunctions,
  type BuiltCall,
  type GovernedContract,
} from "@/lib/proposal-builder";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useGovernanceFlow, type VotingReads } from "./use-governance-reads";

/**
 * Builds a proposal of parameter changes (or any admin call) that the timelock makes once the
 * proposal passes: a contract the timelock administers, one of its functions from the generated
 * ABIs, typed arguments; every call is shown decoded from the calldata that will be proposed.
 */
export function ProposalBuilder({ reads, writable }: { reads: VotingReads; writable: boolean }) {
  const { deployment } = useRuntimeConfig();
  const flow = useGovernanceFlow(reads.formatVotes);
  const contracts = (Object.keys(governedAbis) as GovernedContract[]).filter(
    (name) => deployment!.contracts[name] !== undefined,
  );
  const [contract, setContract] = useState<GovernedContract>("CodeRegistry");
  const functions = useMemo(() => writableFunctions(contract), [contract]);
  const [chosen, setChosen] = useState("");
  const fn = functions.find((item) => signature(item) === chosen) ?? functions[0];
  const [texts, setTexts] = useState<string[]>([]);
  const [calls, setCalls] = useState<{ call: BuiltCall; text: string }[]>([]);
  const [description, setDescription] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const add = () => {
    if (!fn) return;
    try {
      const call = buildCall(contract, deployment!.contracts[contract]!.address as Address, fn, texts);
      setCalls([...calls, { call, text: describeCall(call, fn) }]);
      setTexts([]);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof ArgumentError ? error.message : (error as Error).message.split("\n")[0]!);
    }
  };

  async function propose(event: FormEvent) {
    event.preventDefault();
    const text = description.trim();
    if (calls.length === 0 || !text) {
      setProblem(calls.length === 0 ? "Add at least one call." : "Describe the proposal: voters read it first.");
      return;
    }
    setProblem(null);
    const done = await flow.run(
      [
        {
          label: "Propose through the governor",
          prepare: () => ({
            address: deployment!.contracts.LeaseholdGovernor.address,
            abi: leaseholdGovernorAbi,
            functionName: "propose",
            args: [
              calls.map(({ call }) => call.target),
              calls.map(() => 0n),
              calls.map(({ call }) => call.calldata),
              text,
            ],
          }),
        },
      ],
      { success: "Proposed: it is listed under Proposals; voting opens after the voting delay." },
    );
    if (done) {
      setCalls([]);
      setDescription("");
    }
  }

  return (
    <section className="card card--wide" aria-labelledby="builder-heading" data-testid="proposal-builder">
      <div className="card__head">
        <h2 id="builder-heading">Propose a parameter change</h2>
      </div>
      <p className="muted small">
        The timelock holds every admin and parameter role: a passed proposal makes these calls as the timelock, after
        the vote and the timelock delay.
      </p>
      <div className="form">
        <Field id="builder-contract" label="Contract">
          <select
            id="builder-contract"
            value={contract}
            onChange={(event) => {
              setContract(event.target.value as GovernedContract);
              setChosen("");
              setTexts([]);
            }}
            data-testid="builder-contract"
          >
            {contracts.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="builder-function" label="Function">
          <select
            id="builder-function"
            value={fn ? signature(fn) : ""}
            onChange={(event) => {
              setChosen(event.target.value);
              setTexts([]);
            }}
            data-testid="builder-function"
          >
            {functions.map((item) => (
              <option key={signature(item)} value={signature(item)}>
                {signature(item)}
              </option>
            ))}
          </select>
        </Field>
        {fn?.inputs.map((input, i) => {
          const id = `builder-arg-${i}`;
          return (
            <Field key={`${signature(fn)}-${i}`} id={id} label={`${input.name || `argument ${i + 1}`} (${input.type})`}>
              <input
                id={id}
                className="mono"
                value={texts[i] ?? ""}
                onChange={(event) => {
                  const next = [...texts];
                  next[i] = event.target.value;
                  setTexts(next);
                }}
                data-testid={`builder-arg-${input.name || i}`}
              />
            </Field>
          );
        })}
        <button type="button" className="button" onClick={add} disabled={!fn} data-testid="builder-add">
          Add this call
        </button>
      </div>
      <form onSubmit={propose} noValidate className="form">
        <div>
          <h3>Calls the timelock will make</h3>
          {calls.length === 0 ? <p className="muted small">None yet.</p> : null}
          <ol className="stack" data-testid="builder-calls">
            {calls.map(({ text }, i) => (
              <li key={i} className="mono small" data-testid="builder-call" style={{ overflowWrap: "anywhere" }}>
                {text}{" "}
                <button type="button" className="link-button" onClick={() => setCalls(calls.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </li>
            ))}
          </ol>
        </div>
        <Field id="builder-description" label="Description (public)">
          <input
            id="builder-description"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            data-testid="builder-description"
          />
        </Field>
        {problem ? (
          <p className="notice notice--error" role="alert" data-testid="builder-error">
            {problem}
          </p>
        ) : null}
        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || flow.busy || calls.length === 0}
          data-testid="builder-propose"
        >
          Propose
        </button>
      </form>
      <TxStatus state={flow.state} testId="builder-tx" onDismiss={flow.reset} />
    </section>
  );
}
