import type {} from "@nomicfoundation/hardhat-ethers"; // hre.ethers types (erased at run time)
import { expect } from "chai";
import { Interface, id } from "ethers";
import hre from "hardhat";
import { compileSource } from "./compileSource";

// Unpatched huffc had no `#define error` (a syntax error), no __ERROR / __FUNC_SIG / __EVENT_HASH builtins
// (each became an unmatched jump label), and mangled parameter lists with more than two spaces.
describe("huffc patch: ABI definitions and builtins", () => {
  const source = `
    #define function transfer(address to, uint256 amount) nonpayable returns (bool)
    #define function total() view returns (uint256)
    #define event Moved(address indexed from, uint256 amount)
    #define error Mismatch(uint256 pc, uint256 record, bytes32 actual)
    #define error Empty()

    #define macro MAIN() = takes(0) returns(0) {
      push0 calldataload 0xe0 shr          // [selector]
      __FUNC_SIG(transfer) eq fail jumpi    // []
      __FUNC_SIG("total()") push0 mstore 0x20 push0 return
      fail:
        __ERROR(Mismatch) push0 mstore     // selector left-aligned at memory 0
        0x07 0x04 mstore                  // pc
        0x08 0x24 mstore                  // record
        __EVENT_HASH(Moved) 0x44 mstore   // actual
        0x64 push0 revert
    }`;
  const iface = new Interface([
    "function transfer(address to, uint256 amount) returns (bool)",
    "function total() view returns (uint256)",
    "event Moved(address indexed from, uint256 amount)",
    "error Mismatch(uint256 pc, uint256 record, bytes32 actual)",
    "error Empty()",
  ]);

  it("emits functions, events and custom errors, with parameter names, in the ABI", () => {
    const abi = JSON.parse(compileSource(source).abi);
    expect(new Interface(abi).format()).to.deep.equal(iface.format());
    const mismatch = abi.find((item: { name: string }) => item.name === "Mismatch");
    expect(mismatch).to.deep.equal({
      type: "error",
      name: "Mismatch",
      inputs: [
        { type: "uint256", name: "pc" },
        { type: "uint256", name: "record" },
        { type: "bytes32", name: "actual" },
      ],
    });
  });

  it("reports the custom errors' selectors", () => {
    expect(compileSource(source).errors).to.deep.equal({
      Mismatch: id("Mismatch(uint256,uint256,bytes32)").slice(0, 10),
      Empty: id("Empty()").slice(0, 10),
    });
  });

  it("pushes __ERROR left-aligned in a word, __FUNC_SIG as 4 bytes, __EVENT_HASH as 32", () => {
    const code = compileSource(source).runtimeBytecode;
    const errorSelector = iface.getError("Mismatch")!.selector.slice(2);
    expect(code).to.include(`7f${errorSelector}${"0".repeat(56)}`);
    expect(code).to.include(`63${iface.getFunction("transfer")!.selector.slice(2)}`);
    expect(code).to.include(`63${id("total()").slice(2, 10)}`);
    expect(code).to.include(`7f${iface.getEvent("Moved")!.topicHash.slice(2)}`);
  });

  it("reverts with a custom error ethers decodes", async () => {
    const [signer] = await hre.ethers.getSigners();
    const deployed = await (
      await signer.sendTransaction({ data: `0x${compileSource(source).bytecode}` })
    ).wait();
    const to = deployed!.contractAddress!;
    const total = await hre.ethers.provider.call({ to, data: iface.encodeFunctionData("total") });
    expect(BigInt(total)).to.equal(BigInt(id("total()").slice(0, 10)));
    const data = iface.encodeFunctionData("transfer", [signer.address, 1n]);
    const revert = await hre.network.provider.request({ method: "eth_call", params: [{ to, data }] }).then(
      () => expect.fail("transfer should revert"),
      (error: { data?: string }) => error.data,
    );
    const decoded = iface.parseError(revert as string)!;
    expect(decoded.name).to.equal("Mismatch");
    expect(decoded.args.toArray()).to.deep.equal([7n, 8n, iface.getEvent("Moved")!.topicHash]);
  });

  it("rejects __ERROR of an undeclared error and unknown builtins", () => {
    expect(() => compileSource("#define macro MAIN() = takes(0) returns(0) { __ERROR(Nope) }")).to.throw(
      /no error named Nope/,
    );
    expect(() => compileSource("#define macro MAIN() = takes(0) returns(0) { __NOPE(0x00) }")).to.throw(
      /Unknown builtin __NOPE/,
    );
  });
});
