import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { type Signer, concat, keccak256, toBeHex, zeroPadValue } from "ethers";
import { ARCHIVE_INIT_CODE, ARCHIVE_INIT_CODE_HASH, archiveAddress, archiveKey } from "./archiveAddress";
import { InvalidArgumentError } from "./errors";

describe("archiveAddress", () => {
  it("matches the EIP-1014 examples whose salt is a 160-bit word (the key of a code hash)", () => {
    // EIP-1014 example 2: deployer 0xdeadbeef00.., salt 0x000000000000000000000000feed00.., init code 0x00.
    // The key is the low 160 bits of the code hash: the high 96 bits of the hash do not matter.
    const feed = `0x${"ab".repeat(12)}feed000000000000000000000000000000000000`;
    expect(archiveKey(feed)).to.equal(0xfeed000000000000000000000000000000000000n);
    expect(archiveAddress("0xdeadbeef00000000000000000000000000000000", feed, keccak256("0x00"))).to.equal(
      "0xD04116cDd17beBE565EB2422F2497E06cC1C9833".toLowerCase(),
    );
    // Example 1: salt 0, the key of code hash 0 (an account that does not exist).
    expect(
      archiveAddress("0xdeadbeef00000000000000000000000000000000", `0x${"00".repeat(32)}`, keccak256("0x00")),
    ).to.equal("0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3".toLowerCase());
  });

  it("part 1 sets bit 160 of the salt (keccak256(0xff ++ factory ++ salt ++ initCodeHash)[12:])", () => {
    const factory = "0xdeadbeef00000000000000000000000000000000";
    const codeHash = keccak256("0x6001");
    const h = keccak256("0x00");
    const salt = `0x000000000000000000000001${codeHash.slice(26)}`;
    const expected = `0x${keccak256(concat(["0xff", factory, salt, h])).slice(26)}`;
    expect(archiveAddress(factory, codeHash, h, 1)).to.equal(expected);
    expect(archiveAddress(factory, codeHash, h, 0)).to.not.equal(expected);
    expect(archiveAddress(factory, codeHash, h)).to.equal(archiveAddress(factory, codeHash, h, 0));
  });

  it("names the bad argument", () => {
    const h = keccak256("0x00");
    const zero32 = `0x${"00".repeat(32)}`;
    expect(() => archiveAddress("0x12", zero32, h)).to.throw(InvalidArgumentError, /factory/);
    expect(() => archiveAddress("0x" + "00".repeat(20), "nothex", h)).to.throw(
      InvalidArgumentError,
      /codeHash/,
    );
    // an account address is not a code hash
    expect(() => archiveAddress("0x" + "00".repeat(20), "0x" + "00".repeat(20), h)).to.throw(
      InvalidArgumentError,
      /codeHash/,
    );
    expect(() => archiveAddress("0x" + "00".repeat(20), zero32, "0x00")).to.throw(
      InvalidArgumentError,
      /initCodeHash/,
    );
    for (const bad of [-1, 1.5, 2n ** 96n, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => archiveAddress("0x" + "00".repeat(20), zero32, h, bad)).to.throw(
        InvalidArgumentError,
        /part/,
      );
    }
  });

  it("part k sets bits 160.. of the salt to k, up to 2^96 - 1", () => {
    const factory = "0xdeadbeef00000000000000000000000000000000";
    const codeHash = keccak256("0x6001");
    for (const k of [2n, 11n, 2n ** 96n - 1n]) {
      const salt = `0x${k.toString(16).padStart(24, "0")}${codeHash.slice(26)}`;
      const expected = `0x${keccak256(concat(["0xff", factory, salt, ARCHIVE_INIT_CODE_HASH])).slice(26)}`;
      expect(archiveAddress(factory, codeHash, undefined, k)).to.equal(expected);
    }
    expect(archiveAddress(factory, codeHash, undefined, 7)).to.equal(
      archiveAddress(factory, codeHash, undefined, 7n),
    );
  });
});

describe("ARCHIVE_INIT_CODE", function () {
  this.timeout(120_000);

  it("is the init code of packages/contract/src/constants/archive.huff, and its hash the pinned one", () => {
    const huff = readFileSync(resolve(__dirname, "../../contract/src/constants/archive.huff"), "utf8");
    const m = /ARCHIVE_INIT_CODE_TO\(\)[\s\S]*?__RIGHTPAD\(0x([0-9a-fA-F]+)\)/.exec(huff);
    expect(m, "archive.huff defines ARCHIVE_INIT_CODE_TO with __RIGHTPAD(0x..)").to.not.equal(null);
    expect(`0x${m![1].toLowerCase()}`).to.equal(ARCHIVE_INIT_CODE);
    const size = /#define constant ARCHIVE_INIT_CODE_SIZE = (0x[0-9a-fA-F]+)/.exec(huff);
    expect(Number(size![1]), "ARCHIVE_INIT_CODE_SIZE").to.equal((ARCHIVE_INIT_CODE.length - 2) / 2);
    const hash = /#define constant ARCHIVE_INIT_CODE_HASH = (0x[0-9a-fA-F]+)/.exec(huff);
    expect(
      hash![1].toLowerCase(),
      "ARCHIVE_INIT_CODE_HASH (pushed by the factory and the hypervisor)",
    ).to.equal(keccak256(ARCHIVE_INIT_CODE));
    expect(ARCHIVE_INIT_CODE_HASH).to.equal(keccak256(ARCHIVE_INIT_CODE));
  });

  it("is the init code and hash docs/hypervisor.md publishes", () => {
    const doc = readFileSync(resolve(__dirname, "../../../docs/hypervisor.md"), "utf8");
    expect(doc).to.match(new RegExp(`ARCHIVE_INIT_CODE\\s+=\\s+${ARCHIVE_INIT_CODE}`));
    expect(doc).to.match(new RegExp(`keccak256\\(ARCHIVE_INIT_CODE\\) = ${keccak256(ARCHIVE_INIT_CODE)}`));
  });

  /**
   * A minimal creator, independent of the Huff factory: calldata = an account word: tstore it in slot 0,
   * CREATE2(salt = the word, ARCHIVE_INIT_CODE), return the result; empty calldata (the init code asking
   * back): answer 0x00 ++ code(tload(0)).
   */
  const factoryRuntime = (answer: string) =>
    `0x${[
      "3660", // CALLDATASIZE PUSH1 <create>
      toBeHex(4 + answer.length / 2, 1).slice(2),
      "57", // JUMPI
      answer, // the empty-calldata answer (halts)
      "5b5f35805f5d", // JUMPDEST PUSH0 CALLDATALOAD DUP1 PUSH0 TSTORE
      `74${ARCHIVE_INIT_CODE.slice(2)}`, // PUSH21 init code
      "5f526015600b5ff5", // PUSH0 MSTORE PUSH1 21 PUSH1 11 PUSH0 CREATE2
      "5f5260205ff3", // PUSH0 MSTORE PUSH1 32 PUSH0 RETURN
    ].join("")}`;
  /** 0x00 ++ code(tload(0)): PUSH0 TLOAD DUP1 EXTCODESIZE DUP1 PUSH0 PUSH1 1 DUP5 EXTCODECOPY PUSH1 1 ADD PUSH0 RETURN */
  const ANSWER_CODE = "5f5c803b805f6001843c6001015ff3";
  /** PUSH0 PUSH0 REVERT */
  const ANSWER_REVERT = "5f5ffd";

  const setUp = async () => {
    const hre = (await import("hardhat")) as unknown as { ethers: { getSigners(): Promise<Signer[]> } };
    const [signer] = await hre.ethers.getSigners();
    const deploy = async (code: string) => {
      const len = toBeHex((code.length - 2) / 2, 2).slice(2);
      const tx = await signer.sendTransaction({ data: `0x61${len}80600a5f395ff3${code.slice(2)}` });
      return (await tx.wait())!.contractAddress!;
    };
    return { signer, deploy };
  };

  it("deploys exactly what its creator answers to an empty call (in-process network)", async () => {
    const { signer, deploy } = await setUp();
    const factory = await deploy(factoryRuntime(ANSWER_CODE));
    const account = await deploy("0x6001600055"); // any code
    const out = await signer.call({ to: factory, data: zeroPadValue(account, 32) });
    // this minimal factory's salt is the account word: the key of any hash whose low 160 bits are the account
    const archive = archiveAddress(factory, zeroPadValue(account, 32));
    expect(`0x${out.slice(26)}`, "CREATE2 result").to.equal(archive);
    await (await signer.sendTransaction({ to: factory, data: zeroPadValue(account, 32) })).wait();
    expect(await signer.provider!.getCode(archive)).to.equal("0x006001600055");
  });

  it("reverts (CREATE2 yields 0, nothing deployed) when the call back to its creator fails", async () => {
    const { signer, deploy } = await setUp();
    const factory = await deploy(factoryRuntime(ANSWER_REVERT));
    const account = await deploy("0x6001600055");
    const out = await signer.call({ to: factory, data: zeroPadValue(account, 32) });
    expect(BigInt(out), "CREATE2 result").to.equal(0n);
    await (await signer.sendTransaction({ to: factory, data: zeroPadValue(account, 32) })).wait();
    expect(await signer.provider!.getCode(archiveAddress(factory, zeroPadValue(account, 32)))).to.equal("0x");
  });
});
