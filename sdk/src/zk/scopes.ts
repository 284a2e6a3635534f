/**
 * The scopes and messages the Leasehold contracts derive for StakeMembership proofs, computed
 * the same way off-chain so a prover signs exactly what the contract will check. Each mirrors a
 * Solidity expression (the contract tests compare them with the deployed contracts' views):
 *
 *   endorsementScope  = uint256(keccak256(abi.encode(chainid, endorsements, keccak256("leasehold.endorse"), agentId, epoch))) >> 8
 *   endorsementMessage = uint256(keccak256(abi.encode(agentId, epoch, signal))) >> 8
 *   withdrawalScope   = uint256(keccak256(abi.encode(chainid, group, keccak256("leasehold.withdraw"), commitment, recipient, relayerFee))) >> 8
 *   withdrawalMessage = uint256(keccak256(abi.encode(recipient))) >> 8
 *
 * Every abi.encode argument is a static 32-byte word, so the encoding is plain concatenation.
 * The chain id and contract address separate deployments, the domain tag separates purposes, and
 * the rest names the context (one nullifier per identity per scope). A withdrawal's scope names
 * its whole payload: two withdrawal proofs with different payloads must never be two points of
 * one line, or together they would give the secret away.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToBigInt, hexToBytes, numberToBytes, pad } from "viem";
import { InvalidStakeProofInputError } from "./errors.ts";
import { requireField } from "./field.ts";
import type { Field } from "./types.ts";

const ENDORSE_DOMAIN = keccak_256(new TextEncoder().encode("leasehold.endorse"));
const WITHDRAW_DOMAIN = keccak_256(new TextEncoder().encode("leasehold.withdraw"));

export interface EndorsementScopeParameters {
  chainId: bigint | number;
  /** The Endorsements contract. */
  endorsements: `0x${string}`;
  agentId: bigint;
  epoch: bigint;
}

export interface EndorsementMessageParameters {
  agentId: bigint;
  epoch: bigint;
  /** The endorser's statement, a bytes32 (e.g. the hash of a review). */
  signal: `0x${string}`;
}

export interface WithdrawalScopeParameters {
  chainId: bigint | number;
  /** The AnonymousStakeGroup contract. */
  group: `0x${string}`;
  commitment: Field;
  /** Who `withdraw` pays. */
  recipient: `0x${string}`;
  /** The part of the stake paid to whoever sends the request (a uint96; 0 when the member sends it). */
  relayerFee: bigint;
}

export function endorsementScope({ chainId, endorsements, agentId, epoch }: EndorsementScopeParameters): Field {
  return hashWords([
    uint(BigInt(chainId), "chainId"),
    address(endorsements),
    ENDORSE_DOMAIN,
    uint(agentId, "agentId"),
    uint(epoch, "epoch"),
  ]);
}

/** Never 0 in practice; provers refuse a message of 0 anyway (see buildWitnessInput). */
export function endorsementMessage({ agentId, epoch, signal }: EndorsementMessageParameters): Field {
  return hashWords([uint(agentId, "agentId"), uint(epoch, "epoch"), bytes32(signal)]);
}

export function withdrawalScope({
  chainId,
  group,
  commitment,
  recipient,
  relayerFee,
}: WithdrawalScopeParameters): Field {
  return hashWords([
    uint(BigInt(chainId), "chainId"),
    address(group),
    WITHDRAW_DOMAIN,
    uint(requireField(commitment, "commitment"), "commitment"),
    address(recipient),
    uint96(relayerFee, "relayerFee"),
  ]);
}

export function withdrawalMessage(recipient: `0x${string}`): Field {
  return hashWords([address(recipient)]);
}

function hashWords(words: Uint8Array[]): Field {
  const data = new Uint8Array(words.length * 32);
  words.forEach((word, index) => data.set(word, index * 32));
  return bytesToBigInt(keccak_256(data)) >> 8n;
}

function uint(value: bigint, name: string): Uint8Array {
  if (typeof value !== "bigint" || value < 0n || value >= 1n << 256n) {
    throw new InvalidStakeProofInputError(`${name} must be a uint256, got ${String(value)}`);
  }
  return numberToBytes(value, { size: 32 });
}

function uint96(value: bigint, name: string): Uint8Array {
  if (typeof value !== "bigint" || value < 0n || value >= 1n << 96n) {
    throw new InvalidStakeProofInputError(`${name} must be a uint96, got ${String(value)}`);
  }
  return numberToBytes(value, { size: 32 });
}

function address(value: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new InvalidStakeProofInputError(`Not an address: ${value}`);
  return hexToBytes(pad(value as `0x${string}`, { size: 32 }));
}

function bytes32(value: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new InvalidStakeProofInputError(`Not a bytes32: ${value}`);
  return hexToBytes(value as `0x${string}`);
}
