import { OPCODES } from "@iso-hypervisor/sdk";
import type {} from "@nomicfoundation/hardhat-ethers"; // hre.ethers types (erased at run time)
import { expect } from "chai";
import hre from "hardhat";
import { compileSource, runtimeOf } from "./compileSource";

// Unpatched huffc stopped at London (no PUSH0, TLOAD, TSTORE, MCOPY, BLOBHASH, BLOBBASEFEE, CLZ, PREVRANDAO)
// and lacked EXTCODEHASH, PC and KECCAK256; an unknown mnemonic silently became a jump label reference.
describe("huffc patch: opcodes", () => {
  it("knows every opcode of the SDK's Osaka table under its lower-case mnemonic", () => {
    for (const { code, mnemonic } of OPCODES) {
      const expected = code.toString(16).padStart(2, "0");
      expect(runtimeOf(mnemonic.toLowerCase()), mnemonic).to.equal(expected);
    }
  });

  it("keeps the legacy aliases", () => {
    expect(runtimeOf("sha3 keccak difficulty getpc")).to.equal("20204458");
  });

  it("rejects a label that shadows an opcode", () => {
    expect(() => runtimeOf("tload: stop")).to.throw(/tload is an opcode mnemonic/);
  });

  it("runs the post-London opcodes on the Osaka network", async () => {
    // tstore(0, 0x2a); mstore(0x20, tload(0)); mcopy(0, 0x20, 0x20); mstore(0x20, clz(0x0100));
    // mstore(0x40, push0); return(0, 0x60)
    const { bytecode, runtimeBytecode } = compileSource(`
      #define macro MAIN() = takes(0) returns(0) {
        0x2a push0 tstore
        push0 tload 0x20 mstore
        0x20 0x20 push0 mcopy
        0x0100 clz 0x20 mstore
        push0 0x40 mstore
        0x60 push0 return
      }`);
    const [signer] = await hre.ethers.getSigners();
    const deployed = await (await signer.sendTransaction({ data: `0x${bytecode}` })).wait();
    const address = deployed!.contractAddress!;
    expect(await hre.ethers.provider.getCode(address)).to.equal(`0x${runtimeBytecode}`);
    const output = await hre.ethers.provider.call({ to: address });
    const words = [0, 1, 2].map((i) => BigInt(`0x${output.slice(2 + 64 * i, 66 + 64 * i)}`));
    expect(words).to.deep.equal([0x2an, 247n, 0n]);
  });
});
