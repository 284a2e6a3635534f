"use client";
import { formatUnits } from "viem";
import { ChartFrame, evenTicks } from "@/components/ui/chart-frame";
import type { IndexedStakeEvent } from "@/lib/indexer";
import { formatTimestamp } from "@/lib/format";
import type { StakeToken } from "@/lib/use-stake-token";

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 22, left: 8 };

const layers = [
  { key: "freeAfter", label: "Free", className: "chart__free" },
  { key: "lockedAfter", label: "Locked", className: "chart__locked" },
  { key: "unbondingAfter", label: "Unbonding", className: "chart__unbonding" },
] as const;

/**
 * Stake after each event, as stacked steps (free, locked, unbonding). Events are spaced evenly
 * rather than by time: bursts of activity would otherwise squeeze into a single pixel.
 */
export function StakeChart({ events, token }: { events: IndexedStakeEvent[]; token: StakeToken }) {
  if (events.length === 0) return null;
  const first = events[0]!;
  const last = events.at(-1)!;
  // A history that begins with the operator's first deposit starts from nothing: draw that
  // empty slot too, so a lone deposit reads as a step up rather than a flat block.
  const startsEmpty =
    first.kind === "deposited" &&
    BigInt(first.freeAfter) === BigInt(first.amount) &&
    BigInt(first.lockedAfter) === 0n &&
    BigInt(first.unbondingAfter) === 0n;
  const values = [
    ...(startsEmpty ? [layers.map(() => 0n)] : []),
    ...events.map((event) => layers.map((layer) => BigInt(event[layer.key]))),
  ];
  const totals = values.map((v) => v.reduce((a, b) => a + b, 0n));
  const max = totals.reduce((a, b) => (b > a ? b : a), 0n) || 1n;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / values.length;
  // Scale in floating point only after dividing by the maximum, so 18-decimal amounts stay exact enough.
  const y = (value: bigint) => PAD.top + innerH - (Number((value * 10_000n) / max) / 10_000) * innerH;
  const x = (i: number) => PAD.left + i * slot;

  const paths = layers.map((_, layerIndex) => {
    const top: string[] = [];
    const bottom: string[] = [];
    values.forEach((v, i) => {
      const below = v.slice(0, layerIndex).reduce((a, b) => a + b, 0n);
      const above = below + v[layerIndex]!;
      top.push(`L${x(i).toFixed(1)},${y(above).toFixed(1)}`, `L${x(i + 1).toFixed(1)},${y(above).toFixed(1)}`);
      bottom.unshift(`L${x(i + 1).toFixed(1)},${y(below).toFixed(1)}`, `L${x(i).toFixed(1)},${y(below).toFixed(1)}`);
    });
    return `M${top[0]!.slice(1)} ${top.slice(1).join(" ")} ${bottom.join(" ")} Z`;
  });
  const totalLine = totals
    .map(
      (total, i) =>
        `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(total).toFixed(1)} L${x(i + 1).toFixed(1)},${y(total).toFixed(1)}`,
    )
    .join(" ");

  return (
    <figure className="chart" data-testid="stake-chart">
      <ChartFrame
        testId="stake-chart"
        unit={token.symbol}
        ticks={evenTicks(0, Number(formatUnits(max, token.decimals)))}
        plotTop={PAD.top}
        plotBottom={HEIGHT - PAD.bottom}
        height={HEIGHT}
        xStart={formatTimestamp(first.timestamp)}
        xEnd={formatTimestamp(last.timestamp)}
        xTitle="each stake event, in order (chain time)"
      >
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby="stake-chart-title stake-chart-desc"
          preserveAspectRatio="none"
        >
          <title id="stake-chart-title">Stake after each event</title>
          <desc id="stake-chart-desc">
            {`${events.length} events; stake now ${token.format(totals.at(-1)!)}, at most ${token.format(max)}.`}
          </desc>
          {[0.25, 0.5, 0.75, 1].map((f) => (
            <line
              key={f}
              className="chart__grid"
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={PAD.top + innerH * (1 - f)}
              y2={PAD.top + innerH * (1 - f)}
            />
          ))}
          {paths.map((d, i) => (
            <path key={layers[i]!.key} d={d} className={layers[i]!.className} />
          ))}
          <path d={totalLine} className="chart__total" fill="none" />
          <line
            className="chart__axis"
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={PAD.top + innerH}
            y2={PAD.top + innerH}
          />
        </svg>
      </ChartFrame>
      <figcaption className="chart__caption">
        <span className="chart__legend">
          {layers.map((layer) => (
            <span key={layer.key}>
              <span className={`chart__swatch ${layer.className}`} aria-hidden="true" /> {layer.label}
            </span>
          ))}
        </span>
        <span className="muted small">
          peak {token.format(max)} · {formatTimestamp(first.timestamp)} → {formatTimestamp(last.timestamp)}
        </span>
      </figcaption>
    </figure>
  );
}
