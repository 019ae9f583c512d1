// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {HuffArtifacts} from "./utils/HuffArtifacts.sol";
import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";

/// @notice ArchiveFactory (artifacts/ArchiveFactory.json, the bytecode the Hardhat tests deploy), per
///         docs/decisions.md "Archive": calldata abi.encode(account) deploys by CREATE2 (salt = the account) an
///         archive whose code is 0x00 ++ code(account), returns its address, and re-archiving is a no-op.
contract ArchiveFactoryTest is Test {
    address internal factory;

    function setUp() public {
        factory = HuffArtifacts.deploy("ArchiveFactory");
    }

    /// Calls the factory for `account` and returns the archive address it reports.
    function archive(address account) internal returns (address) {
        (bool ok, bytes memory out) = factory.call(abi.encode(account));
        assertTrue(ok, string.concat("archive(", vm.toString(account), ") reverted: ", vm.toString(out)));
        assertEq(out.length, 32, "archive returndata length");
        assertEq(abi.decode(out, (uint256)) >> 160, 0, "archive returns an abi-encoded address");
        return abi.decode(out, (address));
    }

    function test_factoryRuntimeIsArtifactDeployedBytecode() public view {
        assertEq(factory.code, HuffArtifacts.runtimeCode("ArchiveFactory"), "factory runtime code");
    }

    function test_archiveIsZeroByteThenCode() public {
        bytes memory code = hex"600160020100"; // PUSH1 1 PUSH1 2 ADD STOP
        address account = address(0xC0DE);
        vm.etch(account, code);
        address archived = archive(account);
        assertTrue(archived != address(0) && archived != account, "archive is a new account");
        assertEq(archived.code, bytes.concat(hex"00", code), "archive code");
    }

    function test_archiveOfLargeRealCode() public {
        // This test contract's own runtime code: a few KB with every kind of byte.
        address archived = archive(address(this));
        assertEq(archived.code, bytes.concat(hex"00", address(this).code), "archive code");
    }

    function test_archiveOfFactoryItself() public {
        address archived = archive(factory);
        assertEq(archived.code, bytes.concat(hex"00", factory.code), "archive code");
    }

    function test_archivesOfDifferentAccountsDiffer() public {
        vm.etch(address(0xA1), hex"00");
        vm.etch(address(0xA2), hex"00");
        address a1 = archive(address(0xA1));
        address a2 = archive(address(0xA2));
        assertTrue(a1 != a2, "one archive per account");
        assertEq(a1.code, hex"0000", "archive of 0xA1");
        assertEq(a2.code, hex"0000", "archive of 0xA2");
    }

    function test_rearchiveIsNoOpReturningSameAddress() public {
        address account = address(0xBEEF);
        vm.etch(account, hex"5f5ff3"); // PUSH0 PUSH0 RETURN
        address first = archive(account);
        vm.etch(account, hex"60016000f3"); // the account's code changes afterwards
        address second = archive(account);
        assertEq(second, first, "re-archive address");
        assertEq(second.code, hex"005f5ff3", "archive keeps the code of archive time");
    }
}
