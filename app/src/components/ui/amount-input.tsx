import { formatUnits } from "viem";
import { describedBy } from "./field";

/**
 * A token amount input with a "Max" button, for use inside <Field id={id}>. The text stays as
 * typed (parsing and validation belong to the form); `onEdit` fires on every change, including
 * Max, so forms can start showing validation once the person has touched the amount.
 */
export function AmountInput({
  id,
  name,
  value,
  onEdit,
  max,
  decimals,
  hasHint,
  error,
}: {
  id: string;
  name?: string;
  value: string;
  onEdit: (value: string) => void;
  /** The most that can be entered; Max is disabled while unknown or zero. */
  max: bigint | undefined;
  decimals: number;
  hasHint: boolean;
  error: string | null | undefined;
}) {
  return (
    <div className="input-group">
      <input
        id={id}
        name={name}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.0"
        value={value}
        onChange={(event) => onEdit(event.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(id, hasHint, error)}
        data-testid={id}
      />
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={() => onEdit(max === undefined ? value : formatUnits(max, decimals))}
        disabled={!max}
      >
        Max
      </button>
    </div>
  );
}
