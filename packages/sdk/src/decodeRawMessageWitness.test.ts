import { expect } from "chai";
import fc from "fast-check";
import { messageWitness, sampleWitness } from "../test/arbitraries";
import { decodeRawMessageWitness } from "./decodeRawMessageWitness";
import { encodeMessageWitness } from "./encodeMessageWitness";
import { encodeRawMessageWitness } from "./encodeRawMessageWitness";
import { WitnessDecodeError } from "./errors";

const hex = encodeMessageWitness(sampleWitness()).slice(2);
const word = (i: number) => hex.slice(64 * i, 64 * i + 64);
const setWord = (h: string, i: number, w: string) =>
  `0x${h.slice(0, 64 * i)}${w}${h.slice(64 * i + 64)}` as `0x${string}`;
const num = (n: bigint) => n.toString(16).padStart(64, "0");

function expectDecodeError(input: `0x${string}` | Uint8Array, field: RegExp) {
  let thrown: unknown;
  try {
    decodeRawMessageWitness(input);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, "should throw").to.be.instanceOf(WitnessDecodeError);
  expect((thrown as WitnessDecodeError).field).to.match(field);
}

describe("decodeRawMessageWitness", () => {
  it("accepts the canonical encoding and keeps unknown record tags and any status raw", () => {
    const raw = decodeRawMessageWitness(`0x${hex}`);
    expect(raw.stateAccessList[0].opcode).to.equal(0x54n);
    const adversarial = encodeRawMessageWitness({
      ...raw,
      status: 9n,
      stateAccessList: [{ opcode: (1n << 256n) - 1n, stateRoot: raw.stateRootEnter, data: "0x01" }],
    });
    const back = decodeRawMessageWitness(adversarial);
    expect(back.status).to.equal(9n);
    expect(back.stateAccessList).to.deep.equal([
      { opcode: (1n << 256n) - 1n, stateRoot: raw.stateRootEnter, data: "0x01" },
    ]);
  });

  it("rejects input that is not hex", () => {
    expectDecodeError("0x123" as `0x${string}`, /\(input\)/);
    expectDecodeError("deadbeef" as `0x${string}`, /\(input\)/);
    expectDecodeError(42 as unknown as `0x${string}`, /\(input\)/);
  });

  it("rejects every truncation with a typed error (never a Range or Type error)", () => {
    for (let n = 0; n < hex.length / 2; n++) {
      expect(() => decodeRawMessageWitness(`0x${hex.slice(0, 2 * n)}`), `prefix ${n}`).to.throw(
        WitnessDecodeError,
      );
    }
  });

  it("rejects non-canonical offsets, naming the field", () => {
    expectDecodeError(setWord(hex, 0, num(0x40n)), /tuple offset/);
    expectDecodeError(setWord(hex, 12, num(512n)), /stateAccessList \(offset\)/);
    expectDecodeError(setWord(hex, 15, num(BigInt(`0x${word(15)}`) + 32n)), /calldata \(offset\)/);
    expectDecodeError(setWord(hex, 17, num(96n)), /stateAccessList\[0\] \(offset\)/);
    expectDecodeError(
      setWord(hex, 18, num(BigInt(`0x${word(18)}`) - 32n)),
      /stateAccessList\[1\] \(offset\)/,
    );
    expectDecodeError(setWord(hex, 21, num(128n)), /stateAccessList\[0\]\.data \(offset\)/);
  });

  it("rejects wrong lengths, dirty padding, trailing bytes, bad bools and dirty addresses", () => {
    expectDecodeError(setWord(hex, 16, num(1n << 200n)), /stateAccessList \(length\)/);
    expectDecodeError(setWord(hex, 16, num(1000n)), /stateAccessList \(length\)/);
    expectDecodeError(setWord(hex, 22, num(97n)), /stateAccessList\[0\]\.data/);
    const calldataLenWord = hex.length / 64 - 2;
    expectDecodeError(setWord(hex, calldataLenWord, num(4n)), /calldata/); // byte 5 becomes dirty padding
    expectDecodeError(setWord(hex, calldataLenWord, num(64n)), /calldata/);
    expectDecodeError(`0x${hex}${"00".repeat(32)}`, /\(end\)/);
    expectDecodeError(setWord(hex, 3, num(2n)), /isStatic/);
    expectDecodeError(setWord(hex, 4, `01${"00".repeat(11)}${"aa".repeat(20)}`), /origin/);
    expectDecodeError(setWord(hex, 10, num(1n << 64n)), /gasAvailable/);
    expect(decodeRawMessageWitness(setWord(hex, 10, num((1n << 64n) - 1n))).gasAvailable).to.equal(
      (1n << 64n) - 1n,
    );
  });

  it("decodes a byte string only if it is the canonical encoding of what it decodes to (property)", () => {
    fc.assert(
      fc.property(
        messageWitness,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        (w, mutations) => {
          const bytes = Buffer.from(encodeMessageWitness(w).slice(2), "hex");
          for (const [at, value] of mutations) bytes[at % bytes.length] = value;
          const input = `0x${bytes.toString("hex")}` as `0x${string}`;
          let raw: ReturnType<typeof decodeRawMessageWitness>;
          try {
            raw = decodeRawMessageWitness(input);
          } catch (e) {
            expect(e).to.be.instanceOf(WitnessDecodeError);
            return;
          }
          expect(encodeRawMessageWitness(raw)).to.equal(input);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accepts a Uint8Array as well as hex", () => {
    expect(decodeRawMessageWitness(Buffer.from(hex, "hex"))).to.deep.equal(
      decodeRawMessageWitness(`0x${hex}`),
    );
  });
});
