"use client";
/**
 * The local chain's clock, by hand: mine a block now, or move chain time forward and mine a block
 * there (anvil's development RPC, evm_increaseTime and anvil_mine, through the configured RPC
 * URL). Rendered on the local devnet chain only: no other node accepts these calls, and on a
 * real chain nobody may move time. The devnet mines a block every few seconds anyway; these are
 * for not waiting out an unbonding delay, a challenge window or a vote.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { createTestClient, http, publicActions } from "viem";
import { useBlock } from "wagmi";
import { formatTimestamp } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import { configuredChain } from "@/lib/wagmi-config";

const steps = [
  { seconds: 60, label: "1 minute" },
  { seconds: 10 * 60, label: "10 minutes" },
  { seconds: 60 * 60, label: "1 hour" },
  { seconds: 24 * 60 * 60, label: "1 day" },
  { seconds: 7 * 24 * 60 * 60, label: "1 week" },
] as const;

export function DevnetControls() {
  const { isLocalChain } = useRuntimeConfig();
  return isLocalChain ? <DevnetClock /> : null;
}

type Outcome = { ok: true; text: string } | { ok: false; text: string };

function DevnetClock() {
  const config = useRuntimeConfig();
  const { chainId, rpcUrl } = config;
  const queryClient = useQueryClient();
  const block = useBlock({ chainId, watch: true });
  const [seconds, setSeconds] = useState<number>(steps[2].seconds);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const devnet = useMemo(
    () =>
      createTestClient({ chain: configuredChain(config), mode: "anvil", transport: http(rpcUrl) }).extend(
        publicActions,
      ),
    [config, rpcUrl],
  );

  const run = async (move: () => Promise<unknown>, done: (block: { number: bigint; timestamp: bigint }) => string) => {
    setBusy(true);
    setOutcome(null);
    try {
      await move();
      await devnet.mine({ blocks: 1 });
      const mined = await devnet.getBlock();
      // Every chain read on the page is as of an older block now.
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== "indexer" });
      setOutcome({ ok: true, text: done(mined) });
    } catch (error) {
      setOutcome({ ok: false, text: `The chain refused: ${(error as Error).message.split("\n")[0]}` });
    } finally {
      setBusy(false);
    }
  };

  const label = steps.find((step) => step.seconds === seconds)?.label ?? `${seconds} s`;
  return (
    <section className="stack" aria-labelledby="devnet-controls-heading" data-testid="devnet-controls">
      <p>
        <strong id="devnet-controls-heading">Local chain</strong>{" "}
        {block.data ? (
          <span data-testid="devnet-latest-block" data-number={block.data.number.toString()}>
            · latest block #{block.data.number.toString()} at {formatTimestamp(block.data.timestamp)} (chain time)
          </span>
        ) : null}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() =>
            void run(
              async () => undefined,
              (mined) => `Mined block #${mined.number}.`,
            )
          }
          data-testid="devnet-mine"
        >
          Mine a block
        </button>
        <select
          aria-label="How far to move chain time"
          value={seconds}
          onChange={(event) => setSeconds(Number(event.target.value))}
          disabled={busy}
          data-testid="devnet-advance-by"
        >
          {steps.map((step) => (
            <option key={step.seconds} value={step.seconds}>
              {step.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() =>
            void run(
              () => devnet.increaseTime({ seconds }),
              (mined) =>
                `Chain time moved ${label} forward: block #${mined.number} is at ${formatTimestamp(mined.timestamp)}.`,
            )
          }
          data-testid="devnet-advance"
        >
          Advance time
        </button>
      </div>
      {outcome ? (
        <p
          className={outcome.ok ? "muted" : "notice notice--error"}
          role={outcome.ok ? "status" : "alert"}
          data-testid="devnet-outcome"
        >
          {outcome.text}
        </p>
      ) : null}
    </section>
  );
}
