import type { ReactNode } from "react";

/** A value on the vertical axis: `at` from 0 (the plot's bottom) to 1 (its top). */
export interface AxisTick {
  at: number;
  label: string;
}

/**
 * The axes around one of the app's SVG charts, in HTML beside the drawing: the charts stretch
 * their SVG (`preserveAspectRatio="none"`), which would distort text drawn inside it. The
 * vertical axis names its unit and marks the values of the chart's grid lines; the horizontal
 * one names what runs along it and where it starts and ends.
 */
export function ChartFrame({
  testId,
  unit,
  ticks,
  plotTop,
  plotBottom,
  height,
  xStart,
  xEnd,
  xTitle,
  children,
}: {
  testId: string;
  /** The vertical axis's unit, e.g. the token's symbol. */
  unit: string;
  ticks: AxisTick[];
  /** The plot's top and bottom edges inside the SVG's viewBox, and the viewBox's height. */
  plotTop: number;
  plotBottom: number;
  height: number;
  xStart: ReactNode;
  xEnd: ReactNode;
  xTitle: ReactNode;
  children: ReactNode;
}) {
  const top = (at: number) => `${((plotTop + (plotBottom - plotTop) * (1 - at)) / height) * 100}%`;
  return (
    <div className="chart__frame">
      <span className="chart__unit" data-testid={`${testId}-unit`}>
        {unit}
      </span>
      <div className="chart__y">
        {/* Positioned ticks take no width: the longest one, hidden, gives the column its width. */}
        <span className="chart__tick-sizer" aria-hidden="true">
          {ticks.reduce((longest, tick) => (tick.label.length > longest.length ? tick.label : longest), "")}
        </span>
        {ticks.map((tick) => (
          <span key={tick.at} className="chart__tick" style={{ top: top(tick.at) }} data-testid={`${testId}-y-tick`}>
            {tick.label}
          </span>
        ))}
      </div>
      <div className="chart__plot">{children}</div>
      <div className="chart__x" data-testid={`${testId}-x-axis`}>
        <span>{xStart}</span>
        <span className="muted">{xTitle}</span>
        <span>{xEnd}</span>
      </div>
    </div>
  );
}

/** `count + 1` evenly spaced ticks from `min` to `max`, with as many decimals as their spacing needs. */
export function evenTicks(min: number, max: number, count = 4): AxisTick[] {
  const step = (max - min) / count;
  const decimals = step >= 10 ? 0 : step >= 1 ? 1 : step >= 0.01 ? 2 : 4;
  return Array.from({ length: count + 1 }, (_, i) => ({
    at: i / count,
    label: (min + step * i).toLocaleString("en-US", { maximumFractionDigits: decimals }),
  }));
}
