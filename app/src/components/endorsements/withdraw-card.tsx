"use client";
import { anonymousStakeGroupAbi } from "@leasehold/sdk";
import { prepareWithdrawal, type StakeIdentity } from "@leasehold/sdk/zk";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { getAddress, isAddress, isAddressEqual, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { usePublicClient } from "wagmi";
import { describedBy, Field } from "@/components/ui/field";
import { TxStatus } from "@/components/ui/tx-status";
import { fetchStakeArtifactSizes, stakeArtifactUrls } from "@/lib/endorse-artifacts";
import { shortAddress } from "@/lib/format";
import { relayer as relayerClient } from "@/lib/relayer";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { ProvingProgress } from "./proving-progress";
import { PrivacyFacts, RelayerFacts, SenderChoice, useRelayerInfo, type Sender } from "./sender-choice";
import { useEndorsementProver } from "./use-endorsement-prover";

/**
 * Withdraws the identity's stake to an address of the person's choosing without naming the
 * identity's owner: the browser proves it knows the secret behind the commitment (against a
 * tree of that one leaf, so nothing is revealed), and the relayer sends `requestWithdrawal` from
 * its own address, then `withdraw` once the delay is over, taking `relayerFee` out of the stake.
 * The proof binds recipient and fee, so the relayer can change neither. The recipient should be
 * a fresh address: the page can make one (its key is downloaded here and never sent anywhere).
 */
export function WithdrawCard({
  identity,
  stakeAmount,
  account,
  writable,
  token,
}: {
  identity: StakeIdentity;
  stakeAmount: bigint;
  account: Address | undefined;
  writable: boolean;
  token: StakeToken;
}) {
  const { chainId, deployment } = useRuntimeConfig();
  const group = deployment!.contracts.AnonymousStakeGroup.address;
  const flow = useTokenFlow();
  const prover = useEndorsementProver();
  const relayer = useRelayerInfo();
  const depositor = useDepositor(identity.commitment);
  const [sender, setSender] = useState<Sender>("relayer");
  const [recipientInput, setRecipientInput] = useState("");
  const [fresh, setFresh] = useState<{ address: Address; privateKey: `0x${string}`; saved: boolean } | null>(null);
  const busy =
    flow.busy || (prover.state.stage !== "idle" && prover.state.stage !== "done" && prover.state.stage !== "failed");

  const recipient = isAddress(recipientInput.trim(), { strict: false }) ? getAddress(recipientInput.trim()) : null;
  const recipientError =
    recipientInput.trim() === "" ? null : recipient ? null : "Enter an address (0x followed by 40 hex digits).";
  const isFresh = Boolean(fresh && recipient && isAddressEqual(fresh.address, recipient));
  const linksAccount = Boolean(recipient && account && isAddressEqual(recipient, account));
  const linksDepositor = Boolean(recipient && depositor.data && isAddressEqual(recipient, depositor.data));
  // The relayer's own policy sets its fee; a wallet pays its own gas and takes none.
  const relayerFee = sender === "relayer" ? relayer.data?.fees.withdrawals.minimumRelayerFee : 0n;
  const feeTooHigh = relayerFee !== undefined && relayerFee >= stakeAmount;
  const canSend = sender === "relayer" ? Boolean(relayer.data) : writable;
  const keyUnsaved = isFresh && !fresh!.saved;

  function makeFresh() {
    const privateKey = generatePrivateKey();
    const address = privateKeyToAccount(privateKey).address;
    setFresh({ address, privateKey, saved: false });
    setRecipientInput(address);
  }

  function saveFreshKey() {
    if (!fresh) return;
    const backup = JSON.stringify(
      { kind: "leasehold-withdrawal-recipient", chainId, address: fresh.address, privateKey: fresh.privateKey },
      null,
      2,
    );
    const url = URL.createObjectURL(new Blob([backup], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `leasehold-recipient-${fresh.address.slice(0, 10)}.json`;
    link.click();
    URL.revokeObjectURL(url);
    setFresh({ ...fresh, saved: true });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!recipient || relayerFee === undefined || feeTooHigh || keyUnsaved || busy) return;
    flow.reset();
    prover.begin("download");
    let proof: Awaited<ReturnType<typeof prover.prove>>;
    try {
      const prepared = prepareWithdrawal({ identity, stakeAmount, chainId, group, recipient, relayerFee });
      const urls = stakeArtifactUrls(window.location.origin);
      prover.enter("download", { expected: await fetchStakeArtifactSizes(urls.manifest) });
      proof = await prover.prove({ input: prepared.input, wasmUrl: urls.wasm, zkeyUrl: urls.zkey });
    } catch (error) {
      prover.fail(error instanceof Error ? error.message : String(error));
      return;
    }
    const { y, nullifier, calldata } = proof;
    const commitment = identity.commitment;
    const shown = token.format(stakeAmount - relayerFee);
    await flow.run(
      [
        sender === "relayer"
          ? {
              label: `Hand the withdrawal request to the relayer`,
              relay: async () =>
                (
                  await relayerClient().relayWithdrawal({
                    commitment,
                    recipient,
                    relayerFee,
                    y,
                    nullifier,
                    proof: calldata,
                  })
                ).txHash,
            }
          : {
              label: `Request the withdrawal from your wallet`,
              prepare: () => ({
                address: group,
                abi: anonymousStakeGroupAbi,
                functionName: "requestWithdrawal",
                args: [commitment, recipient, relayerFee, y, nullifier, calldata],
              }),
            },
      ],
      { success: `Withdrawal requested: ${shown} to ${shortAddress(recipient)} once the delay is over.` },
    );
  }

  return (
    <section className="card" aria-labelledby="withdraw-heading" data-testid="stake-withdraw">
      <div className="card__head">
        <h2 id="withdraw-heading">Withdraw the stake</h2>
      </div>
      <p className="muted">
        Takes the identity&apos;s {token.format(stakeAmount)} out of the group, to an address you choose, after the
        group&apos;s withdrawal delay (the stake stays slashable until then). The identity stops endorsing at once. Your
        browser proves it holds the secret without revealing it.
      </p>
      <form onSubmit={submit} noValidate className="form">
        <Field
          id="withdraw-recipient"
          label="Recipient"
          hint="The recipient is public, next to this identity's commitment, which the deposit tied to the depositing address."
          error={recipientError}
        >
          <div className="input-group">
            <input
              id="withdraw-recipient"
              className="mono"
              autoComplete="off"
              placeholder="0x…"
              value={recipientInput}
              onChange={(event) => setRecipientInput(event.target.value)}
              disabled={busy}
              aria-invalid={Boolean(recipientError)}
              aria-describedby={describedBy("withdraw-recipient", true, recipientError)}
              data-testid="withdraw-recipient"
            />
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={makeFresh}
              disabled={busy}
              data-testid="withdraw-fresh"
            >
              Make a fresh address
            </button>
          </div>
        </Field>
        {isFresh ? (
          <div
            className={fresh!.saved ? "notice" : "notice notice--warning"}
            data-testid="withdraw-fresh-key"
            data-saved={fresh!.saved}
          >
            <p>
              A new account made in this browser. Only its key can spend what arrives there, and the key is kept nowhere
              but in the file you save now (import it into your wallet).
            </p>
            <button
              type="button"
              className={fresh!.saved ? "button button--small" : "button button--primary button--small"}
              onClick={saveFreshKey}
              data-testid="withdraw-fresh-save"
            >
              {fresh!.saved ? "Save its key again" : "Save its key (JSON)"}
            </button>
          </div>
        ) : null}
        {linksAccount || linksDepositor ? (
          <p className="notice notice--warning" role="alert" data-testid="withdraw-recipient-linked">
            {linksDepositor
              ? "This is the address that deposited this stake: the tokens go back where they came from. That reveals nothing new (the deposit already names this address and the commitment), but this address is then the recipient in public too; a fresh address keeps it out of the withdrawal."
              : "This is your connected account: the withdrawal would tie it, in public, to this deposit and to the address that made it. Prefer a fresh address."}
          </p>
        ) : null}
        <SenderChoice
          id="withdraw"
          value={sender}
          onChange={setSender}
          disabled={busy}
          relayer={relayer}
          what="withdrawal"
        />
        {sender === "relayer" ? (
          <RelayerFacts id="withdraw" info={relayer.data}>
            <dt>Relayer fee</dt>
            <dd data-testid="withdraw-fee">
              {relayerFee === undefined ? "…" : `${token.format(relayerFee)}, out of the stake, at payout`}
            </dd>
          </RelayerFacts>
        ) : null}
        <p className="muted small">
          The recipient gets{" "}
          <strong data-testid="withdraw-net">
            {relayerFee === undefined ? "…" : token.format(stakeAmount - relayerFee)}
          </strong>
          {sender === "wallet" ? "; you send the payout yourself once the delay is over." : "."}
        </p>
        {feeTooHigh ? (
          <p className="notice notice--error" data-testid="withdraw-fee-too-high">
            The relayer&apos;s fee is not less than this stake: it would take all of it.
          </p>
        ) : null}
        <PrivacyFacts
          id="withdraw"
          hidden={[
            "the secret, and which endorsements this identity made: the withdrawal proof reveals nothing about either",
            sender === "relayer"
              ? "your address: the relayer sends the request and the payout and pays their gas, so neither you nor the recipient needs ether"
              : "nothing more: your wallet sends the request",
          ]}
          visible={[
            "the commitment, its amount and the recipient: the request names them, and the deposit tied the commitment to the depositing address, so anyone can see where this deposit went",
            "when it was requested and paid out",
            "the relayer sees the request, and this site's server, which forwards it, sees your IP address",
          ]}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={!canSend || busy || !recipient || feeTooHigh || keyUnsaved}
          data-testid="withdraw-submit"
        >
          {busy
            ? "Withdrawing…"
            : sender === "relayer"
              ? "Prove and withdraw through the relayer"
              : "Prove and request from my wallet"}
        </button>
        {keyUnsaved ? (
          <p className="muted small" data-testid="withdraw-save-first">
            Save the fresh address&apos;s key first.
          </p>
        ) : null}
      </form>
      <ProvingProgress state={prover.state} testId="withdraw-progress" withSync={false} />
      <TxStatus state={flow.state} testId="withdraw-tx" onDismiss={flow.reset} />
    </section>
  );
}

/** Who deposited behind `commitment` (the Deposited event): an address a withdrawal should not go to. */
export function useDepositor(commitment: bigint) {
  const { chainId, deployment } = useRuntimeConfig();
  const group = deployment?.contracts.AnonymousStakeGroup;
  const publicClient = usePublicClient({ chainId });
  return useQuery({
    queryKey: ["stake-group-depositor", chainId, group?.address ?? null, commitment.toString()],
    enabled: Boolean(group && publicClient),
    staleTime: Infinity,
    queryFn: async (): Promise<Address | null> => {
      const logs = await publicClient!.getContractEvents({
        address: group!.address,
        abi: anonymousStakeGroupAbi,
        eventName: "Deposited",
        args: { commitment },
        fromBlock: BigInt(group!.startBlock),
      });
      return logs[0]?.args.depositor ?? null;
    },
  });
}
