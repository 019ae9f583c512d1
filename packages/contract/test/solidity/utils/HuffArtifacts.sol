// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {vm} from "./Vm.sol";

/// @title HuffArtifacts
/// @notice Loads and deploys the Huff artifacts the contract package's `compile` script writes to
///         packages/contract/artifacts/<Name>.json ({contractName, abi, bytecode, deployedBytecode, labels,
///         errors}), so forge tests run the same bytecode as the Hardhat tests.
library HuffArtifacts {
    error ArtifactMissing(string path);
    error DeployFailed(string name);

    string internal constant DIR = "packages/contract/artifacts/";

    /// Path of artifact `name`, relative to the forge project root.
    function path(string memory name) internal pure returns (string memory) {
        return string.concat(DIR, name, ".json");
    }

    /// Whether artifact `name` has been compiled.
    function exists(string memory name) internal view returns (bool) {
        return vm.exists(path(name));
    }

    /// The artifact's JSON text; reverts with ArtifactMissing (run the contract package's `compile`) if absent.
    function read(string memory name) internal view returns (string memory) {
        string memory file = path(name);
        if (!vm.exists(file)) revert ArtifactMissing(file);
        return vm.readFile(file);
    }

    /// The artifact's creation bytecode (`bytecode`).
    function creationCode(string memory name) internal view returns (bytes memory) {
        return vm.parseJsonBytes(read(name), ".bytecode");
    }

    /// The artifact's runtime bytecode (`deployedBytecode`).
    function runtimeCode(string memory name) internal view returns (bytes memory) {
        return vm.parseJsonBytes(read(name), ".deployedBytecode");
    }

    /// Deploys `code` (creation bytecode) with CREATE; reverts with DeployFailed(name) if it yields no account.
    function deploy(string memory name, bytes memory code) internal returns (address deployed) {
        assembly ("memory-safe") {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        if (deployed == address(0)) revert DeployFailed(name);
    }

    /// Deploys artifact `name` from its creation bytecode.
    function deploy(string memory name) internal returns (address) {
        return deploy(name, creationCode(name));
    }
}
