// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {HuffArtifacts} from "./utils/HuffArtifacts.sol";
import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";

/// @notice ArchiveFactory (artifacts/ArchiveFactory.json, the bytecode the Hardhat tests deploy), per
///         docs/decisions.md "Archive": calldata abi.encode(account) deploys by CREATE2 (salt = the account) an
///         archive whose code is 0x00 ++ code(account) (split in two parts past 24575 bytes), returns its
///         address, and re-archiving is a no-op.
contract ArchiveFactoryTest is Test {
    error BadAccount();
    error ArchiveFailed(address account);

    /// The archive init code (src/constants/archive.huff): STATICCALL the creator for (account, offset,
    /// length), return 0x00 ++ code(account)[offset : offset + length]. Pinned: archive addresses are part of the interface (the SDK computes them).
    bytes internal constant ARCHIVE_INIT_CODE = hex"60605f5f5f335afa506040518060205160015f513c6001015ff3";

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

    /// The address of archive part `part` of `account` (salt = the account word | part << 160).
    function partAddress(address account, uint256 part) internal view returns (address) {
        bytes32 salt = bytes32(uint256(uint160(account)) | (part << 160));
        return address(
            uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), factory, salt, keccak256(ARCHIVE_INIT_CODE)))))
        );
    }

    /// `n` bytes that differ by position (so a misplaced copy shows).
    function pattern(uint256 n) internal pure returns (bytes memory code) {
        code = new bytes(n);
        for (uint256 i = 0; i < n; i++) {
            code[i] = bytes1(uint8(uint256(keccak256(abi.encode(i)))));
        }
    }

    function slice(bytes memory b, uint256 from, uint256 to) internal pure returns (bytes memory out) {
        out = new bytes(to - from);
        for (uint256 i = from; i < to; i++) {
            out[i - from] = b[i];
        }
    }

    function test_eip170MaximumIsSplitIntoTwoParts() public {
        address account = address(0xB16);
        bytes memory code = pattern(24_576); // the EIP-170 maximum: 0x00 ++ code would be one byte over
        vm.etch(account, code);
        address part0 = archive(account);
        assertEq(part0, partAddress(account, 0), "part 0 address");
        assertEq(part0.code, bytes.concat(hex"00", slice(code, 0, 24_575)), "part 0: the first 24575 bytes");
        assertEq(partAddress(account, 1).code, bytes.concat(hex"00", slice(code, 24_575, 24_576)), "part 1: the rest");
        // Re-archiving is a no-op returning part 0.
        assertEq(archive(account), part0, "re-archive");
    }

    function test_longCodeIsSplitAtByte24575() public {
        address account = address(0xB17);
        bytes memory code = pattern(40_000); // longer than a chain would deploy, but a node may hold it
        vm.etch(account, code);
        assertEq(archive(account).code, bytes.concat(hex"00", slice(code, 0, 24_575)), "part 0");
        assertEq(partAddress(account, 1).code, bytes.concat(hex"00", slice(code, 24_575, 40_000)), "part 1");
    }

    function test_noPart1UpTo24575Bytes() public {
        address account = address(0xB18);
        bytes memory code = pattern(24_575);
        vm.etch(account, code);
        assertEq(archive(account).code, bytes.concat(hex"00", code), "part 0 holds all 24575 bytes");
        assertEq(partAddress(account, 1).code.length, 0, "no part 1");
    }

    function test_codeOverTwoPartsFailsWithArchiveFailed() public {
        address account = address(0xB19);
        vm.etch(account, new bytes(2 * 24_575 + 1)); // part 1 would be 24577 bytes
        (bool ok, bytes memory out) = factory.call(abi.encode(account));
        assertTrue(!ok, "archive of 49151 bytes accepted");
        (bytes4 selector, bytes memory args) = splitRevert(out);
        assertSelector(selector, ArchiveFailed.selector, "revert selector");
        assertEq(abi.decode(args, (address)), account, "ArchiveFailed.account");
        assertEq(partAddress(account, 0).code.length, 0, "no part 0 left behind");
        assertEq(partAddress(account, 1).code.length, 0, "no part 1 left behind");
    }

    function test_aPartCannotBeAskedForBySalt() public {
        // A caller cannot name part 1's salt (bit 160) nor make a part hold anything but the account's code:
        // the factory takes only clean address words, and the init code copies from the chain.
        address account = address(0xB1A);
        vm.etch(account, hex"6001");
        (bool ok,) = factory.call(bytes.concat(bytes32(uint256(uint160(account)) | (1 << 160))));
        assertTrue(!ok, "part 1 salt accepted as an account");
        assertEq(partAddress(account, 1).code.length, 0, "no part 1 made");
        assertEq(archive(account).code, hex"006001", "part 0");
        assertEq(partAddress(account, 1).code.length, 0, "short code: no part 1");
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
        assertEq(out, abi.encode(address(0), 0, 0), "part answered after archiving (transient slots cleared)");
    }

    function test_errorDeclarationsMatchTheArtifact() public view {
        string memory json = HuffArtifacts.read("ArchiveFactory");
        assertEq(vm.parseJsonBytes(json, ".errors.BadAccount"), abi.encodePacked(BadAccount.selector), "BadAccount");
        assertEq(
            vm.parseJsonBytes(json, ".errors.ArchiveFailed"), abi.encodePacked(ArchiveFailed.selector), "ArchiveFailed"
        );
    }
}
