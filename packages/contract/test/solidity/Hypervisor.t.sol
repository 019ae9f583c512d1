// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {HuffArtifacts} from "./utils/HuffArtifacts.sol";
import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";

/// @notice The Hypervisor (artifacts/Hypervisor.json, bound to an ArchiveFactory by its constructor argument)
///         audits a tiny recorded execution: MessageWitness per docs/decisions.md, abi-encoded as the whole
///         calldata. Valid: returns abi.encode(keccak256(calldata)). Invalid: a declared custom error.
contract HypervisorTest is Test {
    struct AccessWitness {
        uint256 opcode;
        bytes32 stateRoot;
        bytes data;
    }

    struct MessageWitness {
        bytes32 stateRootEnter;
        bytes32 stateRootLeave;
        bool isStatic;
        address origin;
        address caller;
        address to;
        address context;
        uint256 callvalue;
        uint256 gasPrice;
        uint256 gasAvailable;
        uint256 gasUsed;
        AccessWitness[] stateAccessList;
        uint256 status;
        bytes32 returndataHash;
        bytes callData;
    }

    error GasUsedMismatch(uint256 pc, uint256 record, uint256 actual);
    error CodeNotArchived(uint256 pc, uint256 record, address account);
    error StatusMismatch(uint256 pc, uint256 record, uint256 actual);
    error ReturnDataMismatch(uint256 pc, uint256 record, bytes32 actual);

    /// PUSH1 1 PUSH1 2 ADD STOP: 3 + 3 + 3 + 0 gas.
    bytes internal constant GUEST_CODE = hex"600160020100";
    uint256 internal constant GUEST_GAS_USED = 9;
    address internal constant GUEST = address(0xC0DE);

    address internal factory;
    address internal hypervisor;

    function setUp() public {
        factory = HuffArtifacts.deploy("ArchiveFactory");
        hypervisor = HuffArtifacts.deploy(
            "Hypervisor", bytes.concat(HuffArtifacts.creationCode("Hypervisor"), abi.encode(factory))
        );
    }

    function archive(address account) internal {
        (bool ok, bytes memory out) = factory.call(abi.encode(account));
        assertTrue(ok, string.concat("archiving ", vm.toString(account), " reverted: ", vm.toString(out)));
    }

    /// The recorded top-level call to GUEST: success, no return data, no state access.
    function witness(uint256 gasUsed) internal pure returns (bytes memory) {
        return abi.encode(witnessStruct(gasUsed));
    }

    function witnessStruct(uint256 gasUsed) internal pure returns (MessageWitness memory w) {
        w.origin = address(0xA11CE);
        w.caller = address(0xA11CE);
        w.to = GUEST;
        w.context = GUEST;
        w.gasPrice = 1 gwei;
        w.gasAvailable = 100_000;
        w.gasUsed = gasUsed;
        w.status = 1;
        w.returndataHash = keccak256("");
    }

    function test_errorDeclarationsMatchTheArtifact() public view {
        string memory json = HuffArtifacts.read("Hypervisor");
        string[4] memory names = ["GasUsedMismatch", "CodeNotArchived", "StatusMismatch", "ReturnDataMismatch"];
        bytes4[4] memory selectors =
            [GasUsedMismatch.selector, CodeNotArchived.selector, StatusMismatch.selector, ReturnDataMismatch.selector];
        for (uint256 i = 0; i < names.length; i++) {
            assertEq(
                vm.parseJsonBytes(json, string.concat(".errors.", names[i])),
                abi.encodePacked(selectors[i]),
                string.concat("artifact errors.", names[i])
            );
        }
    }

    function test_witnessEncodingStartsWithTupleOffset() public pure {
        bytes memory calldata_ = witness(GUEST_GAS_USED);
        assertEq(abi.decode(calldata_, (uint256)), 0x20, "first word of abi.encode(MessageWitness)");
    }

    function test_acceptsValidWitnessReturningItsHash() public {
        vm.etch(GUEST, GUEST_CODE);
        archive(GUEST);
        bytes memory calldata_ = witness(GUEST_GAS_USED);
        (bool ok, bytes memory out) = hypervisor.call(calldata_);
        assertTrue(ok, string.concat("valid witness rejected: ", vm.toString(out)));
        assertEq(out, abi.encode(keccak256(calldata_)), "verdict = abi.encode(keccak256(calldata))");
    }

    function test_rejectsWrongGasUsedWithGasUsedMismatch() public {
        vm.etch(GUEST, GUEST_CODE);
        archive(GUEST);
        for (uint256 claimed = GUEST_GAS_USED - 1; claimed <= GUEST_GAS_USED + 1; claimed += 2) {
            (bool ok, bytes memory out) = hypervisor.call(witness(claimed));
            assertTrue(!ok, string.concat("gasUsed ", vm.toString(claimed), " accepted"));
            (bytes4 selector, bytes memory args) = splitRevert(out);
            assertSelector(selector, GasUsedMismatch.selector, "revert selector");
            assertEq(args.length, 3 * 32, "GasUsedMismatch(pc, record, actual) arguments length");
            (,, uint256 actual) = abi.decode(args, (uint256, uint256, uint256));
            assertEq(actual, GUEST_GAS_USED, "GasUsedMismatch.actual");
        }
    }

    function test_rejectsUnarchivedCodeWithCodeNotArchived() public {
        vm.etch(GUEST, GUEST_CODE); // code present, but never archived
        (bool ok, bytes memory out) = hypervisor.call(witness(GUEST_GAS_USED));
        assertTrue(!ok, "witness of unarchived code accepted");
        (bytes4 selector, bytes memory args) = splitRevert(out);
        assertSelector(selector, CodeNotArchived.selector, "revert selector");
        (,, address account) = abi.decode(args, (uint256, uint256, address));
        assertEq(account, GUEST, "CodeNotArchived.account");
    }

    function test_rejectsWrongStatusWithStatusMismatch() public {
        vm.etch(GUEST, GUEST_CODE);
        archive(GUEST);
        MessageWitness memory w = witnessStruct(GUEST_GAS_USED);
        w.status = 0; // claims REVERT; the code STOPs
        (bool ok, bytes memory out) = hypervisor.call(abi.encode(w));
        assertTrue(!ok, "wrong status accepted");
        (bytes4 selector, bytes memory args) = splitRevert(out);
        assertSelector(selector, StatusMismatch.selector, "revert selector");
        (,, uint256 actual) = abi.decode(args, (uint256, uint256, uint256));
        assertEq(actual, 1, "StatusMismatch.actual (success)");
    }

    function test_rejectsWrongReturnDataHashWithReturnDataMismatch() public {
        vm.etch(GUEST, GUEST_CODE);
        archive(GUEST);
        MessageWitness memory w = witnessStruct(GUEST_GAS_USED);
        w.returndataHash = keccak256(hex"00");
        (bool ok, bytes memory out) = hypervisor.call(abi.encode(w));
        assertTrue(!ok, "wrong returndataHash accepted");
        (bytes4 selector, bytes memory args) = splitRevert(out);
        assertSelector(selector, ReturnDataMismatch.selector, "revert selector");
        (,, bytes32 actual) = abi.decode(args, (uint256, uint256, bytes32));
        assertEq(actual, keccak256(""), "ReturnDataMismatch.actual (STOP returns nothing)");
    }

    /// The least gas with which `guest.call(data)` succeeds on forge's EVM (revm, osaka): the frame's gasUsed
    /// for code without subcalls, measured instead of computed by hand.
    function measureGasUsed(address guest, bytes memory data) internal returns (uint256 low) {
        uint256 high = 1_000_000;
        (bool ok,) = guest.call{gas: high}(data);
        assertTrue(ok, "guest fails even with 1e6 gas");
        while (low < high) {
            uint256 mid = (low + high) / 2;
            (ok,) = guest.call{gas: mid}(data);
            if (ok) high = mid;
            else low = mid + 1;
        }
    }

    function test_acceptsEchoWitnessWithGasMeasuredOnTheRealEvm() public {
        // CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY CALLDATASIZE PUSH0 RETURN: returns its calldata.
        address echo = address(0xEC40);
        vm.etch(echo, hex"365f5f37365ff3");
        archive(echo);
        bytes memory data = bytes.concat(keccak256("forge"), bytes8(0x0102030405060708)); // 40 bytes: 2 words
        uint256 gasUsed = measureGasUsed(echo, data);
        (, bytes memory returned) = echo.call(data);
        assertEq(returned, data, "the echo guest returns its calldata");

        MessageWitness memory w = witnessStruct(gasUsed);
        w.to = echo;
        w.context = echo;
        w.callData = data;
        w.returndataHash = keccak256(data);
        bytes memory calldata_ = abi.encode(w);
        (bool ok, bytes memory out) = hypervisor.call(calldata_);
        assertTrue(ok, string.concat("valid echo witness rejected: ", vm.toString(out)));
        assertEq(out, abi.encode(keccak256(calldata_)), "verdict = abi.encode(keccak256(calldata))");

        for (uint256 claimed = gasUsed - 1; claimed <= gasUsed + 1; claimed += 2) {
            w.gasUsed = claimed;
            (ok, out) = hypervisor.call(abi.encode(w));
            assertTrue(!ok, string.concat("echo gasUsed ", vm.toString(claimed), " accepted"));
            (bytes4 selector, bytes memory args) = splitRevert(out);
            assertSelector(selector, GasUsedMismatch.selector, "revert selector");
            (,, uint256 actual) = abi.decode(args, (uint256, uint256, uint256));
            assertEq(actual, gasUsed, "GasUsedMismatch.actual = gas measured on the real EVM");
        }
    }
}
