import { expect } from "chai";
import { compileSource } from "./compileSource";

const word = (offset: number) => offset.toString(16).padStart(64, "0");

// Unpatched huffc: its dist/ had no __tablesize builtin ("Macro __tablesize does not exist"), it dropped a
// table entry whose label sits at offset 0 (`if (!jumpindices[label]) return ""`, shifting every later
// entry) and also dropped undefined labels while still counting them in __tablesize.
describe("huffc patch: jump tables", () => {
  const source = (entries: string) => `
    #define jumptable TABLE { ${entries} }
    #define macro MAIN() = takes(0) returns(0) {
      first:
        __tablesize(TABLE) __tablestart(TABLE) 0x00 codecopy
        first jump
      second:
        stop
    }`;

  it("compiles __tablesize and __tablestart (missing from the published dist)", () => {
    const { runtimeBytecode, labels } = compileSource(source("second first"));
    expect(labels).to.deep.equal({ first: 0, second: 13 });
    // 5b | 6040 (size 64) | 61000f (table at 15) | 6000 39 | 610000 56 | 5b 00 | table
    expect(runtimeBytecode).to.equal(`5b604061000f600039610000565b00${word(13)}${word(0)}`);
  });

  it("keeps an entry for a label at code offset 0", () => {
    const { runtimeBytecode } = compileSource(source("first second first"));
    const table = runtimeBytecode.slice(15 * 2);
    expect(table).to.equal(`${word(0)}${word(13)}${word(0)}`);
    expect(runtimeBytecode.slice(2, 6)).to.equal("6060"); // __tablesize = 3 * 32
  });

  it("packs a jumptable__packed into 2-byte entries", () => {
    const packed = source("second first").replace("jumptable", "jumptable__packed");
    const { runtimeBytecode } = compileSource(packed);
    expect(runtimeBytecode.slice(0, 6)).to.equal("5b6004");
    expect(runtimeBytecode.slice(15 * 2)).to.equal("000d0000");
  });

  it("rejects a table entry naming an undefined label", () => {
    expect(() => compileSource(source("first missing second"))).to.throw(
      /jump table TABLE refers to undefined label missing/,
    );
  });

  it("appends only the tables MAIN uses", () => {
    const { runtimeBytecode } = compileSource(`${source("first")}\n#define jumptable UNUSED { nowhere }`);
    expect(runtimeBytecode.length / 2).to.equal(15 + 32);
  });
});
