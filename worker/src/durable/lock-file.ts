import { open, readFile, stat, unlink } from "node:fs/promises";
import { DataDirLockedError } from "../errors.ts";

/** How long an empty lock file is taken to belong to a process still starting up. */
const FRESH_LOCK_MS = 2_000;

/** Lock files this process holds, so a stale lock that happens to carry our pid is told apart from a live one. */
const heldByThisProcess = new Set<string>();

/**
 * Takes `path` as an exclusive lock for this process: one writer per log, so two workers started
 * on one data folder cannot both journal (and sign) the same job. The file holds the owner's pid;
 * a lock whose owner is gone (killed, crashed) is taken over.
 *
 * Limits: it works for processes that see each other's pids (one host, one pid namespace). Do not
 * share a data folder between containers or hosts.
 */
export async function acquireLock(path: string): Promise<() => Promise<void>> {
  if (heldByThisProcess.has(path)) throw new DataDirLockedError(`${path} is already held by this process`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      heldByThisProcess.add(path);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        heldByThisProcess.delete(path);
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const content = await readFile(path, "utf8").catch(() => undefined);
    const owner = Number.parseInt(content ?? "", 10);
    if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new DataDirLockedError(`${path} is held by live process ${owner}`);
    }
    // No pid yet: its owner may be between creating the file and writing to it. Only a lock
    // left empty for a while is a crashed one.
    if (content === "") {
      const age = await stat(path).then(
        (stats) => Date.now() - stats.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      );
      if (age < FRESH_LOCK_MS) throw new DataDirLockedError(`${path} is being taken by another process`);
    }
    await unlink(path).catch(() => undefined);
  }
  throw new DataDirLockedError(`${path} is being taken by another process`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
