// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {HuffArtifacts} from "./utils/HuffArtifacts.sol";
import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";

/// A creator for the bare init code: CREATE2s any init code; answers an empty call (the init code asking
/// back) with `answer`, or reverts when `failing`.
contract Creator {
    bytes internal answer;
    bool internal failing;

    function set(bytes memory answer_, bool failing_) external {
        answer = answer_;
        failing = failing_;
    }

    function make(bytes memory initCode, bytes32 salt) external returns (address made) {
        assembly ("memory-safe") {
            made := create2(0, add(initCode, 0x20), mload(initCode), salt)
        }
    }

    fallback(bytes calldata) external returns (bytes memory) {
        if (failing) revert();
        return answer;
    }
}

/// @notice ArchiveFactory (artifacts/ArchiveFactory.json, the bytecode the Hardhat tests deploy), per
///         docs/hypervisor.md section 2: part k of an account at CREATE2(salt = account | k << 160, the
///         constant init code); part 0 (and 1) hold 0x00 ++ the code, parts 2.. the analysis image; the
///         all-parts and per-part entries, idempotence and every error. The image bytes are checked against
///         an independent model by the TypeScript tests (test/archive, test/analysis).
contract ArchiveFactoryTest is Test {
    error BadAccount();
    error ArchiveFailed(address account);
    error NoSuchPart(address account, uint256 part);
    error PartOutOfOrder(address account, uint256 part);

    /// The archive init code (src/constants/archive.huff): STATICCALL the creator with empty calldata,
    /// revert if it failed, else deploy the return data. Pinned: archive addresses are part of the
    /// interface (the SDK and the hypervisor compute them).
    bytes internal constant ARCHIVE_INIT_CODE = hex"5f5f5f5f335afa600d575f5ffd5b3d5f5f3e3d5ff3";
    bytes32 internal constant ARCHIVE_INIT_CODE_HASH = 0xd40498e6e6f52dbaf5bcc0cd1b297b033dc5cffec780f5a94212809f72306a20;

    address internal factory;

    function setUp() public {
        factory = HuffArtifacts.deploy("ArchiveFactory");
    }

    /// Part `part` of the archive of the code `account` holds now: keyed by the low 160 bits of its code hash.
    function partAddress(address account, uint256 part) internal view returns (address) {
        bytes32 salt = bytes32(uint256(uint160(uint256(account.codehash))) | (part << 160));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), factory, salt, ARCHIVE_INIT_CODE_HASH)))));
    }

    /// A(L) = roundup32(2 L + 66) + 8 L + 32: the code stream, then the block table.
    function imageLength(uint256 len) internal pure returns (uint256) {
        return ((2 * len + 66 + 31) / 32) * 32 + 8 * len + 32;
    }

    function archiveAll(address account) internal returns (address) {
        (bool ok, bytes memory out) = factory.call(abi.encode(account));
        assertTrue(ok, string.concat("archive(", vm.toString(account), ") reverted: ", vm.toString(out)));
        assertEq(out.length, 32, "archive returndata length");
        return abi.decode(out, (address));
    }

    function archivePart(address account, uint256 part) internal returns (address) {
        (bool ok, bytes memory out) = factory.call(abi.encode(account, part));
        assertTrue(ok, string.concat("part ", vm.toString(part), " reverted: ", vm.toString(out)));
        return abi.decode(out, (address));
    }

    function expectError(bytes memory data, bytes memory expected, string memory message) internal returns (bytes memory) {
        (bool ok, bytes memory out) = factory.call(data);
        assertTrue(!ok, string.concat(message, ": accepted"));
        assertEq(out, expected, message);
        return out;
    }

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

    function test_factoryRuntimeIsArtifactDeployedBytecode() public view {
        assertEq(factory.code, HuffArtifacts.runtimeCode("ArchiveFactory"), "factory runtime code");
    }

    function test_initCodeHashIsPinned() public pure {
        assertEq(keccak256(ARCHIVE_INIT_CODE), ARCHIVE_INIT_CODE_HASH, "keccak256(ARCHIVE_INIT_CODE)");
        assertEq(ARCHIVE_INIT_CODE.length, 21, "init code length");
    }

    function test_initCodeDeploysTheCreatorsAnswer() public {
        Creator creator = new Creator();
        creator.set(hex"00c0ffee", false);
        address made = creator.make(ARCHIVE_INIT_CODE, bytes32(uint256(1)));
        assertTrue(made != address(0), "created");
        assertEq(made.code, hex"00c0ffee", "deployed code = the answer");
    }

    function test_initCodeRevertsWhenTheCallBackFails() public {
        Creator creator = new Creator();
        creator.set(hex"00c0ffee", true);
        address made = creator.make(ARCHIVE_INIT_CODE, bytes32(uint256(2)));
        assertEq(made, address(0), "CREATE2 of the init code with a reverting creator");
    }

    function test_smallCodeHasPart0AndOneImagePart() public {
        bytes memory code = hex"600160020100"; // PUSH1 1 PUSH1 2 ADD STOP
        address account = address(0xC0DE);
        vm.etch(account, code);
        address part0 = archiveAll(account);
        assertEq(part0, partAddress(account, 0), "part 0 address");
        assertEq(part0.code, bytes.concat(hex"00", code), "part 0 = 0x00 ++ code");
        assertEq(partAddress(account, 1).code.length, 0, "no part 1");
        bytes memory image = partAddress(account, 2).code;
        assertEq(image.length, 1 + imageLength(code.length), "part 2 = 0x00 ++ the image");
        // the stream: opcode, zero, immediate; positions 0, 2, 4, 5 at bytes 0, 4, 8, 10
        assertEq(slice(image, 0, 13), hex"00600001006000020001000000", "the image starts with the code stream");
        assertEq(partAddress(account, 3).code.length, 0, "one image part");
        // The block at 0 is computed (its entry at INFO_BASE - STREAM_BASE = roundup32(2 * 6 + 66) = 96 is not zero).
        assertTrue(uint64(bytes8(slice(image, 1 + 96, 1 + 104))) != 0, "entry of block 0");
    }

    function test_emptyCodeHasPart0AndAnImage() public {
        address account = address(0xE0A);
        assertEq(archiveAll(account).code, hex"00", "part 0 of an empty account");
        assertEq(partAddress(account, 2).code.length, 1 + 128, "image of empty code: 128 bytes");
    }

    function test_eip170MaximumPartByPart() public {
        address account = address(0xB16);
        bytes memory code = pattern(24_576);
        vm.etch(account, code);
        uint256 parts = 2 + (imageLength(24_576) + 24_574) / 24_575; // 13
        assertEq(parts, 13, "part count");
        for (uint256 k = 0; k < parts; k++) {
            assertEq(archivePart(account, k), partAddress(account, k), "per-part answer");
        }
        assertEq(partAddress(account, 0).code, bytes.concat(hex"00", slice(code, 0, 24_575)), "part 0");
        assertEq(partAddress(account, 1).code, bytes.concat(hex"00", slice(code, 24_575, 24_576)), "part 1");
        uint256 total;
        for (uint256 k = 2; k < parts; k++) {
            total += partAddress(account, k).code.length - 1;
        }
        assertEq(total, imageLength(24_576), "image bytes over parts 2 .. 12");
        assertEq(partAddress(account, parts).code.length, 0, "nothing past the last part");
        // Idempotent, and the all-parts entry now only looks.
        assertEq(archivePart(account, 5), partAddress(account, 5), "again");
        assertEq(archiveAll(account), partAddress(account, 0), "all parts exist");
    }

    function test_rearchiveIsNoOp() public {
        address account = address(0xBEEF);
        vm.etch(account, hex"5f5ff3");
        address first = archiveAll(account);
        bytes memory image = partAddress(account, 2).code;
        assertEq(archiveAll(account), first, "re-archive address");
        assertEq(partAddress(account, 2).code, image, "image kept");
    }

    function test_noSuchPart() public {
        address account = address(0xB18);
        vm.etch(account, pattern(100));
        uint256[4] memory bad = [uint256(1), 3, 1 << 96, type(uint256).max];
        for (uint256 i = 0; i < bad.length; i++) {
            expectError(abi.encode(account, bad[i]), abi.encodeWithSelector(NoSuchPart.selector, account, bad[i]), "NoSuchPart");
        }
    }

    function test_partOutOfOrderAndCodeThatChangesIsAnotherArchive() public {
        address account = address(0xB19);
        vm.etch(account, hex"6001600201");
        expectError(abi.encode(account, 2), abi.encodeWithSelector(PartOutOfOrder.selector, account, 2), "image before part 0");
        address first = archivePart(account, 0);
        vm.etch(account, hex"6002600201"); // same length, other code (an EIP-7702 re-delegation, say)
        expectError(abi.encode(account, 2), abi.encodeWithSelector(PartOutOfOrder.selector, account, 2), "the new code has no part 0");
        address second = archiveAll(account);
        assertTrue(second != first, "another archive");
        assertEq(first.code, hex"006001600201", "the first code's part 0 stays");
        assertEq(second.code, hex"006002600201", "the new code's part 0");
    }

    function test_codeOverTwoPartsFailsWithArchiveFailed() public {
        address account = address(0xB1A);
        vm.etch(account, new bytes(2 * 24_575 + 1)); // part 1 would be 24577 bytes
        archivePart(account, 0);
        expectError(abi.encode(account, 1), abi.encodeWithSelector(ArchiveFailed.selector, account), "part 1 over EIP-170");
        assertEq(partAddress(account, 1).code.length, 0, "no part 1 left behind");
    }

    function test_rejectsCalldataThatIsNotCanonical() public {
        bytes[6] memory bad = [
            bytes.concat(bytes32(uint256(1) << 160)),
            abi.encode(uint256(1) << 160, 0),
            new bytes(31),
            new bytes(33),
            new bytes(63),
            new bytes(96)
        ];
        for (uint256 i = 0; i < bad.length; i++) {
            expectError(bad[i], abi.encodeWithSelector(BadAccount.selector), string.concat("calldata ", vm.toString(bad[i])));
        }
    }

    function test_emptyCalldataAnswersNothingOutsideArchiving() public {
        archiveAll(address(0xC0DE));
        (bool ok, bytes memory out) = factory.call("");
        assertTrue(ok, "empty calldata");
        assertEq(out.length, 0, "no part is being made");
    }

    function test_errorDeclarationsMatchTheArtifact() public view {
        string memory json = HuffArtifacts.read("ArchiveFactory");
        assertEq(vm.parseJsonBytes(json, ".errors.BadAccount"), abi.encodePacked(BadAccount.selector), "BadAccount");
        assertEq(vm.parseJsonBytes(json, ".errors.ArchiveFailed"), abi.encodePacked(ArchiveFailed.selector), "ArchiveFailed");
        assertEq(vm.parseJsonBytes(json, ".errors.NoSuchPart"), abi.encodePacked(NoSuchPart.selector), "NoSuchPart");
        assertEq(vm.parseJsonBytes(json, ".errors.PartOutOfOrder"), abi.encodePacked(PartOutOfOrder.selector), "PartOutOfOrder");
    }
}
