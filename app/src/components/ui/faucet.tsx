"use client";
import { devStakeTokenAbi } from "@leasehold/sdk/abis";
import { TxStatus } from "@/components/ui/tx-status";
import { formatDuration } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { useChainNow } from "@/lib/use-chain-time";
import type { StakeToken } from "@/lib/use-stake-token";
import { useTokenFlow } from "@/lib/use-token-flow";

/** The devnet faucet: worthless test tokens, once an hour per account (local chain only). */
export function Faucet({
  availableAt: availableAtRaw,
  amount: amountRaw,
  token,
  writable,
}: {
  availableAt: bigint | undefined;
  amount: bigint | undefined;
  token: StakeToken;
  writable: boolean;
}) {
  const { deployment, isLocalChain } = useRuntimeConfig();
  const flow = useTokenFlow();
  const now = useChainNow();
  const faucet = deployment?.contracts.DevStakeToken?.address;
  if (!isLocalChain || !faucet) return null;
  const availableAt = availableAtRaw === undefined ? undefined : Number(availableAtRaw);
  const waiting = availableAt !== undefined && availableAt > now;
  const amount = amountRaw === undefined ? "" : ` ${token.format(amountRaw)}`;
  const draw = () =>
    flow.run(
      [
        {
          label: "Draw from the faucet",
          // The faucet's cooldown is in chain time: simulated in the block it lands in.
          prepare: () => ({
            address: faucet,
            abi: devStakeTokenAbi,
            functionName: "faucet",
            args: [],
            atNextBlock: true,
          }),
        },
      ],
      { success: `Drew${amount} from the faucet.` },
    );
  return (
    <div className="faucet">
      <div>
        <strong>Devnet faucet</strong>
        <p className="muted">
          Worthless test tokens for the local chain: {amount.trim() || "a fixed amount"} per draw, once an hour.
        </p>
      </div>
      <div className="faucet__action">
        <button
          type="button"
          className="button"
          onClick={draw}
          disabled={!writable || waiting || flow.busy || availableAt === undefined}
          data-testid="faucet-button"
        >
          {flow.busy ? "Drawing…" : "Get test tokens"}
        </button>
        {waiting ? (
          <span className="muted" data-testid="faucet-cooldown">
            Next draw in {formatDuration(availableAt - now)}
          </span>
        ) : null}
      </div>
      <TxStatus state={flow.state} testId="faucet-tx" onDismiss={flow.reset} />
    </div>
  );
}
