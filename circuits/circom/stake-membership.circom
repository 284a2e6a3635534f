pragma circom 2.1.5;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// StakeMembership(DEPTH, AMOUNT_BITS): "I own a staked identity in the group whose tree has
// root `root`, its stake is at least `threshold`, and this is my share for `scope`", revealing
// nothing else (not the identity, not the amount, not the leaf's position).
//
// Inputs (private): secret, stakeAmount, pathIndices[DEPTH], siblings[DEPTH].
// Inputs (public):  root, threshold, scope, message.
// Outputs (public): y, nullifier.
// Public signal order seen by the verifier: y, nullifier, root, threshold, scope, message
// (outputs first, then public inputs in declaration order; circuits/config.ts holds it).
//
// Constraints, all over the BN254 scalar field (p ~ 2^253.6), Poseidon as in circomlib:
//  1. commitment = Poseidon(secret); leaf = Poseidon(commitment, stakeAmount).
//  2. For each level i < DEPTH: pathIndices[i] * (pathIndices[i] - 1) = 0 (a bit), and
//     node[i + 1] = Poseidon(node[i], siblings[i]) if the bit is 0 (node is a left child),
//     Poseidon(siblings[i], node[i]) if it is 1; node[0] = leaf. Without the bit constraint a
//     prover could pick any (left, right) with the right sum and forge membership.
//  3. root = node[DEPTH]: a fixed-depth path, empty subtrees given as zero hashes.
//  4. stakeAmount < 2^AMOUNT_BITS and threshold < 2^AMOUNT_BITS (Num2Bits on both). circomlib's
//     comparators do not range-check their inputs, so without these a field element such as
//     p - 1 would compare wrongly.
//  5. stakeAmount >= threshold (GreaterEqThan, sound because of 4).
//  6. a1 = Poseidon(secret, scope); y = secret + a1 * message; nullifier = Poseidon(a1).
//     The nullifier is the same for every proof of one identity in one scope and unlinkable
//     across scopes. y is a point on the identity's line for the scope: two proofs in one scope
//     with different messages give two points, and anyone can solve for the secret
//     (a1 = (y1 - y2) / (x1 - x2), secret = y1 - a1 * x1) and slash the stake behind it.
//  Every public input is constrained: root by 3, threshold by 4 and 5, scope by 6 (inside a1),
//  message by 6 (the product a1 * message), so a proof cannot be replayed with any of them
//  changed.
//
// Compile-time bounds: 1 <= DEPTH <= 32; 1 <= AMOUNT_BITS <= 252 (LessThan's limit; it also
// keeps 2^AMOUNT_BITS < p so Num2Bits has a unique decomposition).
//
// Callers and the verifying contract must enforce outside the circuit:
//  - root freshness: accept only roots the group contract produced, and only recent ones; a
//    leaf keeps proving its old amount until the contract replaces it (after a withdrawal or
//    a slash, update or zero the leaf).
//  - leaves: only the group contract inserts them, as Poseidon(commitment, amount) with
//    amount < 2^AMOUNT_BITS; empty leaves are 0 (nobody knows a preimage of 0).
//  - threshold: the verifier supplies the threshold its policy requires; it is not taken
//    from the prover.
//  - scope: the verifier derives it (domain-separated: chain, contract, purpose, e.g. the
//    endorsed agent and epoch); never an unchecked prover-chosen value.
//  - message: the signal's hash reduced into the field (keccak256(signal) >> 8); every public
//    signal must be < p (the generated Solidity verifier and snarkjs reject larger ones; Circom's
//    witness calculator would silently reduce them). message = 0 makes y = secret: provers
//    must never sign 0 (the TypeScript library refuses).
//  - nullifiers: store nullifier -> (message, y); reject a second proof with the same nullifier
//    and message (a replay; it leaks nothing), and treat one with a different message as a
//    double signal: recover the secret and slash the identity whose commitment is Poseidon(secret).
//  - Groth16 proofs are malleable: identify a signal by its nullifier, never by the proof bytes.
template StakeMembership(DEPTH, AMOUNT_BITS) {
    assert(DEPTH >= 1 && DEPTH <= 32);
    assert(AMOUNT_BITS >= 1 && AMOUNT_BITS <= 252);

    signal input secret;
    signal input stakeAmount;
    signal input pathIndices[DEPTH];
    signal input siblings[DEPTH];

    signal input root;
    signal input threshold;
    signal input scope;
    signal input message;

    signal output y;
    signal output nullifier;

    // 1. Identity and leaf.
    signal commitment <== Poseidon(1)([secret]);
    signal leaf <== Poseidon(2)([commitment, stakeAmount]);

    // 2-3. Membership: a fixed-depth Poseidon path from the leaf to the public root.
    signal nodes[DEPTH + 1];
    signal left[DEPTH];
    nodes[0] <== leaf;
    for (var i = 0; i < DEPTH; i++) {
        pathIndices[i] * (pathIndices[i] - 1) === 0;
        left[i] <== nodes[i] + pathIndices[i] * (siblings[i] - nodes[i]);
        nodes[i + 1] <== Poseidon(2)([left[i], nodes[i] + siblings[i] - left[i]]);
    }
    root === nodes[DEPTH];

    // 4-5. Stake at least the threshold, both range-checked first.
    signal amountBits[AMOUNT_BITS] <== Num2Bits(AMOUNT_BITS)(stakeAmount);
    signal thresholdBits[AMOUNT_BITS] <== Num2Bits(AMOUNT_BITS)(threshold);
    signal enough <== GreaterEqThan(AMOUNT_BITS)([stakeAmount, threshold]);
    enough === 1;

    // 6. Per-scope nullifier and rate-limiting share.
    signal a1 <== Poseidon(2)([secret, scope]);
    y <== secret + a1 * message;
    nullifier <== Poseidon(1)([a1]);
}
