import type { DecodedArgument } from "@/lib/chain-decode";
import { formatAbiValue } from "@/lib/abi-value";

/** Decoded arguments as a name, type and value list. */
export function DecodedArguments({ args, testId }: { args: DecodedArgument[]; testId?: string }) {
  if (args.length === 0) return <p className="muted small">No arguments.</p>;
  return (
    <dl className="decoded-args" data-testid={testId}>
      {args.map((arg) => (
        <div key={arg.name} className="decoded-args__row">
          <dt>
            {arg.name} <span className="muted mono small">{arg.type}</span>
          </dt>
          <dd className="mono">{formatAbiValue(arg.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
