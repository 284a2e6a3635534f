// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Groth16Proof} from "../../src/interfaces/IStakeMembershipVerifier.sol";
import {StakeMembershipVerifier} from "../../src/zk/StakeMembershipVerifier.sol";
import {StakeProofFixture} from "../utils/StakeProofFixture.sol";
import {Test} from "../utils/Test.sol";

contract StakeMembershipVerifierTest is Test {
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// @dev Ample for a verification; a failed pairing consumes what it is handed, so calls are capped.
    uint256 internal constant GAS = 1_000_000;
    /// @dev Far below one ecMul (6,000): only input rejected before any precompile call returns with it.
    uint256 internal constant BEFORE_ANY_PRECOMPILE = 5_000;

    StakeMembershipVerifier internal verifier;
    Groth16Proof internal proof;
    uint256[6] internal signals;

    function setUp() public {
        verifier = new StakeMembershipVerifier();
        proof = StakeProofFixture.proof();
        signals = StakeProofFixture.publicSignals();
    }

    function _verify(Groth16Proof memory p, uint256[6] memory s) internal view returns (bool) {
        return verifier.verifyProof{gas: GAS}(p.a, p.b, p.c, s);
    }

    function _verifyCheaply(Groth16Proof memory p, uint256[6] memory s) internal view returns (bool) {
        return verifier.verifyProof{gas: BEFORE_ANY_PRECOMPILE}(p.a, p.b, p.c, s);
    }

    /// @dev verifyProof with exactly `gasLimit`: whether it returned, and what it returned or reverted with.
    function _verifyWithGas(uint256 gasLimit) internal view returns (bool returned, bytes memory data) {
        bytes memory call = abi.encodeCall(verifier.verifyProof, (proof.a, proof.b, proof.c, signals));
        return address(verifier).staticcall{gas: gasLimit}(call);
    }

    function test_verifyProof_acceptsTheFixture() public view {
        assertTrue(_verify(proof, signals));
    }

    function test_verifyProof_rejectsEachSignalAltered() public view {
        for (uint256 i = 0; i < 6; ++i) {
            uint256[6] memory altered = signals;
            altered[i] = (altered[i] + 1) % R;
            assertFalse(_verify(proof, altered), vm.toString(i));
        }
    }

    function test_verifyProof_rejectsEachSignalNotBelowTheScalarField() public view {
        for (uint256 i = 0; i < 6; ++i) {
            uint256[6] memory altered = signals;
            // The same residue mod r: ecMul alone would accept it.
            altered[i] += R;
            assertFalse(_verifyCheaply(proof, altered), vm.toString(i));
            altered[i] = R;
            assertFalse(_verifyCheaply(proof, altered), vm.toString(i));
            altered[i] = type(uint256).max;
            assertFalse(_verifyCheaply(proof, altered), vm.toString(i));
        }
    }

    function test_verifyProof_rejectsEachCoordinateNotBelowTheBaseField() public view {
        for (uint256 i = 0; i < 8; ++i) {
            Groth16Proof memory altered = StakeProofFixture.proof();
            if (i < 2) altered.a[i] += Q;
            else if (i < 6) altered.b[(i - 2) / 2][i % 2] += Q;
            else altered.c[i - 6] += Q;
            assertFalse(_verifyCheaply(altered, signals), vm.toString(i));
        }
    }

    function test_verifyProof_rejectsPointsNotOnTheCurve() public view {
        Groth16Proof memory altered = StakeProofFixture.proof();
        altered.a[1] = (altered.a[1] + 1) % Q;
        assertFalse(_verify(altered, signals), "A");
        altered = StakeProofFixture.proof();
        altered.b[1][1] = (altered.b[1][1] + 1) % Q;
        assertFalse(_verify(altered, signals), "B");
        altered = StakeProofFixture.proof();
        altered.c[0] = (altered.c[0] + 1) % Q;
        assertFalse(_verify(altered, signals), "C");
    }

    function test_verifyProof_rejectsBWithItsCoordinatesInSnarkjsProofOrder() public view {
        Groth16Proof memory swapped = StakeProofFixture.proof();
        swapped.b = [[proof.b[0][1], proof.b[0][0]], [proof.b[1][1], proof.b[1][0]]];
        assertFalse(_verify(swapped, signals));
    }

    function test_verifyProof_rejectsOtherValidPoints() public view {
        Groth16Proof memory altered = StakeProofFixture.proof();
        altered.a[1] = Q - altered.a[1];
        assertFalse(_verify(altered, signals), "-A");
        altered = StakeProofFixture.proof();
        (altered.a, altered.c) = (proof.c, proof.a);
        assertFalse(_verify(altered, signals), "A and C swapped");
        Groth16Proof memory infinity;
        assertFalse(_verify(infinity, signals), "points at infinity");
    }

    function test_verifyProof_revertsWithoutDataWhenItCannotPayForThePairing() public view {
        (bool returned, bytes memory data) = _verifyWithGas(150_000);
        assertFalse(returned);
        assertEq(data.length, 0);
    }

    function test_verifyProof_rejectsAnInvalidPointWithJustEnoughGasForThePairing() public {
        proof.b[1][1] = (proof.b[1][1] + 1) % Q;
        (bool returned, bytes memory data) = _verifyWithGas(240_000);
        assertTrue(returned);
        assertFalse(abi.decode(data, (bool)));
    }

    function testFuzz_verifyProof_verifiesOrRevertsButNeverRejectsTheFixtureForLackOfGas(uint256 gasLimit) public view {
        gasLimit = bound(gasLimit, 0, 300_000);
        (bool returned, bytes memory data) = _verifyWithGas(gasLimit);
        if (returned) assertTrue(abi.decode(data, (bool)));
        else assertEq(data.length, 0);
    }

    function testFuzz_verifyProof_rejectsAnyOtherSignals(uint256 index, uint256 value) public view {
        index = bound(index, 0, 5);
        vm.assume(value != signals[index]);
        uint256[6] memory altered = signals;
        altered[index] = value;
        assertFalse(_verify(proof, altered));
    }
}
