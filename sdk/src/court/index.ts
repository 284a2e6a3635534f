/**
 * The dispute court's vocabulary off chain: its enums as the contract numbers them, the vote
 * commitment an arbitrator submits (IDisputeCourt.commitmentOf, computed locally so the vote never
 * leaves the arbitrator's machine before the reveal), and the references the court files its
 * insurance claim and its slash under. The app, the scripts and the tests use these; the indexer
 * reads the same numbers from events.
 */
import { bytesToHex, encodeAbiParameters, isHex, keccak256, type Address, type Hex } from "viem";
import { InvalidInputError } from "../errors.ts";

/** IDisputeCourt.Ruling: a vote and a ruling. */
export const Ruling = { None: 0, Client: 1, Agent: 2 } as const;
export type Ruling = (typeof Ruling)[keyof typeof Ruling];

/** IDisputeCourt.Phase: where a dispute is. */
export const DisputePhase = { None: 0, Drawing: 1, Voting: 2, Ruled: 3, Executed: 4 } as const;
export type DisputePhase = (typeof DisputePhase)[keyof typeof DisputePhase];

/** The two rounds a dispute can have: the first panel and the appeal. */
export const LAST_ROUND = 1;

const commitmentParameters = [
  { type: "uint256" },
  { type: "uint8" },
  { type: "address" },
  { type: "uint8" },
  { type: "bytes32" },
] as const;

/** keccak256(abi.encode(disputeId, round, arbitrator, vote, salt)), as DisputeCourt.commitmentOf. */
export function voteCommitment({
  disputeId,
  round,
  arbitrator,
  vote,
  salt,
}: {
  disputeId: bigint;
  round: number;
  arbitrator: Address;
  vote: Ruling;
  salt: Hex;
}): Hex {
  if (vote !== Ruling.Client && vote !== Ruling.Agent) {
    throw new InvalidInputError(`A vote is Client (1) or Agent (2), not ${String(vote)}`);
  }
  if (round < 0 || round > LAST_ROUND || !Number.isInteger(round)) {
    throw new InvalidInputError(`A dispute has rounds 0 and ${LAST_ROUND}, not ${round}`);
  }
  if (!isHex(salt) || salt.length !== 66) throw new InvalidInputError("A vote's salt is 32 bytes of hex");
  return keccak256(encodeAbiParameters(commitmentParameters, [disputeId, round, arbitrator, vote, salt]));
}

/** A fresh random salt for a vote commitment: keep it until the reveal, or the vote is lost. */
export function newVoteSalt(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** keccak256(abi.encode("leasehold.dispute", disputeId)): the dispute's claim and slash reference. */
export function disputeRef(disputeId: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: "string" }, { type: "uint256" }], ["leasehold.dispute", disputeId]));
}

export * from "./draw-session.ts";
export * from "./evidence.ts";
export * from "./panel-availability.ts";
