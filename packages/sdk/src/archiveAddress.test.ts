import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "chai";
import { type Signer, concat, keccak256, toBeHex, zeroPadValue } from "ethers";
import { ARCHIVE_INIT_CODE, archiveAddress } from "./archiveAddress";
import { InvalidArgumentError } from "./errors";

describe("archiveAddress", () => {
  it("matches the EIP-1014 example whose salt is an address word", () => {
    // EIP-1014 example 2: deployer 0xdeadbeef00.., salt 0x000000000000000000000000feed00.., init code 0x00.
    expect(
      archiveAddress(
        "0xdeadbeef00000000000000000000000000000000",
        "0xfeed000000000000000000000000000000000000",
        keccak256("0x00"),
      ),
    ).to.equal("0xD04116cDd17beBE565EB2422F2497E06cC1C9833".toLowerCase());
    // Example 1: salt 0 = the zero account.
    expect(
      archiveAddress(
        "0xdeadbeef00000000000000000000000000000000",
        "0x0000000000000000000000000000000000000000",
        keccak256("0x00"),
      ),
    ).to.equal("0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3".toLowerCase());
  });

  it("part 1 sets bit 160 of the salt (keccak256(0xff ++ factory ++ salt ++ initCodeHash)[12:])", () => {
    const factory = "0xdeadbeef00000000000000000000000000000000";
    const account = "0xfeed000000000000000000000000000000000001";
    const h = keccak256("0x00");
    const salt = `0x000000000000000000000001${account.slice(2)}`;
    const expected = `0x${keccak256(concat(["0xff", factory, salt, h])).slice(26)}`;
    expect(archiveAddress(factory, account, h, 1)).to.equal(expected);
    expect(archiveAddress(factory, account, h, 0)).to.not.equal(expected);
    expect(archiveAddress(factory, account, h)).to.equal(archiveAddress(factory, account, h, 0));
  });

  it("names the bad argument", () => {
    const h = keccak256("0x00");
    expect(() => archiveAddress("0x12", "0x" + "00".repeat(20), h)).to.throw(InvalidArgumentError, /factory/);
    expect(() => archiveAddress("0x" + "00".repeat(20), "nothex", h)).to.throw(
      InvalidArgumentError,
      /account/,
    );
    expect(() => archiveAddress("0x" + "00".repeat(20), "0x" + "00".repeat(20), "0x00")).to.throw(
      InvalidArgumentError,
      /initCodeHash/,
    );
    expect(() => archiveAddress("0x" + "00".repeat(20), "0x" + "00".repeat(20), h, 2 as 0)).to.throw(
      InvalidArgumentError,
      /part/,
    );
  });
});

describe("ARCHIVE_INIT_CODE", function () {
  this.timeout(120_000);

  it("is the init code of packages/contract/src/constants/archive.huff", () => {
    const huff = readFileSync(resolve(__dirname, "../../contract/src/constants/archive.huff"), "utf8");
    const m = /ARCHIVE_INIT_CODE_TO\(\)[\s\S]*?__RIGHTPAD\(0x([0-9a-fA-F]+)\)/.exec(huff);
    expect(m, "archive.huff defines ARCHIVE_INIT_CODE_TO with __RIGHTPAD(0x..)").to.not.equal(null);
    expect(`0x${m![1].toLowerCase()}`).to.equal(ARCHIVE_INIT_CODE);
  });

  it("is the init code and hash docs/hypervisor.md publishes", () => {
    const doc = readFileSync(resolve(__dirname, "../../../docs/hypervisor.md"), "utf8");
    expect(doc).to.match(new RegExp(`ARCHIVE_INIT_CODE\\s+=\\s+${ARCHIVE_INIT_CODE}`));
    expect(doc).to.match(new RegExp(`keccak256\\(ARCHIVE_INIT_CODE\\) = ${keccak256(ARCHIVE_INIT_CODE)}`));
  });

  it("archives 0x00 ++ code at archiveAddress when a factory deploys it (in-process network)", async () => {
    const hre = (await import("hardhat")) as unknown as { ethers: { getSigners(): Promise<Signer[]> } };
    const [signer] = await hre.ethers.getSigners();
    // A minimal factory: with calldata = account word, tstore (account, 0, codesize) in slots 0, 1, 2 and
    // CREATE2(salt = account, ARCHIVE_INIT_CODE); with empty calldata (the init code asking back), answer
    // abi.encode(account, offset, length).
    const runtime = `0x366012575f5c5f5260025c60405260605ff35b5f355f5d5f353b60025d601a60305f395f35601a5f5ff55f5260205ff3${ARCHIVE_INIT_CODE.slice(2)}`;
    const deploy = async (code: string) => {
      const len = toBeHex((code.length - 2) / 2, 2).slice(2);
      const tx = await signer.sendTransaction({ data: `0x61${len}80600a5f395ff3${code.slice(2)}` });
      return (await tx.wait())!.contractAddress!;
    };
    const factory = await deploy(runtime);
    const account = await deploy("0x6001600055"); // any code
    await (await signer.sendTransaction({ to: factory, data: zeroPadValue(account, 32) })).wait();
    const archive = archiveAddress(factory, account);
    expect(await signer.provider!.getCode(archive)).to.equal("0x006001600055");
  });
});
