import { expect } from "chai";
import fc from "fast-check";
import { bytes32, messageWitness, sampleWitness } from "../test/arbitraries";
import { WitnessFileError } from "./errors";
import { parseWitnessFile } from "./parseWitnessFile";
import { serializeWitnessFile } from "./serializeWitnessFile";
import type { WitnessFile } from "./types";

const file = (): WitnessFile => ({
  version: 1,
  chainId: 31337n,
  blockNumber: 12n,
  transactionHash: `0x${"ee".repeat(32)}`,
  path: [1, 0],
  witness: sampleWitness(),
  code: { [`0x${"cc".repeat(20)}` as `0x${string}`]: "0x6001600055" },
});

function expectFileError(json: unknown, path: RegExp) {
  let thrown: unknown;
  try {
    parseWitnessFile(json);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, "should throw").to.be.instanceOf(WitnessFileError);
  expect((thrown as WitnessFileError).path).to.match(path);
}

// biome-ignore lint/suspicious/noExplicitAny: the test edits arbitrary JSON
const mutate = (f: (o: any) => void) => {
  const o = JSON.parse(serializeWitnessFile(file()));
  f(o);
  return JSON.stringify(o);
};

describe("parseWitnessFile / serializeWitnessFile", () => {
  it("round-trip (property)", () => {
    fc.assert(
      fc.property(
        messageWitness,
        bytes32,
        fc.array(fc.nat(50), { maxLength: 4 }),
        (witness, txHash, path) => {
          const f: WitnessFile = { ...file(), witness, transactionHash: txHash, path };
          expect(parseWitnessFile(serializeWitnessFile(f))).to.deep.equal(f);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("writes words as decimal strings and records with op and schema fields", () => {
    const o = JSON.parse(serializeWitnessFile(file()));
    expect(o.version).to.equal(1);
    expect(o.chainId).to.equal("31337");
    expect(o.witness.gasAvailable).to.equal("100000");
    expect(o.witness.status).to.equal("1");
    expect(o.witness.stateAccessList[0]).to.deep.equal({
      op: "SLOAD",
      stateRoot: `0x${"22".repeat(32)}`,
      key: `0x${"00".repeat(32)}`,
      value: `0x${"00".repeat(31)}2a`,
      warm: false,
    });
    expect(o.witness.stateAccessList[1]).to.deep.equal({
      op: "NUMBER",
      stateRoot: `0x${"22".repeat(32)}`,
      value: "19000000",
    });
  });

  it("normalises hex to lower case", () => {
    const parsed = parseWitnessFile(
      mutate((o) => {
        o.witness.origin = o.witness.origin.toUpperCase().replace("0X", "0x");
      }),
    );
    expect(parsed.witness.origin).to.equal(`0x${"aa".repeat(20)}`);
  });

  it("rejects malformed files, naming the JSON path", () => {
    expectFileError("{", /^\$$/);
    expectFileError(
      mutate((o) => {
        o.version = 2;
      }),
      /\$\.version/,
    );
    expectFileError(
      mutate((o) => Reflect.deleteProperty(o, "version")),
      /\$\.version/,
    );
    expectFileError(
      mutate((o) => {
        o.extra = 1;
      }),
      /\$\.extra/,
    );
    expectFileError(
      mutate((o) => Reflect.deleteProperty(o, "code")),
      /\$\.code/,
    );
    expectFileError(
      mutate((o) => {
        o.chainId = "0x7a69";
      }),
      /\$\.chainId/,
    );
    expectFileError(
      mutate((o) => {
        o.chainId = "031337";
      }),
      /\$\.chainId/,
    );
    expectFileError(
      mutate((o) => {
        o.chainId = 31337;
      }),
      /\$\.chainId/,
    );
    expectFileError(
      mutate((o) => {
        o.path = [-1];
      }),
      /\$\.path/,
    );
    expectFileError(
      mutate((o) => {
        o.transactionHash = "0x1234";
      }),
      /\$\.transactionHash/,
    );
    expectFileError(
      mutate((o) => {
        o.witness.origin = "0xgg";
      }),
      /\$\.witness\.origin/,
    );
    expectFileError(
      mutate((o) => {
        o.witness.isStatic = 0;
      }),
      /\$\.witness\.isStatic/,
    );
    expectFileError(
      mutate((o) => {
        o.witness.status = "3";
      }),
      /\$\.witness\.status/,
    );
    expectFileError(
      mutate((o) => {
        o.witness.gasUsed = (1n << 256n).toString();
      }),
      /\$\.witness\.gasUsed/,
    );
    expectFileError(
      mutate((o) => {
        o.witness.stateAccessList[1].op = "ADD";
      }),
      /\$\.witness\.stateAccessList\[1\]\.op/,
    );
    expectFileError(
      mutate((o) => Reflect.deleteProperty(o.witness.stateAccessList[0], "warm")),
      /stateAccessList\[0\]\.warm/,
    );
    expectFileError(
      mutate((o) => {
        o.witness.stateAccessList[0].bogus = 1;
      }),
      /stateAccessList\[0\]\.bogus/,
    );
    expectFileError(
      mutate((o) => {
        o.witness.stateAccessList[0].key = "0x00";
      }),
      /stateAccessList\[0\]\.key/,
    );
    expectFileError(
      mutate((o) => {
        o.code = { "0x12": "0x00" };
      }),
      /\$\.code/,
    );
    expectFileError(
      mutate((o) => {
        o.code[`0x${"cc".repeat(20)}`] = "0x1";
      }),
      /\$\.code/,
    );
  });

  it("rejects an address given twice in code, in two cases", () => {
    const o = JSON.parse(serializeWitnessFile(file()));
    o.code[`0x${"CC".repeat(20)}`] = "0x00";
    expectFileError(o, /\$\.code/);
  });

  it("refuses to serialise a witness that cannot be encoded", () => {
    const f = file();
    f.witness.gasUsed = -1n;
    expect(() => serializeWitnessFile(f)).to.throw(WitnessFileError, /gasUsed/);
  });
});
