/**
 * Where the prover gets the circuit's wasm and zkey: bytes the caller already holds, a URL it
 * fetches (with byte progress, for the browser's 4 MB zkey), or, in Node, a file path that
 * snarkjs reads itself. Nothing here imports a Node module, so the same code runs in a page, a
 * web worker and Node.
 */
import { ArtifactNotFoundError } from "./errors.ts";

/** An artifact's bytes, or where to get them: an http(s)/blob/data URL, or a file path (Node only). */
export type ArtifactSource = Uint8Array | string;

export interface StakeMembershipArtifacts {
  /** Circom's witness calculator (stake-membership.wasm). */
  wasm: ArtifactSource;
  /** Groth16 proving key (stake-membership.zkey). */
  zkey: ArtifactSource;
}

export type ArtifactName = keyof StakeMembershipArtifacts;

/**
 * Bytes of one artifact received so far. `total` is the Content-Length, undefined when the
 * server sends none; a compressed response can deliver more bytes than it announced.
 */
export interface DownloadProgress {
  stage: "download";
  artifact: ArtifactName;
  loaded: number;
  total: number | undefined;
}

const FETCHED = /^(https?|blob|data):/i;

const isNode = (): boolean => typeof globalThis.process?.versions?.node === "string";

/**
 * What snarkjs should read: bytes, or (Node only) a file path it opens itself. URLs, and every
 * string outside Node (a relative URL in a page or worker), are fetched here so that failures are
 * typed and progress is real.
 */
export async function resolveArtifact(
  source: ArtifactSource,
  artifact: ArtifactName,
  onProgress?: (progress: DownloadProgress) => void,
): Promise<Uint8Array | string> {
  if (source instanceof Uint8Array) return source;
  if (typeof source !== "string" || source === "") {
    throw new ArtifactNotFoundError(`The ${artifact} artifact must be bytes, a URL or a path`);
  }
  if (FETCHED.test(source) || !isNode()) return fetchArtifact(source, artifact, onProgress);
  if (/^file:/i.test(source)) return decodeURIComponent(new URL(source).pathname);
  return source;
}

/** Fetches an artifact, streaming the body so `onProgress` sees bytes as they arrive. */
export async function fetchArtifact(
  url: string,
  artifact: ArtifactName,
  onProgress?: (progress: DownloadProgress) => void,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ArtifactNotFoundError(`Cannot fetch the ${artifact} artifact from ${url}`, { cause: error });
  }
  if (!response.ok) {
    throw new ArtifactNotFoundError(`Fetching the ${artifact} artifact from ${url} returned HTTP ${response.status}`);
  }
  const length = Number(response.headers.get("content-length"));
  const total = Number.isSafeInteger(length) && length > 0 ? length : undefined;
  const report = (loaded: number) => onProgress?.({ stage: "download", artifact, loaded, total });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.length);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  report(0);
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      report(loaded);
    }
  } catch (error) {
    throw new ArtifactNotFoundError(`The ${artifact} download from ${url} broke off`, { cause: error });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Whether snarkjs failed to open a file (a Node fs error code), as opposed to rejecting the content. */
export function isFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code);
}
