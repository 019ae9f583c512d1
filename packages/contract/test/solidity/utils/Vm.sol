// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title Vm
/// @notice The few forge cheatcodes the Solidity tests use. forge-std is not installable here (GitHub only; the
///         npm `forge-std` is an unofficial, stale copy), so this declares just what is needed. Selectors are
///         the cheatcodes' own signatures, so the interface works with any forge 1.x.
interface Vm {
    /// Reads a file (subject to `fs_permissions` in foundry.toml), relative to the project root.
    function readFile(string calldata path) external view returns (string memory data);
    /// Whether a path exists (subject to `fs_permissions`).
    function exists(string calldata path) external view returns (bool result);
    /// `json` at JSONPath `key` as bytes (a 0x-prefixed hex string in the file).
    function parseJsonBytes(string calldata json, string calldata key) external pure returns (bytes memory);
    /// Sets the code of `target`.
    function etch(address target, bytes calldata newRuntimeBytecode) external;
    /// Decimal or hex renderings for failure messages.
    function toString(uint256 value) external pure returns (string memory);
    function toString(bytes calldata value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
}

// The cheatcode address: address(uint160(uint256(keccak256("hevm cheat code")))).
Vm constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
