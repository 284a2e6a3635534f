"use client";
/**
 * The browser's anonymous stake identity, kept in this browser only (IndexedDB, database
 * "leasehold-stake-identities"), one per chain and stake group. The record holds the identity in
 * exactly the text of its backup file (the sdk's `exportStakeIdentity`), so what is stored and
 * what is exported cannot drift, and importing a backup is the same parse as loading a record.
 *
 * The secret never leaves the browser: it is not sent to the app server, the indexer or any
 * API. Proofs are computed in a Web Worker from it; only proofs and their public outputs go to
 * the chain. Losing it (clearing site data, another browser) loses the stake behind it, since
 * withdrawing needs a proof of the secret: hence the export.
 */
import type { Address } from "viem";

const DB_NAME = "leasehold-stake-identities";
const STORE = "identities";

export interface StoredStakeIdentity {
  /** `${chainId}:${group}` (group in lower case). */
  id: string;
  chainId: number;
  group: Address;
  /** The public commitment, decimal. */
  commitment: string;
  /** The backup text (`exportStakeIdentity`): it contains the secret. */
  backup: string;
  createdAt: number;
  /** When the person last downloaded a backup; null until they do. */
  exportedAt: number | null;
}

export class StakeIdentityStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StakeIdentityStoreError";
  }
}

export function stakeIdentityKey(chainId: number, group: Address): string {
  return `${chainId}:${group.toLowerCase()}`;
}

function openDb(): Promise<IDBDatabase> {
  if (typeof indexedDB === "undefined") {
    return Promise.reject(new StakeIdentityStoreError("This browser has no IndexedDB, so an identity cannot be kept."));
  }
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: "id" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () =>
      reject(new StakeIdentityStoreError("The browser refused to open the identity store.", { cause: request.error }));
  });
}

async function withStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = act(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      const fail = () =>
        reject(
          new StakeIdentityStoreError("The browser refused to read or write the identity store.", {
            cause: transaction.error,
          }),
        );
      transaction.onerror = fail;
      transaction.onabort = fail;
    });
  } finally {
    db.close();
  }
}

export async function loadStakeIdentity(chainId: number, group: Address): Promise<StoredStakeIdentity | null> {
  const found = await withStore<StoredStakeIdentity | undefined>("readonly", (store) =>
    store.get(stakeIdentityKey(chainId, group)),
  );
  return found ?? null;
}

export async function saveStakeIdentity(record: Omit<StoredStakeIdentity, "id">): Promise<StoredStakeIdentity> {
  const full = { ...record, id: stakeIdentityKey(record.chainId, record.group) };
  await withStore("readwrite", (store) => store.put(full));
  return full;
}

export async function forgetStakeIdentity(chainId: number, group: Address): Promise<void> {
  await withStore("readwrite", (store) => store.delete(stakeIdentityKey(chainId, group)));
}
