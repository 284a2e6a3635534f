import type { SanitizedError } from "../types.ts";

/*
 * What leaves the sandbox as text (error messages, log entries) was produced by agent code that
 * has just read someone's private context, so it may carry that data. It is masked on a
 * best-effort basis here, and the worker never persists it (the journal and the audit chain do
 * not take free text); masking is a second line, not a licence to store it.
 */

const standardErrorNames = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
  "InternalError",
]);

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Six or more digits, possibly split by spaces, dots, dashes or parentheses: phone numbers,
// national ids, card and account numbers.
const LONG_NUMBER = /\+?\d(?:[\s().-]*\d){5,}/g;
// Long hex or base64-like runs: keys, tokens, hashes of private data.
const TOKEN = /\b(?:0x)?[A-Za-z0-9+/_-]{24,}={0,2}/g;
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

export function sanitizeText(text: string, maxChars: number): string {
  const masked = text
    .replace(CONTROL, " ")
    .replace(EMAIL, "[email]")
    .replace(TOKEN, "[token]")
    .replace(LONG_NUMBER, "[number]");
  const chars = Array.from(masked);
  return chars.length <= maxChars ? masked : `${chars.slice(0, Math.max(0, maxChars - 1)).join("")}…`;
}

export const MAX_ERROR_MESSAGE_CHARS = 200;

/** A standard name or "Error", the message masked and cut, then where in the bundle it was thrown. */
export function sanitizeError(name: unknown, message: unknown, where?: unknown): SanitizedError {
  const text = typeof message === "string" ? sanitizeText(message, MAX_ERROR_MESSAGE_CHARS) : "";
  const position = typeof where === "string" && /^agent\.js:\d+:\d+$/.test(where) ? ` at ${where}` : "";
  return {
    name: typeof name === "string" && standardErrorNames.has(name) ? name : "Error",
    message: text + position,
  };
}
