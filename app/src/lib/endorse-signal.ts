import { keccak256, stringToHex, type Hex } from "viem";

/**
 * The statement every endorsement from this app signs. It is fixed on purpose: the contract
 * counts one signal per identity, agent and epoch, and a second signal with a *different*
 * statement in the same scope is a double signal that reveals the identity's secret and gets its
 * stake slashed. With one fixed statement, endorsing twice is only a harmless replay, which the
 * contract refuses (EndorsementsReplayed).
 */
export const ENDORSEMENT_SIGNAL: Hex = keccak256(stringToHex("leasehold.endorsement.v1"));
