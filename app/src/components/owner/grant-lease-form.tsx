"use client";
import { leaseRegistryAbi } from "@leasehold/sdk/abis";
import { CONTEXT_ENVELOPE_OVERHEAD, encryptContext, wipe } from "@leasehold/sdk/sealing";
import { useMemo, useState, type FormEvent } from "react";
import { parseEventLogs, type Address, type Hex } from "viem";
import { useConfig } from "wagmi";
import { AmountInput } from "@/components/ui/amount-input";
import { describedBy, Field } from "@/components/ui/field";
import { StepList, type LocalStep } from "@/components/ui/step-list";
import { TxStatus } from "@/components/ui/tx-status";
import { agentOffer, nameHash } from "@/lib/agent-offers";
import { keyToHex, markUploaded, saveContentKey, type StoredContentKey } from "@/lib/content-keys";
import { formatTimestamp, shortHex } from "@/lib/format";
import { describeGatewayError } from "@/lib/gateway-messages";
import { authorizeLease, uploadContext } from "@/lib/gateway-session";
import type { LendableAgent } from "@/lib/indexer-jobs";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import {
  describeSeconds,
  durationUnitSeconds,
  parseAmount,
  parseDuration,
  type DurationUnit,
  type Validated,
} from "@/lib/validation";
import type { OwnerReads } from "./use-owner-reads";

/** The worker gateway is reached through this app, whose proxy takes bodies up to 1 MiB. */
const MAX_CONTEXT_BYTES = 1024 * 1024 - CONTEXT_ENVELOPE_OVERHEAD;
const CUSTOM = "__custom__";

type ContextSource = "text" | "json" | "file";

/**
 * Lend an agent a context: encrypted here (the content key never leaves this browser), leased on
 * chain by content id, then uploaded as ciphertext to the worker gateway.
 */
export function GrantLeaseForm({
  account,
  agents,
  reads,
  token,
  writable,
  onGranted,
  onKeysChanged,
}: {
  account: Address;
  agents: readonly LendableAgent[];
  reads: OwnerReads;
  token: StakeToken;
  writable: boolean;
  onGranted?: (leaseId: bigint) => void;
  /** A key was added to this browser's store, or its context reached the worker. */
  onKeysChanged?: () => void;
}) {
  const { deployment, chainId } = useRuntimeConfig();
  const wagmiConfig = useConfig();
  const flow = useTokenFlow();
  const now = useChainNow();
  const [agentId, setAgentId] = useState("");
  const [source, setSource] = useState<ContextSource>("json");
  const [text, setText] = useState("");
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [label, setLabel] = useState("");
  const [scopeChoice, setScopeChoice] = useState("");
  const [customScope, setCustomScope] = useState("");
  const [duration, setDuration] = useState("12");
  const [unit, setUnit] = useState<DurationUnit>("hours");
  const [fee, setFee] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [steps, setSteps] = useState<LocalStep[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const registry = deployment!.contracts.LeaseRegistry.address;

  const agent = agents.find((candidate) => candidate.id === agentId);
  const offer = useMemo(() => (agent ? agentOffer(agent) : null), [agent]);
  const effectiveScope = scopeChoice || offer?.scopes[0]?.name || CUSTOM;

  const agentCheck: Validated<bigint> = agent
    ? { ok: true, value: BigInt(agent.id) }
    : { ok: false, message: "Choose the agent to lend the context to." };
  const contextCheck = checkContext(source, text, file);
  const scopeName = effectiveScope === CUSTOM ? customScope.trim() : effectiveScope;
  const scopeCheck: Validated<Hex> =
    scopeName === ""
      ? { ok: false, message: "Name the scope: what the agent may do with the context." }
      : { ok: true, value: nameHash(scopeName) };
  const durationCheck = parseDuration(duration, unit, {
    what: "The lease",
    max: reads.maxTtl === undefined ? undefined : { seconds: reads.maxTtl, why: "the lease registry's limit" },
  });
  const feeCheck = parseAmount(fee, token.decimals);
  const show = (check: Validated<unknown>) => (submitted && !check.ok ? check.message : null);
  const errors = {
    agent: show(agentCheck),
    context: show(contextCheck),
    scope: show(scopeCheck),
    // Durations and amounts are judged as soon as they are typed: their limits are the point.
    duration: durationCheck.ok ? null : duration !== "" || submitted ? durationCheck.message : null,
    fee: feeCheck.ok ? null : fee !== "" || submitted ? feeCheck.message : null,
  };
  const expiry = durationCheck.ok ? now + durationCheck.value : null;

  function setStep(id: string, patch: Partial<LocalStep>) {
    setSteps((current) => current.map((step) => (step.id === id ? { ...step, ...patch } : step)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setOutcome(null);
    if (!agentCheck.ok || !contextCheck.ok || !scopeCheck.ok || !durationCheck.ok || !feeCheck.ok || busy) return;
    setBusy(true);
    setSteps([
      { id: "encrypt", label: "Encrypt the context in this browser", status: "running" },
      { id: "keep", label: "Keep the content key in this browser", status: "queued" },
      { id: "authorize", label: "Authorize this browser at the worker gateway (signature)", status: "queued" },
      { id: "upload", label: "Upload the encrypted context", status: "queued" },
    ]);
    let contentKey: Uint8Array | null = null;
    try {
      const plaintext = contextCheck.value;
      const sealed = encryptContext(plaintext, { chainId, owner: account });
      contentKey = sealed.contentKey;
      setStep("encrypt", { status: "done", detail: `content id ${shortHex(sealed.contentId, 10, 6)}` });
      setStep("keep", { status: "running" });
      // Kept before the lease exists: a lease whose key was lost could never be used.
      await saveContentKey(
        keyRecord({
          contentId: sealed.contentId,
          chainId,
          owner: account,
          contentKey,
          label: label.trim() || (source === "file" && file ? file.name : ""),
          bytes: plaintext.length,
          envelope: sealed.envelope,
        }),
      );
      setStep("keep", { status: "done" });
      onKeysChanged?.();

      let leaseId: bigint | null = null;
      const granted = await flow.run(
        [
          {
            label: `Grant the lease to agent #${agentCheck.value}`,
            prepare: () => ({
              address: registry,
              abi: leaseRegistryAbi,
              functionName: "grant",
              // Expiry from chain time at the moment of sending, so the TTL shown is the TTL granted.
              args: [
                agentCheck.value,
                scopeCheck.value,
                sealed.contentId,
                BigInt(now + durationCheck.value),
                feeCheck.value,
              ],
            }),
          },
        ],
        {
          success: (receipts) => {
            const [log] = parseEventLogs({
              abi: leaseRegistryAbi,
              eventName: "LeaseGranted",
              logs: receipts.flatMap((r) => r.logs),
            });
            leaseId = log?.args.leaseId ?? null;
            return leaseId === null ? "Lease granted." : `Lease #${leaseId} granted.`;
          },
        },
      );
      if (!granted || leaseId === null) {
        setSteps((current) =>
          current.map((step) => (step.status === "queued" ? { ...step, status: "skipped" } : step)),
        );
        return;
      }
      onGranted?.(leaseId);

      setStep("authorize", { status: "running" });
      let tokens;
      try {
        tokens = await authorizeLease({ wagmiConfig, chainId, deployment: deployment!, leaseId });
      } catch (error) {
        setStep("authorize", { status: "failed" });
        setStep("upload", { status: "skipped" });
        setOutcome({
          ok: false,
          message: `Lease #${leaseId} is granted, but the gateway did not authorize this browser: ${describeGatewayError(error)} Upload it from the lease table.`,
        });
        return;
      }
      setStep("authorize", { status: "done" });
      setStep("upload", { status: "running" });
      try {
        await uploadContext({ leaseId, envelope: sealed.envelope, token: tokens.upload });
        await markUploaded(sealed.contentId);
        onKeysChanged?.();
      } catch (error) {
        setStep("upload", { status: "failed" });
        setOutcome({
          ok: false,
          message: `Lease #${leaseId} is granted, but the upload failed: ${describeGatewayError(error)} Retry from the lease table.`,
        });
        return;
      }
      setStep("upload", { status: "done", detail: `${sealed.envelope.length.toLocaleString("en-US")} bytes` });
      setOutcome({ ok: true, message: `Lease #${leaseId} is live and its context is with the worker.` });
      setText("");
      setFile(null);
      setLabel("");
      setSubmitted(false);
    } catch (error) {
      setSteps((current) =>
        current.map((step) =>
          step.status === "running"
            ? { ...step, status: "failed" }
            : step.status === "queued"
              ? { ...step, status: "skipped" }
              : step,
        ),
      );
      setOutcome({ ok: false, message: describeGatewayError(error) });
    } finally {
      if (contentKey) wipe(contentKey);
      setBusy(false);
    }
  }

  return (
    <section className="card card--wide" aria-labelledby="grant-heading">
      <div className="card__head">
        <h2 id="grant-heading">Lend a context</h2>
      </div>
      <p className="muted">
        The context is encrypted in this browser. Only its content id goes on chain, only ciphertext goes to the worker,
        and the content key stays here until you seal it to one job.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="grant-agent"
          label="Agent"
          hint={offer?.description ?? (agents.length === 0 ? "No registered agents yet." : undefined)}
          error={errors.agent}
        >
          <select
            id="grant-agent"
            value={agentId}
            onChange={(event) => {
              setAgentId(event.target.value);
              setScopeChoice("");
            }}
            aria-invalid={Boolean(errors.agent)}
            aria-describedby={describedBy("grant-agent", Boolean(offer?.description), errors.agent)}
            data-testid="grant-agent"
          >
            <option value="">Choose an agent…</option>
            {agents.map((candidate) => {
              const candidateOffer = agentOffer(candidate);
              return (
                <option key={candidate.id} value={candidate.id}>
                  #{candidate.id} {candidateOffer.name ?? "unnamed agent"} · operator {shortHex(candidate.operator)}
                </option>
              );
            })}
          </select>
        </Field>

        <fieldset className="fieldset">
          <legend className="field__label">Context</legend>
          <div className="segmented" role="radiogroup" aria-label="How to give the context">
            {(
              [
                ["json", "JSON"],
                ["text", "Text"],
                ["file", "File"],
              ] as const
            ).map(([value, name]) => (
              <button
                key={value}
                type="button"
                role="radio"
                aria-checked={source === value}
                className={`segmented__option${source === value ? " is-active" : ""}`}
                onClick={() => setSource(value)}
                data-testid={`grant-source-${value}`}
              >
                {name}
              </button>
            ))}
          </div>
          {source === "file" ? (
            <Field id="grant-file" label={<span className="sr-only">Context file</span>} error={errors.context}>
              <input
                id="grant-file"
                type="file"
                onChange={async (event) => {
                  const chosen = event.target.files?.[0];
                  setFile(chosen ? { name: chosen.name, bytes: new Uint8Array(await chosen.arrayBuffer()) } : null);
                }}
                data-testid="grant-file"
              />
            </Field>
          ) : (
            <Field
              id="grant-context"
              label={<span className="sr-only">Context {source === "json" ? "JSON" : "text"}</span>}
              hint={
                source === "json" ? "A JSON document, e.g. an array of records." : "Plain text, encrypted as UTF-8."
              }
              error={errors.context}
            >
              <textarea
                id="grant-context"
                rows={7}
                className="mono"
                spellCheck={false}
                placeholder={source === "json" ? '[{ "name": "Ada", "email": "ada@example.org" }]' : "Your context"}
                value={text}
                onChange={(event) => setText(event.target.value)}
                aria-invalid={Boolean(errors.context)}
                aria-describedby={describedBy("grant-context", true, errors.context)}
                data-testid="grant-context"
              />
            </Field>
          )}
          <Field id="grant-label" label="Label" hint="Only for you: names the key in this browser's key list.">
            <input
              id="grant-label"
              autoComplete="off"
              placeholder="Customer list, November"
              value={label}
              onChange={(event) => setLabel(event.target.value)}
              data-testid="grant-label"
            />
          </Field>
        </fieldset>

        <Field
          id="grant-scope"
          label="Scope"
          hint={
            scopeCheck.ok ? (
              <>
                What the agent may do with the context. On chain as{" "}
                <span className="mono">{shortHex(scopeCheck.value, 10, 6)}</span>
                {offer && offer.scopes.length === 0
                  ? "; this agent declares no scopes, so name one its worker serves"
                  : ""}
                .
              </>
            ) : (
              "What the agent may do with the context: a scope its worker serves."
            )
          }
          error={errors.scope}
        >
          <div className="input-group">
            <select
              id="grant-scope"
              value={effectiveScope}
              onChange={(event) => setScopeChoice(event.target.value)}
              aria-invalid={Boolean(errors.scope)}
              aria-describedby={describedBy("grant-scope", true, errors.scope)}
              data-testid="grant-scope"
            >
              {(offer?.scopes ?? []).map((scope) => (
                <option key={scope.hash} value={scope.name} title={scope.description}>
                  {scope.description ? `${scope.description} (${scope.name})` : scope.name}
                </option>
              ))}
              <option value={CUSTOM}>Another scope…</option>
            </select>
            {effectiveScope === CUSTOM ? (
              <input
                aria-label="Scope name"
                className="mono"
                autoComplete="off"
                placeholder="leasehold/scope/…"
                value={customScope}
                onChange={(event) => setCustomScope(event.target.value)}
                data-testid="grant-scope-custom"
              />
            ) : null}
          </div>
        </Field>

        <div className="grid-2 grid-2--tight">
          <Field
            id="grant-duration"
            label="Lease length"
            hint={
              <>
                {reads.maxTtl === undefined ? "" : `At most ${describeSeconds(reads.maxTtl)}, the registry's limit. `}
                {expiry === null ? null : (
                  <span data-testid="grant-expiry">Expires {formatTimestamp(expiry)} (chain time).</span>
                )}
              </>
            }
            error={errors.duration}
          >
            <div className="input-group">
              <input
                id="grant-duration"
                inputMode="decimal"
                autoComplete="off"
                value={duration}
                onChange={(event) => setDuration(event.target.value)}
                aria-invalid={Boolean(errors.duration)}
                aria-describedby={describedBy("grant-duration", true, errors.duration)}
                data-testid="grant-duration"
              />
              <select
                aria-label="Unit"
                value={unit}
                onChange={(event) => setUnit(event.target.value as DurationUnit)}
                data-testid="grant-duration-unit"
              >
                {(Object.keys(durationUnitSeconds) as DurationUnit[]).map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </div>
          </Field>
          <Field
            id="grant-fee"
            label={`Fee cap per job (${token.symbol || "tokens"})`}
            hint="The most a single job under this lease may escrow. Nothing is charged now."
            error={errors.fee}
          >
            <AmountInput
              id="grant-fee"
              value={fee}
              onEdit={setFee}
              max={reads.tokenBalance}
              decimals={token.decimals}
              hasHint
              error={errors.fee}
            />
          </Field>
        </div>

        <button
          type="submit"
          className="button button--primary"
          disabled={!writable || busy || flow.busy}
          data-testid="grant-submit"
        >
          {busy ? "Granting…" : "Encrypt and grant the lease"}
        </button>
      </form>
      <StepList steps={steps.filter((step) => step.id === "encrypt" || step.id === "keep")} testId="grant-local" />
      <TxStatus state={flow.state} testId="grant-tx" />
      <StepList
        steps={steps.filter((step) => step.id === "authorize" || step.id === "upload")}
        testId="grant-gateway"
      />
      {outcome ? (
        <p
          className={outcome.ok ? "notice notice--success" : "notice notice--error"}
          role={outcome.ok ? "status" : "alert"}
          data-testid={outcome.ok ? "grant-success" : "grant-error"}
        >
          {outcome.message}
        </p>
      ) : null}
    </section>
  );
}

/** The browser's record of a new context's key; the envelope stays until the gateway has it. */
function keyRecord(parameters: {
  contentId: Hex;
  chainId: number;
  owner: Address;
  contentKey: Uint8Array;
  label: string;
  bytes: number;
  envelope: Uint8Array;
}): StoredContentKey {
  const createdAt = Date.now();
  return {
    contentId: parameters.contentId,
    chainId: parameters.chainId,
    owner: parameters.owner,
    key: keyToHex(parameters.contentKey),
    label: parameters.label || `Context of ${new Date(createdAt).toLocaleString("en-GB")}`,
    createdAt,
    bytes: parameters.bytes,
    envelope: parameters.envelope,
    uploaded: false,
  };
}

function checkContext(
  source: ContextSource,
  text: string,
  file: { name: string; bytes: Uint8Array } | null,
): Validated<Uint8Array> {
  let bytes: Uint8Array;
  if (source === "file") {
    if (!file) return { ok: false, message: "Choose the file to lend." };
    bytes = file.bytes;
  } else {
    if (text.trim() === "") return { ok: false, message: "Write or paste the context to lend." };
    if (source === "json") {
      try {
        JSON.parse(text);
      } catch (error) {
        return { ok: false, message: `This is not valid JSON: ${(error as Error).message}` };
      }
    }
    bytes = new TextEncoder().encode(text);
  }
  if (bytes.length === 0) return { ok: false, message: "The context is empty." };
  if (bytes.length > MAX_CONTEXT_BYTES) {
    return {
      ok: false,
      message: `The context is ${bytes.length.toLocaleString("en-US")} bytes; at most ${MAX_CONTEXT_BYTES.toLocaleString("en-US")} can be uploaded.`,
    };
  }
  return { ok: true, value: bytes };
}
