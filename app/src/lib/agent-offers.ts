/**
 * What an agent offers a data owner, as the agent's operator declares it in its metadata (a
 * `data:application/json` URI with `name`, `description`, `scopes` and `policies`, the last two
 * lists of names or of `{ name, description }`): the scopes it serves (what it may do with a
 * context; the lease's scope hash is keccak256 of the name, as the worker's served scopes are)
 * and the policies a job under it can require (the job's policy hash, copied into its receipt).
 * A person can always name a scope or policy by hand: the hash is all the chain sees.
 */
import { isHex, keccak256, stringToHex, type Hex } from "viem";

export interface NamedHash {
  name: string;
  hash: Hex;
  description?: string;
}

export interface AgentOffer {
  name: string | null;
  description: string | null;
  scopes: NamedHash[];
  policies: NamedHash[];
}

/**
 * keccak256 of the name's UTF-8 bytes: how scopes and named policies become hashes. A name that
 * is already 32 bytes of hex is taken as the hash itself, as the worker's configuration does.
 */
export function nameHash(name: string): Hex {
  return isHex(name, { strict: true }) && name.length === 66
    ? (name.toLowerCase() as Hex)
    : keccak256(stringToHex(name));
}

function named(list: unknown): NamedHash[] {
  if (!Array.isArray(list)) return [];
  const out: NamedHash[] = [];
  for (const item of list as unknown[]) {
    const entry =
      typeof item === "string"
        ? { name: item }
        : item && typeof item === "object" && typeof (item as { name?: unknown }).name === "string"
          ? (item as { name: string; description?: unknown })
          : null;
    if (!entry || entry.name.trim() === "" || entry.name.length > 200) continue;
    const description = typeof entry.description === "string" ? entry.description : undefined;
    out.push({ name: entry.name, hash: nameHash(entry.name), ...(description ? { description } : {}) });
  }
  return out;
}

/** The JSON inside a `data:application/json` metadata URI, or null. */
export function parseMetadata(uri: string): Record<string, unknown> | null {
  const match = /^data:application\/json(;charset=[^;,]+)?(;base64)?,(.*)$/is.exec(uri.trim());
  if (!match) return null;
  try {
    const text = match[2] ? atob(match[3]!) : decodeURIComponent(match[3]!);
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function agentOffer(agent: { metadataUri: string }): AgentOffer {
  const metadata = parseMetadata(agent.metadataUri);
  return {
    name: typeof metadata?.name === "string" ? metadata.name : null,
    description: typeof metadata?.description === "string" ? metadata.description : null,
    scopes: named(metadata?.scopes),
    policies: named(metadata?.policies),
  };
}

/** The name behind a hash, when one of the declared names produces it. */
export function nameOf(hash: string, candidates: readonly NamedHash[]): string | null {
  const lower = hash.toLowerCase();
  return candidates.find((candidate) => candidate.hash === lower)?.name ?? null;
}
