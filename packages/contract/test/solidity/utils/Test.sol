// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {vm} from "./Vm.sol";

/// @title Test
/// @notice Base contract of the forge tests: assertions that revert with the expected and actual values, so
///         a failing test says what differed. A forge test fails exactly when it reverts.
abstract contract Test {
    error AssertionFailed(string message);

    function fail(string memory message) internal pure {
        revert AssertionFailed(message);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(bytes memory actual, bytes memory expected, string memory message) internal pure {
        if (keccak256(actual) != keccak256(expected)) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    /// Splits revert data into the custom error's selector and its abi-encoded arguments; fails the test on
    /// revert data too short to hold a selector (an empty revert is not a verdict).
    function splitRevert(bytes memory data) internal pure returns (bytes4 selector, bytes memory args) {
        if (data.length < 4) fail(string.concat("revert data without a selector: ", vm.toString(data)));
        args = new bytes(data.length - 4);
        for (uint256 i = 0; i < args.length; i++) {
            args[i] = data[i + 4];
        }
        assembly ("memory-safe") {
            selector := mload(add(data, 0x20))
        }
    }

    function assertSelector(bytes4 actual, bytes4 expected, string memory message) internal pure {
        assertEq(bytes32(actual), bytes32(expected), message);
    }
}
