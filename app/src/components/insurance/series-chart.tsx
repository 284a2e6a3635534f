"use client";
/**
 * A small SVG line chart of a few series over the same points (no chart library, like the
 * staker's stake chart). Points are spaced evenly rather than by time: a devnet's time travel or
 * a burst of activity would otherwise squeeze most of the history into a pixel. Values may be
 * negative (a reputation can be); the zero line is drawn when the range crosses it. The axes
 * (ChartFrame) name the unit, mark the grid lines' values and say where the series starts and ends.
 */
import type { ReactNode } from "react";
import { ChartFrame, evenTicks } from "@/components/ui/chart-frame";

export interface ChartSeries {
  key: string;
  label: string;
  /** A CSS colour, e.g. a custom property. */
  color: string;
  values: number[];
  /** Dashed, for totals-to-date drawn next to levels. */
  dashed?: boolean;
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 10, bottom: 14, left: 10 };

export function SeriesChart({
  title,
  description,
  series,
  caption,
  testId,
  unit,
  xStart,
  xEnd,
  xTitle,
  step = false,
}: {
  title: string;
  description: string;
  series: ChartSeries[];
  caption: ReactNode;
  testId: string;
  /** The values' unit, named on the vertical axis. */
  unit: string;
  /** The first and last points' labels and what runs along the horizontal axis. */
  xStart: ReactNode;
  xEnd: ReactNode;
  xTitle: ReactNode;
  /** Hold each value until the next point (levels that change at events). */
  step?: boolean;
}) {
  const count = Math.max(0, ...series.map((s) => s.values.length));
  if (count === 0) return null;
  const all = series.flatMap((s) => s.values);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const range = max - min || 1;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (count === 1 ? innerW / 2 : (i * innerW) / (count - 1));
  const y = (value: number) => PAD.top + innerH - ((value - min) / range) * innerH;
  const id = `${testId}-title`;

  const path = (values: number[]) =>
    values
      .map((value, i) => {
        const point = `${x(i).toFixed(1)},${y(value).toFixed(1)}`;
        if (i === 0) return `M${point}`;
        return step ? `L${x(i).toFixed(1)},${y(values[i - 1]!).toFixed(1)} L${point}` : `L${point}`;
      })
      .join(" ");

  return (
    <figure className="chart" data-testid={testId} data-points={count}>
      <ChartFrame
        testId={testId}
        unit={unit}
        ticks={evenTicks(min, max)}
        plotTop={PAD.top}
        plotBottom={HEIGHT - PAD.bottom}
        height={HEIGHT}
        xStart={xStart}
        xEnd={xEnd}
        xTitle={xTitle}
      >
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${id} ${testId}-desc`}
          preserveAspectRatio="none"
        >
          <title id={id}>{title}</title>
          <desc id={`${testId}-desc`}>{description}</desc>
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
          <line className="chart__axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
          {series.map((s) => (
            <g key={s.key} data-series={s.key}>
              <path
                d={path(s.values)}
                fill="none"
                style={{ stroke: s.color, strokeWidth: 2, vectorEffect: "non-scaling-stroke" }}
                strokeDasharray={s.dashed ? "5 4" : undefined}
              />
              {s.values.map((value, i) => (
                <circle
                  key={i}
                  cx={x(i)}
                  cy={y(value)}
                  r={2.5}
                  style={{ fill: s.color }}
                  data-testid={`${testId}-point`}
                />
              ))}
            </g>
          ))}
        </svg>
      </ChartFrame>
      <figcaption className="chart__caption">
        <span className="chart__legend">
          {series.map((s) => (
            <span key={s.key}>
              <span className="chart__swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}
            </span>
          ))}
        </span>
        <span className="muted small">{caption}</span>
      </figcaption>
    </figure>
  );
}
