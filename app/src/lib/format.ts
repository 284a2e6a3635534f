import { formatUnits, type Address } from "viem";

/** A token amount for people: grouped digits, at most `maxFraction` decimals, no trailing zeros. */
export function formatAmount(value: bigint, decimals: number, maxFraction = 4): string {
  const negative = value < 0n;
  const [whole = "0", fraction = ""] = formatUnits(negative ? -value : value, decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  let shown = fraction.slice(0, maxFraction).replace(/0+$/, "");
  // Never show a non-zero amount as 0.
  if (shown === "" && whole === "0" && /[1-9]/.test(fraction)) shown = `${"0".repeat(maxFraction - 1)}1`;
  return `${negative ? "-" : ""}${grouped}${shown ? `.${shown}` : ""}`;
}

export function shortHex(value: string, head = 6, tail = 4): string {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`;
}

export function shortAddress(address: Address): string {
  return shortHex(address, 6, 4);
}

/** "1 h 04 min", "2 min 05 s", "42 s": the remaining part of a countdown. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, "0")} s`;
  return `${s} s`;
}

/** A block timestamp (seconds) as a local date and time. */
export function formatTimestamp(seconds: number | bigint | string): string {
  return new Date(Number(seconds) * 1000).toLocaleString("en-GB", {
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}
