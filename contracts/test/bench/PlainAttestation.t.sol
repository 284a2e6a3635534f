// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PlainAttestation} from "../../src/bench/PlainAttestation.sol";
import {Test} from "../utils/Test.sol";

contract PlainAttestationTest is Test {
    PlainAttestation internal attestation;
    address internal attester;

    function setUp() public {
        attestation = new PlainAttestation();
        attester = makeAddr("attester");
    }

    function test_attest_recordsAttesterAndTime() public {
        vm.warp(1_700_000_000);
        vm.prank(attester);
        attestation.attest(keccak256("receipt"));

        PlainAttestation.Attestation memory recorded = attestation.getAttestation(keccak256("receipt"));
        assertEq(recorded.attester, attester, "attester");
        assertEq(uint256(recorded.attestedAt), 1_700_000_000, "time");
    }

    function test_attest_revertsOnSecondAttestation() public {
        bytes32 digest = keccak256("receipt");
        attestation.attest(digest);
        vm.expectRevert(abi.encodeWithSelector(PlainAttestation.PlainAttestationExists.selector, digest));
        attestation.attest(digest);
    }

    function test_getAttestation_isZeroForUnknownDigest() public view {
        assertEq(attestation.getAttestation(keccak256("never")).attester, address(0), "attester");
    }

    function testFuzz_attest(bytes32 digest) public {
        vm.prank(attester);
        attestation.attest(digest);
        assertEq(attestation.getAttestation(digest).attester, attester, "attester");
    }
}
