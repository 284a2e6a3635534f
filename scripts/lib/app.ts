/**
 * The Next.js app as a child process. The app reads its chain, RPC, indexer, gateway, relayer
 * and deployment record from the environment at request time, so one production build
 * (`buildApp`) serves every fresh chain a test deploys to; `startApp` only points it at one.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../artifacts.ts";
import { httpOk, startService, type Service } from "./processes.ts";

export const appDir = path.join(repoRoot, "app");
const buildDir = path.join(appDir, ".next");
const stampFile = path.join(buildDir, "leasehold-build.json");

/** Run Next's own CLI with this Node (22), whatever `node` the PATH would pick. */
const nextBin = createRequire(path.join(appDir, "package.json")).resolve("next/dist/bin/next");

export interface StartAppParameters {
  port: number;
  /** "start" serves the production build (run `buildApp` first); "dev" compiles on demand. */
  mode: "dev" | "start";
  chainId: number;
  rpcUrl: string;
  indexerUrl: string;
  /** The worker gateway the app proxies /api/worker/* to; the app's default when omitted. */
  gatewayUrl?: string;
  /** The relayer service (worker/src/relayer) the app sends anonymous-stake transactions through; the app's default when omitted. */
  relayerUrl?: string;
  deploymentsDir: string;
  /** Local chain: the development account the app's built-in connector uses (the app's default when omitted). */
  devAccountIndex?: number;
  logFile?: string;
}

export interface App extends Service {
  url: string;
}

export async function startApp(parameters: StartAppParameters): Promise<App> {
  const url = `http://127.0.0.1:${parameters.port}`;
  const service = await startService({
    name: "app",
    command: process.execPath,
    args: [nextBin, parameters.mode, "--port", String(parameters.port), "--hostname", "127.0.0.1"],
    cwd: appDir,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      LEASEHOLD_CHAIN_ID: String(parameters.chainId),
      LEASEHOLD_RPC_URL: parameters.rpcUrl,
      LEASEHOLD_INDEXER_URL: parameters.indexerUrl,
      ...(parameters.gatewayUrl ? { LEASEHOLD_GATEWAY_URL: parameters.gatewayUrl } : {}),
      ...(parameters.relayerUrl ? { LEASEHOLD_RELAYER_URL: parameters.relayerUrl } : {}),
      LEASEHOLD_DEPLOYMENTS_DIR: parameters.deploymentsDir,
      LEASEHOLD_DEV_ACCOUNT_INDEX: parameters.devAccountIndex?.toString(),
      // `next start` refuses a development NODE_ENV (vitest sets NODE_ENV=test).
      NODE_ENV: parameters.mode === "start" ? "production" : "development",
    },
    logFile: parameters.logFile,
    ready: () => httpOk(`${url}/`),
    // `next dev` compiles the first page on request, which takes a while on two cores.
    readyTimeoutMs: parameters.mode === "dev" ? 180_000 : 60_000,
  });
  return Object.assign(service, { url });
}

export interface BuildAppParameters {
  /** Build even when the last build was made from the same sources. */
  force?: boolean;
  /** Append the build's output here instead of echoing it. */
  logFile?: string;
}

export interface BuildAppReturnType {
  /** False when an up-to-date build already existed. */
  built: boolean;
  durationMs: number;
}

export class AppBuildError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppBuildError";
  }
}

/**
 * `next build`, skipped when `.next` was built from exactly the current sources: the app, the
 * sdk it compiles in, and the installed versions of the packages it bundles.
 */
export async function buildApp({ force = false, logFile }: BuildAppParameters = {}): Promise<BuildAppReturnType> {
  const started = Date.now();
  const fingerprint = await sourceFingerprint();
  if (!force && (await currentStamp()) === fingerprint) return { built: false, durationMs: Date.now() - started };

  const child = spawn(process.execPath, [nextBin, "build"], {
    cwd: appDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tail: string[] = [];
  const log = logFile ? createWriteStream(logFile, { flags: "a" }) : undefined;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    if (log) log.write(text);
    else process.stdout.write(text.replace(/^(?=.)/gm, "[app build] "));
    tail.push(text);
    if (tail.length > 60) tail.shift();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  log?.end();
  if (code !== 0) throw new AppBuildError(`next build exited with code ${code}:\n${tail.join("").slice(-4_000)}`);
  await writeFile(stampFile, `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2)}\n`);
  return { built: true, durationMs: Date.now() - started };
}

async function currentStamp(): Promise<string | null> {
  try {
    await stat(path.join(buildDir, "BUILD_ID"));
    const stamp = JSON.parse(await readFile(stampFile, "utf8")) as { fingerprint?: string };
    return stamp.fingerprint ?? null;
  } catch {
    return null;
  }
}

const ignoredNames = new Set([".next", "node_modules", "next-env.d.ts", "tsconfig.tsbuildinfo"]);
const bundledPackages = ["next", "react", "react-dom", "wagmi", "viem", "@tanstack/react-query"];

async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const files = [...(await listFiles(appDir)), ...(await listFiles(path.join(repoRoot, "sdk", "src")))];
  files.push(path.join(repoRoot, "sdk", "package.json"), path.join(repoRoot, "tsconfig.base.json"));
  for (const file of files.sort()) {
    hash
      .update(path.relative(repoRoot, file))
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  }
  const resolve = createRequire(path.join(appDir, "package.json")).resolve;
  for (const name of bundledPackages) {
    const manifest = JSON.parse(await readFile(resolve(`${name}/package.json`), "utf8")) as { version: string };
    hash.update(`${name}@${manifest.version}\0`);
  }
  return hash.digest("hex");
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (ignoredNames.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
