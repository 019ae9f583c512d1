import { expect } from "chai";
import { compileSource } from "./compileSource";

// Unpatched huffc crashed on `#define table` (the code table has no `data`, and its body was `.map`ped as an
// array); it also kept the `0x` prefixes of the entries in the table bytes.
describe("huffc patch: code tables", () => {
  it("appends a code table's bytes and its size and offset", () => {
    const { runtimeBytecode } = compileSource(`
      #define table DATA { 0xdeadbeef 0x0102 }
      #define macro MAIN() = takes(0) returns(0) { __tablesize(DATA) __tablestart(DATA) }`);
    expect(runtimeBytecode).to.equal("6006610005deadbeef0102");
  });
});
