/**
 * Where the browser gets the proving artifacts: this app's own origin (app/src/app/zk/[file]),
 * never a CDN. Shared by the route that serves them and the prover that downloads them.
 */
export const stakeArtifactFiles = ["stake-membership.wasm", "stake-membership.zkey", "manifest.json"] as const;

export type StakeArtifactFile = (typeof stakeArtifactFiles)[number];

export const STAKE_ARTIFACTS_PATH = "/zk";

/** Absolute URLs (a Web Worker resolves relative URLs against its own script, not the page). */
export function stakeArtifactUrls(origin: string): { wasm: string; zkey: string; manifest: string } {
  return {
    wasm: `${origin}${STAKE_ARTIFACTS_PATH}/stake-membership.wasm`,
    zkey: `${origin}${STAKE_ARTIFACTS_PATH}/stake-membership.zkey`,
    manifest: `${origin}${STAKE_ARTIFACTS_PATH}/manifest.json`,
  };
}

export interface StakeArtifactSizes {
  wasm: number | undefined;
  zkey: number | undefined;
}

/**
 * The artifacts' exact sizes from circuits/artifacts/manifest.json. Next's route handlers drop
 * the Content-Length header of streamed responses (next/dist/server/send-response.js), so the
 * download's total comes from here; the bytes counted against it are the real ones received.
 */
export async function fetchStakeArtifactSizes(url: string): Promise<StakeArtifactSizes> {
  try {
    const response = await fetch(url);
    if (!response.ok) return { wasm: undefined, zkey: undefined };
    const manifest = (await response.json()) as { artifacts?: Record<string, { bytes?: unknown }> };
    const bytes = (name: string) => {
      const value = manifest.artifacts?.[name]?.bytes;
      return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : undefined;
    };
    return { wasm: bytes("stake-membership.wasm"), zkey: bytes("stake-membership.zkey") };
  } catch {
    return { wasm: undefined, zkey: undefined };
  }
}
