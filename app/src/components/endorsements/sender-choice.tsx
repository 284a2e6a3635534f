"use client";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { shortAddress } from "@/lib/format";
import type { GetRelayerInfoReturnType } from "@leasehold/sdk/relayer";
import { relayer } from "@/lib/relayer";

/** Who sends an anonymous-stake transaction: the relayer (the default) or the connected wallet. */
export type Sender = "relayer" | "wallet";

/** The relayer's address, fee policy and endorsement budget, refreshed while the page is open. */
export function useRelayerInfo() {
  return useQuery({ queryKey: ["relayer-info"], queryFn: () => relayer().info(), refetchInterval: 15_000, retry: 1 });
}

/**
 * The two ways to send: through the relayer, whose address is the only one in the transaction,
 * or from the connected wallet, which ties that address to the action for good. The wallet is a
 * fallback for when no relayer answers, and the card says what it costs.
 */
export function SenderChoice({
  id,
  value,
  onChange,
  disabled,
  relayer,
  what,
}: {
  id: string;
  value: Sender;
  onChange: (sender: Sender) => void;
  disabled: boolean;
  relayer: { data?: GetRelayerInfoReturnType; error: Error | null; isPending: boolean };
  /** "endorsement" or "withdrawal", as the warning says it. */
  what: string;
}) {
  return (
    <fieldset className="fieldset" disabled={disabled} data-testid={`${id}-sender`}>
      <legend className="field__label">Who sends it</legend>
      <label className="choice">
        <input
          type="radio"
          name={`${id}-sender`}
          value="relayer"
          checked={value === "relayer"}
          onChange={() => onChange("relayer")}
          data-testid={`${id}-via-relayer`}
        />{" "}
        The relayer (recommended): its address sends the transaction and pays the gas
      </label>
      <label className="choice">
        <input
          type="radio"
          name={`${id}-sender`}
          value="wallet"
          checked={value === "wallet"}
          onChange={() => onChange("wallet")}
          data-testid={`${id}-via-wallet`}
        />{" "}
        Send it from my wallet (links this address to the {what})
      </label>
      {value === "wallet" ? (
        <p className="notice notice--warning" data-testid={`${id}-wallet-warning`}>
          <strong>This gives your anonymity away.</strong> The transaction will be sent and paid for by the connected
          account, so anyone can see that this address made this {what}; if it is also the account that deposited, the
          deposit and the {what} are linked too. Use it only if the relayer cannot help.
        </p>
      ) : relayer.error ? (
        <p className="notice notice--error" role="alert" data-testid={`${id}-relayer-error`}>
          The relayer is not answering: {relayer.error.message} Try again later; sending from your wallet works but
          links your address.
        </p>
      ) : null}
    </fieldset>
  );
}

/** What the relayer says about itself: its address and the figure that matters for this action. */
export function RelayerFacts({
  id,
  info,
  children,
}: {
  id: string;
  info: GetRelayerInfoReturnType | undefined;
  children?: ReactNode;
}) {
  return (
    <dl className="facts" data-testid={`${id}-relayer`}>
      <dt>Relayer</dt>
      <dd className="mono" title={info?.relayer} data-testid={`${id}-relayer-address`}>
        {info ? shortAddress(info.relayer) : "…"}
      </dd>
      {children}
    </dl>
  );
}

/**
 * What stays hidden and what does not, in plain words: the same facts for an endorsement and a
 * withdrawal, each with its own public part.
 */
export function PrivacyFacts({ id, hidden, visible }: { id: string; hidden: ReactNode[]; visible: ReactNode[] }) {
  return (
    <div className="notice" data-testid={`${id}-privacy`}>
      <p>
        <strong>Hidden:</strong>
      </p>
      <ul>
        {hidden.map((item, index) => (
          <li key={index}>{item}</li>
        ))}
      </ul>
      <p>
        <strong>Not hidden:</strong>
      </p>
      <ul>
        {visible.map((item, index) => (
          <li key={index}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
