"use client";
import type { AbiParameter } from "viem";
import type { Draft } from "@/lib/abi-value";

const placeholders: Record<string, string> = {
  address: "0x… address",
  bool: "true or false",
  bytes: "0x… hex bytes",
  string: "text",
};

function placeholder(type: string): string {
  if (type.endsWith("]")) return `JSON array of ${type.replace(/\[\d*\]$/, "")}`;
  if (/^bytes\d+$/.test(type)) return `0x… ${type}`;
  if (/^u?int\d*$/.test(type)) return `${type} (decimal or 0x hex)`;
  return placeholders[type] ?? type;
}

/**
 * One ABI parameter's input: a text field for scalars (a select for bool, a ×10¹⁸ shortcut for
 * integers), nested fields for a tuple, JSON for an array.
 */
export function AbiInput({
  parameter,
  draft,
  onChange,
  testId,
}: {
  parameter: AbiParameter;
  draft: Draft;
  onChange: (draft: Draft) => void;
  testId: string;
}) {
  const label = `${parameter.name || "(unnamed)"} `;
  if (Array.isArray(draft) && "components" in parameter) {
    return (
      <fieldset className="debug-input debug-input--tuple">
        <legend>
          {label}
          <span className="muted mono">{parameter.internalType ?? parameter.type}</span>
        </legend>
        {parameter.components.map((component, i) => (
          <AbiInput
            key={i}
            parameter={component}
            draft={draft[i] ?? ""}
            onChange={(value) => onChange(draft.map((old, j) => (j === i ? value : old)))}
            testId={`${testId}-${component.name || i}`}
          />
        ))}
      </fieldset>
    );
  }
  const text = typeof draft === "string" ? draft : "";
  const isInteger = /^u?int\d*$/.test(parameter.type);
  return (
    <label className="debug-input">
      <span className="debug-input__label">
        {label}
        <span className="muted mono">{parameter.type}</span>
      </span>
      <span className="debug-input__row">
        {parameter.type === "bool" ? (
          <select value={text} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
            <option value="">choose…</option>
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        ) : (
          <input
            className="mono"
            value={text}
            placeholder={placeholder(parameter.type)}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => onChange(event.target.value)}
            data-testid={testId}
          />
        )}
        {isInteger ? (
          <button
            type="button"
            className="button button--ghost button--small"
            title="Multiply by 10¹⁸ (token and ether amounts have 18 decimals)"
            disabled={!/^\d+$/.test(text.trim())}
            onClick={() => onChange((BigInt(text.trim()) * 10n ** 18n).toString())}
          >
            ×10¹⁸
          </button>
        ) : null}
      </span>
    </label>
  );
}
