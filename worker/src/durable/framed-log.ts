import { mkdir, open, readFile, rename, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { LogCorruptError, LogUnavailableError } from "../errors.ts";
import type { OpenFramedLogParameters, OpenFramedLogReturnType } from "../types.ts";
import { acquireLock } from "./lock-file.ts";

/*
 * An append-only file of length-and-checksum framed records, each made durable with fdatasync
 * before append() resolves. The journal and the audit chain are both built on it.
 *
 * Why a log and not one file per record written to a temp file, fsynced and renamed: a record
 * then costs one write and one fdatasync (a rename costs a second fsync, of the directory, plus
 * an inode per record); the order of records is the file's order, which the journal's state
 * machine and the audit chain both need; and the history stays, which is what an audit wants.
 * The one rename in its life is when the file is created, so that a crash never leaves a file
 * without its header.
 *
 * Layout: an 8-byte magic, then frames of
 *   u32 big-endian payload length | u32 big-endian CRC-32 of the payload | payload
 *
 * Recovery reads frames from the start. A crash during an append can only damage the last frame
 * (an append is a single write at the end of the file, and fdatasync orders it before the next),
 * and what it leaves is a prefix of that frame or, on some filesystems, zeros. So:
 * - a frame that runs past the end of the file, a checksum failure in the last frame, or a tail
 *   of zeros is a torn append: it is cut off (the cut bytes are kept beside the log as
 *   `<file>.torn-<offset>` for inspection) and recovery goes on;
 * - a bad frame with anything after it is damage, not a crash: opening fails with
 *   LogCorruptError, and nothing is cut.
 * A damaged last frame cannot be told from a torn one; it is cut and kept aside as above.
 */

const HEADER_BYTES = 8;
const FRAME_HEADER_BYTES = 8;
/** Receipts are about a kilobyte; anything near this is not a record of ours. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export class FramedLog {
  readonly file: string;
  #handle: FileHandle | undefined;
  #size: number;
  #tail: Promise<void> = Promise.resolve();
  #failure: LogUnavailableError | undefined;
  readonly #release: () => Promise<void>;

  private constructor(file: string, handle: FileHandle, size: number, release: () => Promise<void>) {
    this.file = file;
    this.#handle = handle;
    this.#size = size;
    this.#release = release;
  }

  /** Opens (creating if needed) and recovers a log; holds `<file>.lock` until close(). */
  static async open({ file, magic }: OpenFramedLogParameters): Promise<OpenFramedLogReturnType> {
    const header = Buffer.from(magic, "ascii");
    if (header.length !== HEADER_BYTES) throw new RangeError("A log's magic is eight ASCII characters");
    await mkdir(path.dirname(file), { recursive: true });
    const release = await acquireLock(`${file}.lock`);
    try {
      let bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
      if (bytes === undefined) {
        await createWithHeader(file, header);
        bytes = header;
      }
      if (!bytes.subarray(0, HEADER_BYTES).equals(header)) {
        throw new LogCorruptError(`${file} does not start with ${magic}`);
      }
      const { records, validBytes } = scanFrames(file, bytes);
      const truncatedBytes = bytes.length - validBytes;
      const handle = await open(file, "r+");
      if (truncatedBytes > 0) {
        await writeFile(`${file}.torn-${validBytes}`, bytes.subarray(validBytes));
        await handle.truncate(validBytes);
        await handle.sync();
      }
      return {
        log: new FramedLog(file, handle, validBytes, release),
        records,
        recovery: { records: records.length, truncatedBytes },
      };
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Appends one record; resolves once it is on disk. Appends are applied in call order. */
  append(payload: Uint8Array): Promise<void> {
    if (payload.length === 0 || payload.length > MAX_RECORD_BYTES) {
      return Promise.reject(new RangeError(`A record is 1 to ${MAX_RECORD_BYTES} bytes`));
    }
    const frame = Buffer.alloc(FRAME_HEADER_BYTES + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    frame.writeUInt32BE(crc32(payload), 4);
    frame.set(payload, FRAME_HEADER_BYTES);
    const written = this.#tail.then(() => this.#write(frame));
    this.#tail = written.catch(() => undefined);
    return written;
  }

  async #write(frame: Buffer): Promise<void> {
    if (this.#failure) throw this.#failure;
    const handle = this.#handle;
    if (!handle) throw new LogUnavailableError(`${this.file} is closed`);
    try {
      let offset = 0;
      while (offset < frame.length) {
        const { bytesWritten } = await handle.write(frame, offset, frame.length - offset, this.#size + offset);
        offset += bytesWritten;
      }
      await handle.datasync();
      this.#size += frame.length;
    } catch (cause) {
      // After a failed write or fsync nothing about the file can be trusted until it is read
      // back from disk: refuse further appends; reopening recovers (and cuts a partial frame).
      this.#failure = new LogUnavailableError(`Appending to ${this.file} failed`, { cause });
      throw this.#failure;
    }
  }

  /** Waits for pending appends, closes the file and releases the lock. */
  async close(): Promise<void> {
    await this.#tail;
    const handle = this.#handle;
    this.#handle = undefined;
    try {
      await handle?.close();
    } finally {
      await this.#release();
    }
  }
}

/**
 * Reads a log's records without opening it for writing: no lock, nothing cut. A torn tail is
 * ignored, damage before it throws LogCorruptError. For verification while the owner runs.
 */
export async function readFramedLog({ file, magic }: OpenFramedLogParameters): Promise<Uint8Array[]> {
  const bytes = await readFile(file);
  if (!bytes.subarray(0, HEADER_BYTES).equals(Buffer.from(magic, "ascii"))) {
    throw new LogCorruptError(`${file} does not start with ${magic}`);
  }
  return scanFrames(file, bytes).records;
}

async function createWithHeader(file: string, header: Buffer): Promise<void> {
  const temporary = `${file}.creating`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(header);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  await syncDirectory(path.dirname(file));
}

/** Makes a new name in `dir` durable (the file's own fsync does not cover its directory entry). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function scanFrames(file: string, bytes: Buffer): { records: Uint8Array[]; validBytes: number } {
  const records: Uint8Array[] = [];
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const rest = bytes.length - offset;
    if (rest < FRAME_HEADER_BYTES) break;
    const length = bytes.readUInt32BE(offset);
    const checksum = bytes.readUInt32BE(offset + 4);
    const end = offset + FRAME_HEADER_BYTES + length;
    if (length === 0 || length > MAX_RECORD_BYTES) {
      if (isZero(bytes.subarray(offset))) break;
      throw new LogCorruptError(`${file}: invalid frame length ${length} at byte ${offset}`);
    }
    if (end > bytes.length) break;
    const payload = bytes.subarray(offset + FRAME_HEADER_BYTES, end);
    if (crc32(payload) !== checksum) {
      if (end === bytes.length) break;
      throw new LogCorruptError(`${file}: checksum mismatch at byte ${offset}, with records after it`);
    }
    records.push(payload);
    offset = end;
  }
  return { records, validBytes: offset };
}

function isZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}
