/**
 * The stake-membership proving artifacts (witness calculator and Groth16 proving key) and their
 * manifest, served from this app's own origin so the browser never fetches anything
 * proving-related from the internet. The files are streamed from the repository's kept
 * artifacts (circuits/artifacts/, or LEASEHOLD_CIRCUIT_ARTIFACTS_DIR) rather than copied into
 * the build, so a rebuilt circuit is served without rebuilding the app. The manifest's sha256 is
 * the ETag, so a browser that has the file gets a 304 instead of 5.5 MB. Next drops the
 * Content-Length set here (it frames route responses itself), so the page takes the download's
 * total from the manifest's byte counts (lib/endorse-artifacts.ts).
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { stakeArtifactFiles, type StakeArtifactFile } from "@/lib/endorse-artifacts";

const contentTypes: Record<StakeArtifactFile, string> = {
  "stake-membership.wasm": "application/wasm",
  "stake-membership.zkey": "application/octet-stream",
  "manifest.json": "application/json",
};

function artifactsDir(): string {
  // `next start` and `next dev` run in app/; the artifacts sit next to it in the repository.
  return (
    process.env.LEASEHOLD_CIRCUIT_ARTIFACTS_DIR ??
    path.resolve(/* turbopackIgnore: true */ process.cwd(), "..", "circuits", "artifacts")
  );
}

async function manifestHash(file: string): Promise<string | null> {
  try {
    const manifest = JSON.parse(
      await readFile(path.join(/* turbopackIgnore: true */ artifactsDir(), "manifest.json"), "utf8"),
    ) as {
      artifacts?: Record<string, { sha256?: string }>;
    };
    return manifest.artifacts?.[file]?.sha256 ?? null;
  } catch {
    return null;
  }
}

type Context = { params: Promise<{ file: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { file } = await params;
  if (!(stakeArtifactFiles as readonly string[]).includes(file)) {
    return new Response("There is no such proving artifact.", { status: 404 });
  }
  const name = file as StakeArtifactFile;
  const full = path.join(/* turbopackIgnore: true */ artifactsDir(), name);
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch {
    return new Response("The proving artifact is missing on this server: run `npm run build -w circuits`.", {
      status: 503,
    });
  }
  const sha256 = await manifestHash(name);
  const etag = sha256 ? `"${sha256}"` : null;
  const headers = new Headers({
    "content-type": contentTypes[name],
    // Revalidate every time: a rebuilt circuit must never be mixed with a cached old proving key.
    // no-transform keeps `next start` from gzipping the wasm, which would drop Content-Length.
    "cache-control": "public, no-cache, no-transform",
  });
  if (etag) headers.set("etag", etag);
  if (etag && request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  headers.set("content-length", String(size));
  const body = Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}
