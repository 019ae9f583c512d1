// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {HuffArtifacts} from "./utils/HuffArtifacts.sol";
import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";

/// @notice ArchiveFactory (artifacts/ArchiveFactory.json, the bytecode the Hardhat tests deploy), per
///         docs/decisions.md "Archive": calldata abi.encode(account) deploys by CREATE2 (salt = the account) an
///         archive whose code is 0x00 ++ code(account), returns its address, and re-archiving is a no-op.
contract ArchiveFactoryTest is Test {
    error BadAccount();
    error ArchiveFailed(address account);

    /// The archive init code (src/constants/archive.huff): STATICCALL the creator for the account, return
    /// 0x00 ++ code(account). Pinned: archive addresses are part of the interface (the SDK computes them).
    bytes internal constant ARCHIVE_INIT_CODE = hex"60205f5f5f335afa505f51803b805f6001843c6001015ff3";

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

    function test_archiveAddressIsCreate2OfFactoryAccountSaltAndInitCode() public {
        address account = address(0xC0DE);
        vm.etch(account, hex"00");
        address expected = address(
            uint160(
                uint256(
                    keccak256(
                        abi.encodePacked(
                            bytes1(0xff), factory, bytes32(uint256(uint160(account))), keccak256(ARCHIVE_INIT_CODE)
                        )
                    )
                )
            )
        );
        assertEq(archive(account), expected, "archive address");
    }

    function test_archiveOfAccountWithoutCodeIsZeroByte() public {
        assertEq(archive(address(0xE0A)).code, hex"00", "archive of an empty account");
    }

    function test_archiveTooLargeForEip170FailsWithArchiveFailed() public {
        address account = address(0xB16);
        vm.etch(account, new bytes(24_576)); // the EIP-170 maximum: 0x00 ++ code is one byte over
        (bool ok, bytes memory out) = factory.call(abi.encode(account));
        assertTrue(!ok, "archive of 24576 bytes accepted");
        (bytes4 selector, bytes memory args) = splitRevert(out);
        assertSelector(selector, ArchiveFailed.selector, "revert selector");
        assertEq(abi.decode(args, (address)), account, "ArchiveFailed.account");
        // One byte less fits exactly.
        vm.etch(account, new bytes(24_575));
        assertEq(archive(account).code.length, 24_576, "archive of 24575 bytes");
    }

    function test_rejectsCalldataThatIsNotAnEncodedAddress() public {
        bytes[4] memory bad = [
            bytes.concat(bytes32(uint256(1) << 160)), // dirty upper bits
            bytes.concat(bytes32(type(uint256).max)),
            new bytes(31),
            new bytes(33)
        ];
        for (uint256 i = 0; i < bad.length; i++) {
            (bool ok, bytes memory out) = factory.call(bad[i]);
            assertTrue(!ok, string.concat("bad calldata accepted: ", vm.toString(bad[i])));
            (bytes4 selector, bytes memory args) = splitRevert(out);
            assertSelector(selector, BadAccount.selector, "revert selector");
            assertEq(args.length, 0, "BadAccount has no arguments");
        }
    }

    function test_emptyCalldataAnswersNoAccountOutsideArchiving() public {
        archive(address(0xC0DE));
        (bool ok, bytes memory out) = factory.call("");
        assertTrue(ok, "empty calldata");
        assertEq(out, abi.encode(address(0)), "account answered after archiving (transient slot cleared)");
    }

    function test_errorDeclarationsMatchTheArtifact() public view {
        string memory json = HuffArtifacts.read("ArchiveFactory");
        assertEq(vm.parseJsonBytes(json, ".errors.BadAccount"), abi.encodePacked(BadAccount.selector), "BadAccount");
        assertEq(
            vm.parseJsonBytes(json, ".errors.ArchiveFailed"), abi.encodePacked(ArchiveFailed.selector), "ArchiveFailed"
        );
    }
}
