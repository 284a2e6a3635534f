"use client";
import { useState } from "react";
import { formatTimestamp, shortHex } from "@/lib/format";
import { identityStatusNames } from "@/lib/revert-messages";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { IdentityStatus, type GroupReads } from "./use-group-reads";
import type { StakeIdentityState } from "./use-stake-identity";

/**
 * The browser's anonymous identity: create or restore it, back it up, and see what the chain says
 * about it. Only the public commitment is ever shown or read from the chain.
 */
export function IdentityCard({
  state,
  reads,
  token,
}: {
  state: StakeIdentityState;
  reads: GroupReads;
  token: StakeToken;
}) {
  const { chainId } = useRuntimeConfig();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const loaded = state.loaded;
  const commitment = loaded?.identity.commitment;
  const onChain = reads.identity;
  const status = onChain?.status ?? IdentityStatus.None;

  const download = async () => {
    if (!loaded) return;
    const blob = new Blob([loaded.record.backup], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = `leasehold-stake-identity-${chainId}-${loaded.record.commitment.slice(0, 10)}.json`;
    link.click();
    URL.revokeObjectURL(url);
    setMessage(null);
    await state.markExported();
  };

  const act = async (what: () => Promise<unknown>, success: string) => {
    try {
      await what();
      setMessage({ ok: true, text: success });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  const restore = async (file: File | undefined) => {
    if (!file) return;
    if (loaded && !window.confirm("Replace the identity in this browser with the one in the backup?")) return;
    await act(async () => state.restore(await file.text()), `Restored the identity from ${file.name}.`);
  };

  return (
    <section className="card" aria-labelledby="identity-heading" data-testid="stake-identity">
      <div className="card__head">
        <h2 id="identity-heading">Your anonymous identity</h2>
        <span className="pill pill--warn">secret</span>
      </div>
      <p className="muted">
        A secret number made in this browser; its public commitment is what your stake stands behind. It is kept only
        here (IndexedDB, for this chain and stake group) and is never sent anywhere: proofs are computed in your
        browser. Whoever holds the secret can endorse with your stake, withdraw it, and get it slashed; losing it loses
        the stake.
      </p>
      {state.loading ? (
        <p className="muted">Loading…</p>
      ) : !loaded ? (
        <div className="stack">
          <p data-testid="identity-none">No identity in this browser for this chain.</p>
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void act(state.create, "Created a new identity. Export a backup now.")}
              data-testid="identity-create"
            >
              Create an identity
            </button>
            <label className="button button--ghost">
              Import a backup
              <input
                type="file"
                accept="application/json,.json"
                className="sr-only"
                onChange={(event) => void restore(event.target.files?.[0])}
                data-testid="identity-import"
              />
            </label>
          </div>
        </div>
      ) : (
        <div className="stack">
          <dl className="facts">
            <dt>Commitment</dt>
            <dd className="mono" title={commitment!.toString()} data-testid="identity-commitment">
              {shortHex(`0x${commitment!.toString(16).padStart(64, "0")}`, 10, 6)}
            </dd>
            <dt>On chain</dt>
            <dd data-testid="identity-status" data-status={status}>
              {reads.identityLoading
                ? "…"
                : status === IdentityStatus.None
                  ? "not deposited yet"
                  : identityStatusNames[status]}
            </dd>
            {status !== IdentityStatus.None && onChain ? (
              <>
                <dt>Leaf</dt>
                <dd data-testid="identity-leaf">#{onChain.leafIndex}</dd>
                <dt>Stake</dt>
                <dd data-testid="identity-amount">{token.format(onChain.amount)}</dd>
                {status === IdentityStatus.Withdrawing ? (
                  <>
                    <dt>Withdrawable from</dt>
                    <dd>{formatTimestamp(onChain.unlockAt)}</dd>
                  </>
                ) : null}
              </>
            ) : null}
          </dl>
          {loaded.record.exportedAt === null ? (
            <p className="notice notice--warning" role="status" data-testid="identity-not-backed-up">
              This identity has no backup yet. If this browser&apos;s data is cleared, the stake behind it is lost.
            </p>
          ) : (
            <p className="muted small" data-testid="identity-backed-up">
              Backed up {new Date(loaded.record.exportedAt).toLocaleString("en-GB")}.
            </p>
          )}
          <div className="button-row">
            <button
              type="button"
              className={loaded.record.exportedAt === null ? "button button--primary" : "button"}
              onClick={() => void download()}
              data-testid="identity-export"
            >
              Export a backup (JSON)
            </button>
            <label className="button button--ghost button--small">
              Import a backup
              <input
                type="file"
                accept="application/json,.json"
                className="sr-only"
                onChange={(event) => void restore(event.target.files?.[0])}
                data-testid="identity-import"
              />
            </label>
            {status === IdentityStatus.None ||
            status === IdentityStatus.Withdrawn ||
            status === IdentityStatus.Slashed ? (
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => {
                  if (window.confirm("Forget this identity? Without a backup it cannot be recovered.")) {
                    void act(state.forget, "Forgot the identity.");
                  }
                }}
                data-testid="identity-forget"
              >
                Forget it
              </button>
            ) : null}
          </div>
        </div>
      )}
      {state.error ? (
        <p className="notice notice--error" role="alert">
          The stored identity could not be read: {state.error.message}
        </p>
      ) : null}
      {message ? (
        <p
          className={message.ok ? "notice notice--success" : "notice notice--error"}
          role="status"
          data-testid="identity-message"
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
