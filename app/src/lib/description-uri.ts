/**
 * A description URI as people read it. Releases carry their description as a URI; the usual
 * one is a `data:` URI with the text in it (RFC 2397: percent-encoded or base64), which the page
 * decodes to that text. Only text media types are decoded, and the result is only ever rendered
 * as text (React escapes it), never as HTML; anything else is shown as the URI it is.
 */
export interface DescribedUri {
  /** The text to show. */
  text: string;
  /** Whether `text` was decoded from a data: URI (else it is the URI itself). */
  decoded: boolean;
}

const DATA_URI = /^data:([^,]*),(.*)$/s;

export function describeUri(uri: string): DescribedUri {
  const match = DATA_URI.exec(uri);
  if (!match) return { text: uri, decoded: false };
  const parameters = match[1]!.split(";").map((part) => part.trim().toLowerCase());
  const base64 = parameters.at(-1) === "base64";
  const mediaType = parameters[0] || "text/plain";
  if (!mediaType.startsWith("text/")) return { text: uri, decoded: false };
  try {
    const body = match[2]!;
    const bytes = base64
      ? Uint8Array.from(atob(decodeURIComponent(body)), (char) => char.charCodeAt(0))
      : new TextEncoder().encode(decodeURIComponent(body));
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), decoded: true };
  } catch {
    // Malformed escapes, base64 or UTF-8: show what was published.
    return { text: uri, decoded: false };
  }
}
