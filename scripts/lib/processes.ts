/**
 * Child processes for the devnet and the cross-part tests: each service runs in its own process
 * group, so stopping it stops everything it started (Next.js and Ponder fork workers of their
 * own), and nothing is left behind when the parent exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ServiceOptions {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  /** Added to this process's environment; an `undefined` value removes the variable. */
  env?: Record<string, string | undefined>;
  /** Append output here instead of echoing it with a `[name]` prefix. */
  logFile?: string;
  /** Resolves true once the service answers; polled until `readyTimeoutMs`. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
}

export interface Service {
  name: string;
  process: ChildProcess;
  /** SIGTERM the whole process group, SIGKILL it if it lingers; resolves when it is gone. */
  stop(): Promise<void>;
}

export class ServiceStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ServiceStartError";
  }
}

const running = new Set<Service>();

export async function startService(options: ServiceOptions): Promise<Service> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: mergeEnv(process.env, options.env ?? {}),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log: WriteStream | undefined;
  if (options.logFile) {
    log = createWriteStream(options.logFile, { flags: "a" });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  } else {
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => `[${options.name}] ${line}\n`)
        .join("");
    child.stdout!.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
    child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  }

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    log?.end();
  });

  const service: Service = {
    name: options.name,
    process: child,
    async stop() {
      running.delete(service);
      if (hasExited || child.pid === undefined) return;
      signalGroup(child.pid, "SIGTERM");
      const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut) {
        signalGroup(child.pid, "SIGKILL");
        await exited;
      }
    },
  };
  running.add(service);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await options.ready().catch(() => false))) {
    if (hasExited) {
      throw new ServiceStartError(`${options.name} exited with code ${await exited} before it was ready`);
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new ServiceStartError(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms`);
    }
    await sleep(200);
  }
  return service;
}

function mergeEnv(base: NodeJS.ProcessEnv, overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Stop every service this process started, newest first. */
export async function stopAll(): Promise<void> {
  for (const service of [...running].reverse()) await service.stop();
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** True when `url` answers with a 2xx status. */
export async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
  return response.ok;
}
