import { expect } from "chai";
import { compileSource, runtimeOf } from "./compileSource";

// Unpatched huffc accepted these silently (last definition wins, labels collide) or failed with an
// unrelated TypeError; each is now an error naming the culprit.
describe("huffc patch: loud errors", () => {
  it("names an undefined jump label (or misspelled opcode)", () => {
    expect(() => runtimeOf("0x01 dupp1")).to.throw(/unmatched jump labels dupp1/);
  });

  it("names an undefined macro and the macro that calls it", () => {
    expect(() => runtimeOf("NOPE()")).to.throw(/in macro MAIN: Macro NOPE does not exist/);
  });

  it("names an undefined constant", () => {
    expect(() => runtimeOf("[NOPE]")).to.throw(/Constant NOPE is not defined/);
  });

  it("rejects a macro or constant defined twice, across included files", () => {
    const twice =
      '#define constant A = 0x01\n#include "./lib.huff"\n#define macro MAIN() = takes(0) returns(0) { [A] }';
    expect(() => compileSource(twice, { "lib.huff": "#define constant A = 0x02" })).to.throw(
      /Constant A is defined twice/,
    );
  });

  it("rejects a jump to a label defined by two expansions of one macro", () => {
    const defs = "#define macro L() = takes(0) returns(0) { here: }";
    expect(() => runtimeOf("L() L() here jump", defs)).to.throw(/jump label here is defined more than once/);
  });

  it("resolves a label inside each expansion of a macro to that expansion", () => {
    const defs = "#define macro LOOP() = takes(0) returns(0) { top: top jump }";
    // first expansion at 0: 5b 610000 56; second at 5: 5b 610005 56
    expect(runtimeOf("LOOP() LOOP()", defs)).to.equal("5b610000565b61000556");
  });

  it("rejects a literal longer than 32 bytes", () => {
    expect(() => runtimeOf(`0x${"11".repeat(33)}`)).to.throw(/longer than 32 bytes/);
  });

  it("parses argument lists with any spacing", () => {
    const defs = "#define macro T( a ,  b ,c ) = takes(0) returns(3) { <c> <b> <a> }";
    expect(runtimeOf("T( 0x01 ,  0x02 , 0x03 )", defs)).to.equal("600360026001");
  });
});

describe("huffc patch: constant overrides", () => {
  const source =
    "#define constant DEPTH = 0x01\n#define macro MAIN() = takes(0) returns(0) { [DEPTH] [EXTRA] }";

  it("replaces a defined constant and adds a new one", () => {
    expect(compileSource(source, {}, { DEPTH: "0x0400", EXTRA: "0x7" }).runtimeBytecode).to.equal(
      "6104006007",
    );
  });

  it("rejects a malformed override", () => {
    expect(() => compileSource(source, {}, { DEPTH: "1024", EXTRA: "0x1" })).to.throw(
      /Constant override DEPTH/,
    );
  });
});

// Unpatched huffc only found `#include`s at the very top of a file; a later one was skipped silently.
describe("huffc patch: includes", () => {
  it("follows an #include anywhere in the file, relative to the including file", () => {
    const main =
      '#define constant A = 0x01\n#include "./lib/b.huff"\n#define macro MAIN() = takes(0) returns(0) { B() }';
    const b = '#include "./c.huff"\n#define macro B() = takes(0) returns(1) { [C] }';
    expect(
      compileSource(main, { "lib/b.huff": b, "lib/c.huff": "#define constant C = 0x0c" }).runtimeBytecode,
    ).to.equal("600c");
  });
});

// Unpatched huffc copied upper-case hex digits of literals, constants and tables into the bytecode as written.
describe("huffc patch: hex case", () => {
  it("emits lower-case bytecode for upper-case literals and constants", () => {
    const source = "#define constant K = 0xABCD\n#define macro MAIN() = takes(0) returns(0) { 0xFF [K] }";
    expect(compileSource(source).runtimeBytecode).to.equal("60ff61abcd");
  });

  it("emits lower-case bytecode for upper-case code tables and __RIGHTPAD", () => {
    const source = `
      #define table T { 0xEF }
      #define macro MAIN() = takes(0) returns(0) { __tablestart(T) __RIGHTPAD(0xAB) }`;
    expect(compileSource(source).runtimeBytecode).to.equal(`6100247fab${"0".repeat(62)}ef`);
  });
});

// Unpatched huffc gave no line for errors inside a macro, and its comment stripping joined lines.
describe("huffc patch: error positions", () => {
  it("names the file and line of an error inside a macro body, counting lines under comments", () => {
    const source = [
      "/* a block comment",
      "   over two lines */",
      "#define macro MAIN() = takes(0) returns(0) { // a line comment",
      "  0x01",
      "  [MISSING]",
      "}",
    ].join("\n");
    expect(() => compileSource(source)).to.throw(
      /main\.huff:5: in macro MAIN: Constant MISSING is not defined/,
    );
  });
});

describe("huffc patch: __VERBATIM", () => {
  it("emits the bytes as they are", () => {
    expect(runtimeOf("__VERBATIM(0x60016002) add")).to.equal("6001600201");
  });
});
