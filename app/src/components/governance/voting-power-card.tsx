"use client";
import { leaseholdVotesAbi } from "@leasehold/sdk/abis";
import { useState, type FormEvent } from "react";
import { isAddress, zeroAddress, type Address } from "viem";
import { Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { shortAddress } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useGovernanceFlow, type VotingReads } from "./use-governance-reads";

/** The connected account's voting power and where its votes are delegated; delegate them. */
export function VotingPowerCard({
  account,
  reads,
  writable,
}: {
  account: Address;
  reads: VotingReads;
  writable: boolean;
}) {
  const { deployment } = useRuntimeConfig();
  const flow = useGovernanceFlow(reads.formatVotes);
  const [target, setTarget] = useState("");
  const [touched, setTouched] = useState(false);
  const votesToken = deployment!.contracts.LeaseholdVotes.address;
  const delegatedToSelf = reads.delegate?.toLowerCase() === account.toLowerCase();
  const undelegated = reads.delegate === zeroAddress;
  const targetError = touched && target.trim() !== "" && !isAddress(target.trim()) ? "That is not an address." : null;

  const noTokens = reads.balance === 0n;
  // Say what the delegation moved: delegating a balance of 0 gives nobody a vote, and saying
  // "your votes now count" then would mislead (it still makes future tokens count at once).
  const [emptyDelegation, setEmptyDelegation] = useState<string | null>(null);
  const delegate = async (to: Address) => {
    const who = to === account ? "you" : shortAddress(to);
    const moved = reads.balance;
    setEmptyDelegation(null);
    const done = await flow.run(
      [
        {
          label: to === account ? "Delegate your votes to yourself" : `Delegate your votes to ${shortAddress(to)}`,
          prepare: () => ({ address: votesToken, abi: leaseholdVotesAbi, functionName: "delegate", args: [to] }),
        },
      ],
      {
        success:
          moved === undefined
            ? `Delegated to ${who}.`
            : `Delegated ${reads.formatVotes(moved)} to ${who}: ${to === account ? "your" : "their"} votes count from the next second.`,
      },
    );
    if (done && moved === 0n) {
      // Sent, but nothing moved: a warning, not a success.
      flow.reset();
      setEmptyDelegation(
        `Delegated to ${who}, but this account holds 0 ${reads.symbol || "voting tokens"}: that is 0 votes for ${who}.`,
      );
    }
    return done;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    const value = target.trim();
    if (!isAddress(value)) return;
    if (await delegate(value)) {
      setTarget("");
      setTouched(false);
    }
  }

  return (
    <section className="card card--wide" aria-labelledby="votes-heading">
      <div className="card__head">
        <h2 id="votes-heading">Your voting power</h2>
      </div>
      <dl className="stats">
        <div className="stat">
          <dt>Votes</dt>
          <dd>
            <span className="stat__value" data-testid="voting-power">
              {reads.votes === undefined ? "…" : reads.formatVotes(reads.votes)}
            </span>
          </dd>
          <span className="stat__sub">delegated to you, counted from the next second</span>
        </div>
        <div className="stat">
          <dt>Token balance</dt>
          <dd>
            <span className="stat__value" data-testid="votes-balance">
              {reads.balance === undefined ? "…" : reads.formatVotes(reads.balance)}
            </span>
          </dd>
          <span className="stat__sub">counts only once delegated</span>
        </div>
        <div className="stat">
          <dt>Delegated to</dt>
          <dd>
            <span className="stat__value" data-testid="delegate" title={reads.delegate}>
              {reads.delegate === undefined
                ? "…"
                : undelegated
                  ? "nobody"
                  : delegatedToSelf
                    ? "yourself"
                    : shortAddress(reads.delegate)}
            </span>
          </dd>
          <span className="stat__sub">
            proposing needs {reads.proposalThreshold === undefined ? "…" : reads.formatVotes(reads.proposalThreshold)}
          </span>
        </div>
      </dl>
      {noTokens ? (
        <p className="notice notice--warning" data-testid="delegate-no-tokens">
          This account holds no voting tokens, so delegating gives 0 votes to anyone. Votes come from holding
          LeaseholdVotes: receive some, then delegate them (a delegation made now also counts tokens received later).
        </p>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          onClick={() => delegate(account)}
          disabled={!writable || flow.busy || delegatedToSelf}
          data-testid="delegate-self"
        >
          {delegatedToSelf ? "Delegated to yourself" : "Delegate to myself"}
        </button>
      </div>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="delegate-address"
          label="Or delegate to another address"
          hint="They vote with your weight; you keep the tokens and can take the delegation back."
          error={targetError}
        >
          <input
            id="delegate-address"
            className="mono"
            value={target}
            placeholder="0x…"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => {
              setTarget(event.target.value);
              setTouched(true);
            }}
            aria-invalid={Boolean(targetError)}
            data-testid="delegate-address"
          />
        </Field>
        <button
          type="submit"
          className="button"
          disabled={!writable || flow.busy || !isAddress(target.trim())}
          data-testid="delegate-submit"
        >
          Delegate
        </button>
      </form>
      {emptyDelegation ? (
        <p className="notice notice--warning" role="status" data-testid="delegate-tx-warning">
          {emptyDelegation}
        </p>
      ) : null}
      <TxStatus state={flow.state} testId="delegate-tx" onDismiss={flow.reset} />
    </section>
  );
}
