"use client";
import { anonymousStakeGroupAbi } from "@leasehold/sdk";
import { useQuery } from "@tanstack/react-query";
import { isAddressEqual, zeroAddress, type Address } from "viem";
import { usePublicClient } from "wagmi";
import { TxLink } from "@/components/ui/tx-link";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration, formatTimestamp, shortAddress } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";
import { IdentityStatus, type GroupReads } from "./use-group-reads";

type OnChainIdentity = NonNullable<GroupReads["identity"]>;

/**
 * A requested withdrawal, from the chain: where it goes, the countdown to `unlockAt` in chain
 * time, and then its payout (the `Withdrawn` event). The relayer that sent the request also
 * sends `withdraw` once it unlocks; anyone may, so a warned button lets the person do it from
 * the connected wallet when no relayer does.
 */
export function WithdrawalStatusCard({
  commitment,
  identity,
  account,
  writable,
  token,
}: {
  commitment: bigint;
  identity: OnChainIdentity;
  account: Address | undefined;
  writable: boolean;
  token: StakeToken;
}) {
  const { deployment } = useRuntimeConfig();
  const group = deployment!.contracts.AnonymousStakeGroup.address;
  const now = useChainNow();
  const flow = useTokenFlow();
  const withdrawn = identity.status === IdentityStatus.Withdrawn;
  const payout = useWithdrawnEvent(commitment, withdrawn);
  const unlockAt = Number(identity.unlockAt);
  const remaining = unlockAt - now;
  const relayed =
    !isAddressEqual(identity.relayer, zeroAddress) && !(account && isAddressEqual(identity.relayer, account));
  const net = identity.amount - identity.relayerFee;

  const payOut = () =>
    flow.run(
      [
        {
          label: "Pay out the withdrawal from your wallet",
          prepare: () => ({
            address: group,
            abi: anonymousStakeGroupAbi,
            functionName: "withdraw",
            args: [commitment],
            atNextBlock: true,
          }),
        },
      ],
      { success: `Paid out ${token.format(net)} to ${shortAddress(identity.recipient)}.` },
    );

  return (
    <section className="card" aria-labelledby="withdrawal-heading" data-testid="stake-withdrawal">
      <div className="card__head">
        <h2 id="withdrawal-heading">{withdrawn ? "Withdrawn" : "Withdrawal pending"}</h2>
        <span
          className={`pill ${withdrawn ? "pill--muted" : remaining > 0 ? "pill--live" : "pill--warn"}`}
          data-testid="withdrawal-countdown"
        >
          {withdrawn ? "paid out" : remaining > 0 ? `unlocks in ${formatDuration(remaining)}` : "unlocked"}
        </span>
      </div>
      <dl className="facts">
        <dt>Recipient</dt>
        <dd className="mono" title={identity.recipient} data-testid="withdrawal-recipient">
          {shortAddress(identity.recipient)}
        </dd>
        <dt>Amount</dt>
        <dd data-testid="withdrawal-net">
          {token.format(net)}
          {identity.relayerFee > 0n
            ? ` (of ${token.format(identity.amount)}; ${token.format(identity.relayerFee)} to the relayer)`
            : ""}
        </dd>
        <dt>Sent by</dt>
        <dd className="mono" title={identity.relayer} data-testid="withdrawal-relayer">
          {relayed ? `the relayer ${shortAddress(identity.relayer)}` : shortAddress(identity.relayer)}
        </dd>
        <dt>Unlocks at</dt>
        <dd data-testid="withdrawal-unlock-at">{formatTimestamp(unlockAt)} (chain time)</dd>
        {withdrawn ? (
          <>
            <dt>Paid in</dt>
            <dd className="mono" title={payout.data?.transactionHash} data-testid="withdrawal-payout-tx">
              {payout.data ? <TxLink hash={payout.data.transactionHash} /> : "…"}
            </dd>
          </>
        ) : null}
      </dl>
      {withdrawn ? (
        <p className="notice notice--success" data-testid="withdrawal-done">
          {token.format(net)} reached {shortAddress(identity.recipient)}. This identity&apos;s commitment is spent:
          create a new identity to stake again.
        </p>
      ) : remaining > 0 ? (
        <p className="muted small" data-testid="withdrawal-waiting">
          The stake stays slashable until then. {relayed ? "The relayer pays it out once it unlocks." : ""}
        </p>
      ) : (
        <div className="stack">
          <p className="muted small" data-testid="withdrawal-unlocked">
            {relayed
              ? "Unlocked: the relayer pays it out shortly. Anyone may send the payout; sending it yourself links your address to this withdrawal."
              : "Unlocked: send the payout. Sending it from your wallet links your address to this withdrawal."}
          </p>
          <button
            type="button"
            className="button"
            onClick={() => void payOut()}
            disabled={!writable || flow.busy}
            data-testid="withdrawal-pay-out"
          >
            Pay it out from my wallet (links this address)
          </button>
        </div>
      )}
      <TxStatus state={flow.state} testId="withdrawal-tx" onDismiss={flow.reset} />
    </section>
  );
}

/** The `Withdrawn` event of `commitment`: its transaction, once it exists. */
function useWithdrawnEvent(commitment: bigint, enabled: boolean) {
  const { chainId, deployment } = useRuntimeConfig();
  const group = deployment?.contracts.AnonymousStakeGroup;
  const publicClient = usePublicClient({ chainId });
  return useQuery({
    queryKey: ["stake-group-withdrawn", chainId, group?.address ?? null, commitment.toString()],
    enabled: enabled && Boolean(group && publicClient),
    queryFn: async () => {
      const logs = await publicClient!.getContractEvents({
        address: group!.address,
        abi: anonymousStakeGroupAbi,
        eventName: "Withdrawn",
        args: { commitment },
        fromBlock: BigInt(group!.startBlock),
      });
      const log = logs[0];
      if (!log) throw new Error("The withdrawal's Withdrawn event was not found yet.");
      return { transactionHash: log.transactionHash, recipient: log.args.recipient, amount: log.args.amount };
    },
  });
}
