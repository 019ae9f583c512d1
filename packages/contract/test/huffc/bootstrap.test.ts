import type {} from "@nomicfoundation/hardhat-ethers"; // hre.ethers types (erased at run time)
import { expect } from "chai";
import hre from "hardhat";
import { compileSource } from "./compileSource";

// Unpatched huffc's bootstrap (after CONSTRUCTOR) used RETURNDATASIZE as zero: after a constructor that made
// a call returning data, it copied the runtime code to the wrong place and returned garbage.
describe("huffc patch: deployment bootstrap", () => {
  it("deploys MAIN after a CONSTRUCTOR that left return data behind", async () => {
    const { bytecode, runtimeBytecode } = compileSource(`
      #define macro CONSTRUCTOR() = takes(0) returns(0) {
        // staticcall the identity precompile (0x04) with 32 bytes: RETURNDATASIZE becomes 32
        0x20 push0 0x20 push0 0x04 gas staticcall pop
      }
      #define macro MAIN() = takes(0) returns(0) { 0x2a push0 mstore 0x20 push0 return }`);
    const [signer] = await hre.ethers.getSigners();
    const receipt = await (await signer.sendTransaction({ data: `0x${bytecode}` })).wait();
    expect(await hre.ethers.provider.getCode(receipt!.contractAddress!)).to.equal(`0x${runtimeBytecode}`);
  });
});
