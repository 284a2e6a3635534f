"use client";
import { agentRegistryAbi } from "@leasehold/sdk";
import { useState, type FormEvent } from "react";
import { keccak256, parseEventLogs, stringToBytes, type Hex } from "viem";
import { describedBy, Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { describeIdentityProofError } from "@/lib/identity-proof-messages";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { parseCodeHash, parseIdentity, parseMetadataUri } from "@/lib/validation";
import { PrivateKeyReveal } from "./identity-key";
import { IdentityProofField, useIdentityProof, type IdentityProofArgs } from "./identity-proof";
import { useStakerFlow } from "./use-describe";
import type { StakerReads } from "./use-staker-reads";

type HashSource = "hash" | "text" | "file";

/**
 * Register an agent: its identity key with that key's proof (signed here for a key made here,
 * pasted from the worker otherwise), the hash of the code it runs, and where its metadata lives.
 */
export function RegisterAgentForm({
  reads,
  token,
  writable,
}: {
  reads: StakerReads;
  token: StakeToken;
  writable: boolean;
}) {
  const { deployment } = useRuntimeConfig();
  const flow = useStakerFlow();
  const [identity, setIdentity] = useState("");
  const [codeHash, setCodeHash] = useState("");
  const [metadataUri, setMetadataUri] = useState("");
  const [source, setSource] = useState<HashSource>("hash");
  const [codeText, setCodeText] = useState("");
  const [hashedFrom, setHashedFrom] = useState<string | null>(null);
  const [generated, setGenerated] = useState<{ privateKey: Hex; address: Hex } | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const identityProof = useIdentityProof();
  const [proving, setProving] = useState(false);
  // A refusal found while checking the proof against the chain; cleared by any edit.
  const [proofRefusal, setProofRefusal] = useState<string | null>(null);
  const registry = deployment!.contracts.AgentRegistry.address;

  const identityCheck = parseIdentity(identity);
  const proofProblem = identityCheck.ok ? identityProof.check(identityCheck.value) : null;
  const codeHashCheck = parseCodeHash(codeHash);
  const metadataCheck = parseMetadataUri(metadataUri, reads.maxMetadataLength);
  const show = (check: { ok: boolean; message?: string }, value: string) =>
    (submitted || value !== "") && !check.ok ? (check as { message: string }).message : null;
  const identityError = show(identityCheck, identity);
  const codeHashError = show(codeHashCheck, codeHash);
  const metadataError = show(metadataCheck, metadataUri);
  const proofError = proofRefusal ?? ((submitted || identityProof.pasted !== "") && proofProblem ? proofProblem : null);
  const belowMinimum = reads.stake && reads.minimumStake !== undefined && reads.stake.free < reads.minimumStake;

  async function hashFile(file: File | undefined) {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    setCodeHash(keccak256(bytes));
    setHashedFrom(`keccak256 of ${file.name} (${bytes.length.toLocaleString("en-US")} bytes)`);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setProofRefusal(null);
    if (!identityCheck.ok || !codeHashCheck.ok || !metadataCheck.ok || proofProblem) return;
    let proof: IdentityProofArgs;
    setProving(true);
    try {
      proof = await identityProof.prove(identityCheck.value);
    } catch (error) {
      setProofRefusal(describeIdentityProofError(error));
      return;
    } finally {
      setProving(false);
    }
    const args = [identityCheck.value, codeHashCheck.value, metadataCheck.value, ...proof] as const;
    const ok = await flow.run(
      [
        {
          label: "Register the agent",
          prepare: () => ({ address: registry, abi: agentRegistryAbi, functionName: "register", args }),
        },
      ],
      {
        success: (receipts) => {
          const [registered] = parseEventLogs({
            abi: agentRegistryAbi,
            eventName: "AgentRegistered",
            logs: receipts.flatMap((r) => r.logs),
          });
          return registered ? `Registered agent #${registered.args.agentId}.` : "Agent registered.";
        },
      },
    );
    if (ok) {
      identityProof.reset();
      setIdentity("");
      setCodeHash("");
      setMetadataUri("");
      setCodeText("");
      setHashedFrom(null);
      setSubmitted(false);
    }
  }

  return (
    <section className="card" aria-labelledby="register-heading">
      <div className="card__head">
        <h2 id="register-heading">Register an agent</h2>
      </div>
      {belowMinimum ? (
        <p className="notice notice--warning" data-testid="register-minimum-warning">
          Registering needs at least {token.format(reads.minimumStake!)} free stake; you have{" "}
          {token.format(reads.stake!.free)}.
        </p>
      ) : null}
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="agent-identity"
          label="Identity address"
          hint="The address of the key your worker signs receipts with. Each key can serve one agent, ever, and only with its own consent (the proof below)."
          error={identityError}
        >
          <div className="input-group">
            <input
              id="agent-identity"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="0x…"
              value={identity}
              onChange={(event) => {
                setIdentity(event.target.value);
                setProofRefusal(null);
              }}
              aria-invalid={Boolean(identityError)}
              aria-describedby={describedBy("agent-identity", true, identityError)}
              data-testid="agent-identity"
            />
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => {
                const key = identityProof.generate();
                setGenerated(key);
                setIdentity(key.address);
                setProofRefusal(null);
              }}
              data-testid="generate-identity"
            >
              Generate a new key
            </button>
          </div>
        </Field>
        {generated ? <PrivateKeyReveal {...generated} onDone={() => setGenerated(null)} /> : null}
        <IdentityProofField
          id="agent-identity-proof"
          identityProof={identityProof}
          identity={identity}
          error={proofError}
          onEdit={() => setProofRefusal(null)}
        />

        <fieldset className="fieldset">
          <legend className="field__label">Code hash</legend>
          <div className="segmented" role="radiogroup" aria-label="How to give the code hash">
            {(
              [
                ["hash", "Paste hash"],
                ["text", "Hash text"],
                ["file", "Hash a file"],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                type="button"
                role="radio"
                aria-checked={source === value}
                className={`segmented__option${source === value ? " is-active" : ""}`}
                onClick={() => setSource(value)}
                data-testid={`code-source-${value}`}
              >
                {label}
              </button>
            ))}
          </div>
          {source === "text" ? (
            <div className="field">
              <label htmlFor="agent-code-text" className="sr-only">
                Agent code or manifest to hash
              </label>
              <textarea
                id="agent-code-text"
                rows={4}
                className="mono"
                placeholder="Paste the agent's code or manifest"
                value={codeText}
                onChange={(event) => {
                  setCodeText(event.target.value);
                  if (event.target.value) {
                    setCodeHash(keccak256(stringToBytes(event.target.value)));
                    setHashedFrom(
                      `keccak256 of the pasted text (${stringToBytes(event.target.value).length.toLocaleString("en-US")} bytes)`,
                    );
                  }
                }}
                data-testid="agent-code-text"
              />
            </div>
          ) : null}
          {source === "file" ? (
            <div className="field">
              <label htmlFor="agent-code-file" className="sr-only">
                Agent bundle to hash
              </label>
              <input
                id="agent-code-file"
                type="file"
                onChange={(event) => void hashFile(event.target.files?.[0])}
                data-testid="agent-code-file"
              />
            </div>
          ) : null}
          <Field
            id="agent-code-hash"
            label={<span className="sr-only">Code hash</span>}
            hint={hashedFrom ?? "32 bytes: 0x and 64 hexadecimal characters."}
            error={codeHashError}
          >
            <input
              id="agent-code-hash"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="0x…"
              value={codeHash}
              onChange={(event) => {
                setCodeHash(event.target.value);
                setHashedFrom(null);
              }}
              aria-invalid={Boolean(codeHashError)}
              aria-describedby={describedBy("agent-code-hash", true, codeHashError)}
              data-testid="agent-code-hash"
            />
          </Field>
        </fieldset>

        <Field
          id="agent-metadata"
          label="Metadata URI"
          hint={`Where people read what the agent does (optional${reads.maxMetadataLength === undefined ? "" : `, at most ${reads.maxMetadataLength} bytes`}).`}
          error={metadataError}
        >
          <input
            id="agent-metadata"
            autoComplete="off"
            placeholder="ipfs://… or https://…"
            value={metadataUri}
            onChange={(event) => setMetadataUri(event.target.value)}
            aria-invalid={Boolean(metadataError)}
            aria-describedby={describedBy("agent-metadata", true, metadataError)}
            data-testid="agent-metadata"
          />
        </Field>
        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || flow.busy || proving}
          data-testid="register-submit"
        >
          {proving ? "Checking the proof…" : flow.busy ? "Registering…" : "Register agent"}
        </button>
      </form>
      <TxStatus state={flow.state} testId="register-tx" onDismiss={flow.reset} />
    </section>
  );
}
