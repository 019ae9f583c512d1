import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type {} from "@nomicfoundation/hardhat-ethers"; // hre.ethers types (erased at run time)
import { expect } from "chai";
import { ContractFactory, type Interface, MaxUint256, id } from "ethers";
import hre from "hardhat";
import { HuffCompileError, compileHuff } from "../../compiler";
import type { HuffArtifact } from "../../compiler/types";

const ADDER = path.join(__dirname, "fixtures", "Adder.huff");

/** The offsets at which instructions start (PUSH immediates skipped). */
function instructionStarts(code: string): Set<number> {
  const bytes = Buffer.from(code.slice(2), "hex");
  const starts = new Set<number>();
  for (let pc = 0; pc < bytes.length; pc++) {
    starts.add(pc);
    if (bytes[pc] >= 0x60 && bytes[pc] <= 0x7f) pc += bytes[pc] - 0x5f;
  }
  return starts;
}

async function deploy(artifact: HuffArtifact) {
  const [signer] = await hre.ethers.getSigners();
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy();
  await contract.waitForDeployment();
  return contract;
}

/** The revert data of a call expected to revert. */
async function revertData(to: string, data: string): Promise<string> {
  try {
    await hre.network.provider.request({ method: "eth_call", params: [{ to, data }] });
  } catch (error) {
    return (error as { data: string }).data;
  }
  throw new Error("the call did not revert");
}

describe("compileHuff", () => {
  const artifact = compileHuff({ file: ADDER });

  it("names the contract after the file and keeps the ABI", () => {
    expect(artifact.contractName).to.equal("Adder");
    expect(artifact.abi.map((item) => `${item.type} ${item.name}`)).to.deep.equal([
      "function add",
      "function step",
      "error Overflow",
      "error UnknownSelector",
    ]);
  });

  it("deploys on the in-process network and runs", async () => {
    const adder = await deploy(artifact);
    const address = await adder.getAddress();
    expect(await hre.ethers.provider.getCode(address)).to.equal(artifact.deployedBytecode);
    expect(await adder.getFunction("add")(2n, 3n)).to.equal(5n);
    expect(await adder.getFunction("step")()).to.equal(1n);

    const iface: Interface = adder.interface;
    const overflow = iface.parseError(
      await revertData(address, iface.encodeFunctionData("add", [MaxUint256, 2n])),
    );
    expect(overflow?.name).to.equal("Overflow");
    expect(overflow?.args.toArray()).to.deep.equal([MaxUint256, 2n]);
    const unknown = iface.parseError(await revertData(address, "0x12345678"));
    expect(unknown?.name).to.equal("UnknownSelector");
    expect(unknown?.args.toArray()).to.deep.equal(["0x12345678"]);
  });

  it("maps every jump label to a JUMPDEST instruction of the runtime code", () => {
    expect(Object.keys(artifact.labels).sort()).to.deep.equal(["add_fn", "overflow", "step_fn"]);
    const starts = instructionStarts(artifact.deployedBytecode);
    for (const [label, offset] of Object.entries(artifact.labels)) {
      expect(starts.has(offset), `${label} is an instruction start`).to.equal(true);
      expect(artifact.deployedBytecode.slice(2 + 2 * offset, 4 + 2 * offset), label).to.equal("5b");
    }
    // Every JUMPDEST of the code is a label (the fixture has no other).
    const jumpdests = [...starts].filter(
      (pc) => artifact.deployedBytecode.slice(2 + 2 * pc, 4 + 2 * pc) === "5b",
    );
    expect(jumpdests.sort((a, b) => a - b)).to.deep.equal(
      Object.values(artifact.labels).sort((a, b) => a - b),
    );
  });

  it("reports the error selectors ethers computes", () => {
    expect(artifact.errors).to.deep.equal({
      Overflow: id("Overflow(uint256,uint256)").slice(0, 10),
      UnknownSelector: id("UnknownSelector(bytes4)").slice(0, 10),
    });
  });

  it("overrides constants", async () => {
    const stepped = compileHuff({ file: ADDER, constants: { STEP: 1000n } });
    expect(await (await deploy(stepped)).getFunction("step")()).to.equal(1000n);
    expect(compileHuff({ file: ADDER, constants: { STEP: "0xff" } }).deployedBytecode).to.include("60ff5f52");
  });

  it("appends ABI-encoded constructor arguments to the init code", () => {
    const withArgs = compileHuff({ file: ADDER, constructorArgs: { types: ["uint256"], values: [7n] } });
    expect(withArgs.bytecode).to.equal(`${artifact.bytecode}${"7".padStart(64, "0")}`);
  });

  describe("fails loudly", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "huff-"));
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const failure = (fn: () => unknown): HuffCompileError => {
      try {
        fn();
      } catch (error) {
        expect(error).to.be.instanceOf(HuffCompileError);
        return error as HuffCompileError;
      }
      throw new Error("compilation did not fail");
    };

    it("on an undefined jump label, naming the file and the label", () => {
      const file = write("Typo.huff", "#define macro MAIN() = takes(0) returns(0) { 0x01 0x02 addd }");
      const error = failure(() => compileHuff({ file }));
      expect(error.file).to.equal(file);
      expect(error.message).to.include(file).and.to.include("addd");
    });

    it("on a syntax error", () => {
      const file = write(
        "Syntax.huff",
        "#define macro MAIN() = takes(0) returns(0) {\n stop\n}\n#defne constant X = 0x01",
      );
      expect(failure(() => compileHuff({ file })).reason).to.match(/Invalid Syntax/);
    });

    it("on a missing file or include", () => {
      expect(failure(() => compileHuff({ file: path.join(dir, "Absent.huff") })).reason).to.match(
        /not found/,
      );
      const file = write(
        "Includes.huff",
        '#include "./nowhere.huff"\n#define macro MAIN() = takes(0) returns(0) { stop }',
      );
      expect(failure(() => compileHuff({ file })).reason).to.match(/nowhere\.huff not found/);
    });

    it("on a constant override that does not fit a word", () => {
      expect(failure(() => compileHuff({ file: ADDER, constants: { STEP: 1n << 256n } })).reason).to.match(
        /STEP/,
      );
      expect(failure(() => compileHuff({ file: ADDER, constants: { STEP: -1 } })).reason).to.match(/STEP/);
    });
  });
});
