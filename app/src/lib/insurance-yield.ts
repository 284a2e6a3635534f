/**
 * The pool's premium yield, computed from what happened rather than promised: premiums that
 * arrived over a trailing window divided by the time-weighted average of the pool's assets over
 * that window. The series is a step function (each snapshot holds until the next), so the
 * average is exact. When the pool's history is shorter than the window, the window shrinks to
 * the history and says so; annualizing a short window is shown as an extrapolation, never as a
 * rate anyone earned.
 */

export interface YieldPoint {
  /** Block timestamp, seconds. */
  timestamp: bigint;
  totalAssets: bigint;
  premiumsToDate: bigint;
}

export interface PremiumYield {
  /** The window actually covered: [from, to], in seconds. */
  from: bigint;
  to: bigint;
  /** True when the history is shorter than the requested window. */
  shortened: boolean;
  premiums: bigint;
  averageAssets: bigint;
  /** premiums / averageAssets over the covered window. */
  rate: number;
  /** `rate` scaled to a year (365 days). */
  annualized: number;
}

export const YEAR_SECONDS = 365n * 24n * 60n * 60n;
/** The trailing window the page reports: a month of premiums. */
export const YIELD_WINDOW_SECONDS = 30n * 24n * 60n * 60n;

/**
 * Yield over the `window` seconds before `now`. `points` are the pool's snapshots, oldest first;
 * null when there is no time or no assets to average over.
 */
export function premiumYield(points: readonly YieldPoint[], now: bigint, window: bigint): PremiumYield | null {
  const first = points[0];
  if (!first || now <= first.timestamp) return null;
  const requested = now - window;
  const from = requested > first.timestamp ? requested : first.timestamp;
  // The state at `from`: the last snapshot at or before it.
  let start = first;
  for (const point of points) {
    if (point.timestamp > from) break;
    start = point;
  }
  let weighted = 0n;
  let cursor = from;
  let assets = start.totalAssets;
  for (const point of points) {
    if (point.timestamp <= from) continue;
    if (point.timestamp > now) break;
    weighted += assets * (point.timestamp - cursor);
    cursor = point.timestamp;
    assets = point.totalAssets;
  }
  weighted += assets * (now - cursor);
  const span = now - from;
  const averageAssets = weighted / span;
  if (averageAssets === 0n) return null;
  const last = [...points].reverse().find((point) => point.timestamp <= now) ?? start;
  const premiums = last.premiumsToDate - start.premiumsToDate;
  // Ratio in fixed point first, so 18-decimal amounts keep their precision.
  const rate = Number((premiums * 10n ** 12n) / averageAssets) / 1e12;
  return {
    from,
    to: now,
    shortened: requested < first.timestamp,
    premiums,
    averageAssets,
    rate,
    annualized: (rate * Number(YEAR_SECONDS)) / Number(span),
  };
}

/** "3.25 %", "0.0012 %": enough digits to tell a small yield from none. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0) return "0 %";
  const digits = Math.abs(percent) >= 1 ? 2 : Math.abs(percent) >= 0.01 ? 4 : 6;
  return `${percent.toFixed(digits).replace(/\.?0+$/, "")} %`;
}
