/**
 * Vote salts, kept in this browser between the commit and the reveal. The salt is the only thing
 * that turns a commitment back into a vote: lose it and the vote cannot be revealed (and the seat
 * loses part of its lock), so it is keyed precisely (chain, court, dispute, round, arbitrator) and
 * can be exported as a backup before the browser's storage is cleared.
 */
import { isHex, type Address, type Hex } from "viem";
import { Ruling } from "@leasehold/sdk/court";

const PREFIX = "leasehold.vote-salt";

export interface StoredVote {
  vote: typeof Ruling.Client | typeof Ruling.Agent;
  salt: Hex;
}

export interface VoteKey {
  chainId: number;
  court: Address;
  disputeId: bigint;
  round: number;
  arbitrator: Address;
}

export function voteStorageKey({ chainId, court, disputeId, round, arbitrator }: VoteKey): string {
  return `${PREFIX}.${chainId}.${court.toLowerCase()}.${disputeId}.${round}.${arbitrator.toLowerCase()}`;
}

/** The stored vote, or null when this browser has none (or it is unreadable). */
export function loadVote(key: VoteKey): StoredVote | null {
  if (typeof window === "undefined") return null;
  const raw = localStorage.getItem(voteStorageKey(key));
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as { vote?: unknown; salt?: unknown };
    const vote = value.vote === Ruling.Client || value.vote === Ruling.Agent ? value.vote : null;
    if (vote === null || !isHex(value.salt) || value.salt.length !== 66) return null;
    return { vote, salt: value.salt };
  } catch {
    return null;
  }
}

/** Kept before the commit is sent, so a commitment on chain always has its salt here. */
export function saveVote(key: VoteKey, stored: StoredVote): void {
  localStorage.setItem(voteStorageKey(key), JSON.stringify(stored));
}

/** A backup a person can keep elsewhere: the key and the stored vote, as one line of JSON. */
export function exportVote(key: VoteKey, stored: StoredVote): string {
  return JSON.stringify({ key: voteStorageKey(key), vote: stored.vote, salt: stored.salt });
}
