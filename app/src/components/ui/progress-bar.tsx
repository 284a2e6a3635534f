/** A determinate progress bar (0 to 1), announced to assistive technology with its label. */
export function ProgressBar({ label, fraction }: { label: string; fraction: number }) {
  const clamped = Math.min(1, Math.max(0, fraction));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped * 100)}
    >
      <span style={{ width: `${clamped * 100}%` }} />
    </div>
  );
}
