"use client";
/**
 * The data owner's content keys, kept in this browser only (IndexedDB, database
 * "leasehold-content-keys"). A content key opens one encrypted context and every output of every
 * job run on it; it never leaves the browser except sealed to one job's certified key, or in a
 * backup file the owner exports on purpose. Losing it (clearing site data, another browser)
 * means no new job can be given the context and no output can be opened: hence the export.
 *
 * Records are keyed by content id (the sha256 of the envelope, what the lease records). The
 * envelope itself (ciphertext) is kept too until the gateway has it, so a failed upload can be
 * retried without re-encrypting, which would change the content id the lease already names.
 */
import { bytesToHex, hexToBytes, isAddress, isHex, type Address, type Hex } from "viem";

const DB_NAME = "leasehold-content-keys";
const STORE = "keys";
const EXPORT_FORMAT = "leasehold-content-keys/v1";

export interface StoredContentKey {
  contentId: Hex;
  chainId: number;
  owner: Address;
  /** 32 bytes, hex. */
  key: Hex;
  /** What the owner called the context, e.g. the file name. */
  label: string;
  createdAt: number;
  /** Plaintext size, for the owner's reference. */
  bytes: number;
  /** The envelope until the gateway confirmed it has it. */
  envelope?: Uint8Array;
  uploaded: boolean;
}

export class ContentKeyStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ContentKeyStoreError";
  }
}

function openDb(): Promise<IDBDatabase> {
  if (typeof indexedDB === "undefined") {
    return Promise.reject(new ContentKeyStoreError("This browser has no IndexedDB, so keys cannot be kept."));
  }
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) {
        request.result.createObjectStore(STORE, { keyPath: "contentId" });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () =>
      reject(new ContentKeyStoreError("The browser refused to open the key store.", { cause: request.error }));
  });
}

async function withStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = act(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () =>
        reject(
          new ContentKeyStoreError("The browser refused to read or write the key store.", { cause: transaction.error }),
        );
      transaction.onabort = () =>
        reject(
          new ContentKeyStoreError("The key store write was aborted (storage full?).", { cause: transaction.error }),
        );
    });
  } finally {
    db.close();
  }
}

export function saveContentKey(record: StoredContentKey): Promise<IDBValidKey> {
  return withStore("readwrite", (store) => store.put({ ...record, contentId: record.contentId.toLowerCase() }));
}

export async function getContentKey(contentId: Hex): Promise<StoredContentKey | null> {
  const found = await withStore<StoredContentKey | undefined>("readonly", (store) =>
    store.get(contentId.toLowerCase()),
  );
  return found ?? null;
}

/** The keys of one owner on one chain, newest first. */
export async function listContentKeys(chainId: number, owner: Address): Promise<StoredContentKey[]> {
  const all = await withStore<StoredContentKey[]>("readonly", (store) => store.getAll());
  return all
    .filter((record) => record.chainId === chainId && record.owner.toLowerCase() === owner.toLowerCase())
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** The gateway has the envelope: keep only the key. */
export async function markUploaded(contentId: Hex): Promise<void> {
  const record = await getContentKey(contentId);
  if (!record) return;
  const { envelope: _envelope, ...rest } = record;
  await saveContentKey({ ...rest, uploaded: true });
}

export function contentKeyBytes(record: StoredContentKey): Uint8Array {
  return hexToBytes(record.key);
}

export function keyToHex(key: Uint8Array): Hex {
  return bytesToHex(key);
}

/** A backup file's text: every key of this owner on this chain, without envelopes. */
export function exportContentKeys(chainId: number, owner: Address, records: readonly StoredContentKey[]): string {
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      warning: "These keys open your Leasehold contexts and job outputs. Keep this file secret.",
      chainId,
      owner,
      exportedAt: new Date().toISOString(),
      keys: records.map(({ contentId, key, label, createdAt, bytes }) => ({ contentId, key, label, createdAt, bytes })),
    },
    null,
    2,
  );
}

/** Restores keys from a backup made by exportContentKeys; returns how many were added. */
export async function importContentKeys(text: string, chainId: number, owner: Address): Promise<number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ContentKeyStoreError("The file is not JSON, so it is not a key backup.", { cause });
  }
  const backup = parsed as { format?: unknown; chainId?: unknown; owner?: unknown; keys?: unknown };
  if (backup.format !== EXPORT_FORMAT || !Array.isArray(backup.keys)) {
    throw new ContentKeyStoreError("The file is not a Leasehold key backup.");
  }
  if (backup.chainId !== chainId || typeof backup.owner !== "string" || !isAddress(backup.owner)) {
    throw new ContentKeyStoreError(`The backup is for another chain than chain ${chainId}.`);
  }
  if (backup.owner.toLowerCase() !== owner.toLowerCase()) {
    throw new ContentKeyStoreError("The backup belongs to another account than the one connected.");
  }
  let added = 0;
  for (const entry of backup.keys as Record<string, unknown>[]) {
    const { contentId, key, label, createdAt, bytes } = entry;
    const hex32 = (value: unknown): value is Hex => typeof value === "string" && isHex(value) && value.length === 66;
    if (!hex32(contentId) || !hex32(key)) throw new ContentKeyStoreError("The backup holds a malformed key.");
    await saveContentKey({
      contentId,
      key,
      chainId,
      owner,
      label: typeof label === "string" ? label : "",
      createdAt: typeof createdAt === "number" ? createdAt : Date.now(),
      bytes: typeof bytes === "number" ? bytes : 0,
      uploaded: true,
    });
    added++;
  }
  return added;
}
