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
}
