import { expect } from "chai";
import { compileSource, runtimeOf } from "./compileSource";

// Unpatched huffc wrote the caller's value into the shared parsed operation on the first expansion (so every
// later expansion reused it) and resolved `<arg>` by position in the caller's argument list.
describe("huffc patch: macro arguments", () => {
  const P = "#define macro P(v) = takes(0) returns(1) { <v> }";

  it("expands a macro with a fresh argument value each time", () => {
    expect(runtimeOf("P(0x11) P(0x22) P(0x33)", P)).to.equal("601160226033");
    // Through a pass-through: unpatched, Q's parsed `P(<w>)` became `P(0x11)` for good on the first expansion.
    const Q = `${P}\n#define macro Q(w) = takes(0) returns(1) { P(<w>) }`;
    expect(runtimeOf("Q(0x11) Q(0x22) Q(0x33)", Q)).to.equal("601160226033");
  });

  it("passes <arg> through nested macros by name, not by position", () => {
    const defs = `${P}
      #define macro Q(w) = takes(0) returns(1) { P(<w>) }
      #define macro R(a, b) = takes(0) returns(2) { Q(<b>) Q(<a>) }`;
    expect(runtimeOf("R(0x33, 0x44) R(0x55, 0x66)", defs)).to.equal("6044603360666055");
  });

  it("passes opcodes, constants and labels as arguments", () => {
    const defs = `${P}
      #define constant K = 0x0102
      #define macro J(dest) = takes(0) returns(0) { <dest> jump }`;
    // P(add) = 01, P([K]) = 610102, J(end) = 61 <end> 56; end at offset 1 + 3 + 4 = 8.
    expect(runtimeOf("P(add) P([K]) J(end) end:", defs)).to.equal("01610102610008565b");
  });

  it("rejects a <arg> that the caller did not supply", () => {
    const defs = `${P}\n#define macro Q(w) = takes(0) returns(1) { P(<w>) }`;
    expect(() => runtimeOf("Q()", defs)).to.throw(/argument <w>/);
  });

  it("accepts macros used before their definition", () => {
    const source = `#define macro MAIN() = takes(0) returns(0) { LATER(0x07) }
      #define macro LATER(x) = takes(0) returns(1) { <x> }`;
    expect(compileSource(source).runtimeBytecode).to.equal("6007");
  });
});
