"use client";
import { useState } from "react";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

/** A fresh secp256k1 identity made in this browser; only its address ever leaves the page. */
export function generateIdentity(): { privateKey: Hex; address: Hex } {
  const privateKey = generatePrivateKey();
  return { privateKey, address: privateKeyToAccount(privateKey).address };
}

/**
 * Shows a freshly generated private key once, for the operator to hand to their worker. It is
 * kept in memory only and forgotten when dismissed; nobody, including this app, can show it again.
 */
export function PrivateKeyReveal({
  privateKey,
  address,
  onDone,
}: {
  privateKey: Hex;
  address: Hex;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret" role="region" aria-label="New identity key" data-testid="generated-key">
      <p>
        <strong>Save this private key now.</strong> It is shown once and stored nowhere: your worker signs receipts with
        it as identity <span className="mono">{address}</span>.
      </p>
      <code className="secret__value mono" data-testid="generated-private-key">
        {privateKey}
      </code>
      <div className="button-row">
        <button
          type="button"
          className="button button--small"
          onClick={async () => {
            await navigator.clipboard?.writeText(privateKey).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={onDone}
          data-testid="generated-key-done"
        >
          I have saved it
        </button>
      </div>
    </div>
  );
}
