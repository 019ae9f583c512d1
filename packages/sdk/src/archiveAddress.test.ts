import { expect } from "chai";
import { keccak256 } from "ethers";
import { archiveAddress } from "./archiveAddress";
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
  });
});
