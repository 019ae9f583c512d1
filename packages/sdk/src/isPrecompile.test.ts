import { expect } from "chai";
import { PRECOMPILES, isPrecompile } from "./isPrecompile";

describe("isPrecompile", () => {
  it("is true exactly for 0x01..0x11 and 0x100 (Osaka)", () => {
    const yes = [1n, 2n, 0x0an, 0x11n, 0x100n];
    const no = [0n, 0x12n, 0xffn, 0x101n, (1n << 160n) - 1n];
    for (const a of yes) expect(isPrecompile(a), a.toString(16)).to.equal(true);
    for (const a of no) expect(isPrecompile(a), a.toString(16)).to.equal(false);
    expect(isPrecompile("0x0000000000000000000000000000000000000100")).to.equal(true);
  });

  it("lists the same set as the predicate, as 20-byte lower-case addresses", () => {
    expect(PRECOMPILES).to.have.length(0x12);
    for (const a of PRECOMPILES) {
      expect(a).to.match(/^0x[0-9a-f]{40}$/);
      expect(isPrecompile(a)).to.equal(true);
    }
  });
});
