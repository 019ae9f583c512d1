import { expect } from "chai";
import fc from "fast-check";
import { ZERO32, accessWitness } from "../test/arbitraries";
import { decodeAccessWitness } from "./decodeAccessWitness";
import { encodeAccessWitness } from "./encodeAccessWitness";
import { RecordDecodeError } from "./errors";
import { RECORD_SCHEMAS } from "./records";

function expectRecordError(f: () => unknown, field: string | undefined, detail: RegExp) {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).to.be.instanceOf(RecordDecodeError);
  expect((thrown as RecordDecodeError).record).to.equal(7);
  expect((thrown as RecordDecodeError).field).to.equal(field);
  expect((thrown as RecordDecodeError).message).to.match(detail);
}

describe("decodeAccessWitness / encodeAccessWitness", () => {
  it("round-trip every record kind (property)", () => {
    fc.assert(
      fc.property(accessWitness, (r) => {
        expect(decodeAccessWitness(encodeAccessWitness(r))).to.deep.equal(r);
      }),
      { numRuns: 500 },
    );
  });

  it("lay out data as the schema's words then the trailing bytes (hand-checked CALL)", () => {
    const raw = encodeAccessWitness({
      op: "CALL",
      stateRoot: ZERO32,
      gasGiven: 2300n,
      address: `0x${"11".repeat(20)}`,
      value: 1n,
      argsHash: `0x${"22".repeat(32)}`,
      warm: true,
      exists: false,
      delegate: `0x${"00".repeat(20)}`,
      delegateWarm: false,
      success: true,
      gasUsed: 5n,
      refund: -4800n,
      returndata: "0xabcd",
    });
    expect(raw.opcode).to.equal(0xf1n);
    const d = raw.data.slice(2);
    const w = (i: number) => d.slice(64 * i, 64 * i + 64);
    expect(d.length / 2).to.equal(11 * 32 + 2);
    expect(BigInt(`0x${w(0)}`)).to.equal(2300n);
    expect(w(1)).to.equal("00".repeat(12) + "11".repeat(20));
    expect(BigInt(`0x${w(4)}`)).to.equal(1n); // warm
    expect(BigInt(`0x${w(8)}`)).to.equal(1n); // success
    expect(w(10)).to.equal("ff".repeat(30) + "ed40"); // -4800 two's complement
    expect(d.slice(11 * 64)).to.equal("abcd");
  });

  it("reject unknown tags, wrong data lengths, bad bools and dirty addresses, naming record and field", () => {
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0x01n, stateRoot: ZERO32, data: "0x" }, 7),
      "opcode",
      /unknown/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 1n << 255n, stateRoot: ZERO32, data: "0x" }, 7),
      "opcode",
      /unknown/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0x54n, stateRoot: ZERO32, data: `0x${"00".repeat(95)}` }, 7),
      "data",
      /96/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0x54n, stateRoot: ZERO32, data: `0x${"00".repeat(97)}` }, 7),
      "data",
      /96/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0xf1n, stateRoot: ZERO32, data: `0x${"00".repeat(351)}` }, 7),
      "data",
      /at least 352/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0x54n, stateRoot: ZERO32, data: `0x${"00".repeat(95)}02` }, 7),
      "warm",
      /0 or 1/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0x31n, stateRoot: ZERO32, data: `0x01${"00".repeat(95)}` }, 7),
      "address",
      /high bytes/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0x31n, stateRoot: "0x00" as `0x${string}`, data: "0x" }, 7),
      "stateRoot",
      /32 bytes/,
    );
    expectRecordError(
      () => decodeAccessWitness({ opcode: 0x31n, stateRoot: ZERO32, data: "0xzz" as `0x${string}` }, 7),
      "data",
      /hex/,
    );
  });

  it("has exactly one schema per opcode, with unique field names and the bytes field last", () => {
    expect(new Set(RECORD_SCHEMAS.map((s) => s.opcode)).size).to.equal(RECORD_SCHEMAS.length);
    for (const s of RECORD_SCHEMAS) {
      const names = s.fields.map((f) => f.name);
      expect(new Set(names).size, s.mnemonic).to.equal(names.length);
      expect(names, s.mnemonic).to.not.include.members(["op", "stateRoot"]);
      const bytes = s.fields.filter((f) => f.type === "bytes");
      expect(bytes.length, s.mnemonic).to.be.at.most(1);
      if (bytes.length === 1) expect(s.fields[s.fields.length - 1].type).to.equal("bytes");
    }
  });
});
